package org.rnnexplorer.train;

import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Model} running on a backend: RNN forward, readout, head; and the way back. Owns the {@link Rnn}
 * (close it). Not thread-safe; one owner drives it. After changing the model's arrays call
 * {@link #parametersChanged()}.
 */
public final class Network implements AutoCloseable {
    private final Model model;
    private final Rnn rnn;
    private Tensor lastGradOutput;
    private boolean keepGradOutput;

    public Network(Model model, Backend backend) {
        this.model = model;
        this.rnn = new Rnn(model.rnn(), backend);
    }

    public Model model() {
        return model;
    }

    /** The RNN, for traces (hidden states, pre-activations, ∂L/∂h_t) of the last pass. */
    public Rnn rnn() {
        return rnn;
    }

    /**
     * One forward pass.
     *
     * @param rnnOutput  output and h_n in the user's layout
     * @param lengths    the lengths given, or null
     * @param features   what the head reads: the output (ALL) or (N, D·H) / (D·H) (LAST)
     * @param prediction the head's result over features' last axis, or features without a head
     */
    public record Forward(RnnOutput rnnOutput, int[] lengths, Tensor features, Tensor prediction) {
    }

    /**
     * Gradients of one backward pass.
     *
     * @param rnn        the RNN's parameter, input and h0 gradients
     * @param headWeight ∂L/∂head.weight (O, D·H), or null without a head
     * @param headBias   ∂L/∂head.bias (O), or null without a head
     */
    public record Gradients(RnnGradients rnn, float[] headWeight, float[] headBias) {
        /** Arrays aligned with {@link Model#parameters()}. */
        public List<float[]> inModelOrder() {
            List<float[]> out = new ArrayList<>(rnn.parameters().asMap().values());
            if (headWeight != null) {
                out.add(headWeight);
                out.add(headBias);
            }
            return out;
        }
    }

    /**
     * Forward through RNN, readout and head.
     *
     * @param input   (L, N, I), (N, L, I) batch-first, or (L, I) unbatched
     * @param h0      (D·num_layers, N, H) or (D·num_layers, H), or null for zeros
     * @param lengths valid steps per sequence, or null
     */
    public Forward forward(Tensor input, Tensor h0, int[] lengths, ForwardOptions options) {
        return forward(input, h0, null, lengths, options);
    }

    /**
     * Forward from an LSTM's initial cell state too.
     *
     * @param c0 (D·num_layers, N, H) or (D·num_layers, H), or null for zeros; LSTM only
     */
    public Forward forward(Tensor input, Tensor h0, Tensor c0, int[] lengths, ForwardOptions options) {
        RnnOutput out = rnn.forward(input, h0, c0, lengths, options);
        Tensor features = model.readout().gather(out.output(), out.layout(), lengths);
        Tensor prediction = features;
        Linear head = model.head();
        if (head != null) {
            int[] shape = features.shape();
            shape[shape.length - 1] = head.outFeatures();
            prediction = new Tensor(shape, head.forward(features.data()));
        }
        return new Forward(out, lengths == null ? null : lengths.clone(), features, prediction);
    }

    /**
     * Backward from ∂L/∂prediction (and optionally ∂L/∂h_n) after a forward pass kept for training.
     *
     * @param gradPrediction the prediction's shape
     * @param gradFinalHidden h_n's shape, or null
     */
    public Gradients backward(Forward forward, Tensor gradPrediction, Tensor gradFinalHidden) {
        if (!Arrays.equals(gradPrediction.shape(), forward.prediction().shape())) {
            throw new IllegalArgumentException("gradient of shape " + gradPrediction.shapeString()
                    + " for a prediction of shape " + forward.prediction().shapeString());
        }
        Linear head = model.head();
        Tensor gradFeatures = gradPrediction;
        float[] gw = null, gb = null;
        if (head != null) {
            gw = new float[head.weight().length];
            gb = new float[head.bias().length];
            gradFeatures = new Tensor(forward.features().shape(),
                    head.backward(forward.features().data(), gradPrediction.data(), gw, gb));
        }
        Tensor output = forward.rnnOutput().output();
        Tensor gradOutput = model.readout().scatter(gradFeatures, output.shape(), forward.rnnOutput().layout(),
                forward.lengths());
        RnnGradients g = rnn.backward(gradOutput, gradFinalHidden);
        lastGradOutput = keepGradOutput ? gradOutput : null;
        return new Gradients(g, gw, gb);
    }

    /**
     * Whether backward keeps ∂L/∂output for {@link #lastGradOutput()} (off by default: it holds an output-sized
     * buffer past the pass, which a large model's memory budget does not count).
     */
    public void keepGradOutput(boolean keep) {
        keepGradOutput = keep;
        if (!keep) lastGradOutput = null;
    }

    /**
     * ∂L/∂output of the last backward pass, in output's shape and layout ((L, N, D·H_out), batch-first or
     * unbatched as the input was): the loss's gradient reaching the top layer's h_t directly. Null before one, or
     * when not kept ({@link #keepGradOutput}).
     */
    public Tensor lastGradOutput() {
        return lastGradOutput;
    }

    /** Marks the model's arrays as changed so that the next pass re-sends them to the backend. */
    public void parametersChanged() {
        rnn.parametersChanged();
    }

    @Override
    public void close() {
        rnn.close();
    }
}

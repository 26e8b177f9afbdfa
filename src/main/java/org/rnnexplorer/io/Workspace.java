package org.rnnexplorer.io;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.Linear;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the explorer window needs to come back as it was: the model, the forward call's input, the weights,
 * the training settings, the backend and the view. Plain data; {@link WorkspaceFile} reads and writes it as an
 * {@code .rnnx} file.
 *
 * @param model          the nn.RNN arguments of the Model &amp; shapes form
 * @param input          the forward call's input as the form describes it
 * @param weightsSeed    the Weights pane's seed (PyTorch default, orthogonal and identity draw from it)
 * @param backend        scalar, simd, cuda or auto
 * @param training       the Training pane's settings
 * @param weights        the current weights, of the model's shapes
 * @param importedInput  an input imported from CSV/NPY, in the form's input shape, or null
 * @param referenceOutput PyTorch's output for that input, or null
 * @param view           what the window showed
 * @param head           the readout head training moved with these weights ({@code head.weight} (O, D·H),
 *                       {@code head.bias} (O)), or null: Run from the Weights pane goes on with it
 */
public record Workspace(RnnConfig model, Input input, long weightsSeed, String backend, Training training,
                        RnnParameters weights, Tensor importedInput, Tensor referenceOutput, View view, Linear head) {

    public Workspace {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(view, "view");
        if (head != null && head.inFeatures() != weights.config().outputSize()) {
            throw new IllegalArgumentException("head.weight reads " + head.inFeatures() + " features but the weights give "
                    + weights.config().outputSize());
        }
    }

    /** A workspace without a trained head. */
    public Workspace(RnnConfig model, Input input, long weightsSeed, String backend, Training training,
                     RnnParameters weights, Tensor importedInput, Tensor referenceOutput, View view) {
        this(model, input, weightsSeed, backend, training, weights, importedInput, referenceOutput, view, null);
    }

    /**
     * This workspace with {@code head} as the readout head trained with its weights (null: none).
     *
     * @throws IllegalArgumentException when the head does not read these weights' D·H features
     */
    public Workspace withHead(Linear head) {
        return new Workspace(model, input, weightsSeed, backend, training, weights, importedInput, referenceOutput, view,
                head);
    }

    /**
     * @param seqLen    L
     * @param batch     N
     * @param unbatched input (L, H_in)
     * @param lengths   valid steps per sequence, or null
     * @param h0        whether an explicit h_0 is passed
     */
    public record Input(int seqLen, int batch, boolean unbatched, int[] lengths, boolean h0) {
        public Input {
            lengths = lengths == null ? null : lengths.clone();
        }

        @Override
        public int[] lengths() {
            return lengths == null ? null : lengths.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Input i && seqLen == i.seqLen && batch == i.batch && unbatched == i.unbatched
                    && h0 == i.h0 && Arrays.equals(lengths, i.lengths);
        }

        @Override
        public int hashCode() {
            return Objects.hash(seqLen, batch, unbatched, h0) * 31 + Arrays.hashCode(lengths);
        }
    }

    /**
     * The Training pane's settings.
     *
     * @param task           adding, adding-1997, copy, latching, sine, text or series
     * @param steps          the task's sequence length T
     * @param init           pytorch_default, orthogonal, identity, or weights (start from the Weights pane's weights)
     * @param rho            rescale every W_hh to this spectral radius after initialisation, or NaN
     * @param optimizer      sgd, adam, rmsprop or adagrad
     * @param optimizerArgs  PyTorch keyword arguments: Double values, or a List of two Doubles for betas
     * @param clipping       gradient clipping
     * @param tbpttChunk     truncated BPTT chunk, 0 for full BPTT
     * @param batchSize      N
     * @param seed           the run's seed
     * @param corpus         the text task's corpus, or null
     * @param series         the series task's (L, F) values row-major, or null
     * @param seriesFeatures F of the series task (0 without a series)
     */
    public record Training(String task, int steps, String init, double rho, String optimizer,
                           Map<String, Object> optimizerArgs, GradientClipping clipping, int tbpttChunk, int batchSize,
                           long seed, String corpus, float[] series, int seriesFeatures) {
        public Training {
            optimizerArgs = Map.copyOf(optimizerArgs);
            series = series == null ? null : series.clone();
        }

        @Override
        public float[] series() {
            return series == null ? null : series.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Training t && task.equals(t.task) && steps == t.steps && init.equals(t.init)
                    && Double.compare(rho, t.rho) == 0 && optimizer.equals(t.optimizer)
                    && optimizerArgs.equals(t.optimizerArgs) && clipping.equals(t.clipping) && tbpttChunk == t.tbpttChunk
                    && batchSize == t.batchSize && seed == t.seed && Objects.equals(corpus, t.corpus)
                    && Arrays.equals(series, t.series) && seriesFeatures == t.seriesFeatures;
        }

        @Override
        public int hashCode() {
            return Objects.hash(task, steps, init, optimizer, optimizerArgs, seed) * 31 + Arrays.hashCode(series);
        }
    }

    /**
     * @param selectedTab the tab shown
     * @param theme       light or dark
     * @param zoom        the presentation zoom
     * @param colorMap    the colour map's name for signed values
     * @param layer       the layer chosen in the Weights pane
     * @param direction   the direction chosen there (0 forward, 1 reverse)
     * @param sequence    the sequence b of the batch Hidden states and Gradient flow follow (0 in files without it)
     */
    public record View(String selectedTab, String theme, double zoom, String colorMap, int layer, int direction,
                       int sequence) {

        /** A view following sequence 0. */
        public View(String selectedTab, String theme, double zoom, String colorMap, int layer, int direction) {
            this(selectedTab, theme, zoom, colorMap, layer, direction, 0);
        }
    }
}

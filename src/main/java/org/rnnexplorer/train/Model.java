package org.rnnexplorer.train;

import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * The trained model: an {@code nn.RNN}, an optional {@code nn.Linear} head reading its output, and which outputs
 * the head reads. Without a head the (read) RNN output itself is the prediction. Pure data with live arrays; a
 * {@link Network} runs it on a backend.
 *
 * <p>Parameter order is that of {@code model.parameters()} for
 * {@code class M(nn.Module): rnn = nn.RNN(...); head = nn.Linear(...)} (registration order): the RNN's parameters in
 * PyTorch's order, then head.weight (O, D·H), head.bias (O).
 */
public final class Model {
    /** The head's names in a state_dict and in {@link #parameters()}. */
    public static final String HEAD_WEIGHT = "head.weight";
    public static final String HEAD_BIAS = "head.bias";

    private final RnnParameters rnn;
    private final Linear head;
    private final Readout readout;

    /**
     * @param rnn     the RNN's parameters (live)
     * @param head    the readout head with in_features = D·H, or null for none
     * @param readout which outputs the head (or the prediction) reads
     */
    public Model(RnnParameters rnn, Linear head, Readout readout) {
        if (head != null && head.inFeatures() != rnn.config().outputSize()) {
            throw new TrainingConfigException("head.weight", "head.weight must be (O, " + rnn.config().outputSize()
                    + ") to read the RNN's D·H = " + rnn.config().outputSize() + " output features, got (O, "
                    + head.inFeatures() + ")");
        }
        this.rnn = rnn;
        this.head = head;
        this.readout = readout;
    }

    public RnnConfig config() {
        return rnn.config();
    }

    public RnnParameters rnn() {
        return rnn;
    }

    /** The head, or null. */
    public Linear head() {
        return head;
    }

    public boolean hasHead() {
        return head != null;
    }

    public Readout readout() {
        return readout;
    }

    /** Width of the prediction's last axis: the head's O, or D·H without a head. */
    public int outputSize() {
        return head != null ? head.outFeatures() : rnn.config().outputSize();
    }

    /** Every trainable tensor in {@code model.parameters()} order, sharing the live arrays. */
    public List<ModelParameter> parameters() {
        List<ModelParameter> out = new ArrayList<>();
        for (ParameterName p : rnn.names()) out.add(new ModelParameter(p.torchName(), p.shape(rnn.config()), rnn.get(p)));
        if (head != null) {
            out.add(new ModelParameter(HEAD_WEIGHT, new int[] {head.outFeatures(), head.inFeatures()}, head.weight()));
            out.add(new ModelParameter(HEAD_BIAS, new int[] {head.outFeatures()}, head.bias()));
        }
        return out;
    }

    /** The live arrays in {@link #parameters()} order: what an {@link Optimizer} steps. */
    public List<float[]> parameterArrays() {
        List<float[]> out = new ArrayList<>();
        for (ModelParameter p : parameters()) out.add(p.data());
        return out;
    }

    /** Names in {@link #parameters()} order. */
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        for (ModelParameter p : parameters()) out.add(p.name());
        return out;
    }

    /** Total element count, as {@code sum(p.numel() for p in model.parameters())}. */
    public long parameterCount() {
        long n = rnn.elementCount();
        if (head != null) n += head.weight().length + head.bias().length;
        return n;
    }

    /** A deep copy (e.g. to keep the initial weights beside the trained ones). */
    public Model copy() {
        return new Model(rnn.copy(), head == null ? null : head.copy(), readout);
    }

    /** Copies every tensor of a model of the same shape into this one (a rewind). */
    public void copyFrom(Model other) {
        List<ModelParameter> mine = parameters(), theirs = other.parameters();
        if (mine.size() != theirs.size()) throw new IllegalArgumentException("models have different parameters");
        for (int i = 0; i < mine.size(); i++) {
            float[] src = theirs.get(i).data(), dst = mine.get(i).data();
            if (src.length != dst.length) throw new IllegalArgumentException("parameter " + mine.get(i).name()
                    + " differs in size");
            System.arraycopy(src, 0, dst, 0, src.length);
        }
    }

    /**
     * Things the user should know about this model, as one-line warnings: the config's own (dropout with one layer),
     * and that for a bidirectional RNN the reverse half of the last step has seen only the last input.
     */
    public List<String> warnings() {
        List<String> w = new ArrayList<>(rnn.config().warnings());
        if (readout == Readout.LAST && rnn.config().bidirectional()) {
            w.add("readout=last on a bidirectional RNN: the reverse half of output[-1] has seen only the last input "
                    + "(its final state is output[0, :, H:], i.e. h_n[-1])");
        }
        return w;
    }
}

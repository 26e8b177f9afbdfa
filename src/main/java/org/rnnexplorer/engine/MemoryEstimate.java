package org.rnnexplorer.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The heap a run needs, estimated from its shapes before anything is allocated: the one place that knows what an RNN
 * pass keeps (parameters, the backend's copies of them, activations kept for BPTT, traces read out, buffers) and what
 * callers add (optimiser state, batches). {@link #require} refuses in one line a run whose arrays no Java array can
 * hold or whose total the heap cannot give, naming the setting to change.
 *
 * <p>Float32 everywhere; the scalar backend's float64 copies are about the simd backend's packed copies in size.
 * An estimate, not an account: it errs high, counting transient copies as if they were all alive at once.
 * {@code -Drnnx.memoryCheck=off} skips the heap check (not the array-size check) for a user who knows better.
 */
public final class MemoryEstimate {

    /** What a size grows with, so that a refusal can name the setting that makes it large. */
    public enum Factor { INPUT_SIZE, HIDDEN_SIZE, NUM_LAYERS, STEPS, BATCH }

    /** What a pass keeps: nothing for backward, the hidden states for BPTT, and also the traces read out. */
    public enum Use { INFERENCE, TRAINING, TRACE }

    /** One part of the estimate, e.g. parameters or activations, with what it grows with. */
    public record Part(String name, double bytes, Set<Factor> factors) {
    }

    /** One array that must fit a Java array, with its shape. */
    private record Array(String name, long[] shape, Set<Factor> factors) {
    }

    private static final Set<Factor> PARAMETERS = EnumSet.of(Factor.HIDDEN_SIZE, Factor.NUM_LAYERS, Factor.INPUT_SIZE);
    private static final Set<Factor> ACTIVATIONS = EnumSet.of(Factor.STEPS, Factor.BATCH, Factor.HIDDEN_SIZE,
            Factor.NUM_LAYERS);
    private static final Set<Factor> INPUTS = EnumSet.of(Factor.STEPS, Factor.BATCH, Factor.INPUT_SIZE);
    private static final Set<Factor> INPUTS_AND_ACTIVATIONS = EnumSet.of(Factor.STEPS, Factor.BATCH,
            Factor.INPUT_SIZE, Factor.HIDDEN_SIZE, Factor.NUM_LAYERS);
    /** The backends hold the weights about five more times: packed for both products and the weight gradients. */
    private static final int BACKEND_COPIES = 5;
    /** The widest panel the simd backend pads rows to (4 vectors of 16 floats). */
    private static final long PANEL_MAX = 64;

    private final List<Part> parts = new ArrayList<>();
    private final List<Array> arrays = new ArrayList<>();

    /**
     * An RNN, LSTM or GRU pass over (T, N) sequences.
     *
     * @param steps T
     * @param batch N (1 for unbatched input)
     * @param use   TRAINING and TRACE keep activations for BPTT; TRACE also reads every layer's traces out
     */
    public static MemoryEstimate ofRnn(RnnConfig c, long steps, long batch, Use use) {
        MemoryEstimate e = new MemoryEstimate();
        long h = c.hiddenSize();
        long ho = c.outputHiddenSize(); // h_t's width: P with an LSTM projection
        long g = c.mode().gateCount();  // G·H rows per weight: 1 (RNN), 3 (GRU), 4 (LSTM)
        long d = c.numDirections();
        long layers = c.numLayers();
        long in = c.inputSize();
        e.array("weight_ih_l0", PARAMETERS, g * h, in);
        e.array("weight_hh_l0", EnumSet.of(Factor.HIDDEN_SIZE), g * h, ho);
        if (layers > 1) e.array("weight_ih_l1", EnumSet.of(Factor.HIDDEN_SIZE), g * h, d * ho);
        e.array("the input", INPUTS, steps, batch, in);
        e.array("the hidden states h.l0", ACTIVATIONS, steps, batch, ho);
        e.array("the output", ACTIVATIONS, steps, batch, d * ho);
        if (c.isGated()) e.array("the gates of layer 0", ACTIVATIONS, steps, batch, g * h);
        // The simd backend pads rows to whole panels (up to 64 floats) and keeps one more step for h0.
        long hp = pad(h);
        e.array("the backend's padded weight_hh_l0", EnumSet.of(Factor.HIDDEN_SIZE), g * hp, ho);
        e.array("the backend's padded hidden states", ACTIVATIONS, steps + 1, batch, hp);
        e.array("the backend's padded layer input", INPUTS, steps, batch, pad(in));

        double p = 4.0 * c.parameterCount();
        double tn = (double) steps * batch;
        double states = 4.0 * layers * d * tn * ho; // one (T, N, H_out) array per layer and direction
        double layerInputs = 4.0 * tn * (in + (layers - 1) * d * ho);
        // A gated cell also keeps, per layer and direction and step, its G·H gates after their nonlinearity and two
        // H-wide rows: c_t and o ⊙ tanh(c_t) (LSTM), or W_hn h + b_hn and the previous h (GRU).
        double gated = c.isGated() ? 4.0 * layers * d * tn * (g + 2) * h : 0;
        e.add("parameters", p * (use == Use.INFERENCE ? 1 : 2), PARAMETERS); // and their gradients
        e.add("backend copies", p * BACKEND_COPIES, PARAMETERS);
        // Pre-activations and layer inputs are always computed; the output is copied out twice.
        e.add("buffers", states + layerInputs + 4.0 * tn * d * ho * 3 + 4.0 * tn * in, ACTIVATIONS);
        if (use != Use.INFERENCE) e.add("activations kept for BPTT", 3 * states + layerInputs + gated, ACTIVATIONS);
        // The gated kernels compute the gates of every step even in inference (the input half for all steps at once).
        if (use == Use.INFERENCE) e.add("gates", gated, ACTIVATIONS);
        if (use == Use.TRACE) e.add("traces", 3 * states + gated, ACTIVATIONS);
        // What the simd backend adds by padding rows to whole panels: each layer's input and the output, the
        // pre-activations, and for BPTT the kept states and two gradients. Small widths pay most (H = 4 takes 64
        // floats a row), where the parts above, counted at the true widths, would pass a run that cannot fit.
        double padH = pad(h) - h, padIn = pad(in) - in, padOut = pad(d * ho) - d * ho;
        double padding = 4.0 * tn * (padIn + layers * padOut) + 4.0 * layers * d * tn * padH;
        if (use != Use.INFERENCE) padding += 4.0 * layers * d * (tn + batch) * padH + 2 * 4.0 * layers * d * tn * padH;
        e.add("the backend's padding", padding, INPUTS_AND_ACTIVATIONS);
        return e;
    }

    /** A width padded to whole panels of the widest kind ({@value #PANEL_MAX} floats): errs high on narrower ones. */
    private static long pad(long width) {
        return (width + PANEL_MAX - 1) / PANEL_MAX * PANEL_MAX;
    }

    /** Adds a part: {@code bytes} that grow with {@code factors}. */
    public MemoryEstimate add(String name, double bytes, Set<Factor> factors) {
        if (bytes > 0) parts.add(new Part(name, bytes, Set.copyOf(factors)));
        return this;
    }

    /** Adds an array that must fit one Java array. */
    public MemoryEstimate array(String name, Set<Factor> factors, long... shape) {
        arrays.add(new Array(name, shape.clone(), Set.copyOf(factors)));
        return this;
    }

    public List<Part> parts() {
        return List.copyOf(parts);
    }

    /** The whole estimate in bytes (saturating far above any heap). */
    public long totalBytes() {
        double sum = 0;
        for (Part p : parts) sum += p.bytes;
        return sum >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) sum;
    }

    /** The parts, largest first: {@code parameters 7.2 GB, backend copies 36.0 GB}. */
    public String breakdown() {
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort((a, b) -> Double.compare(b.bytes, a.bytes));
        List<String> shown = new ArrayList<>();
        for (Part p : sorted) shown.add(p.name + " " + MemoryBudget.format((long) Math.min(p.bytes, Long.MAX_VALUE / 2.0)));
        return String.join(", ", shown);
    }

    /**
     * The part of {@link #require} that asks nothing of the heap (no collection, no measurement): each array within a
     * Java array's limit. Cheap enough to check as a setting is typed.
     *
     * @throws MemoryBudget.ArraySizeException naming the array and the setting
     */
    public void requireArrays(Function<Set<Factor>, String> subject) {
        for (Array a : arrays) {
            try {
                MemoryBudget.elements(a.name, a.shape);
            } catch (MemoryBudget.ArraySizeException ex) {
                throw new MemoryBudget.ArraySizeException(subject.apply(a.factors) + ": " + ex.getMessage());
            }
        }
    }

    /**
     * Refuses a run that cannot be held: an array beyond a Java array's limit, or a total beyond what the heap can give.
     *
     * @param subject names the setting that makes a part large, from what the part grows with (e.g. the flag
     *                {@code --hidden-size 30000}); it prefixes the one-line message
     * @throws MemoryBudget.ArraySizeException  naming the array and the setting
     * @throws MemoryBudget.MemoryLimitException naming the setting, the estimate and the heap
     */
    public void require(Function<Set<Factor>, String> subject) {
        requireArrays(subject);
        Part largest = null;
        for (Part p : parts) if (largest == null || p.bytes > largest.bytes) largest = p;
        if (largest == null) return;
        MemoryBudget.require(totalBytes(), subject.apply(largest.factors), breakdown());
    }
}

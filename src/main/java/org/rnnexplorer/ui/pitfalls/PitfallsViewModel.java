package org.rnnexplorer.ui.pitfalls;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.train.BatchFirstStudy;
import org.rnnexplorer.train.DetachStudy;
import org.rnnexplorer.ui.state.ModelState;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The seed article's pitfalls 1 and 3, computed by the engine on the Model &amp; shapes form's model with the
 * Weights pane's weights on seeded N(0, 1) data of the form's sizes (pitfall 2, vanishing gradients, is a training
 * preset). Work runs on the background executor; a request superseded before its result arrives is dropped. The
 * studies run only once asked for ({@link #compute()}), then follow changes of the model and weights. No scene
 * types; FX thread only.
 */
public final class PitfallsViewModel {

    public static final int MAX_CHUNKS = 8;
    static final long DATA_SEED = 7;

    /**
     * Pitfall 1's outcome.
     *
     * @param batch N of the batch-first data
     * @param steps L of the batch-first data
     */
    public record BatchFirst(BatchFirstStudy.Result result, int batch, int steps, String explanation) {
    }

    /** Pitfall 3's outcome for k chunks. */
    public record Detach(DetachStudy.Result result, RnnConfig config, int batch, String explanation) {
    }

    private final Executor background;
    private final Executor fx;
    private final Supplier<ModelState> form;
    private final Supplier<RnnParameters> weights;
    private final Supplier<String> backend;
    private final IntegerProperty chunks = new SimpleIntegerProperty(this, "chunks", 3);
    private final ReadOnlyObjectWrapper<BatchFirst> batchFirst = new ReadOnlyObjectWrapper<>(this, "batchFirst");
    private final ReadOnlyObjectWrapper<Detach> detach = new ReadOnlyObjectWrapper<>(this, "detach");
    private final ReadOnlyStringWrapper batchFirstProblem = new ReadOnlyStringWrapper(this, "batchFirstProblem", "");
    private final ReadOnlyStringWrapper detachProblem = new ReadOnlyStringWrapper(this, "detachProblem", "");
    private boolean started;
    private volatile long batchFirstRequest;
    private volatile long detachRequest;

    private final IntegerProperty section = new SimpleIntegerProperty(this, "section", 1);
    private final ReadOnlyLongWrapper sectionShown = new ReadOnlyLongWrapper(this, "sectionShown", 0);

    public PitfallsViewModel(Executor background, Executor fx, Supplier<ModelState> form, Supplier<RnnParameters> weights,
                             Supplier<String> backend) {
        this.background = background;
        this.fx = fx;
        this.form = form;
        this.weights = weights;
        this.backend = backend;
        chunks.addListener((o, a, b) -> {
            if (started) computeDetach();
        });
    }

    /** Computes both studies now and again whenever the model or weights change ({@link #modelChanged()}). */
    public void compute() {
        started = true;
        computeBatchFirst();
        computeDetach();
    }

    /** The form or the weights changed: recompute if the studies are shown. */
    public void modelChanged() {
        if (started) compute();
    }

    private record Inputs(RnnParameters weights, int batch, int steps, String backend) {
    }

    /** The weights when they have the form's shapes, else null with the problem set. */
    private Inputs inputs(ReadOnlyStringWrapper problem) {
        ModelState s = form.get();
        RnnParameters w = weights.get();
        if (s == null || w == null) {
            problem.set("No model yet: the Model & shapes form has no valid setting.");
            return null;
        }
        RnnConfig a = w.config(), b = s.config();
        if (!a.shape().sameParametersAs(b.shape())) {
            return null; // the weights are being re-shaped for the form; modelChanged() comes again
        }
        RnnParameters p = w.withConfig(b);
        int n = s.layout().unbatched() ? 1 : s.layout().batch();
        String be = backend.get() == null ? "auto" : backend.get();
        return new Inputs(p, Math.max(1, n), s.layout().steps(), be);
    }

    private void computeBatchFirst() {
        Inputs in = inputs(batchFirstProblem);
        if (in == null) return;
        BatchFirst shown = batchFirst.get();
        int[] outputShape = {in.batch(), in.steps(), in.weights().config().outputSize()};
        if (shown != null && !Arrays.equals(shown.result().wrong().shape(), outputShape)) {
            batchFirst.set(null); // never another model's shapes beside this one's while the study runs
        }
        long id = ++batchFirstRequest;
        background.execute(() -> {
            try {
                RnnConfig c = in.weights().config();
                Tensor x = gaussian(new int[] {in.batch(), in.steps(), c.inputSize()}, new SplittableRandom(DATA_SEED));
                BatchFirstStudy.Result r = BatchFirstStudy.compute(in.weights(), x, Backends.select(in.backend()));
                BatchFirst out = new BatchFirst(r, in.batch(), in.steps(), explainBatchFirst(c, in.batch(), in.steps(), r));
                fx.execute(() -> {
                    if (id != batchFirstRequest) return; // superseded
                    batchFirstProblem.set("");
                    batchFirst.set(out);
                });
            } catch (RuntimeException e) {
                String m = oneLine(e);
                fx.execute(() -> {
                    if (id == batchFirstRequest) batchFirstProblem.set(m);
                });
            }
        });
    }

    private void computeDetach() {
        Inputs in = inputs(detachProblem);
        if (in == null) return;
        RnnConfig c = in.weights().config();
        if (c.bidirectional()) {
            detachProblem.set("Carrying h_n into the next chunk needs a unidirectional RNN: untick bidirectional in "
                    + "Model & shapes.");
            detach.set(null);
            return;
        }
        int k = Math.max(1, Math.min(MAX_CHUNKS, chunks.get()));
        Detach shown = detach.get();
        if (shown != null && !(shown.config().equals(c) && shown.batch() == in.batch()
                && shown.result().chunkLength() == in.steps())) {
            detach.set(null); // another model's steps are not shown beside this one's while the study runs
        }
        long id = ++detachRequest;
        background.execute(() -> {
            if (id != detachRequest) return; // superseded before it started (a slider being dragged)
            try {
                Tensor all = gaussian(new int[] {MAX_CHUNKS * in.steps(), in.batch(), c.inputSize()},
                        new SplittableRandom(DATA_SEED + 1));
                int per = in.batch() * c.inputSize();
                Tensor stream = new Tensor(new int[] {k * in.steps(), in.batch(), c.inputSize()},
                        Arrays.copyOf(all.data(), k * in.steps() * per));
                DetachStudy.Result r = DetachStudy.compute(in.weights(), stream, in.steps(), Backends.select(in.backend()));
                Detach out = new Detach(r, c, in.batch(), explainDetach(r, c));
                fx.execute(() -> {
                    if (id != detachRequest) return; // superseded
                    detachProblem.set("");
                    detach.set(out);
                });
            } catch (RuntimeException e) {
                String m = oneLine(e);
                fx.execute(() -> {
                    if (id == detachRequest) detachProblem.set(m);
                });
            }
        });
    }

    /**
     * The study's sentence, naming the form's module as it runs (it said "nn.RNN(10, 20)" of a 2-layer model, and
     * "H" for the last axis of an LSTM with proj_size).
     */
    static String explainBatchFirst(RnnConfig c, int n, int l, BatchFirstStudy.Result r) {
        String dh = (c.bidirectional() ? "2·" : "") + c.outputHiddenSize();
        String module = "nn." + c.withBatchFirst(false).torchRepr();
        return String.format(Locale.ROOT, "x is batch-first (N=%d, L=%d, I=%d), as a data loader yields it. %s "
                        + "with batch_first=False reads it as (L=%d, N=%d, I=%d): %d sequences of %d steps, sequence t "
                        + "made of step t of every sample. Its output is (%d, %d, %s) as well, so nothing complains, but "
                        + "max |Δ| = %.3g against batch_first=True. %s h_0 and h_n are (layers·D, batch, H) whatever "
                        + "batch_first says.",
                n, l, c.inputSize(), module, n, l, c.inputSize(), l, n, n, l, dh, r.maxAbsDifference(),
                rowZero(c));
    }

    /**
     * What row 0 (sample 0, step 0) of the difference shows. Both readings' forward directions have seen x[0, 0]
     * alone there; a reverse direction has read a whole sequence back to it, and the two readings' sequences differ;
     * a layer above a bidirectional one reads both directions.
     */
    private static String rowZero(RnnConfig c) {
        if (!c.bidirectional()) return "Only row 0 (sample 0, step 0) agrees: both have seen x[0, 0] alone.";
        if (c.numLayers() == 1) {
            return "Only the first half of row 0 (sample 0, step 0) agrees: both forward directions have seen x[0, 0] "
                    + "alone, while the reverse ones have read two different sequences back to it.";
        }
        return "Not even row 0 (sample 0, step 0) agrees: the reverse directions have read two different sequences "
                + "back to x[0, 0], and layer 1 reads both directions of layer 0.";
    }

    /** The study's sentence; an LSTM carries and detaches (h, c), and keeps c_t as well as h_t for backward. */
    static String explainDetach(DetachStudy.Result r, RnnConfig c) {
        int total = r.chunks() * r.chunkLength();
        boolean lstm = c.mode() == CellMode.LSTM;
        return String.format(Locale.ROOT, "k = %d chunks of T = %d. Without detach, backward from chunk %d's loss reaches "
                        + "step %d (all %d steps) and PyTorch keeps every chunk's activations: %s of "
                        + (lstm ? "hidden and cell states" : "hidden states") + ". With "
                        + (lstm ? "h, c = h.detach(), c.detach()" : "h = h.detach()")
                        + " it stops at step %d, chunk %d's start, and keeps %s. A loop that calls "
                        + "loss.backward() once per chunk without detach fails at chunk 2 with \"Trying to backward "
                        + "through the graph a second time\"; with retain_graph=True it runs, and both time and memory "
                        + "grow with every chunk.",
                r.chunks(), r.chunkLength(), r.chunks(), r.earliestReachedWithout(), total, bytes(r.bytesWithout()),
                r.earliestReachedWith(), r.chunks(), bytes(r.bytesWith()));
    }

    /** e.g. "720 B", "12.5 KiB", "3.0 MiB". */
    static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }

    static Tensor gaussian(int[] shape, SplittableRandom random) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = random.nextDouble(), u2 = random.nextDouble();
            d[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return new Tensor(shape, d);
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The pitfall (1, 2 or 3) the pane scrolls to when shown: a preset names the one it is about. */
    public IntegerProperty sectionProperty() {
        return section;
    }

    /**
     * Asks the pane to bring pitfall {@code n} to the top now, even when it is the section already named: the user may
     * have scrolled away since, and a preset for pitfall 1 opened on pitfall 3.
     */
    public void showSection(int n) {
        section.set(n);
        sectionShown.set(sectionShown.get() + 1);
    }

    /** Counts {@link #showSection} calls: the pane scrolls on each. */
    public ReadOnlyLongProperty sectionShownProperty() {
        return sectionShown.getReadOnlyProperty();
    }

    /** k, 1 … {@value #MAX_CHUNKS}. */
    public IntegerProperty chunksProperty() {
        return chunks;
    }

    public ReadOnlyObjectProperty<BatchFirst> batchFirstProperty() {
        return batchFirst.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Detach> detachProperty() {
        return detach.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty batchFirstProblemProperty() {
        return batchFirstProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detachProblemProperty() {
        return detachProblem.getReadOnlyProperty();
    }
}

package org.rnnexplorer.ui.data;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.io.Csv;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The explore run's own input, imported from CSV (L, F) or NPY/NPZ, and optionally PyTorch's output for that input,
 * compared with ours: max |Δ| and the project's relative error max|Δ| / max(1, max|ref|), with Δ per element. An
 * imported input's L and N become the form's seq_len and batch (a state_dict fixes input_size, not those). Where
 * PyTorch's output is not ours but is under a setting the state_dict does not record (batch_first, an nn.RNN's
 * nonlinearity), the comparison names it and {@link #useMatchingReading()} takes it into the form. Files are read
 * and the comparison computed on the background executor. No scene types; FX thread only.
 */
public final class DataViewModel {

    /**
     * Our output against PyTorch's for the imported input, h_0 = 0 and no packing (what {@code rnn(x)} computes).
     *
     * @param ours      our output, in the form's output shape
     * @param reference PyTorch's output, same shape
     * @param delta     ours − reference
     * @param batchFirst whether ours is (N, L, H_out) rather than (L, N, H_out) (a 2-D output is (L, H_out) either way)
     * @param matching  when PyTorch's output is not ours (relative error above {@link #MATCH}) but is under another
     *                  setting of what a state_dict does not record, that setting; else null
     */
    public record Comparison(Tensor ours, Tensor reference, Tensor delta, double maxAbsDifference, double relativeError,
                             boolean batchFirst, Reading matching) {

        /** Whether ours is PyTorch's output to float32 precision over the sequence. */
        public boolean matches() {
            return relativeError <= MATCH;
        }

        /**
         * What a row of the flattened output is: the heatmaps draw the leading axes as rows in memory order, which
         * is sequence-major under batch_first (a lecturer read a batch_first output's rows 0…6 as seven sequences).
         */
        public String rowCaption() {
            if (ours.rank() == 2) return "step t";
            return batchFirst ? "row = n·L + t  (sequence n, step t)" : "row = t·N + n  (step t, sequence n)";
        }

        /** The step, the sequence (a batched output) and the feature of row {@code row}, column {@code column}. */
        public String cellName(int row, int column) {
            if (ours.rank() == 2) return "step " + row + ", feature " + column;
            int step = batchFirst ? row % ours.dim(1) : row / ours.dim(1);
            int sequence = batchFirst ? row / ours.dim(1) : row % ours.dim(1);
            return "step " + step + ", sequence " + sequence + ", feature " + column;
        }
    }

    /**
     * A reading of the same files under settings a state_dict does not record, e.g. {@code batch_first=True}.
     *
     * @param settings      the settings that differ from the form's, as PyTorch's constructor spells them
     * @param config        the form's model with them
     * @param relativeError PyTorch's output against ours under them
     */
    public record Reading(String settings, RnnConfig config, double relativeError) {
    }

    /**
     * The relative error up to which ours is PyTorch's output: float32 rounding, accumulated over a sequence (the
     * parity tests' outputs agree to 1e-5); a wrong batch_first or nonlinearity gives errors of order 0.1.
     */
    public static final double MATCH = 1e-4;

    private final Executor background;
    private final Executor fx;
    private final Supplier<ModelState> form;
    private final Supplier<RnnParameters> weights;
    private final Supplier<String> backend;
    private final BiConsumer<RnnConfig, InputSpec> setForm;
    /** The imported input as its file holds it (before {@link #fit}), and the file's name; null while none. */
    private Tensor imported;
    private String importedName;
    /** The form as the last import left it (its note is about that form), and the line saying the input no longer fits. */
    private ModelState adoptedForm;
    private String notFitting;
    private final ReadOnlyObjectWrapper<Tensor> input = new ReadOnlyObjectWrapper<>(this, "input");
    private final ReadOnlyStringWrapper inputSource = new ReadOnlyStringWrapper(this, "inputSource", "");
    private final ReadOnlyObjectWrapper<Tensor> reference = new ReadOnlyObjectWrapper<>(this, "reference");
    private final ReadOnlyStringWrapper referenceSource = new ReadOnlyStringWrapper(this, "referenceSource", "");
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final StringBinding guide;
    private long compareRequest;

    /**
     * @param form    the form's last valid setting
     * @param setForm sets the form's model and input fields (an imported input's L and N; a matching reading)
     */
    public DataViewModel(Executor background, Executor fx, Supplier<ModelState> form, Supplier<RnnParameters> weights,
                         Supplier<String> backend, BiConsumer<RnnConfig, InputSpec> setForm) {
        this.background = background;
        this.fx = fx;
        this.form = form;
        this.weights = weights;
        this.backend = backend;
        this.setForm = setForm;
        guide = Bindings.createStringBinding(this::guideText, input, reference, comparison);
    }

    static final String GUIDE_START = "Check this engine against PyTorch on your own data: open your RNN's weights "
            + "(File ▸ Open weights…: .safetensors or torch.save; the form takes their shapes), import the x you gave "
            + "rnn(x) (np.save('x.npy', x.numpy()), or a CSV, one row per step: its shape sets seq_len and batch), then "
            + "PyTorch's output for it (out, _ = rnn(x); np.save('out.npy', out.detach().numpy())). Ours, PyTorch's and "
            + "their difference then appear here with max |Δ| and the relative error. An imported input also feeds "
            + "Hidden states and Gradient flow.";
    static final String GUIDE_REFERENCE = "Every pane now runs on the imported input. Import PyTorch's output for it "
            + "(out, _ = rnn(x); np.save('out.npy', out.detach().numpy())) to see ours, PyTorch's and their difference "
            + "here.";

    /**
     * How the comparison ran, beside its numbers: as {@code rnn(x)}, h_0 = 0, what PyTorch's output is for. When the
     * form passes h_0 the other panes run with its seeded h_0 instead, so their h_t differ from PyTorch's rnn(x)
     * (a lecturer compared Hidden states with PyTorch and found 0.21 for 0.29): the line says so, and how to match.
     */
    public String comparedAs() {
        ModelState s = form.get();
        String as = "Compared as rnn(x): h_0 = 0, eval mode.";
        if (s == null || !s.input().withH0()) return as;
        return as + " The other panes pass the form's seeded h_0 (Model & shapes ▸ pass h_0), so their h_t are not "
                + "rnn(x)'s; untick it to run rnn(x) there too.";
    }

    private String guideText() {
        if (comparison.get() != null || reference.get() != null) return "";
        return input.get() == null ? GUIDE_START : GUIDE_REFERENCE;
    }

    /**
     * Reads an input: {@code .csv} as (L, F), anything else as NPY ({@code file.npz} with one array, or
     * {@code file.npz:key}). Its last axis must be the weights' input_size; its other axes become the form's seq_len
     * and batch, read in the form's layout ({@link #inputSpecFor}); {@link #noteProperty()} says what changed there.
     * A file that cannot be read so gets {@link #messageProperty()} and leaves the last input in place.
     */
    public void importInput(Path file) {
        String name = name(file);
        background.execute(() -> {
            try {
                Tensor read = read(file, INPUT_KEYS);
                requireFinite(read, name, "the input must be finite, as the weights must");
                fx.execute(() -> {
                    try {
                        ModelState before = form.get();
                        adopt(read, name, before == null ? null : before.config());
                        clearReference();
                    } catch (RuntimeException e) {
                        message.set(oneLine(e));
                    }
                });
            } catch (IOException | RuntimeException e) {
                String m = oneLine(e);
                fx.execute(() -> message.set(m));
            }
        });
    }

    /**
     * Puts {@code read}'s L and N (and {@code config}, when it differs from the form's) into the form, then feeds
     * {@code read} to every pane. Throws, with the form untouched, when the file cannot be the input of this model.
     */
    private List<String> adopt(Tensor read, String name, RnnConfig config) {
        ModelState s = form.get();
        if (s == null || config == null) throw new IllegalArgumentException(name + ": the form has no valid model to "
                + "take the input; correct Model & shapes first");
        InputSpec spec = inputSpecFor(read, config, s.input(), name);
        List<String> changes = formChanges(s, spec);
        if (!spec.equals(s.input()) || !config.equals(s.config())) setForm.accept(config, spec);
        Tensor fitted = fit(read, form.get(), name);
        imported = read;
        importedName = name;
        input.set(fitted);
        inputSource.set(name + " " + Tensor.formatTuple(fitted.shape()));
        message.set("");
        adoptedForm = form.get();
        note.set(changes.isEmpty() ? "" : "Model & shapes now has " + listed(changes) + " (read as "
                + layoutName(adoptedForm) + ").");
        return changes;
    }

    /** "a", "a and b", "a, b and c". */
    private static String listed(List<String> parts) {
        return String.join(", ", parts.subList(0, parts.size() - 1)) + (parts.size() > 1 ? " and " : "")
                + parts.getLast();
    }

    /** E.g. [seq_len 12, batch 4]: what {@code spec} changes in the form's input fields. */
    private static List<String> formChanges(ModelState s, InputSpec spec) {
        List<String> parts = new ArrayList<>();
        if (spec.steps() != s.input().steps()) parts.add("seq_len " + spec.steps());
        if (!spec.unbatched() && (spec.batch() != s.input().batch() || s.input().unbatched())) parts.add("batch " + spec.batch());
        if (spec.unbatched() != s.input().unbatched()) parts.add(spec.unbatched() ? "unbatched input" : "batched input");
        if (s.input().hasLengths() && !spec.hasLengths()) parts.add("no lengths (they were for another batch)");
        if (s.input().withH0() && !spec.withH0()) parts.add("h_0 = 0, as rnn(x) has (pass h_0 unticked)");
        return parts;
    }

    private static String layoutName(ModelState s) {
        return s.layout().unbatched() ? "(L, H_in), unbatched" : s.layout().batchFirst() ? "(N, L, H_in), batch_first=True"
                : "(L, N, H_in), batch_first=False";
    }

    /**
     * The form's input setting under which {@code data} is the input of {@code config}'s model: its last axis is
     * input_size; a 3-D array is (N, L, H_in) with batch_first, else (L, N, H_in); a 2-D one is (L, H_in), unbatched
     * when {@code was} is, else a batch of one. No h_0 is passed (the form's is seeded random numbers, which no one's
     * rnn(x) had: Hidden states showed other h_t than PyTorch's); {@code was}'s lengths stay only when they still fit.
     *
     * @throws IllegalArgumentException naming the file: a width other than input_size, an array of another rank, an
     *                                  empty batch, or more steps × sequences than the form takes
     */
    static InputSpec inputSpecFor(Tensor data, RnnConfig config, InputSpec was, String name) {
        String shape = Tensor.formatTuple(data.shape());
        if (data.rank() != 2 && data.rank() != 3) {
            throw new IllegalArgumentException(name + ": " + shape + " is not an RNN input: (L, H_in) or "
                    + (config.batchFirst() ? "(N, L, H_in)" : "(L, N, H_in)") + ", with H_in = input_size = "
                    + config.inputSize());
        }
        if (data.dim(-1) != config.inputSize()) {
            throw new IllegalArgumentException(name + ": " + shape + ": input.size(-1) must be equal to input_size. "
                    + "Expected " + config.inputSize() + ", got " + data.dim(-1));
        }
        boolean unbatched = data.rank() == 2 && was.unbatched();
        int steps = data.rank() == 2 || !config.batchFirst() ? data.dim(0) : data.dim(1);
        int batch = data.rank() == 2 ? 1 : config.batchFirst() ? data.dim(0) : data.dim(1);
        if (batch < 1) throw new IllegalArgumentException(name + ": " + shape + " holds no sequence (N = 0)");
        if ((long) steps * batch > ModelViewModel.MAX_STEPS_TIMES_BATCH) {
            throw new IllegalArgumentException(name + ": " + shape + " holds " + (long) steps * batch + " steps × "
                    + "sequences; RNN Explorer keeps every step, at most " + ModelViewModel.MAX_STEPS_TIMES_BATCH);
        }
        int[] lengths = was.lengths();
        if (lengths != null && (unbatched || lengths.length != batch || Arrays.stream(lengths).max().orElse(0) > steps)) {
            lengths = null;
        }
        // No seeded h_0: the file is the x of someone's rnn(x), and every pane should show that call's h_t.
        return new InputSpec(steps, unbatched ? was.batch() : batch, unbatched, lengths, false);
    }

    /** Reads PyTorch's output for the imported input (NPY/NPZ, the form's output shape) and compares. */
    public void importReference(Path file) {
        String name = name(file);
        if (input.get() == null) {
            message.set(name + ": import the input PyTorch was given first (File ▸ Import input…)");
            return;
        }
        ModelState s = form.get();
        background.execute(() -> {
            try {
                Tensor read = read(file, OUTPUT_KEYS);
                requireFinite(read, name, "PyTorch's output must be finite to compare with");
                int[] expected = s.layout().outputShape(s.config());
                if (!Arrays.equals(read.shape(), expected)) {
                    throw new IOException(name + ": " + Tensor.formatTuple(read.shape()) + " is not the output shape "
                            + Tensor.formatTuple(expected) + " of the form's model on this input" + stateHint(read, s));
                }
                fx.execute(() -> {
                    reference.set(read);
                    referenceSource.set(name + " " + Tensor.formatTuple(read.shape()));
                    message.set("");
                    compare();
                });
            } catch (IOException | RuntimeException e) {
                String m = oneLine(e);
                fx.execute(() -> message.set(m));
            }
        });
    }

    /**
     * What a file of the final state's shape holds instead of the output: "; (2, 3, 20) is h_n's shape …". PyTorch
     * returns both, and h_n is the one people keep.
     */
    private static String stateHint(Tensor read, ModelState s) {
        boolean h = Arrays.equals(read.shape(), s.layout().stateShape(s.config()));
        boolean c = s.config().mode() == CellMode.LSTM && Arrays.equals(read.shape(), s.layout().cellStateShape(s.config()));
        if (!h && !c) return "";
        String returned = s.config().mode() == CellMode.LSTM ? "out, (h_n, c_n) = rnn(x)" : "out, h_n = rnn(x)";
        return "; " + Tensor.formatTuple(read.shape()) + " is " + (h && c ? "h_n's and c_n's" : h ? "h_n's" : "c_n's")
                + " shape: save the output instead (" + returned + "; np.save('out.npy', out.detach().numpy()))";
    }

    /** Sets both from a workspace (either may be null). */
    public void restore(Tensor in, Tensor ref, String source) {
        imported = in;
        importedName = source;
        note.set("");
        input.set(in);
        inputSource.set(in == null ? "" : source + " " + Tensor.formatTuple(in.shape()));
        clearReference();
        if (in != null && ref != null) {
            reference.set(ref);
            referenceSource.set(source + " " + Tensor.formatTuple(ref.shape()));
            compare();
        }
    }

    /** Back to seeded random input. */
    public void clear() {
        imported = null;
        importedName = null;
        input.set(null);
        inputSource.set("");
        message.set("");
        notFitting = null;
        note.set("");
        clearReference();
    }

    /**
     * Takes the comparison's {@link Comparison#matching()} reading into the form: its setting, and the imported
     * input's L and N read under it (a batch_first the form had the other way round swaps them).
     */
    public void useMatchingReading() {
        Comparison c = comparison.get();
        if (c == null || c.matching() == null || imported == null) return;
        try {
            Tensor ref = reference.get();
            String refSource = referenceSource.get();
            List<String> changes = new ArrayList<>(List.of(c.matching().settings()));
            changes.addAll(adopt(imported, importedName, c.matching().config()));
            reference.set(ref);
            referenceSource.set(refSource);
            note.set("Model & shapes now has " + listed(changes) + ", under which PyTorch's output is ours (read as "
                    + layoutName(form.get()) + ").");
            compare();
        } catch (RuntimeException e) {
            message.set(oneLine(e));
        }
    }

    private void clearReference() {
        reference.set(null);
        referenceSource.set("");
        comparison.set(null);
        compareRequest++;
    }

    /**
     * The model or weights changed: compare again (the reference stays). When the form no longer fits the imported
     * input the panes run on seeded random numbers, and {@link #messageProperty()} says so (the label still named the
     * file); when it fits again, that line goes. What the import changed in the form stops being news.
     */
    public void modelChanged() {
        ModelState s = form.get();
        if (s != adoptedForm) note.set("");
        Tensor in = input.get();
        if (in != null && s != null && inputFor(s) == null) {
            notFitting = inputSource.get() + " does not fit the form's input " + Tensor.formatTuple(
                    s.layout().inputShape(s.config())) + " " + layoutName(s) + " any more: the panes run on seeded "
                    + "random input. Import it again to take its shape into the form, or Use random input.";
            message.set(notFitting);
        } else if (notFitting != null && notFitting.equals(message.get())) {
            message.set("");
            notFitting = null;
        }
        if (reference.get() != null) compare();
    }

    /** The imported input when it fits this setting of the form, else null (the explore run then draws its own). */
    public Tensor inputFor(ModelState s) {
        Tensor in = input.get();
        if (in == null || s == null) return null;
        return Arrays.equals(in.shape(), s.layout().inputShape(s.config())) ? in : null;
    }

    private void compare() {
        ModelState s = form.get();
        RnnParameters w = weights.get();
        Tensor in = inputFor(s), ref = reference.get();
        if (in == null || w == null || ref == null) {
            comparison.set(null);
            return;
        }
        if (!Arrays.equals(ref.shape(), s.layout().outputShape(s.config())) || !w.config().shape().sameParametersAs(s.config().shape())) {
            comparison.set(null);
            return;
        }
        RnnConfig config = s.config();
        RnnParameters p = w.withConfig(config);
        String be = backend.get() == null ? "auto" : backend.get();
        Tensor asRead = imported != null ? imported : in; // the file's own array: in fits the form, so it is that array
        boolean batchedFile = asRead.rank() == 3;
        long id = ++compareRequest;
        background.execute(() -> {
            try {
                Comparison c = compare(p, in, ref, be);
                if (!c.matches()) c = withMatchingReading(c, p, batchedFile ? asRead : null, in, ref, be);
                Comparison shown = c;
                fx.execute(() -> {
                    if (id == compareRequest) comparison.set(shown);
                });
            } catch (RuntimeException e) {
                String m = oneLine(e);
                fx.execute(() -> message.set(m));
            }
        });
    }

    /** Runs {@code rnn(x)} (h_0 = 0, eval mode) and compares with PyTorch's output. */
    static Comparison compare(RnnParameters p, Tensor in, Tensor ref, String backend) {
        Tensor ours;
        try (Rnn rnn = new Rnn(p, Backends.select(backend))) {
            ours = rnn.forward(in, null, null, ForwardOptions.inference()).output();
        }
        float[] d = new float[ours.size()];
        double maxAbs = 0, maxRef = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = ours.data()[i] - ref.data()[i];
            maxAbs = Math.max(maxAbs, Math.abs((double) ours.data()[i] - ref.data()[i]));
            maxRef = Math.max(maxRef, Math.abs(ref.data()[i]));
        }
        return new Comparison(ours, ref, new Tensor(ours.shape(), d), maxAbs, maxAbs / Math.max(1, maxRef),
                p.config().batchFirst(), null);
    }

    /**
     * {@code c} with the first reading under which PyTorch's output is ours, trying what a state_dict does not record:
     * the other batch_first (a 3-D file only: {@code batched} as read), an nn.RNN's other nonlinearity, both.
     */
    static Comparison withMatchingReading(Comparison c, RnnParameters p, Tensor batched, Tensor in, Tensor ref,
                                          String backend) {
        RnnConfig form = p.config();
        boolean rnn = form.mode() == CellMode.RNN_TANH || form.mode() == CellMode.RNN_RELU;
        List<RnnConfig> tries = new ArrayList<>();
        if (batched != null) tries.add(form.withBatchFirst(!form.batchFirst()));
        if (rnn) tries.add(otherNonlinearity(form));
        if (batched != null && rnn) tries.add(otherNonlinearity(form).withBatchFirst(!form.batchFirst()));
        for (RnnConfig config : tries) {
            Tensor x = config.batchFirst() != form.batchFirst() ? batched : in;
            Comparison under = compare(p.withConfig(config), x, ref, backend);
            if (under.matches()) {
                List<String> settings = new ArrayList<>();
                if (config.batchFirst() != form.batchFirst()) settings.add("batch_first=" + (config.batchFirst() ? "True" : "False"));
                if (config.mode() != form.mode()) settings.add("nonlinearity='" + config.nonlinearity().torchName() + "'");
                return new Comparison(c.ours(), c.reference(), c.delta(), c.maxAbsDifference(), c.relativeError(),
                        c.batchFirst(), new Reading(String.join(", ", settings), config, under.relativeError()));
            }
        }
        return c;
    }

    private static RnnConfig otherNonlinearity(RnnConfig c) {
        return c.withNonlinearity(c.mode() == CellMode.RNN_TANH ? Nonlinearity.RELU : Nonlinearity.TANH);
    }

    /** Names an imported input is looked for under in an archive of several arrays (np.savez(f, x=x, out=out)). */
    static final List<String> INPUT_KEYS = List.of("x", "input", "inputs");
    /** Names PyTorch's output is looked for under in an archive of several arrays. */
    static final List<String> OUTPUT_KEYS = List.of("out", "output", "y");

    static Tensor read(Path file) throws IOException {
        return read(file, List.of());
    }

    /**
     * A CSV, an .npy, or an .npz: its one array, else the first of {@code keys} it holds (a file chooser cannot say
     * {@code file.npz:x}); the array must be floating point, as PyTorch's RNN input and output are (int32 counts
     * compared as floats read as a difference of 87).
     */
    static Tensor read(Path file, List<String> keys) throws IOException {
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) return Csv.read(file).values();
        String spec = file.toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".npz") && !keys.isEmpty()) {
            List<String> held = Npz.keys(file);
            if (held.size() > 1) {
                String key = keys.stream().filter(held::contains).findFirst().orElseThrow(() -> new FormatException(
                        name + ": holds " + String.join(", ", held) + "; name the array " + String.join(" or ", keys)
                                + " (np.savez(f, " + keys.getFirst() + "=...)), or save it alone"));
                spec = file + ":" + key;
            }
        }
        NpyArray array = Npz.readArray(spec);
        DType t = array.dtype();
        if (t != DType.F16 && t != DType.BF16 && t != DType.F32 && t != DType.F64) {
            throw new FormatException(name + ": its values are " + t.name().toLowerCase(Locale.ROOT)
                    + ", not floating point; save the float32 tensor PyTorch used (x.numpy(), out.detach().numpy())");
        }
        return array.toFiniteRangeTensor();
    }

    /**
     * Refuses NaN and ±inf, as a weights file's are refused (and a workspace's input): a NaN input makes NaN hidden
     * states, whose gradient pass the Gradient flow pane cannot draw, so it kept showing an older pass without a word.
     *
     * @throws IllegalArgumentException e.g. {@code x.csv: element [3, 1] is NaN; the input must be finite, as the weights must}
     */
    static void requireFinite(Tensor data, String name, String why) {
        float[] values = data.data();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + ": element " + index(data.shape(), i) + " is " + values[i]
                        + "; " + why);
            }
        }
    }

    /** The row-major index of flat position i, as NumPy writes it: "[3, 1]". */
    private static String index(int[] shape, int flat) {
        int[] at = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            at[k] = shape[k] == 0 ? 0 : flat % shape[k];
            flat = shape[k] == 0 ? flat : flat / shape[k];
        }
        return Arrays.toString(at);
    }

    /**
     * The data in the form's input shape: as it is when the shapes are equal; a 2-D (L, F) also fills a batch of one,
     * (1, L, F) batch-first or (L, 1, F) time-first.
     *
     * @throws IllegalArgumentException naming the file and the shape the form expects
     */
    static Tensor fit(Tensor data, ModelState s, String name) {
        int[] expected = s.layout().inputShape(s.config());
        if (Arrays.equals(data.shape(), expected)) return data;
        if (data.rank() == 2 && expected.length == 3) {
            boolean batchFirst = s.layout().batchFirst();
            int l = batchFirst ? expected[1] : expected[0], n = batchFirst ? expected[0] : expected[1];
            if (n == 1 && data.dim(0) == l && data.dim(1) == expected[2]) return data.reshape(expected);
        }
        String layout = s.layout().unbatched() ? "(L, H_in)" : s.layout().batchFirst() ? "(N, L, H_in)" : "(L, N, H_in)";
        throw new IllegalArgumentException(name + ": " + Tensor.formatTuple(data.shape()) + " does not fit the form's input "
                + Tensor.formatTuple(expected) + " " + layout + "; set seq_len, batch and input_size in Model & shapes "
                + "to match");
    }

    private static String name(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The imported input in the form's input shape, or null. */
    public ReadOnlyObjectProperty<Tensor> inputProperty() {
        return input.getReadOnlyProperty();
    }

    /** e.g. "births.csv (3652, 1, 2)", or "". */
    public ReadOnlyStringProperty inputSourceProperty() {
        return inputSource.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tensor> referenceProperty() {
        return reference.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty referenceSourceProperty() {
        return referenceSource.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    /** What to do next while there is nothing to compare, or "" (a comparison, or PyTorch's output is in). */
    public ObservableStringValue guideProperty() {
        return guide;
    }

    /** What an imported input changed in the form, e.g. "Model & shapes now has seq_len 12 and batch 4 (…)", or "". */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** A one-line problem with a file, or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}

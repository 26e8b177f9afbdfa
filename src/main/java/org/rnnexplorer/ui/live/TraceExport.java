package org.rnnexplorer.ui.live;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.AtomicFiles;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.TextTrace;
import org.rnnexplorer.service.TraceSnapshot;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the latest pass's traces (the followed sequence's states and gradients, per layer and direction) as NumPy
 * arrays or as one long CSV table, atomically. Pure file work: runs on any thread.
 */
public final class TraceExport {

    /** The long CSV's columns: one row per (layer, direction, t, unit). */
    public static final List<String> CSV_COLUMNS = List.of("layer", "direction", "t", "unit", "h", "a", "grad_h");

    /**
     * The columns a text-task pass adds to each row: the character read at t, the one after it, and the probability
     * the pass gave that one.
     */
    public static final List<String> TEXT_CSV_COLUMNS = List.of("read", "next", "p_next");

    public enum Format {
        /** One .npy array per tensor in a zip, as {@code np.load} reads it. */
        NPZ("npz"),
        /** Long format, one row per layer, direction, t and unit. */
        CSV("csv");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /** The format a file name asks for: .csv is CSV, anything else NPZ. */
        public static Format forFile(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : NPZ;
        }
    }

    private TraceExport() {
    }

    public static void write(Path file, Format format, TraceSnapshot trace) throws IOException {
        if (format == Format.CSV) {
            writeCsv(file, trace);
            return;
        }
        Map<String, Npz.Entry> entries = new LinkedHashMap<>();
        arrays(trace).forEach((name, tensor) -> entries.put(name, new Npz.Floats(tensor)));
        TextTrace text = textOf(trace);
        if (text != null) {
            entries.put("text_read", new Npz.Characters(text.read()));
            entries.put("text_next", new Npz.Characters(text.next()));
        }
        Npz.writeEntries(file, entries);
    }

    /** A file name that says which pass it holds: {@code rnn-traces-iter120.npz}. */
    public static String fileName(TraceSnapshot trace, Format format) {
        return "rnn-traces-iter" + trace.iteration() + "." + format.extension();
    }

    /**
     * The arrays of the NPZ, named {@code tensor.label} with PyTorch's suffix for the direction ({@code l0},
     * {@code l1_reverse}): {@code h} (T, H) the states h_t, {@code a} (T, H) the pre-activations a_t,
     * {@code grad_h} (T, H) ∂L/∂h_t, {@code grad_norm} (T) ‖∂L/∂h_t‖ over the whole batch, {@code inactive_fraction}
     * (T) saturated or dead units over the batch; when the pass was probed {@code jacobian} (T)
     * ‖diag(f′(a_t))·W_hh‖₂ and {@code product_log_norm} (T) ln ‖∂h_last/∂h_t‖₂; {@code rho}, {@code sigma_max} (1)
     * when known. {@code info} (6) holds iteration, T, N, the followed sequence's batch index and length, and the
     * loss. Values past the followed sequence's length are as the trace holds them (states 0, probes NaN). An LSTM or
     * GRU has no {@code a}; it adds the CLI trace's names: {@code gate_i} … {@code gate_o} or {@code gate_r},
     * {@code gate_z}, {@code gate_n} (T, H), an LSTM's {@code c} and {@code grad_c} (T, H) and {@code grad_c_norm} (T);
     * its {@code h} and {@code grad_h} are (T, H_out). A text-task pass adds {@code text_p_next} (T), the
     * probability the pass gave the character that came next; the NPZ file also holds the characters themselves as
     * {@code text_read} and {@code text_next} (T, dtype {@code <U1}: {@code ''.join(z['text_read'])}).
     */
    public static Map<String, Tensor> arrays(TraceSnapshot trace) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int steps = trace.steps();
        int hidden = trace.config().outputHiddenSize(), cellWidth = trace.config().hiddenSize();
        out.put("info", vector(new double[] {trace.iteration(), steps, trace.batch(), trace.batchIndex(), trace.length(),
            trace.loss()}));
        for (DirectionTrace d : trace.directions()) {
            String l = d.label();
            out.put("h." + l, new Tensor(new int[] {steps, hidden}, d.hidden().clone()));
            if (d.preactivation() != null) out.put("a." + l, new Tensor(new int[] {steps, hidden}, d.preactivation().clone()));
            if (d.isGated()) {
                var g = d.gated();
                for (String gate : g.mode().gateNames()) {
                    out.put("gate_" + gate + "." + l, new Tensor(new int[] {steps, cellWidth}, g.gate(gate).clone()));
                }
                if (g.hasCell()) {
                    out.put("c." + l, new Tensor(new int[] {steps, cellWidth}, g.cell().clone()));
                    out.put("grad_c." + l, new Tensor(new int[] {steps, cellWidth}, g.gradCell().clone()));
                    out.put("grad_c_norm." + l, vector(g.gradCellNorm()));
                }
            }
            out.put("grad_h." + l, new Tensor(new int[] {steps, hidden}, d.gradHidden().clone()));
            out.put("grad_norm." + l, vector(d.gradNorm()));
            if (d.inactiveFraction() != null) out.put("inactive_fraction." + l, vector(d.inactiveFraction()));
            if (d.jacobianNorm() != null) out.put("jacobian." + l, vector(d.jacobianNorm()));
            if (d.productLogNorm() != null) out.put("product_log_norm." + l, vector(d.productLogNorm()));
            if (Double.isFinite(d.spectralRadius())) out.put("rho." + l, vector(new double[] {d.spectralRadius()}));
            if (Double.isFinite(d.sigmaMax())) out.put("sigma_max." + l, vector(new double[] {d.sigmaMax()}));
        }
        TextTrace text = textOf(trace);
        if (text != null) out.put("text_p_next", new Tensor(new int[] {text.steps()}, text.nextProbability().clone()));
        return out;
    }

    /**
     * {@link #CSV_COLUMNS}, and {@link #TEXT_CSV_COLUMNS} for a text-task pass, one row per layer, direction, t and
     * unit of the followed sequence; integers as integers, values in the shortest form that reads back to the same
     * float32, characters quoted as RFC 4180 says (a newline stays a newline inside its quotes).
     */
    public static void writeCsv(Path file, TraceSnapshot trace) throws IOException {
        int steps = trace.steps();
        int hidden = trace.config().outputHiddenSize();
        TextTrace text = textOf(trace);
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write(String.join(",", CSV_COLUMNS));
            if (text != null) w.write("," + String.join(",", TEXT_CSV_COLUMNS));
            w.write('\n');
            StringBuilder row = new StringBuilder(96);
            for (DirectionTrace d : trace.directions()) {
                float[] h = d.hidden(), a = d.preactivation(), g = d.gradHidden();
                for (int t = 0; t < steps; t++) {
                    for (int u = 0; u < hidden; u++) {
                        int i = t * hidden + u;
                        row.setLength(0);
                        row.append(d.layer()).append(',').append(d.direction()).append(',').append(t).append(',')
                                .append(u).append(',').append(h[i]).append(',');
                        if (a != null) row.append(a[i]); // a gated cell has no pre-activation: the column stays empty
                        row.append(',').append(g[i]);
                        if (text != null) {
                            row.append(',').append(quoted(text.read()[t])).append(',').append(quoted(text.next()[t]))
                                    .append(',').append(text.nextProbability()[t]);
                        }
                        row.append('\n');
                        w.append(row);
                    }
                }
            }
            w.flush();
        });
    }

    /** The pass's characters, when it is of the text task and they cover its steps. */
    private static TextTrace textOf(TraceSnapshot trace) {
        TextTrace text = trace.text();
        return text != null && text.steps() == trace.steps() ? text : null;
    }

    /** A character as one quoted CSV field: {@code "a"}, {@code """"} for a quote. */
    private static String quoted(int codePoint) {
        return codePoint == '"' ? "\"\"\"\"" : "\"" + Character.toString(codePoint) + "\"";
    }

    private static Tensor vector(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return new Tensor(new int[] {f.length}, f);
    }
}

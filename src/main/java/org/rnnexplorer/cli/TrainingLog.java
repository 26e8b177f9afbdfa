package org.rnnexplorer.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rnnexplorer.io.OutputPlan;
import org.rnnexplorer.io.PendingFile;
import org.rnnexplorer.train.StepMetrics;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rnnx train --log}: every step's metrics, streamed to disk as they arrive, so memory stays bounded however
 * long the run (keeping them all cost ~0.8 KB a step). Nothing is visible at the log's path until {@link #finish}
 * stages it in the command's {@link OutputPlan}, which moves it into place with the other outputs.
 *
 * <p>CSV ({@code .csv}): rows {@code step,loss,grad_norm,grad_norm_clipped,clipped} go straight to the log's
 * temporary file. JSON (anything else): one array per metric cannot be written before the run ends, so rows go to a
 * locked spill file beside the log in blocks of {@link #BLOCK_BYTES} bytes stored column by column; finishing reads
 * each column back block by block into the JSON. Either way at most one block is held in memory.
 *
 * <p>{@link #append} runs on the engine thread; a write failure is kept (see {@link #failure()}) rather than thrown
 * into the engine, and later appends are dropped. {@link #finish} runs after the run's future completed.
 */
abstract sealed class TrainingLog implements AutoCloseable permits TrainingLog.CsvLog, TrainingLog.JsonLog {
    /** A block's size in bytes, whatever the number of columns. */
    static final int BLOCK_BYTES = 1 << 20;
    private static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

    final Path path;
    private long steps;
    private long lastFlushNanos = System.nanoTime();
    private volatile IOException failure;

    private TrainingLog(Path path) {
        this.path = path;
    }

    /** Opens the log for {@code path}, a declared output of {@code plan}: {@code .csv}, else JSON. */
    static TrainingLog open(OutputPlan plan, Path path) throws IOException {
        if (path.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) return new CsvLog(path, plan.begin(path));
        return new JsonLog(path, plan.scratch(path));
    }

    /** Records one step (engine thread). */
    final void append(StepMetrics m) {
        if (failure != null) return;
        try {
            write(m);
            steps++;
            long now = System.nanoTime();
            if (now - lastFlushNanos >= FLUSH_INTERVAL_NANOS) {
                lastFlushNanos = now; // what is on disk trails the run by at most a second (and a block for JSON)
                flush();
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The first write failure, naming the log's path; null while all is well. */
    final IOException failure() {
        return failure;
    }

    /** Steps recorded. */
    final long steps() {
        return steps;
    }

    /**
     * Completes the log and stages it in {@code plan}.
     *
     * @param summary JSON's trailing fields after {@code steps} (chance_baseline, backend, stopped,
     *                interrupted_at_step); CSV keeps only {@code interrupted_at_step}, as a last comment line
     */
    abstract void finish(OutputPlan plan, Map<String, Object> summary) throws IOException;

    /** Deletes what was not handed to the plan (the JSON spill). */
    @Override
    public abstract void close() throws IOException;

    /** Rows held in memory now (bounded by one block). */
    abstract int rowsInMemory();

    abstract void write(StepMetrics m) throws IOException;

    abstract void flush() throws IOException;

    static final class CsvLog extends TrainingLog {
        private final PendingFile file;
        private final OutputStream out;
        private final StringBuilder row = new StringBuilder(96);

        CsvLog(Path path, PendingFile file) throws IOException {
            super(path);
            this.file = file;
            this.out = file.stream();
            out.write("step,loss,grad_norm,grad_norm_clipped,clipped\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        void write(StepMetrics m) throws IOException {
            // Floats in Java's shortest form that reads back to the same float32, as Csv.write writes them.
            row.setLength(0);
            row.append(m.step()).append(',').append((float) m.loss()).append(',').append((float) m.gradNorm())
                    .append(',').append((float) m.gradNormClipped()).append(',').append(m.clipped() ? "1.0" : "0.0")
                    .append('\n');
            out.write(row.toString().getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        void flush() throws IOException {
            out.flush();
        }

        @Override
        void finish(OutputPlan plan, Map<String, Object> summary) throws IOException {
            if (failure() != null) throw failure();
            Object interrupted = summary.get("interrupted_at_step");
            if (interrupted != null) {
                out.write(("# interrupted_at_step=" + interrupted + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush(); // the plan already holds the file (OutputPlan.begin) and commits it with the others
        }

        @Override
        int rowsInMemory() {
            return 0;
        }

        @Override
        public void close() {
            // The plan owns the file: it commits it, or deletes it when the command fails.
        }
    }

    static final class JsonLog extends TrainingLog {
        private static final String[] FIXED = {"loss", "grad_norm", "grad_norm_clipped", "clipped"};
        private final PendingFile spill;
        private final DataOutputStream out;
        private List<String> ratioKeys;
        private int blockRows;
        /** The block being filled, column-major: column c's row r at {@code c * blockRows + r}. */
        private double[] block;
        private int rows;
        private long fullBlocks;

        JsonLog(Path path, PendingFile spill) {
            super(path);
            this.spill = spill;
            this.out = new DataOutputStream(spill.stream());
        }

        @Override
        void write(StepMetrics m) throws IOException {
            if (ratioKeys == null) {
                ratioKeys = List.copyOf(m.updateRatios().keySet()); // model order; the same every step
                blockRows = Math.max(16, BLOCK_BYTES / (8 * columns()));
                block = new double[blockRows * columns()];
            }
            block[rows] = m.loss();
            block[blockRows + rows] = m.gradNorm();
            block[2 * blockRows + rows] = m.gradNormClipped();
            block[3 * blockRows + rows] = m.clipped() ? 1 : 0;
            for (int k = 0; k < ratioKeys.size(); k++) {
                Double ratio = m.updateRatios().get(ratioKeys.get(k));
                block[(4 + k) * blockRows + rows] = ratio == null ? Double.NaN : ratio;
            }
            if (++rows == blockRows) {
                writeBlock();
                fullBlocks++;
                rows = 0;
            }
        }

        private int columns() {
            return FIXED.length + ratioKeys.size();
        }

        private void writeBlock() throws IOException {
            for (int c = 0; c < columns(); c++) {
                for (int r = 0; r < rows; r++) out.writeDouble(block[c * blockRows + r]);
            }
        }

        @Override
        void flush() throws IOException {
            out.flush();
        }

        @Override
        int rowsInMemory() {
            return rows;
        }

        @Override
        void finish(OutputPlan plan, Map<String, Object> summary) throws IOException {
            if (failure() != null) throw failure();
            int lastRows = rows;
            if (lastRows > 0) writeBlock();
            out.flush();
            rows = 0;
            ObjectMapper mapper = new ObjectMapper();
            plan.stage(path, sink -> {
                try (JsonGenerator g = mapper.getFactory().createGenerator(sink)) {
                    g.useDefaultPrettyPrinter();
                    g.writeStartObject();
                    for (int c = 0; c < FIXED.length; c++) {
                        g.writeFieldName(FIXED[c]);
                        writeColumn(g, c, lastRows, c == 3);
                    }
                    g.writeObjectFieldStart("update_ratio");
                    for (int k = 0; ratioKeys != null && k < ratioKeys.size(); k++) {
                        g.writeFieldName(ratioKeys.get(k));
                        writeColumn(g, FIXED.length + k, lastRows, false);
                    }
                    g.writeEndObject();
                    g.writeNumberField("steps", steps());
                    for (var e : summary.entrySet()) {
                        g.writeFieldName(e.getKey());
                        mapper.writeValue(g, e.getValue());
                    }
                    g.writeEndObject();
                }
            });
            spill.close();
        }

        /** Column {@code c} of every block, in step order. */
        private void writeColumn(JsonGenerator g, int c, int lastRows, boolean asBoolean) throws IOException {
            g.writeStartArray();
            if (ratioKeys != null) {
                long blockBytes = 8L * blockRows * columns();
                ByteBuffer buf = ByteBuffer.allocate(8 * blockRows);
                for (long b = 0; b <= fullBlocks; b++) {
                    int n = b < fullBlocks ? blockRows : lastRows;
                    if (n == 0) continue;
                    buf.clear().limit(8 * n);
                    spill.readFully(buf, b * blockBytes + 8L * c * n);
                    buf.flip();
                    for (int r = 0; r < n; r++) {
                        double v = buf.getDouble();
                        if (asBoolean) g.writeBoolean(v != 0);
                        else g.writeNumber(v);
                    }
                }
            }
            g.writeEndArray();
        }

        @Override
        public void close() throws IOException {
            spill.close(); // the spill never becomes the log: gone as soon as the log is not needed (the plan also closes it)
        }
    }

    /** The JSON summary fields, in the order the log has always written them. */
    static Map<String, Object> summary(double chanceBaseline, String backend, String stopped, Long interruptedAtStep) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!Double.isNaN(chanceBaseline)) m.put("chance_baseline", chanceBaseline);
        m.put("backend", backend);
        if (stopped != null) m.put("stopped", stopped);
        if (interruptedAtStep != null) m.put("interrupted_at_step", interruptedAtStep);
        return m;
    }
}

package org.rnnexplorer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.MemoryEstimate;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.engine.bench.BenchRunner;
import org.rnnexplorer.engine.bench.BenchShape;
import org.rnnexplorer.engine.bench.FmaPeak;
import org.rnnexplorer.service.StreamingBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rnnx bench}: median forward and forward+backward times of the standard shapes on a backend, or the
 * machine's FMA peak. One JSON object per line with {@code --json}, else a table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the standard shapes (forward in inference mode; forward+backward with gradients of ones "
                + "on output and h_n), or measure this machine's single-precision FMA peak.",
                "Shapes: tiny (T100 B1 I1 H32), long (T1000 B1 I8 H128), mid (T200 B32 I64 H256 2 layers), "
                        + "bigbi (T100 B64 I512 H1024 2 layers bidirectional), wide (T1000 B16 I128 H512)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--shape", paramLabel = "NAME", description = "tiny, long, mid, bigbi, wide or all")
    String shape;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
            description = "scalar, simd, cuda or auto (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--repeat", paramLabel = "N", description = "timed rounds (default: as many as fit about 6 s, 5 to 51)")
    Integer repeat;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed rounds first (default: at least 3 and 1.5 s)")
    Integer warmup;

    @Option(names = "--mode", paramLabel = "rnn|lstm|gru", defaultValue = "rnn",
            description = "the cell timed on the shapes: nn.RNN (tanh), nn.LSTM or nn.GRU (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--json", description = "one JSON object per shape per line")
    boolean json;

    @Option(names = "--peak", description = "measure the single-precision FMA peak on 1 thread and on all cores")
    boolean peak;

    @Option(names = "--streaming", description = "training through the engine service with traces streaming, "
            + "against the engine alone (T 1000, H 256, batch 8 unless --steps/--hidden/--batch say otherwise)")
    boolean streaming;

    @Option(names = "--steps", defaultValue = "1000", description = "--streaming: sequence length T")
    int steps;

    @Option(names = "--hidden", defaultValue = "256", description = "--streaming: hidden size H")
    int hidden;

    @Option(names = "--batch", defaultValue = "8", description = "--streaming: batch size N")
    int batch;

    @Option(names = "--iterations", defaultValue = "40", description = "--streaming: measured iterations per run (1 to 10000)")
    int iterations;

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The most timed or warm-up rounds, and --streaming iterations: a median of 10,000 is as good as any, and each
     * round's time is kept.
     */
    static final int MAX_ROUNDS = 10_000;

    @Spec
    CommandSpec spec;

    /** The flags each kind of bench reads; --json is read by all three. */
    static final List<String> SHAPES_FLAGS = List.of("--shape", "--repeat", "--warmup", "--mode", "--backend");
    static final List<String> STREAMING_FLAGS = List.of("--streaming", "--steps", "--hidden", "--batch", "--iterations",
            "--backend");
    static final List<String> PEAK_FLAGS = List.of("--peak");

    @Override
    public Integer call() throws Exception {
        refuseFlagsOfTheOtherBenches();
        if (peak) return peak();
        if (streaming) return streaming();
        if (shape == null) throw new IllegalArgumentException("bench needs --shape NAME (tiny, long, mid, bigbi, wide or all) or --peak");
        if (repeat != null) Flags.within("--repeat", repeat, 1, MAX_ROUNDS);
        if (warmup != null) Flags.within("--warmup", warmup, 0, MAX_ROUNDS);
        List<BenchShape> shapes = new ArrayList<>();
        if (shape.trim().equalsIgnoreCase("all")) shapes.addAll(List.of(BenchShape.values()));
        else shapes.add(BenchShape.parse(shape));
        CellMode cell = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "rnn" -> CellMode.RNN_TANH;
            case "lstm" -> CellMode.LSTM;
            case "gru" -> CellMode.GRU;
            default -> throw new IllegalArgumentException("--mode must be rnn, lstm or gru, got '" + mode + "'");
        };
        Backend b = Backends.select(backend, cell);
        BenchRunner.Plan plan = new BenchRunner.Plan(warmup == null ? -1 : warmup, repeat == null ? -1 : repeat);
        if (!json) {
            System.out.printf(Locale.ROOT, "%-6s %-7s %12s %15s %9s %8s%n", "shape", "backend", "forward ms",
                    "fwd+bwd ms", "GFLOP/s", "repeats");
        }
        for (BenchShape s : shapes) {
            BenchRunner.Result r = BenchRunner.run(b, s, plan, cell);
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("shape", s.key());
                if (cell.isGated()) o.put("mode", cell.torchName());
                o.put("backend", r.backend());
                o.put("fwd_ms", round(r.fwdMs()));
                o.put("fwdbwd_ms", round(r.fwdBwdMs()));
                o.put("gflops", round(r.gflops()));
                if (!r.how().isEmpty()) o.put("how", r.how());
                System.out.println(mapper.writeValueAsString(o));
            } else {
                System.out.printf(Locale.ROOT, "%-6s %-7s %12.3f %15.3f %9.2f %8d%n", s.key(), r.backend(), r.fwdMs(),
                        r.fwdBwdMs(), r.gflops(), r.repeats());
                if (!r.how().isEmpty()) System.out.println("       " + r.how());
            }
            System.out.flush();
        }
        return 0;
    }

    /**
     * A flag the chosen bench does not read is refused, naming it: {@code --batch 64} on the standard shapes timed
     * their own batch sizes and said nothing.
     */
    private void refuseFlagsOfTheOtherBenches() {
        var parsed = spec.commandLine().getParseResult();
        if (peak && streaming) throw new IllegalArgumentException("--peak and --streaming are two benches; choose one");
        String chosen = peak ? "--peak" : streaming ? "--streaming" : "the standard shapes (--shape)";
        List<String> reads = peak ? PEAK_FLAGS : streaming ? STREAMING_FLAGS : SHAPES_FLAGS;
        for (List<String> flags : List.of(SHAPES_FLAGS, STREAMING_FLAGS, PEAK_FLAGS)) {
            for (String flag : flags) {
                if (!reads.contains(flag) && parsed.hasMatchedOption(flag)) {
                    throw new IllegalArgumentException(flag + " is for "
                            + (SHAPES_FLAGS.contains(flag) ? "the standard shapes (--shape)" : "--streaming")
                            + ", not " + chosen);
                }
            }
        }
    }

    private int peak() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            FmaPeak.Result r = FmaPeak.measure(threads, 2000);
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("peak_threads", r.threads());
                o.put("gflops", round(r.gflops()));
                o.put("lanes", r.lanes());
                System.out.println(mapper.writeValueAsString(o));
            } else {
                System.out.printf(Locale.ROOT, "FMA peak, %d thread%s: %.1f GFLOP/s (%d float lanes)%n", r.threads(),
                        r.threads() == 1 ? "" : "s", r.gflops(), r.lanes());
            }
        }
        return 0;
    }

    private int streaming() throws Exception {
        Flags.atLeast("--steps", steps, 1);
        Flags.atLeast("--hidden", hidden, 1);
        Flags.atLeast("--batch", batch, 1);
        Flags.within("--iterations", iterations, 1, MAX_ROUNDS); // as --repeat: each iteration's time is kept
        StreamingBench.requireMemory(steps, batch, hidden, backend, Map.of(
                MemoryEstimate.Factor.STEPS, "--steps",
                MemoryEstimate.Factor.BATCH, "--batch",
                MemoryEstimate.Factor.HIDDEN_SIZE, "--hidden"));
        StreamingBench.Result r = StreamingBench.run(steps, batch, hidden,
                backend, iterations);
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("bench", "streaming");
            o.put("backend", r.backend());
            o.put("T", r.steps());
            o.put("H", r.hidden());
            o.put("N", r.batch());
            o.put("alone_ms_per_iteration", round(r.msPerIterationAlone()));
            o.put("streamed_ms_per_iteration", round(r.msPerIterationStreamed()));
            o.put("overhead", round(r.overhead()));
            o.put("snapshots_read", r.snapshotsRead());
            System.out.println(mapper.writeValueAsString(o));
        } else {
            System.out.printf(Locale.ROOT, "training T=%d H=%d N=%d on %s, %d iterations each:%n", r.steps(), r.hidden(),
                    r.batch(), r.backend(), r.iterations());
            System.out.printf(Locale.ROOT, "  engine alone:                 %8.2f ms/iteration%n", r.msPerIterationAlone());
            System.out.printf(Locale.ROOT, "  service, traces streaming:    %8.2f ms/iteration (%d snapshots read at 60 Hz)%n",
                    r.msPerIterationStreamed(), r.snapshotsRead());
            System.out.printf(Locale.ROOT, "  overhead:                     %8.3f× (target ≤ 1.2×)%n", r.overhead());
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

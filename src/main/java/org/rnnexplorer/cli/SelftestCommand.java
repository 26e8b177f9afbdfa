package org.rnnexplorer.cli;

import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.ConformanceVariant;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.engine.backend.Conformance;
import org.rnnexplorer.engine.backend.ConformanceCases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code rnnx selftest [--backend B|all]}: runs the conformance grid on a backend against the scalar reference and
 * prints one line per case (worst error, pass or fail, how the backend computed it) and, for failures, every tensor
 * out of bounds. Then, on the larger cases, every other way the backend offers to compute
 * ({@link Backend#conformanceVariants}: for CUDA each recurrence path and each plan autotuning may pick, forced).
 * Exits 1 when anything fails. Needs only the jar and a Java runtime: for users who want to know their GPU computes
 * correctly, and for GPU machines without Maven.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Compare a backend with the scalar reference on every configuration axis; exit 1 on any failure.")
final class SelftestCommand implements Callable<Integer> {

    @Option(names = "--backend", paramLabel = "B", defaultValue = "all",
            description = "scalar, simd, cuda, or all (every available backend but the reference; default).")
    String backend = "all";

    @Option(names = "--quick", description = "Only the small cases (skips the large ones and the forced CUDA paths).")
    boolean quick;

    @Option(names = "--shapes", description = "Also the benchmark shapes (tiny, long, mid; bigbi and wide with fewer steps).")
    boolean shapes;

    @Option(names = "--filter", paramLabel = "REGEX",
            description = "Only cases whose row name (e.g. grid:tanh-H1000-I5-B2-T8-h0-lengths) contains a match.")
    String filter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(); // System.out unless a caller set another (tests capture it)
        List<Backend> backends = new ArrayList<>();
        String key = backend.trim().toLowerCase(Locale.ROOT);
        if (key.equals("all")) {
            for (Backends.Entry e : Backends.all()) {
                if (e.name().equals("scalar")) continue;
                if (e.availability().available()) backends.add(e.backend());
                else out.println(e.availability().describe(e.name()) + " (not tested)");
            }
            if (backends.isEmpty()) {
                out.println("no backend besides the scalar reference is available; nothing to test");
                return 0;
            }
        } else {
            Backends.Entry entry = Backends.all().stream().filter(e -> e.name().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + backend
                            + "' (expected scalar, simd, cuda or all)"));
            if (!entry.availability().available()) {
                out.println(entry.availability().describe(entry.name()));
                out.println("selftest: FAILED (backend unavailable)");
                return 1;
            }
            backends.add(entry.backend());
        }
        Pattern pattern = null;
        if (filter != null) {
            try {
                pattern = Pattern.compile(filter);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--filter '" + filter + "' is not a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return run(backends, quick, shapes, pattern, out);
    }

    /** Runs the grid on each backend; returns the exit code. */
    static int run(List<Backend> backends, boolean quick, boolean shapes, Pattern filter, PrintWriter out) {
        Tally total = new Tally();
        for (Backend b : backends) {
            String device = b.deviceDescription().map(d -> " on " + d).orElse("");
            out.println("== " + b.name() + device + " vs scalar reference (bound " + Conformance.TOLERANCE + ")");
            List<ConformanceCases.Case> cases = new ArrayList<>(ConformanceCases.all());
            if (!quick) cases.addAll(ConformanceCases.largeCases());
            if (shapes) cases.addAll(ConformanceCases.standardShapes());
            cases.addAll(ConformanceCases.gated());
            header(out);
            for (ConformanceCases.Case c : cases) {
                if (filter != null && !filter.matcher(c.name()).find()) continue;
                var forCell = b.availability(c.config().mode());
                if (!forCell.available()) {
                    out.printf(Locale.ROOT, "%-52s %-10s %-5s %s%n", c.name(), "-", "n/a", forCell.reason());
                    total.notApplicable++;
                    continue;
                }
                runCase(b, c, c.name(), out, total);
            }
            if (!quick) variants(b, filter, out, total);
        }
        out.printf(Locale.ROOT, "selftest: %d passed, %d failed, %d not applicable%n", total.passed, total.failed,
                total.notApplicable);
        // A filter that matches nothing checked nothing: that is no pass (a typo must not read as PASSED).
        boolean nothing = filter != null && total.passed + total.failed + total.notApplicable == 0;
        out.println(total.failed > 0 ? "selftest: FAILED"
                : nothing ? "selftest: FAILED (no case matches --filter '" + filter.pattern() + "')" : "selftest: PASSED");
        out.flush();
        return total.failed == 0 && !nothing ? 0 : 1;
    }

    /** A variant to run on one case, under the row name {@code VARIANT:CASE}. */
    private record VariantRun(ConformanceVariant variant, ConformanceCases.Case c, String name) {
    }

    /**
     * Every variant the backend offers, on the large cases, two small ones that mix every axis and every LSTM and GRU
     * case, one section per group of variants (for CUDA: each RNN path forced, each autotuning candidate forced, and
     * each path of the gated recurrence forced).
     */
    private static void variants(Backend b, Pattern filter, PrintWriter out, Tally total) {
        Map<String, List<VariantRun>> groups = new LinkedHashMap<>();
        for (ConformanceCases.Case c : mixedAndLargeCases()) {
            for (ConformanceVariant v : b.conformanceVariants(c.config(), c.unbatched() ? 1 : c.batch())) {
                String name = v.name() + ":" + c.name();
                if (filter != null && !filter.matcher(name).find()) continue;
                groups.computeIfAbsent(v.group(), g -> new ArrayList<>()).add(new VariantRun(v, c, name));
            }
        }
        groups.forEach((group, runs) -> {
            out.println("-- " + b.name() + " with " + group);
            header(out);
            for (VariantRun r : runs) {
                if (r.variant().notApplicable().isPresent()) {
                    out.printf(Locale.ROOT, "%-52s %-10s %-5s %s%n", r.name(), "-", "n/a", r.variant().notApplicable().get());
                    total.notApplicable++;
                } else {
                    runCase(r.variant().backend(), r.c(), r.name(), out, total);
                }
            }
        });
    }

    private static List<ConformanceCases.Case> mixedAndLargeCases() {
        List<ConformanceCases.Case> cases = new ArrayList<>();
        for (ConformanceCases.Case c : ConformanceCases.all()) {
            if (c.name().equals("tanh-bi-L2-h0-lengths") || c.name().equals("relu-nobias-L3-dropout")) cases.add(c);
        }
        cases.addAll(ConformanceCases.largeCases());
        cases.addAll(ConformanceCases.gated());  // CUDA: every gated case on every gated path
        return cases;
    }

    private static void header(PrintWriter out) {
        out.printf(Locale.ROOT, "%-52s %-10s %-5s %s%n", "case", "max error", "", "how");
    }

    private static void runCase(Backend b, ConformanceCases.Case c, String name, PrintWriter out, Tally total) {
        Conformance.Result r;
        try {
            r = Conformance.check(b, c);
        } catch (RuntimeException | Error e) {
            out.printf(Locale.ROOT, "%-52s %-10s %-5s %s%n", name, "-", "FAIL", "error: " + CliErrors.message(e));
            if (System.getenv("RNNX_DEBUG") != null) e.printStackTrace(out);
            total.failed++;
            return;
        }
        Conformance.TensorError worst = r.worst();
        String err = worst == null ? "-" : worst.mismatch() != null ? "shape" : String.format(Locale.ROOT, "%.2e", worst.error());
        out.printf(Locale.ROOT, "%-52s %-10s %-5s %s%n", name, err, r.passed() ? "pass" : "FAIL", r.kernelDescription());
        if (r.passed()) {
            total.passed++;
        } else {
            total.failed++;
            for (Conformance.TensorError e : r.failures()) out.println("      " + e);
        }
    }

    private static final class Tally {
        int passed, failed, notApplicable;
    }
}

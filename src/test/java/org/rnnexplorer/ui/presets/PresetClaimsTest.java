package org.rnnexplorer.ui.presets;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.RecurrentSpectrum;
import org.rnnexplorer.train.StepMetrics;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.state.ModelState;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every preset's claims hold: each preset that trains is applied as the window applies it (the same view-models),
 * its runs are taken and trained headless on {@code simd} with the preset's seed and with another, each up to the
 * last iteration its claims look at (the budget at most; what follows cannot change them), and every {@link Claim}
 * is measured. And no preset's text carries a number that is neither a setting nor a claim. The build runs this class
 * at the machine's vector width and again at 256 and 128 bits (the pom's claims-256 and claims-128): the kernels' sums
 * round differently at each width, and a chaotic run must keep its promises on every machine.
 */
class PresetClaimsTest {

    /** The preset's own seed and one other: a claim that holds for one seed only is not a claim. */
    static final long[] SEEDS = {PresetsViewModel.SEED, PresetsViewModel.SEED + 1};

    final PaneViewModels panes = new PaneViewModels(Runnable::run, Runnable::run, null, "simd").installRequestRules();
    final ModelViewModel model = panes.model;
    final WeightsViewModel weights = panes.weights;
    final TrainingViewModel training = panes.training;
    final CompareViewModel compare = panes.compare;
    final PitfallsViewModel pitfalls = panes.pitfalls;
    final PresetsViewModel presets = new PresetsViewModel(panes.state);

    {
        // As the window follows them: a preset's own settings never read as changed.
        presets.watchSettings(() -> java.util.Arrays.asList(panes.state.formProperty().get(), training.settingsValue()),
                panes.state.formProperty(), training.settingsVersionProperty());
    }

    @AfterEach
    void close() {
        trainers.shutdownNow();
        panes.close();
    }

    /**
     * What one run did, step by step.
     *
     * @param rhoAtStart ρ of layer 0's W_hh before the first update (NaN for a gated cell)
     * @param rhoAtEnd   the same where the run ended: the watchdog's stop (whose update was not applied) or the last
     *                   iteration trained
     */
    record Evidence(double chance, double[] firstPassGradNorm, double[] lastPassGradNorm, List<StepMetrics> steps,
                    long stoppedAt, double rhoAtStart, double rhoAtEnd) {

        double measure(Claim c) {
            return switch (c.metric()) {
                case LOSS_TO_CHANCE -> {
                    if (steps.size() < c.at()) yield Double.NaN; // stopped before: the claim cannot hold
                    double sum = 0;
                    for (long i = c.at() - Claim.LOSS_WINDOW; i < c.at(); i++) sum += steps.get((int) i).loss();
                    yield sum / Claim.LOSS_WINDOW / chance;
                }
                case GRADIENT_FADE -> {
                    // The first pass, or the last one: a run is trained up to the last iteration its claims look at.
                    if (c.at() != 0 && c.at() != steps.size()) {
                        throw new IllegalArgumentException("the fade is measured on the first pass or the run's last");
                    }
                    double[] g = c.at() == 0 ? firstPassGradNorm : lastPassGradNorm;
                    yield g[0] / g[g.length - 1];
                }
                case WATCHDOG_STOP -> stoppedAt < 0 ? Double.POSITIVE_INFINITY : stoppedAt;
                case GRADIENT_GROWTH -> steps.stream().mapToDouble(StepMetrics::gradNorm).filter(Double::isFinite).max()
                        .orElse(Double.NaN) / steps.getFirst().gradNorm();
                case CLIPPED_SHARE -> (double) steps.stream().limit(c.at()).filter(StepMetrics::clipped).count() / c.at();
                case SPECTRAL_RADIUS_GROWTH -> rhoAtEnd / rhoAtStart;
                // A step the watchdog stopped applied no update; 0 exactly, never "small".
                case RECURRENT_STILL -> steps.stream().limit(c.at()).filter(m -> m.nonFinite() == null)
                        .filter(m -> m.updateRatios().entrySet().stream()
                                .filter(e -> e.getKey().startsWith("weight_hh_l")).allMatch(e -> e.getValue() == 0.0))
                        .count();
            };
        }
    }

    /** Runs already trained: a preset with the same run and budget as another (Pitfall 2) reuses its evidence. */
    private final Map<List<Object>, java.util.concurrent.Future<Evidence>> runs = new HashMap<>();
    /** Two runs at a time: the build machine has two cores, and each run's engine is one thread. */
    private final java.util.concurrent.ExecutorService trainers = java.util.concurrent.Executors.newFixedThreadPool(2);

    /** Starts training {@code spec} (or finds it started); the evidence comes with the future. */
    private java.util.concurrent.Future<Evidence> trainLater(RunSpec spec, long iterations) {
        return runs.computeIfAbsent(List.of(spec, iterations), k -> trainers.submit(() -> train(spec, iterations)));
    }

    private static Evidence train(RunSpec spec, long iterations) throws Exception {
        try (EngineService service = new EngineService()) {
            List<StepMetrics> steps = java.util.Collections.synchronizedList(new ArrayList<>());
            service.addStepListener(steps::add);
            ServiceSnapshot first = service.configure(spec).get(60, TimeUnit.SECONDS);
            double[] g = first.trace().direction(0, 0).gradNorm().clone();
            ServiceSnapshot last = service.runIterations(iterations).get(5, TimeUnit.MINUTES);
            double[] lastG = last.trace() == null ? null : last.trace().direction(0, 0).gradNorm().clone();
            long stopped = steps.stream().filter(m -> m.nonFinite() != null).mapToLong(StepMetrics::step).findFirst().orElse(-1);
            return new Evidence(first.history().baseline(), g, lastG, List.copyOf(steps), stopped, rho(first), rho(last));
        }
    }

    /** ρ of layer 0's W_hh (forward) in the weights a snapshot carries. */
    private static double rho(ServiceSnapshot s) {
        return RecurrentSpectrum.of(s.model().rnn()).getFirst().spectralRadius();
    }

    /** The runs a preset trains, as the window configures them: the Training pane's, or sides A and B (and C). */
    private Map<Claim.Run, RunSpec> apply(Preset p) {
        presets.apply(p);
        assertFalse(presets.lessonStaleProperty().get(), p + ": its explanation is marked stale by its own settings");
        Map<Claim.Run, RunSpec> specs = new HashMap<>();
        if (p.panes().contains(PaneId.AB_RUNS)) {
            specs.put(Claim.Run.A, compare.specA());
            specs.put(Claim.Run.B, compare.specB());
            if (compare.third().onProperty().get()) specs.put(Claim.Run.C, compare.third().spec());
            compare.cancel();
        } else if (training.configuredSpec() != null && training.activeProperty().get()) {
            specs.put(Claim.Run.MAIN, training.configuredSpec());
            training.leave();
        }
        return specs;
    }

    @Test
    void everyClaimOfEveryPresetHoldsOnItsSeedAndAnotherForItsBudget() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Preset p : Preset.values()) {
            if (p == Preset.REMEDY) continue; // its own test below, to see its time
            if (p.budget() == 0) {
                assertTrue(p.claims().isEmpty(), p + " explores only and claims nothing over iterations");
                continue;
            }
            checked += check(p, failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(checked >= 2 * 10, "claims checked: " + checked);
    }

    /** The article's remedy: tanh RNN, LSTM and GRU, three runs on two seeds. */
    @Test
    void theRemedysClaimsHoldOnItsSeedAndAnother() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = check(Preset.REMEDY, failures);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(2 * Preset.REMEDY.claims().size(), checked);
        assertEquals(java.util.Set.of(Claim.Run.A, Claim.Run.B, Claim.Run.C),
                Preset.REMEDY.claims().stream().map(Claim::run).collect(java.util.stream.Collectors.toSet()),
                "a claim about each of the three runs");
    }

    /** Trains a preset's runs on both seeds and measures its claims; adds what does not hold to {@code failures}. */
    private int check(Preset p, List<String> failures) throws Exception {
        assertTrue(!p.claims().isEmpty(), p + " trains and says what will happen");
        Map<Claim.Run, RunSpec> specs = apply(p);
        for (Claim c : p.claims()) assertTrue(c.at() <= p.budget(), p + ": " + c + " lies beyond the budget");
        Map<Claim.Run, Long> lastLook = new HashMap<>();
        for (Claim c : p.claims()) lastLook.merge(c.run(), c.at(), Math::max);
        Map<List<Object>, java.util.concurrent.Future<Evidence>> started = new HashMap<>();
        for (long seed : SEEDS) {
            for (Claim c : p.claims()) {
                RunSpec spec = specs.get(c.run());
                assertTrue(spec != null, p + " has no run " + c.run());
                RunSpec headless = spec.toBuilder().seed(seed).backend(org.rnnexplorer.service.BackendChoice.SIMD)
                        .probes(RunSpec.ProbeSettings.none()).build();
                // At least one iteration: a watchdog claim at the budget needs the run to have run.
                started.put(List.of(seed, c), trainLater(headless, Math.max(1, lastLook.get(c.run()))));
            }
        }
        int checked = 0;
        for (long seed : SEEDS) {
            for (Claim c : p.claims()) {
                double v = started.get(List.of(seed, c)).get(10, TimeUnit.MINUTES).measure(c);
                checked++;
                if (!c.holds(v)) {
                    failures.add(String.format(Locale.ROOT, "%s, seed %d, %d-bit vectors: \"%s\" measured %.4g", p, seed,
                            FloatVector.SPECIES_PREFERRED.vectorBitSize(), c.describe(), v));
                }
            }
        }
        return checked;
    }

    @Test
    void aPresetThatTrainsStopsAtItsBudget() throws Exception {
        presets.apply(Preset.EXPLODING_CLIPPED);
        ServiceSnapshot end = waitFor(() -> training.trainingProperty().get(),
                s -> s != null && s.state() == org.rnnexplorer.service.RunState.IDLE && s.iteration() > 0);
        assertEquals(Preset.EXPLODING_CLIPPED.budget(), end.iteration(), end.message());
        assertEquals("finished at iteration " + Preset.EXPLODING_CLIPPED.budget(), end.message());
    }

    private static ServiceSnapshot waitFor(java.util.function.Supplier<ServiceSnapshot> s,
                                           java.util.function.Predicate<ServiceSnapshot> p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            ServiceSnapshot x = s.get();
            if (p.test(x)) return x;
            Thread.sleep(20);
        }
        throw new AssertionError("not reached; last " + s.get());
    }

    // --- numbers in the texts ---

    private static final Pattern POWER_OF_TEN = Pattern.compile("10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** Years of the papers cited (Pascanu et al. 2013, Le et al. 2015) and the numbers any text may use. */
    private static final List<Double> ALWAYS_ALLOWED = List.of(0.0, 1.0, 2013.0, 2015.0);

    static List<Double> numerals(String text) {
        List<Double> out = new ArrayList<>();
        Matcher m = POWER_OF_TEN.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            StringBuilder exponent = new StringBuilder();
            for (char ch : m.group(1).toCharArray()) exponent.append(ch == '⁻' ? '-' : (char) ('0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(ch)));
            out.add(Math.pow(10, Integer.parseInt(exponent.toString())));
            m.appendReplacement(rest, " ");
        }
        m.appendTail(rest);
        Matcher n = NUMBER.matcher(rest);
        while (n.find()) out.add(Double.parseDouble(n.group()));
        return out;
    }

    @Test
    void numeralsAreReadAsWritten() {
        assertEquals(List.of(1e-3, 1e10, 64.0, 0.05), numerals("lr 10⁻³, 10¹⁰ × ‖g‖, H = 64, lr 0.05"));
    }

    /** The numbers a preset sets: the form's, the Training pane's (or both A/B runs'), the Pitfalls pane's. */
    private List<Double> settings(Preset p) {
        List<Double> out = new ArrayList<>(ALWAYS_ALLOWED);
        ModelState form = model.stateProperty().get();
        var cfg = form.config();
        out.addAll(List.of((double) cfg.inputSize(), (double) cfg.hiddenSize(), (double) cfg.numLayers()));
        for (String field : List.of(model.seqLenProperty().get(), model.batchProperty().get())) {
            out.add(Double.parseDouble(field.trim()));
        }
        out.add((double) pitfalls.chunksProperty().get());
        List<RunSpec> specs = new ArrayList<>();
        if (p.panes().contains(PaneId.AB_RUNS)) specs.addAll(List.of(compare.specA(), compare.specB()));
        if (p.panes().contains(PaneId.AB_RUNS) && compare.third().onProperty().get()) specs.add(compare.third().spec());
        else if (training.configuredSpec() != null) specs.add(training.configuredSpec());
        for (RunSpec s : specs) {
            out.addAll(List.of((double) s.config().hiddenSize(), (double) s.task().steps(), (double) s.batchSize(),
                    s.clipping().maxNorm(), (double) s.seed()));
            s.spectralRadius().ifPresent(out::add);
            for (Object v : s.optimizer().map(RunSpec.Optimization::args).orElse(Map.of()).values()) {
                if (v instanceof Number x) out.add(x.doubleValue());
                if (v instanceof List<?> l) for (Object y : l) out.add(((Number) y).doubleValue());
            }
        }
        out.add((double) p.budget());
        for (Claim c : p.claims()) out.addAll(List.of(c.threshold(), c.threshold() * 100, (double) c.at(), (double) Claim.LOSS_WINDOW));
        return out;
    }

    @Test
    void everyNumberInAPresetsTextIsOneOfItsSettingsOrClaims() {
        for (Preset p : Preset.values()) {
            presets.apply(p);
            List<Double> allowed = settings(p);
            compare.cancel();
            training.leave();
            for (String text : List.of(p.summary(), p.explanation())) {
                for (double v : numerals(text)) {
                    assertTrue(allowed.stream().anyMatch(x -> Math.abs(x - v) <= 1e-9 * Math.max(1, Math.abs(v))),
                            p + ": " + v + " is neither a setting nor a claim in \"" + text + "\"");
                }
            }
        }
    }
}

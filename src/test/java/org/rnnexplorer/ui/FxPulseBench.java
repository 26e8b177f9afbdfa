package org.rnnexplorer.ui;

import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.FxTimings;
import org.rnnexplorer.ui.run.ExploreSpecs;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FX-thread probe: while a long model trains and streams its passes (H = 256, T = 1000, N = 2), the
 * window shows the Hidden states pane and then the Gradient flow pane with the time cursor playing at 60 steps/s,
 * and every handler of ours on the FX thread is timed ({@link FxTimings}: the snapshot handlers, the hand-off of
 * prepared passes, the play step, the per-frame redraws of heatmaps and charts), beside the gaps between
 * consecutive pulses seen by an AnimationTimer (which include JavaFX's own layout, CSS and rendering) and the FX
 * thread's CPU time per pulse. Both panes are opened once before the measurement. A
 * measurement, not a test of speed: it asserts only that passes streamed and frames were drawn. Run:
 * <pre>mvn -B test -Dtest=FxPulseBench -Dsurefire.excludedGroups=</pre>
 * Prints the figures and writes them to target/bench/fx-pulse.txt.
 */
@Tag("bench")
@ExtendWith(ApplicationExtension.class)
class FxPulseBench {

    static final int HIDDEN = 256, STEPS = 1000, LAYERS = 1, BATCH = 2;
    static final double SECONDS_PER_PANE = 8;

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        explorer = new ExplorerWindow(new PreferencesStore(prefs), null, MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> stage.hide());
        explorer.close();
    }

    @Test
    void timesEveryFxHandlerWhileALongRunStreams(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.live().snapshot().trace() != null);
        RnnConfig config = new RnnConfig(10, HIDDEN, LAYERS, Nonlinearity.TANH, true, true, 0, false);
        InputLayout layout = InputLayout.check(config, Tensor.zeros(BATCH, STEPS, 10), null, null);
        ModelState state = new ModelState(config, new InputSpec(STEPS, BATCH, false, null, false), layout);
        // Jacobian factors but not the O(T·H³) running products: the probe times the window, not the probes.
        RunSpec spec = ExploreSpecs.explore(state, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 1),
                null, 1, "auto").withProbes(new RunSpec.ProbeSettings(0, true, false, 0.1));
        spec = org.rnnexplorer.ui.live.LiveRuns.withSgd(spec); // it trains: the explore run with an optimiser
        ServiceSnapshot configured = explorer.live().configure(spec).get(300, TimeUnit.SECONDS);
        assertEquals(RunState.IDLE, configured.state(), configured.message());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.cursor().stepsProperty().get() == STEPS);

        // Both panes are built once before the measurement: opening a pane the first time (FXML, charts, fonts) is a
        // one-off cost of a click, not of streaming.
        for (int tab : new int[] {3, 2}) {
            robot.interact(() -> explorer.mainView().tabs().getSelectionModel().select(tab));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> tab == 2
                    ? explorer.hidden().frameProperty().get() != null && explorer.hiddenView().heatmap().framesDrawn() > 0
                    : explorer.gradient().frameProperty().get() != null && explorer.gradientView().heatmap().framesDrawn() > 0);
            Thread.sleep(1000);
        }

        explorer.live().start();
        long firstIteration = -1;
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> explorer.live().snapshot().iteration() >= 1);
        firstIteration = explorer.live().snapshot().iteration();

        List<Long> gaps = new ArrayList<>(), cpuPerPulse = new ArrayList<>();
        long[] last = {0, 0};
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long cpu = FxTimings.cpuNanos();
                if (last[0] != 0) {
                    gaps.add(now - last[0]);
                    cpuPerPulse.add(cpu - last[1]);
                }
                last[0] = now;
                last[1] = cpu;
            }
        };
        robot.interact(() -> {
            FxTimings.reset();
            pulses.start();
            explorer.mainView().tabs().getSelectionModel().select(2); // Hidden states
            explorer.cursor().speedProperty().set(60);
            explorer.cursor().first();
            explorer.cursor().play();
        });
        Thread.sleep((long) (SECONDS_PER_PANE * 1000));
        robot.interact(() -> {
            explorer.mainView().tabs().getSelectionModel().select(3); // Gradient flow
            explorer.cursor().first();
            explorer.cursor().play();
        });
        Thread.sleep((long) (SECONDS_PER_PANE * 1000));
        long[] iterations = {0};
        CompletableFuture<Map<String, FxTimings.Stats>> stats = new CompletableFuture<>();
        CompletableFuture<Map<String, FxTimings.Stats>> cpu = new CompletableFuture<>();
        robot.interact(() -> {
            pulses.stop();
            explorer.cursor().pause();
            stats.complete(FxTimings.stats());
            cpu.complete(FxTimings.cpuStats());
            iterations[0] = explorer.live().snapshot().iteration();
        });
        String ips = explorer.window().throughputProperty().get();
        explorer.live().pause().get(120, TimeUnit.SECONDS);
        explorer.live().cancel().get(60, TimeUnit.SECONDS);

        long[] g = gaps.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(g);
        long[] c = cpuPerPulse.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(c);
        StringBuilder report = new StringBuilder();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        report.append(String.format(Locale.ROOT, "FX-thread probe, %s, %d cores (load average %.1f), %.0f s: a %d-layer tanh RNN, H = %d, "
                        + "T = %d, N = %d training on %s (%d iterations streamed; status bar: %s); Hidden states then "
                        + "Gradient flow shown, time cursor playing at 60 steps/s.%n",
                System.getProperty("glass.platform", "desktop") + "/" + System.getProperty("prism.order", "default"),
                Runtime.getRuntime().availableProcessors(), load, 2 * SECONDS_PER_PANE, LAYERS, HIDDEN, STEPS, BATCH,
                configured.backendName(), iterations[0] - firstIteration, ips));
        report.append(String.format(Locale.ROOT, "  pulse gaps: %d frames, %.1f frames/s, median %.1f ms, "
                        + "99th percentile %.1f ms, max %.1f ms%n", g.length + 1,
                (g.length) / (Arrays.stream(g).sum() / 1e9), g[g.length / 2] / 1e6,
                g[Math.min(g.length - 1, (int) Math.ceil(g.length * 0.99) - 1)] / 1e6, g[g.length - 1] / 1e6));
        report.append(String.format(Locale.ROOT, "  FX-thread CPU time per pulse (all of it: JavaFX's CSS, layout and "
                        + "scene sync too): median %.1f ms, 99th percentile %.1f ms, max %.1f ms%n", c[c.length / 2] / 1e6,
                c[Math.min(c.length - 1, (int) Math.ceil(c.length * 0.99) - 1)] / 1e6, c[c.length - 1] / 1e6));
        report.append("  our FX-thread handlers, wall time (CPU time of the FX thread in brackets):\n");
        for (var e : stats.get().entrySet()) {
            FxTimings.Stats s = e.getValue(), sc = cpu.get().get(e.getKey());
            report.append(String.format(Locale.ROOT, "  %-24s %5d calls, median %.2f (%.2f) ms, 99th percentile "
                            + "%.2f (%.2f) ms, max %.2f (%.2f) ms%n", e.getKey(), s.count(), s.medianMs(), sc.medianMs(),
                    s.p99Ms(), sc.p99Ms(), s.maxMs(), sc.maxMs()));
        }
        System.out.print(report);
        Path out = Path.of("target/bench/fx-pulse.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertTrue(iterations[0] - firstIteration >= 1, "passes streamed during the measurement");
        assertTrue(g.length > 10, "frames were drawn");
        assertTrue(stats.get().containsKey("snapshot handlers") && stats.get().containsKey("frame redraws"));
    }
}

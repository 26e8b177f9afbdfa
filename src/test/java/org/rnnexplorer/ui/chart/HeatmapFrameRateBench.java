package org.rnnexplorer.ui.chart;

import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frame rate of a 512-unit × 1000-step heatmap that gets new values every frame, measured headless (Monocle,
 * software rendering: a lower bound for a GPU pipeline). A measurement, not a test of speed: it asserts only that
 * frames were drawn. Run:
 * <pre>mvn -B test -Dtest=HeatmapFrameRateBench -Dsurefire.excludedGroups=</pre>
 * Prints the result and writes it to target/bench/heatmap-frame-rate.txt.
 */
@Tag("bench")
@ExtendWith(ApplicationExtension.class)
class HeatmapFrameRateBench {

    static final int UNITS = 512, STEPS = 1000, VARIANTS = 8;
    static final double SECONDS = 6;

    private Heatmap heatmap;

    @Start
    void start(Stage stage) {
        heatmap = new Heatmap();
        heatmap.titleProperty().set("h_t, 512 units × 1000 steps");
        heatmap.rowCaptionProperty().set("unit");
        heatmap.columnCaptionProperty().set("t");
        stage.setScene(new Scene(new StackPane(heatmap), 1200, 700));
        stage.show();
    }

    @Test
    void redrawsA512By1000HeatmapEveryFrame(FxRobot robot) throws Exception {
        measure(robot, false);
    }

    /** As the Hidden states pane draws it: saturated cells (|h| &gt; 0.95, about a third here) hatched, a cursor. */
    @Test
    void redrawsA512By1000HeatmapWithSaturationHatchingEveryFrame(FxRobot robot) throws Exception {
        measure(robot, true);
    }

    private void measure(FxRobot robot, boolean hatched) throws Exception {
        HeatmapData[] frames = new HeatmapData[VARIANTS];
        boolean[][] masks = new boolean[VARIANTS][];
        for (int v = 0; v < VARIANTS; v++) {
            float[] values = new float[UNITS * STEPS];
            for (int u = 0; u < UNITS; u++) {
                for (int t = 0; t < STEPS; t++) values[u * STEPS + t] = (float) Math.tanh(2 * Math.sin(0.02 * t + 0.05 * u + v));
            }
            frames[v] = new HeatmapData(UNITS, STEPS, values);
            masks[v] = new boolean[values.length];
            for (int i = 0; i < values.length; i++) masks[v][i] = Math.abs(values[i]) > 0.95;
        }
        robot.interact(() -> {
            heatmap.fixedScaleProperty().set(hatched ? new ColorScale(-1, 1) : null);
            heatmap.setMarkedColumn(hatched ? STEPS / 3 : -1);
            heatmap.setMask(null);
        });
        long[] redrawNanos = new long[100_000];
        int[] count = {0};
        long[] startEnd = new long[2];
        CountDownLatch done = new CountDownLatch(1);
        robot.interact(() -> new AnimationTimer() {
            private int frame;

            @Override
            public void handle(long now) {
                if (startEnd[0] == 0) startEnd[0] = System.nanoTime();
                heatmap.setData(frames[frame % VARIANTS]);
                if (hatched) heatmap.setMask(masks[frame % VARIANTS]);
                frame++;
                long t0 = System.nanoTime();
                FrameScheduler.flush(); // the redraw the pulse would run: colour look-up, scaling, upload
                redrawNanos[count[0]++] = System.nanoTime() - t0;
                if (System.nanoTime() - startEnd[0] > SECONDS * 1e9) {
                    startEnd[1] = System.nanoTime();
                    stop();
                    done.countDown();
                }
            }
        }.start());
        assertTrue(done.await(60, TimeUnit.SECONDS));
        int n = count[0];
        double fps = n / ((startEnd[1] - startEnd[0]) / 1e9);
        long[] sorted = Arrays.copyOf(redrawNanos, n);
        Arrays.sort(sorted);
        String report = String.format(Locale.ROOT,
                "Heatmap %d × %d%s, new values every frame, %s, %d cores: %.1f frames/s over %.0f s; FX-thread redraw "
                        + "median %.2f ms, 95th percentile %.2f ms, max %.2f ms (heatmap control %d × %d px)",
                UNITS, STEPS, hatched ? " with saturated cells hatched and a time cursor" : "", System.getProperty("glass.platform", "desktop") + "/" + System.getProperty("prism.order", "default"),
                Runtime.getRuntime().availableProcessors(), fps, SECONDS, sorted[n / 2] / 1e6, sorted[(int) (n * 0.95)] / 1e6,
                sorted[n - 1] / 1e6, (int) heatmap.getWidth(), (int) heatmap.getHeight());
        System.out.println(report);
        Path out = Path.of(hatched ? "target/bench/heatmap-frame-rate-hatched.txt" : "target/bench/heatmap-frame-rate.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + "\n");
        assertTrue(heatmap.framesDrawn() >= n / 2, "frames were drawn");
    }
}

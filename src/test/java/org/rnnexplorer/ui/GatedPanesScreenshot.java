package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.ModelState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


/**
 * The README's screenshots of the Hidden states and Gradient flow panes on an LSTM and a GRU. Under Xvfb:
 * <pre>xvfb-run -s "-screen 0 1600x1000x24" mvn -B test -Dtest=GatedPanesScreenshot -Dsurefire.excludedGroups= \
 *   -Dheadless.jvmArgs=-Dprism.order=sw -Drnnx.screenshots=assets/screenshots</pre>
 * (or headless under Monocle with the pom's defaults). Without {@code rnnx.screenshots} the images go to
 * target/screenshots. Tagged so that the normal build skips it.
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class GatedPanesScreenshot {

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;

    @Start
    void start(Stage stage) {
        explorer = new ExplorerWindow(new PreferencesStore(prefs), null, MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1520);
        stage.setHeight(960);
    }

    @AfterEach
    void close() {
        explorer.close();
    }

    @Test
    void writesScreenshotsOfTheGatedPanes(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        int steps = 60, batch = 4;
        for (CellMode mode : new CellMode[] {CellMode.LSTM, CellMode.GRU}) {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.state().formProperty().get() != null);
            robot.interact(() -> {
                RnnConfig config = new RnnConfig(mode, 10, 24, 1, true, false, 0, false, 0);
                explorer.state().editForm(new ModelState(config, new InputSpec(steps, batch, false, null, false),
                        new InputLayout(steps, batch, false, false)));
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.live().snapshot().trace() != null
                    && explorer.live().snapshot().trace().config().mode() == mode
                    && explorer.live().snapshot().trace().directions().getFirst().probed());
            // Larger weights (×2) and, for the LSTM, a forget-gate bias of +2 (Jozefowicz et al. 2015): gates that
            // saturate, so the scatter and the cell path have something to show.
            var before = explorer.live().snapshot().trace();
            robot.interact(() -> {
                RnnParameters p = explorer.state().weightsProperty().get().copy();
                for (float[] w : new float[][] {p.weightHh(0, 0), p.weightIh(0, 0)}) {
                    for (int i = 0; i < w.length; i++) w[i] *= 2;
                }
                if (mode == CellMode.LSTM) {
                    float[] b = p.biasIh(0, 0);
                    for (int u = 24; u < 48; u++) b[u] += 2;
                }
                explorer.state().editWeights(p);
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.live().snapshot().trace() != before
                    && explorer.live().snapshot().trace() != null
                    && explorer.live().snapshot().trace().directions().getFirst().probed());
            String name = mode.name().toLowerCase(java.util.Locale.ROOT);
            robot.interact(() -> {
                explorer.window().statusProperty().set("");
                explorer.mainView().tabs().getSelectionModel().select(2);
                explorer.hidden().quantityProperty().set(mode == CellMode.LSTM ? "f" : "z");
                explorer.hidden().unitsTextProperty().set("0, 5, 11");
                explorer.cursor().moveTo(30);
            });
            settle();
            int gates = mode == CellMode.LSTM ? 3 : 2;
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.hiddenView().scatterChart().shownLines().size() == gates
                    && explorer.hiddenView().unitsChart().shownLines().size() == 3
                    && !explorer.hiddenView().saturationChart().shownLines().isEmpty());
            settle();
            shoot(dir.resolve("hidden-states-" + name + ".png"));
            robot.interact(() -> {
                explorer.mainView().tabs().getSelectionModel().select(3);
                for (int i = 0; i < 11; i++) explorer.cursor().stepBackThroughBptt(); // 11 BPTT steps, as the README says
            });
            settle();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> explorer.gradientView().normChart().shownLines().size() >= 3);
            settle();
            shoot(dir.resolve("gradient-flow-" + name + ".png"));
            robot.interact(() -> explorer.cursor().restartBptt());
        }
    }

    private static void settle() throws Exception {
        SceneShots.settle(2500); // background frames and chart drawings, then a few pulses
    }

    private void shoot(Path file) throws Exception {
        SceneShots.write(explorer, file);
    }
}

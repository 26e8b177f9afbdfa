package org.rnnexplorer.ui;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every preset with its explanation open at the top of the window, in a window on a 1366 × 768 screen (1350 × 720)
 * and at 1024 × 700: the pane it opens and Gradient flow (BPTT stepped once) show every sentence whole, none cut at
 * the bottom of a column or under the next one (see {@link ProjectorChecks}). The long explanations (5–6 lines at
 * 1350 px) once pushed "Clipping never fired" under the time bar and Pascanu's bound under "The arithmetic of this
 * step".
 */
@Tag("ui")
class LessonStripFitUiTest extends ExplorerWindowFixture {

    private static final double[][] SIZES = {{1350, 720}, {1024, 700}};

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    @Test
    void everyPresetsPaneReadsWholeWithItsExplanationOpen(FxRobot robot) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Preset p : Preset.values()) {
            robot.interact(() -> {
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(SIZES[0][0]);
                stage.setHeight(SIZES[0][1]);
                explorer.presets().apply(p);
            });
            // A little training (the exploding run reaches its watchdog within it), then everything holds still.
            Thread.sleep(p == Preset.EXPLODING ? 1500 : 300);
            robot.interact(() -> {
                explorer.presets().pauseAll();
                // The step readout's longest text: the Jacobian factor, running product and Pascanu's bound of a step.
                if (explorer.gradient().frameProperty().get() != null) explorer.gradient().stepBack();
            });
            Set<PaneId> panes = new LinkedHashSet<>(List.of(p.panes().getFirst(), PaneId.GRADIENT_FLOW));
            for (double[] size : SIZES) {
                robot.interact(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                });
                for (PaneId pane : panes) {
                    robot.interact(() -> explorer.window().selectedPaneProperty().set(pane));
                    settle(robot);
                    String where = p.title() + ", " + (int) size[0] + "x" + (int) size[1] + ", " + pane.title() + ": ";
                    if (size == SIZES[0]) {
                        // On a 1366 × 768 screen each pane fits whole: its scroll pane (for shorter windows) does not scroll.
                        robot.interact(() -> {
                            for (Node n : ProjectorChecks.shown(stage.getScene().getRoot())) {
                                if (!(n instanceof ScrollPane scroll) || !scroll.getStyleClass().contains("pane-scroll")) continue;
                                double content = scroll.getContent().getLayoutBounds().getHeight();
                                double viewport = scroll.getViewportBounds().getHeight();
                                if (content > viewport + 1) {
                                    problems.add(where + "the pane scrolls: " + Math.round(content) + " px in " + Math.round(viewport));
                                }
                            }
                        });
                    }
                    List<String> found = WaitForAsyncUtils.asyncFx(() -> ProjectorChecks.problems(stage.getScene().getRoot()))
                            .get(20, TimeUnit.SECONDS);
                    found.forEach(problem -> problems.add(where + problem));
                    if (!found.isEmpty()) picture(p, size, pane);
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /** The window as the failing check saw it, in target/lesson-fit. */
    private void picture(Preset p, double[] size, PaneId pane) throws Exception {
        Path pictures = Path.of("target/lesson-fit");
        Files.createDirectories(pictures);
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(20, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", pictures.resolve(p.name() + "-" + (int) size[0] + "-"
                + pane.name() + ".png").toFile());
    }

    /** Lets the pane build, lay out and draw its charts (drawn off the FX thread, shown a frame later). */
    private void settle(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200);
        robot.interact(FrameScheduler::flush);
        robot.interact(() -> stage.getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }
}

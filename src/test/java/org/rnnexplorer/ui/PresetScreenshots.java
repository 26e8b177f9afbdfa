package org.rnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.service.RunState;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.presets.Preset;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Screenshots of every preset's end state, one per pane the preset names, for {@code assets/screenshots/presets/}:
 * <pre>mvn -B test -Dtest=PresetScreenshots -Dsurefire.excludedGroups= -Drnnx.screenshots=assets/screenshots</pre>
 * Each preset is applied as the Experiments pane applies it, runs to its budget (or until the watchdog stops it) on
 * the default backend, and its panes are shot with its explanation beside the charts. Without
 * {@code rnnx.screenshots} the images go to target/screenshots/presets; {@code -Drnnx.presets=A,B} shoots only those. Tagged so that the normal build skips it
 * (every preset trains to its budget: minutes); what the pictures show is asserted by PresetClaimsTest.
 */
@Tag("screenshot")
@ExtendWith(ApplicationExtension.class)
class PresetScreenshots {

    @TempDir
    Path prefs;

    private ExplorerWindow explorer;

    @Start
    void start(Stage stage) {
        explorer = new ExplorerWindow(new PreferencesStore(prefs), new SafetensorsWeightsFiles(),
                MainWindowViewModel.installedBackends(), null);
        explorer.show(stage);
        stage.setWidth(1520);
        stage.setHeight(960);
    }

    @AfterEach
    void close() {
        explorer.close();
    }

    @Test
    void writesTheEndStateOfEveryPreset(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("rnnx.screenshots", "target/screenshots")).resolve("presets");
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        List<Preset> chosen = chosen();
        for (Preset p : chosen) {
            robot.interact(() -> explorer.presets().apply(p));
            awaitEnd(p);
            for (PaneId pane : p.panes()) {
                robot.interact(() -> explorer.state().selectedPaneProperty().set(pane));
                Path file = dir.resolve(fileName(p, pane));
                shoot(file);
                written.add(file.getFileName().toString());
            }
        }
        assertEquals(chosen.size(), written.stream().map(n -> n.substring(0, n.indexOf("--"))).distinct().count(),
                "every preset has a picture: " + written);
    }

    /** Every preset, or those named by {@code -Drnnx.presets=EXPLODING,EXPLODING_CLIPPED} (to redo a few pictures). */
    private static List<Preset> chosen() {
        String names = System.getProperty("rnnx.presets", "").trim();
        if (names.isEmpty()) return List.of(Preset.values());
        return Arrays.stream(names.split(",")).map(String::trim).map(Preset::valueOf).toList();
    }

    /** e.g. {@code exploding-clipped--training.png}: the preset, then the pane. */
    static String fileName(Preset p, PaneId pane) {
        return p.name().toLowerCase(Locale.ROOT).replace('_', '-') + "--"
                + pane.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + ".png";
    }

    /** Waits until every run the preset trains has stopped at its budget or been stopped by the watchdog. */
    private void awaitEnd(Preset p) throws Exception {
        if (p.budget() == 0) {
            settle();
            return;
        }
        List<Supplier<ServiceSnapshot>> runs = new ArrayList<>();
        if (p.panes().contains(PaneId.AB_RUNS)) {
            runs.add(() -> explorer.compare().trainingAProperty().get());
            runs.add(() -> explorer.compare().trainingBProperty().get());
            if (p == Preset.REMEDY) runs.add(() -> explorer.compare().third().trainingProperty().get());
        } else {
            runs.add(() -> explorer.training().trainingProperty().get());
        }
        WaitForAsyncUtils.waitFor(900, TimeUnit.SECONDS, () -> runs.stream().map(Supplier::get).allMatch(s ->
                s != null && (s.state() == RunState.STOPPED
                        || s.state() != RunState.RUNNING && s.iteration() >= p.budget())));
        for (Supplier<ServiceSnapshot> run : runs) {
            ServiceSnapshot s = run.get();
            assertTrue(s.iteration() <= p.budget(), p + " ran past its budget: " + s.iteration());
        }
    }

    private static void settle() throws Exception {
        SceneShots.settle(1500); // the live pass, background spectra, then a few pulses
    }

    private void shoot(Path file) throws Exception {
        settle();
        // The start-up line measures this test JVM, not the app: keep it out of the picture.
        WaitForAsyncUtils.asyncFx(() -> explorer.window().statusProperty().set("")).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        SceneShots.write(explorer, file);
    }
}

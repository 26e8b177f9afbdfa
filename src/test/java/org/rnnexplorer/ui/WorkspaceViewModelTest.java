package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.state.PaneId;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;
import org.rnnexplorer.ui.weights.WeightsViewModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save → open restores every field; a file that is not a workspace changes nothing. Without JavaFX. */
class WorkspaceViewModelTest {

    @TempDir
    Path dir;

    private final List<PaneViewModels> windows = new ArrayList<>();

    /** One window's view-models over one explorer state with the rules that carry requests, with direct executors. */
    final class Window {
        final MainWindowViewModel window = new MainWindowViewModel(List.of(new BackendOption("scalar", true, ""),
                new BackendOption("simd", true, ""), new BackendOption("cuda", false, "no NVIDIA driver")), "scalar");
        final PaneViewModels panes = new PaneViewModels(Runnable::run, Runnable::run, new SafetensorsWeightsFiles(), "scalar")
                .installRequestRules();
        final ModelViewModel model = panes.model;
        final WeightsViewModel weights = panes.weights;
        final TrainingViewModel training = panes.training;
        final DataViewModel data = panes.data;
        final WorkspaceViewModel workspace = new WorkspaceViewModel(Runnable::run, Runnable::run, window, panes.state, training);

        Window() {
            windows.add(panes);
            panes.state.selectedPaneProperty().bindBidirectional(window.selectedPaneProperty()); // as the window does
        }
    }

    @AfterEach
    void close() {
        windows.forEach(PaneViewModels::close);
    }

    @Test
    void saveThenOpenRestoresEveryFieldAndTheWeightsBitForBit() throws IOException {
        Window a = new Window();
        a.model.inputSizeProperty().set("2");
        a.model.hiddenSizeProperty().set("7");
        a.model.numLayersProperty().set("2");
        a.model.nonlinearityProperty().set(Nonlinearity.RELU);
        a.model.bidirectionalProperty().set(true);
        a.model.batchFirstProperty().set(false);
        a.model.dropoutProperty().set("0.125");
        a.model.seqLenProperty().set("9");
        a.model.batchProperty().set("1");
        a.model.lengthsProperty().set("8");
        a.model.h0Property().set(false);
        a.weights.seedProperty().set(31);
        a.weights.orthogonal();
        a.weights.targetRhoProperty().set(0.8);
        a.weights.rescaleToTargetRho();
        a.weights.layerProperty().set(1);
        a.weights.directionProperty().set(1);
        a.training.taskProperty().set("sine");
        a.training.stepsProperty().set("33");
        a.training.initProperty().set(TrainingViewModel.Init.ORTHOGONAL);
        a.training.rhoProperty().set("0.95");
        a.training.optimizerProperty().set("rmsprop");
        a.training.lrProperty().set("0.003");
        a.training.momentumProperty().set("0.5");
        a.training.clippingProperty().set(TrainingViewModel.Clip.NORM);
        a.training.maxNormProperty().set("0.25");
        a.training.normTypeProperty().set("inf");
        a.training.tbpttChunkProperty().set("11");
        a.training.batchSizeProperty().set("5");
        a.training.seedProperty().set("1234567890123");
        a.data.importInput(Path.of("src/test/resources/fixtures/ui/data_series.csv"));
        a.window.themeProperty().set(Theme.DARK);
        a.window.zoomProperty().set(1.5625);
        a.window.colorMapProperty().set(ColorMap.PURPLE_ORANGE);
        a.window.backendProperty().set(a.window.backends().get(1));
        a.window.selectedPaneProperty().set(PaneId.TRAINING);
        assertEquals("", a.data.messageProperty().get());
        Workspace saved = a.workspace.gather();

        Path file = dir.resolve("lab.rnnx");
        a.workspace.save(file);
        assertEquals("Workspace saved to lab.rnnx", a.workspace.statusProperty().get(), a.workspace.messageProperty().get());

        Window b = new Window();
        assertNotEquals(saved.model(), b.workspace.gather().model());
        b.workspace.open(file);
        assertEquals("", b.workspace.messageProperty().get());
        Workspace back = b.workspace.gather();
        assertEquals(saved.model(), back.model());
        assertEquals(saved.input(), back.input());
        assertEquals(31, back.weightsSeed());
        assertEquals("simd", back.backend());
        assertEquals(saved.training(), back.training());
        assertEquals(saved.view(), back.view());
        assertEquals(saved.importedInput(), back.importedInput());
        for (String name : saved.weights().asMap().keySet()) {
            float[] x = saved.weights().get(name), y = back.weights().get(name);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), name + "[" + i + "]");
            }
        }
        // The controls themselves, as typed.
        assertEquals("0.003", b.training.lrProperty().get());
        assertEquals("inf", b.training.normTypeProperty().get());
        assertEquals("8", b.model.lengthsProperty().get());
        assertEquals(1, b.weights.directionProperty().get());
        assertEquals("lab.rnnx", b.weights.sourceProperty().get());
    }

    /** The sequence Hidden states and Gradient flow follow is saved with the view and followed again on opening. */
    @Test
    void theFollowedSequenceIsSavedAndFollowedAgain() throws IOException {
        Window a = new Window();
        a.model.batchProperty().set("3");
        a.model.lengthsProperty().set("5,3,2");
        a.panes.state.followedSequenceProperty().set(2);
        assertEquals(2, a.workspace.gather().view().sequence());
        Path file = dir.resolve("short.rnnx");
        a.workspace.save(file);
        Window b = new Window();
        assertEquals(0, b.panes.state.followedSequenceProperty().get());
        b.workspace.open(file);
        assertEquals("", b.workspace.messageProperty().get());
        assertEquals(2, b.panes.state.followedSequenceProperty().get());
        assertEquals("5,3,2", b.model.lengthsProperty().get());
    }

    /** A copy of a saved workspace with its workspace.json edited. */
    private Path edited(Path saved, String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path out = dir.resolve(name);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(saved.toFile());
             java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals("workspace.json")) {
                    String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    String changed = edit.apply(json);
                    assertNotEquals(json, changed, "the edit must change something");
                    bytes = changed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        return out;
    }

    @Test
    void weightsOfAnotherShapeThanTheFormAreNotSavedAsTheFormsModel() {
        Window a = new Window();
        org.rnnexplorer.engine.RnnConfig form = a.model.stateProperty().get().config();
        a.weights.configure(form.withHiddenSize(form.hiddenSize() + 1)); // the weights, not yet re-shaped for the form
        Path file = dir.resolve("mid-change.rnnx");
        a.workspace.save(file);
        assertEquals("Cannot save mid-change.rnnx: the weights are being re-shaped for the form; try again in a moment",
                a.workspace.messageProperty().get());
        assertFalse(Files.exists(file));
        // Trying again is answered again: the same line set twice fired no change, and the window showed no banner.
        List<String> shown = new ArrayList<>();
        a.workspace.messageProperty().addListener((o, was, m) -> {
            if (!m.isEmpty()) shown.add(m);
        });
        a.workspace.save(file);
        assertEquals(1, shown.size(), "the refusal is announced again");
    }

    @Test
    void aFileThatIsNotAWorkspaceGetsOneLineAndChangesNothing() throws IOException {
        Window a = new Window();
        Path file = dir.resolve("good.rnnx");
        a.window.themeProperty().set(Theme.DARK);
        a.workspace.save(file);
        Window b = new Window();
        String before = b.model.summaryProperty().get();

        Path broken = edited(file, "broken.rnnx", json -> json.replace("\"theme\" : \"dark\"", "\"theme\" : \"sepia\""));
        b.workspace.open(broken);
        assertEquals("broken.rnnx: view.theme is 'sepia', expected one of light, dark", b.workspace.messageProperty().get());
        assertEquals(Theme.LIGHT, b.window.themeProperty().get());

        Path cut = dir.resolve("cut.rnnx");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(file), 300));
        b.workspace.open(cut);
        assertTrue(b.workspace.messageProperty().get().startsWith("cut.rnnx: not a workspace: broken zip"),
                b.workspace.messageProperty().get());
        assertEquals(before, b.model.summaryProperty().get());

        b.workspace.open(dir.resolve("absent.rnnx"));
        assertTrue(b.workspace.messageProperty().get().contains("absent.rnnx"), b.workspace.messageProperty().get());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "\"task\" : \"adding\"|\"task\" : \"bogus\"|training.task is 'bogus', expected one of adding, adding-1997, copy, latching, sine, text, series",
            "\"zoom\" : 1.0|\"zoom\" : 1e308|view.zoom is 1.0E308, expected 0.75 to 3.0",
            "\"seq_len\" : 9|\"seq_len\" : 1048577|input.seq_len: RNN Explorer limit: seq_len × batch must be at most 1048576 (every step is kept), got 1048577",
            "\"seq_len\" : 9|\"seq_len\" : -5|input.seq_len must be at least 0, got -5",
            "\"steps\" : 33|\"steps\" : -100|training.steps must be at least 1, got -100",
            "\"layer\" : 1|\"layer\" : 99|view.layer is 99; the model has layers 0..1"})
    void aRefusedWorkspaceChangesNothingAtAll(String from, String to, String message) throws IOException {
        Window a = new Window();
        a.model.hiddenSizeProperty().set("7");
        a.model.numLayersProperty().set("2");
        a.model.seqLenProperty().set("9");
        a.model.batchProperty().set("1");
        a.weights.layerProperty().set(1);
        a.training.taskProperty().set("adding");
        a.training.stepsProperty().set("33");
        Path file = dir.resolve("good.rnnx");
        a.workspace.save(file);
        assertEquals("", a.workspace.messageProperty().get());

        Window b = new Window();
        b.training.taskProperty().set("copy");
        b.window.zoomProperty().set(1.25);
        Workspace before = b.workspace.gather();
        String summary = b.model.summaryProperty().get();
        Path bad = edited(file, "bad.rnnx", json -> json.replace(from, to));
        b.workspace.open(bad);
        assertEquals("bad.rnnx: " + message, b.workspace.messageProperty().get());
        Workspace after = b.workspace.gather();
        assertEquals(before.model(), after.model());
        assertEquals(before.input(), after.input());
        assertEquals(before.training(), after.training());
        assertEquals(before.view(), after.view());
        assertEquals(before.weights().asMap().keySet(), after.weights().asMap().keySet());
        assertEquals(summary, b.model.summaryProperty().get());
    }
}

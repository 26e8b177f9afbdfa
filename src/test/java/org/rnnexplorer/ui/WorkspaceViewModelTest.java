package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.data.DataViewModel;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.training.TrainingContext;
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

    private final List<ServiceBridge> bridges = new ArrayList<>();

    /** One window's view-models, with direct executors. */
    final class Window {
        final MainWindowViewModel window = new MainWindowViewModel(List.of(new BackendOption("scalar", true, ""),
                new BackendOption("simd", true, ""), new BackendOption("cuda", false, "no NVIDIA driver")), "scalar");
        final ModelViewModel model = new ModelViewModel();
        final WeightsViewModel weights = new WeightsViewModel(Runnable::run, Runnable::run, new SafetensorsWeightsFiles());
        final ServiceBridge live = new ServiceBridge(Runnable::run);
        final TrainingViewModel training;
        final DataViewModel data = new DataViewModel(Runnable::run, Runnable::run, model.stateProperty()::get,
                weights.parametersProperty()::get, () -> "scalar");
        final WorkspaceViewModel workspace;

        Window() {
            bridges.add(live);
            model.stateProperty().addListener((o, a, s) -> {
                if (s != null) weights.configure(s.config());
            });
            weights.configure(model.stateProperty().get().config());
            training = new TrainingViewModel(live, new TrainingContext() {
                @Override
                public org.rnnexplorer.ui.model.ModelState form() {
                    return model.stateProperty().get();
                }

                @Override
                public RnnParameters weights() {
                    return weights.parametersProperty().get();
                }

                @Override
                public String backend() {
                    return "scalar";
                }

                @Override
                public void exploreAgain() {
                }
            });
            workspace = new WorkspaceViewModel(Runnable::run, Runnable::run, window, model, weights, training, data);
        }
    }

    @AfterEach
    void close() {
        bridges.forEach(ServiceBridge::close);
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
        a.window.selectedTabProperty().set("Training");
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
    }

    @Test
    void aFileThatIsNotAWorkspaceGetsOneLineAndChangesNothing() throws IOException {
        Window a = new Window();
        Path file = dir.resolve("good.rnnx");
        a.window.themeProperty().set(Theme.DARK);
        a.workspace.save(file);
        Window b = new Window();
        String before = b.model.summaryProperty().get();

        Path broken = dir.resolve("broken.rnnx");
        Files.writeString(broken, Files.readString(file).replace("\"theme\" : \"dark\"", "\"theme\" : \"sepia\""));
        b.workspace.open(broken);
        assertEquals("broken.rnnx: view.theme is 'sepia', expected one of light, dark", b.workspace.messageProperty().get());
        assertEquals(Theme.LIGHT, b.window.themeProperty().get());

        Path cut = dir.resolve("cut.rnnx");
        Files.writeString(cut, Files.readString(file).substring(0, 300));
        b.workspace.open(cut);
        assertTrue(b.workspace.messageProperty().get().startsWith("cut.rnnx: not a workspace: invalid JSON"),
                b.workspace.messageProperty().get());
        assertEquals(before, b.model.summaryProperty().get());

        b.workspace.open(dir.resolve("absent.rnnx"));
        assertTrue(b.workspace.messageProperty().get().contains("absent.rnnx"), b.workspace.messageProperty().get());
    }
}

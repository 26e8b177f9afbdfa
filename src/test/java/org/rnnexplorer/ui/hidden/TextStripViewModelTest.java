package org.rnnexplorer.ui.hidden;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.service.TextTrace;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.task.CharText;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hidden states pane's text strip on real passes of the text task: its characters are the followed sequence's,
 * its colours the chosen unit's values of the layer and direction shown (or the next character's probability), and
 * its caption says which; other tasks show none.
 */
class TextStripViewModelTest {

    private static final String CORPUS = "\"Whale,\" said he, \"is the word.\"\nAnd so it was: the whale, the sea, the ship.\n";

    private static RunSpec textRun(RnnConfig config) {
        return RunSpec.builder(config, TaskSpec.text(CORPUS, 16)).batchSize(2)
                .optimizer(OptimizerKind.SGD, Map.of("lr", 0.1)).seed(3).backend(BackendChoice.SCALAR)
                .probes(RunSpec.ProbeSettings.defaults()).build();
    }

    private static RnnConfig rnn(int v) {
        return new RnnConfig(v, 6, 2, Nonlinearity.TANH, true, false, 0, true);
    }

    @Test
    void theStripIsTheFollowedSequenceColouredByTheFirstChosenUnitOfTheDirectionShown() throws Exception {
        int v = new CharText(CORPUS, 16).vocabularySize();
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(textRun(rnn(v))).get(30, TimeUnit.SECONDS);
            s = service.stepIteration().get(30, TimeUnit.SECONDS);
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            HiddenStatesViewModel vm = new HiddenStatesViewModel(cursor, Runnable::run, Runnable::run);
            vm.layerProperty().set(1);
            vm.directionProperty().set(1);
            vm.unitsTextProperty().set("4, 1");
            cursor.follow(s);
            vm.show(s);

            TextStrip strip = vm.textStripProperty().get();
            assertNotNull(strip);
            TextTrace text = s.trace().text();
            assertEquals(text.readText(), new String(strip.read(), 0, strip.steps()));
            assertTrue(CORPUS.contains(text.readText()));
            DirectionTrace shown = s.trace().direction(1, 1);
            for (int t = 0; t < 16; t++) {
                assertEquals(shown.hidden()[t * 6 + 4], strip.values()[t], "h[4] of l1_reverse at t = " + t);
            }
            assertEquals(-1.0, strip.scale().low(), "the heatmap's fixed tanh scale");
            assertEquals(1.0, strip.scale().high());
            assertTrue(strip.signed());
            assertEquals("Sequence b = 0 as read; each character's background is h[4] at that step, on the heatmap's scale",
                    strip.caption());
            String readout = strip.describe(3);
            assertTrue(readout.startsWith("t = 3: read '" + TextStrip.glyph(strip.read()[3]) + "', next '"
                    + TextStrip.glyph(strip.read()[4]) + "' (p = "), readout);
            assertTrue(readout.endsWith(", h[4] = " + HiddenStatesViewModel.format(shown.hidden()[3 * 6 + 4])), readout);

            vm.textColouringProperty().set(TextStrip.Colouring.NEXT_PROBABILITY);
            strip = vm.textStripProperty().get();
            for (int t = 0; t < 16; t++) assertEquals(text.nextProbability()[t], strip.values()[t]);
            assertEquals(0.0, strip.scale().low());
            assertEquals(1.0, strip.scale().high());
            assertTrue(strip.caption().endsWith("the probability the model gave the character after it (viridis, 0 to 1)"));
            assertTrue(!strip.signed());

            vm.textColouringProperty().set(TextStrip.Colouring.UNIT);
            vm.unitsTextProperty().set("");
            strip = vm.textStripProperty().get();
            assertTrue(Float.isNaN(strip.values()[0]));
            assertTrue(strip.caption().contains("choose a unit"), strip.caption());
        }
    }

    @Test
    void aGatedCellsStripFollowsTheQuantityShownOnItsScale() throws Exception {
        int v = new CharText(CORPUS, 16).vocabularySize();
        RnnConfig lstm = new RnnConfig(v, 5, 1, Nonlinearity.TANH, true, false, 0, false).withMode(CellMode.LSTM);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(textRun(lstm)).get(30, TimeUnit.SECONDS);
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            HiddenStatesViewModel vm = new HiddenStatesViewModel(cursor, Runnable::run, Runnable::run);
            vm.unitsTextProperty().set("2");
            vm.show(s);
            vm.quantityProperty().set("f");
            TextStrip strip = vm.textStripProperty().get();
            float[] forget = s.trace().direction(0, 0).gated().gate("f");
            for (int t = 0; t < 16; t++) assertEquals(forget[t * 5 + 2], strip.values()[t], "f[2] at t = " + t);
            assertEquals(0.0, strip.scale().low(), "a sigmoid gate's fixed [0, 1]");
            assertTrue(strip.caption().contains("f[2] at that step"), strip.caption());
            vm.quantityProperty().set("c");
            strip = vm.textStripProperty().get();
            HiddenFrame frame = vm.frameProperty().get();
            assertEquals(org.rnnexplorer.ui.chart.ColorScale.symmetric(frame.states().values()), strip.scale(),
                    "c_t on the heatmap's own scale");
        }
    }

    @Test
    void aLongSequenceShowsItsFirstCharactersAndSaysSo() throws Exception {
        String corpus = CORPUS.repeat(60);
        int v = new CharText(corpus, 4005).vocabularySize();
        RnnConfig c = new RnnConfig(v, 3, 1, Nonlinearity.TANH, true, false, 0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(RunSpec.builder(c, TaskSpec.text(corpus, 4005)).batchSize(1)
                    .optimizer(OptimizerKind.SGD, Map.of("lr", 0.1)).backend(BackendChoice.SCALAR).build())
                    .get(60, TimeUnit.SECONDS);
            HiddenStatesViewModel vm = new HiddenStatesViewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)),
                    Runnable::run, Runnable::run);
            vm.unitsTextProperty().set("1");
            vm.show(s);
            TextStrip strip = vm.textStripProperty().get();
            assertEquals(TextStrip.MAX_CHARACTERS, strip.steps());
            assertEquals(TextStrip.MAX_CHARACTERS, strip.values().length);
            assertTrue(strip.caption().startsWith("Sequence b = 0 as read (its first 4,000 of 4,005 characters); "),
                    strip.caption());
            assertEquals(s.trace().text().readText().substring(0, 4000), new String(strip.read(), 0, 4000));
            float[] h = s.trace().direction(0, 0).hidden();
            assertEquals(h[3999 * 3 + 1], strip.values()[3999]);
        }
    }

    @Test
    void anotherTaskHasNoStrip() throws Exception {
        try (EngineService service = new EngineService()) {
            RnnConfig c = new RnnConfig(2, 4, 1, Nonlinearity.TANH, true, false, 0, false);
            ServiceSnapshot s = service.configure(RunSpec.builder(c, TaskSpec.of("adding", 10)).batchSize(2)
                    .optimizer(OptimizerKind.SGD, Map.of("lr", 0.1)).backend(BackendChoice.SCALAR).build())
                    .get(30, TimeUnit.SECONDS);
            HiddenStatesViewModel vm = new HiddenStatesViewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)),
                    Runnable::run, Runnable::run);
            vm.show(s);
            assertNotNull(vm.frameProperty().get());
            assertNull(vm.textStripProperty().get());
        }
    }

    @Test
    void glyphsShowWhitespaceAndControlCharacters() {
        assertEquals("␣", TextStrip.glyph(' '));
        assertEquals("↵", TextStrip.glyph('\n'));
        assertEquals("⇥", TextStrip.glyph('\t'));
        assertEquals("·", TextStrip.glyph(0x07));
        assertEquals("é", TextStrip.glyph('é'));
        assertEquals("😀", TextStrip.glyph(0x1F600));
    }
}

package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.task.Batch;
import org.rnnexplorer.train.task.CharText;
import org.rnnexplorer.train.task.Seeds;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text the service publishes for a pass on the text task: the followed sequence's characters as they stand in
 * the corpus, and the probability of each next character against a float64 reference forward pass and softmax on
 * the same weights and batch, in either layout and for truncated BPTT.
 */
class TextTraceTest {

    static final String CORPUS = "Call me Ishmael. Some years ago - never mind how long precisely - having little or no"
            + " money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little"
            + " and see the watery part of the world. \"It is a way I have of driving off the spleen.\"\n";

    private static RunSpec spec(boolean batchFirst, int batch, int tbptt) {
        int v = new CharText(CORPUS, 12).vocabularySize();
        RnnConfig c = new RnnConfig(v, 8, 1, Nonlinearity.TANH, true, batchFirst, 0, false);
        RunSpec.Builder b = RunSpec.builder(c, TaskSpec.text(CORPUS, 12)).batchSize(batch)
                .optimizer(OptimizerKind.SGD, Map.of("lr", 0.5)).seed(5).backend(BackendChoice.SCALAR)
                .probes(new RunSpec.ProbeSettings(1, true, true, 0.1));
        if (tbptt > 0) b.tbpttChunk(tbptt);
        return b.build();
    }

    /** softmax(z_row)[k] in float64. */
    private static double softmax(double[] z, int offset, int v, int k) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int c = 0; c < v; c++) max = Math.max(max, z[offset + c]);
        for (int c = 0; c < v; c++) sum += Math.exp(z[offset + c] - max);
        return Math.exp(z[offset + k] - max) / sum;
    }

    /** The trace of sequence b against the reference on the time-major batch the pass trained on. */
    private static void assertMatches(TextTrace shown, Model weights, Batch timeMajor, int b) {
        int steps = timeMajor.input().dim(0), n = timeMajor.input().dim(1);
        CharText text = new CharText(CORPUS, 12);
        int v = text.vocabularySize();
        assertEquals(steps, shown.steps());
        // What it read, and what came next, stand together in the corpus.
        String window = shown.readText() + new String(shown.next(), steps - 1, 1);
        assertTrue(CORPUS.contains(window), "'" + window + "' is a window of the corpus");
        for (int t = 0; t + 1 < steps; t++) assertEquals(shown.read()[t + 1], shown.next()[t], "next at t = " + t);
        double[] z = PredictionsTest.headOutputs(weights, timeMajor.input(), null);
        int[] targets = ((Target.Classes) timeMajor.target()).indices();
        for (int t = 0; t < steps; t++) {
            int row = t * n + b;
            assertEquals(text.vocabulary()[targets[row]], shown.next()[t], "target at t = " + t);
            double expected = softmax(z, row * v, v, targets[row]);
            assertEquals(expected, shown.nextProbability()[t], 1e-5, "p(next) at t = " + t);
        }
    }

    private static void checkLayout(boolean batchFirst) throws Exception {
        RunSpec spec = spec(batchFirst, 3, 0);
        CharText task = (CharText) spec.task().create();
        try (EngineService service = new EngineService()) {
            ServiceSnapshot start = service.configure(spec).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.IDLE, start.state(), start.message());
            assertNotNull(start.trace().text(), "the explorer's pass before training shows its text");
            assertMatches(start.trace().text(), start.model(), task.batch(3, Seeds.forStep(spec.seed(), 0)), 1);

            service.stepIteration().get(30, TimeUnit.SECONDS);
            Model before = service.snapshot().model();
            ServiceSnapshot second = service.stepIteration().get(30, TimeUnit.SECONDS);
            assertEquals(1, second.trace().batchIndex());
            assertMatches(second.trace().text(), before, task.batch(3, Seeds.forStep(spec.seed(), 1)), 1);
        }
    }

    @Test
    void theFollowedSequencesTextAndNextCharacterProbabilitiesAreThoseOfTheReferencePass() throws Exception {
        checkLayout(false);
    }

    @Test
    void batchFirstShowsTheSameSequenceNotAnInterleavingOfTheBatch() throws Exception {
        checkLayout(true);
    }

    @Test
    void aTruncatedBpttChunkShowsItsStretchOfTheStrand() throws Exception {
        for (boolean batchFirst : new boolean[] {false, true}) {
            RunSpec spec = spec(batchFirst, 2, 5);
            CharText task = (CharText) spec.task().create();
            Batch stream = task.stream(2);
            int strand = (CORPUS.length() - 1) / 2;
            try (EngineService service = new EngineService()) {
                service.configure(spec).get(30, TimeUnit.SECONDS);
                Model initial = service.snapshot().model();
                ServiceSnapshot first = service.stepIteration().get(30, TimeUnit.SECONDS);
                // The first chunk starts from zeros: steps 0..4 of strand 1.
                Batch chunk = new Batch(slice(stream.input(), 5), new Target.Classes(new int[] {5, 2},
                        java.util.Arrays.copyOf(((Target.Classes) stream.target()).indices(), 10)), null);
                assertMatches(first.trace().text(), initial, chunk, 1);
                assertEquals(CORPUS.substring(strand, strand + 5), first.trace().text().readText());
                ServiceSnapshot second = service.stepIteration().get(30, TimeUnit.SECONDS);
                assertEquals(CORPUS.substring(strand + 5, strand + 10), second.trace().text().readText(),
                        "batch_first " + batchFirst);
            }
        }
    }

    private static org.rnnexplorer.engine.Tensor slice(org.rnnexplorer.engine.Tensor t, int steps) {
        int[] shape = t.shape();
        int per = t.size() / shape[0];
        shape[0] = steps;
        return new org.rnnexplorer.engine.Tensor(shape, java.util.Arrays.copyOf(t.data(), steps * per));
    }

    @Test
    void samplingLeavesTheLatestPassAsItWasForTheBpttStepsThatReadItAgain() throws Exception {
        // Without probes the first BPTT step reads the pass out of the network again (Run.stepBackward).
        RunSpec spec = spec(false, 3, 0).toBuilder().probes(new RunSpec.ProbeSettings(1, false, false, 0)).build();
        try (EngineService service = new EngineService()) {
            service.configure(spec).get(30, TimeUnit.SECONDS);
            ServiceSnapshot before = service.stepIteration().get(30, TimeUnit.SECONDS);
            String sampled = service.sampleText("Call", 40, 1.0, 3).get(30, TimeUnit.SECONDS);
            assertEquals(40, sampled.codePointCount(0, sampled.length()));
            ServiceSnapshot stepped = service.stepTimestepBackward().get(30, TimeUnit.SECONDS);
            assertTrue(stepped.trace().directions().getFirst().probed(), "the step measured the pass's Jacobians");
            assertEquals(before.trace().steps(), stepped.trace().steps());
            assertEquals(before.trace().text().readText(), stepped.trace().text().readText());
            org.junit.jupiter.api.Assertions.assertArrayEquals(before.trace().directions().getFirst().hidden(),
                    stepped.trace().directions().getFirst().hidden(), "h_t of the pass, not of the sampler's");
        }
    }

    @Test
    void aGatedTextRunShowsItsTextAndOtherTasksShowNone() throws Exception {
        RunSpec lstm = spec(false, 3, 0).toBuilder()
                .config(spec(false, 3, 0).config().withMode(CellMode.LSTM)).build();
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(lstm).get(30, TimeUnit.SECONDS);
            assertEquals(RunState.IDLE, s.state(), s.message());
            TextTrace text = s.trace().text();
            assertNotNull(text);
            assertTrue(CORPUS.contains(text.readText()));
            double meanLog = 0;
            for (float p : text.nextProbability()) {
                assertTrue(p > 0 && p < 1, "a probability: " + p);
                meanLog -= Math.log(p) / text.steps();
            }
            // An untrained model spreads its probability: about ln V per character.
            int v = new CharText(CORPUS, 12).vocabularySize();
            assertEquals(Math.log(v), meanLog, 0.5);
        }
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = service.configure(EngineServiceTest.tinySpec()).get(30, TimeUnit.SECONDS);
            assertNull(s.trace().text());
        }
    }
}

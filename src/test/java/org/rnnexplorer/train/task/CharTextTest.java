package org.rnnexplorer.train.task;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.backend.scalar.ScalarBackend;
import org.rnnexplorer.train.Linear;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.train.Readout;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharTextTest {
    static final String TEXT = "the cat sat on the mat. the dog sat on the log.\n";

    @Test
    void vocabularyIsSortedDistinctCharacters() {
        CharText task = new CharText("baca", 2);
        assertEquals(3, task.vocabularySize());
        assertArrayEquals(new int[] {'a', 'b', 'c'}, task.vocabulary());
        assertArrayEquals(new int[] {1, 0, 2, 0}, task.encode("baca"));
        assertEquals("cab", task.decode(new int[] {2, 0, 1}));
        assertEquals("'z' is not in the text's vocabulary",
                assertThrows(TrainingConfigException.class, () -> task.encode("z")).getMessage());
    }

    @Test
    void targetsAreTheNextCharacters() {
        CharText task = new CharText(TEXT, 7);
        Batch b = task.batch(5, new SplittableRandom(1));
        int v = task.vocabularySize();
        assertArrayEquals(new int[] {7, 5, v}, b.input().shape());
        int[] y = ((Target.Classes) b.target()).indices();
        for (int s = 0; s < 5; s++) {
            StringBuilder window = new StringBuilder();
            for (int t = 0; t < 7; t++) {
                int c = argmax(b.input().data(), (t * 5 + s) * v, v);
                window.appendCodePoint(task.vocabulary()[c]);
                if (t > 0) assertEquals(c, y[(t - 1) * 5 + s]);
            }
            window.appendCodePoint(task.vocabulary()[y[6 * 5 + s]]);
            assertTrue(TEXT.contains(window), "a window of the text: " + window);
        }
    }

    @Test
    void streamCutsTheTextIntoContiguousStrands() {
        CharText task = new CharText(TEXT, 4);
        Batch b = task.stream(3);
        int strand = (TEXT.length() - 1) / 3;
        assertArrayEquals(new int[] {strand, 3}, b.target().shape());
        int[] y = ((Target.Classes) b.target()).indices();
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < strand; t++) assertEquals(TEXT.charAt(s * strand + t + 1), task.vocabulary()[y[t * 3 + s]]);
        }
    }

    @Test
    void baselineIsTheUnigramEntropy() {
        CharText task = new CharText("aab", 1);
        assertEquals(-(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)), task.chanceBaseline(), 1e-15);
    }

    /**
     * An LSTM sampled a character at a time carries c_n with h_n: its greedy text is what one pass over the seed and
     * the generated text predicts at every step (before, c restarted from zero at each character).
     */
    @Test
    void anLstmSampledOneCharacterAtATimeAgreesWithOnePassOverTheWholeText() {
        CharText task = new CharText(TEXT, 5);
        int v = task.vocabularySize();
        RnnConfig c = RnnConfig.of(CellMode.LSTM, v, 8);
        RnnParameters p = Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 2);
        // Weights large enough that what c_t remembers changes the greedy text (it does for this seed: checked).
        for (float[] w : p.asMap().values()) for (int i = 0; i < w.length; i++) w[i] *= 3;
        Model m = new Model(p, Linear.pytorchDefault(8, v, 3), Readout.ALL);
        try (Network n = new Network(m, new ScalarBackend())) {
            String out = TextSampler.sample(n, task, "the ", 40, 0, new SplittableRandom(1));
            int[] whole = task.encode("the " + out.substring(0, out.length() - 1));
            Network.Forward f = n.forward(new Tensor(new int[] {whole.length, v}, task.oneHot(whole)), null, null,
                    ForwardOptions.inference());
            StringBuilder expected = new StringBuilder();
            for (int t = 3; t < whole.length; t++) {
                expected.appendCodePoint(task.vocabulary()[argmax(f.prediction().data(), t * v, v)]);
            }
            assertEquals(expected.toString(), out);
        }
    }

    @Test
    void samplingAtTemperatureZeroFollowsTheMostLikelyCharacter() {
        CharText task = new CharText(TEXT, 5);
        int v = task.vocabularySize();
        RnnConfig c = RnnConfig.of(v, 8);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 2), Linear.pytorchDefault(8, v, 3),
                Readout.ALL);
        try (Network n = new Network(m, new ScalarBackend())) {
            String out = TextSampler.sample(n, task, "the ", 6, 0, new SplittableRandom(1));
            // By hand: feed the seed, then each argmax back in, carrying h_n.
            int[] seed = task.encode("the ");
            Network.Forward f = n.forward(new Tensor(new int[] {seed.length, v}, task.oneHot(seed)), null, null,
                    ForwardOptions.inference());
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                int next = argmax(f.prediction().data(), f.prediction().size() - v, v);
                expected.appendCodePoint(task.vocabulary()[next]);
                f = n.forward(new Tensor(new int[] {1, v}, task.oneHot(new int[] {next})), f.rnnOutput().finalHidden(), null,
                        ForwardOptions.inference());
            }
            assertEquals(expected.toString(), out);
            String a = TextSampler.sample(n, task, "the ", 40, 1.0, new SplittableRandom(7));
            assertEquals(a, TextSampler.sample(n, task, "the ", 40, 1.0, new SplittableRandom(7)), "seeded");
            assertNotEquals(a, TextSampler.sample(n, task, "the ", 40, 1.0, new SplittableRandom(8)));
        }
    }

    @Test
    void drawFollowsTheTemperedSoftmax() {
        float[] logits = {1f, 0f, 2f};
        double temperature = 0.5;
        double[] p = new double[3];
        double z = 0;
        for (int c = 0; c < 3; c++) z += p[c] = Math.exp(logits[c] / temperature);
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[3];
        int n = 60_000;
        for (int i = 0; i < n; i++) counts[TextSampler.draw(logits, 0, 3, temperature, random)]++;
        for (int c = 0; c < 3; c++) {
            double expected = p[c] / z;
            assertEquals(expected, (double) counts[c] / n, 4 * Math.sqrt(expected * (1 - expected) / n), "class " + c);
        }
    }

    @Test
    void bidirectionalModelsCannotSample() {
        CharText task = new CharText(TEXT, 5);
        int v = task.vocabularySize();
        RnnConfig c = RnnConfig.of(v, 4).withBidirectional(true);
        Model m = new Model(Initializers.create(c, Initializers.Scheme.PYTORCH_DEFAULT, 2), Linear.pytorchDefault(8, v, 3),
                Readout.ALL);
        try (Network n = new Network(m, new ScalarBackend())) {
            assertThrows(TrainingConfigException.class, () -> TextSampler.sample(n, task, "the", 3, 1, new SplittableRandom(1)));
        }
    }

    static int argmax(float[] a, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (a[offset + i] > a[offset + best]) best = i;
        return best;
    }
}

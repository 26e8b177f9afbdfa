package org.rnnexplorer.train.task;

import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.SplittableRandom;

/**
 * Generates text from a character model: reads the seed text, then repeatedly draws the next character from
 * softmax(logits / temperature) and feeds it back, carrying the hidden state.
 */
public final class TextSampler {

    private TextSampler() {
    }

    /**
     * @param network     a unidirectional model with V inputs and V outputs (a head, or H = V)
     * @param text        the task that defines the vocabulary
     * @param seedText    non-empty, characters from the vocabulary
     * @param length      characters to generate after the seed
     * @param temperature &gt; 0 (lower is more conservative), or 0 for the most likely character each time
     * @return the generated characters (without the seed)
     */
    public static String sample(Network network, CharText text, String seedText, int length, double temperature,
                                SplittableRandom random) {
        RnnConfig config = network.model().config();
        int v = text.vocabularySize();
        if (config.bidirectional()) {
            throw new TrainingConfigException("model", "sampling feeds characters one at a time: it needs a "
                    + "unidirectional RNN");
        }
        if (config.inputSize() != v || network.model().outputSize() != v) {
            throw new TrainingConfigException("model", "the model must read and predict the text's " + v
                    + " characters, but has input_size " + config.inputSize() + " and " + network.model().outputSize()
                    + " outputs");
        }
        if (!(temperature >= 0)) throw new TrainingConfigException("temperature", "temperature must be ≥ 0, got " + temperature);
        if (seedText.isEmpty()) throw new TrainingConfigException("seed", "the seed text must not be empty");
        int[] seed = text.encode(seedText);
        Network.Forward f = network.forward(new Tensor(new int[] {seed.length, v}, text.oneHot(seed)), null, null,
                ForwardOptions.inference());
        int[] generated = new int[length];
        for (int i = 0; i < length; i++) {
            float[] p = f.prediction().data();
            int next = draw(p, p.length - v, v, temperature, random);
            generated[i] = next;
            if (i + 1 < length) {
                // The state goes on: h_n, and an LSTM's c_n with it.
                f = network.forward(new Tensor(new int[] {1, v}, text.oneHot(new int[] {next})),
                        f.rnnOutput().finalHidden(), f.rnnOutput().finalCell(), null, ForwardOptions.inference());
            }
        }
        return text.decode(generated);
    }

    /** A class drawn from softmax(logits[offset, offset+v) / temperature); argmax when temperature is 0. */
    static int draw(float[] logits, int offset, int v, double temperature, SplittableRandom random) {
        int best = 0;
        for (int c = 1; c < v; c++) if (logits[offset + c] > logits[offset + best]) best = c;
        if (temperature == 0) return best;
        double max = logits[offset + best] / temperature;
        double[] w = new double[v];
        double z = 0;
        for (int c = 0; c < v; c++) {
            w[c] = StrictMath.exp(logits[offset + c] / temperature - max);
            z += w[c];
        }
        double u = random.nextDouble() * z;
        for (int c = 0; c < v; c++) {
            u -= w[c];
            if (u < 0) return c;
        }
        return best;
    }
}

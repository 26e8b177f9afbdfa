package org.rnnexplorer.engine;

/**
 * One forward call's input in the backends' canonical layout: time-major, batched, float32, row-major.
 * The engine converts batch-first and unbatched inputs to this layout before calling a kernel.
 *
 * @param steps        T, the padded sequence length (&gt; 0)
 * @param batch        B (may be 0)
 * @param input        (T, B, I)
 * @param h0           (D·num_layers, B, H_out), or null for zeros
 * @param lengths      (B) valid steps per sequence, each in [1, T], or null when every sequence is T long;
 *                     semantics of {@code pack_padded_sequence(enforce_sorted=False)}
 * @param dropoutMasks num_layers-1 masks, mask k is (T, B, D·H_out) and multiplies layer k's output (values 0 or
 *                     1/(1-p)); null for none (eval mode)
 * @param c0           an LSTM's initial cell state (D·num_layers, B, H), or null for zeros; always null otherwise
 */
public record SequenceBatch(int steps, int batch, float[] input, float[] h0, int[] lengths, float[][] dropoutMasks,
                            float[] c0) {

    /** A batch without cell state: every RNN and GRU call, and an LSTM call with c0 = zeros. */
    public SequenceBatch(int steps, int batch, float[] input, float[] h0, int[] lengths, float[][] dropoutMasks) {
        this(steps, batch, input, h0, lengths, dropoutMasks, null);
    }

    /** Valid steps of sequence b. */
    public int length(int b) {
        return lengths == null ? steps : lengths[b];
    }

    /** Whether some sequence is shorter than T. */
    public boolean hasVariableLengths() {
        if (lengths == null) return false;
        for (int len : lengths) if (len != steps) return true;
        return false;
    }
}

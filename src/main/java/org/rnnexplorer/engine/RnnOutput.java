package org.rnnexplorer.engine;

/**
 * What {@code nn.RNN.forward} (and {@code nn.LSTM}, {@code nn.GRU}) returns, in the user's layout.
 *
 * @param output      (L, N, D·H_out), (N, L, D·H_out) with batch_first, or (L, D·H_out) unbatched; zero past each length
 * @param finalHidden h_n: (D·num_layers, N, H_out), or (D·num_layers, H_out) unbatched
 * @param finalCell   an LSTM's c_n: (D·num_layers, N, H), or (D·num_layers, H) unbatched; null for RNN and GRU
 * @param layout      how the input was laid out
 */
public record RnnOutput(Tensor output, Tensor finalHidden, Tensor finalCell, InputLayout layout) {

    /** An RNN's or GRU's result: no cell state. */
    public RnnOutput(Tensor output, Tensor finalHidden, InputLayout layout) {
        this(output, finalHidden, null, layout);
    }
}

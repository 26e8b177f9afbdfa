package org.rnnexplorer.engine;

/**
 * What {@code nn.RNN.forward} returns, in the user's layout.
 *
 * @param output      (L, N, D·H), (N, L, D·H) with batch_first, or (L, D·H) unbatched; zero past each length
 * @param finalHidden h_n: (D·num_layers, N, H), or (D·num_layers, H) unbatched
 * @param layout      how the input was laid out
 */
public record RnnOutput(Tensor output, Tensor finalHidden, InputLayout layout) {
}

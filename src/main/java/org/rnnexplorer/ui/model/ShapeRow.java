package org.rnnexplorer.ui.model;

/**
 * One line of the shapes table.
 *
 * @param tensor  PyTorch's name: input, h_0, output, h_n, weight_ih_l0, …
 * @param shape   the concrete shape as PyTorch prints a tuple, e.g. {@code (5, 3, 10)}
 * @param formula the shape in symbols, e.g. {@code (L, N, H_in)}
 * @param note    why it has that shape, one short phrase
 */
public record ShapeRow(String tensor, String shape, String formula, String note) {
}

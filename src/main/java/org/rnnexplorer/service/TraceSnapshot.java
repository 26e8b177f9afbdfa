package org.rnnexplorer.service;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;

import java.util.List;

/**
 * The latest forward and backward pass, seen from inside: every layer and direction's states and gradients.
 *
 * @param iteration  the training step whose pass this is (0: the initial model, before any update)
 * @param config     the RNN
 * @param steps      T
 * @param batch      N
 * @param batchIndex the followed sequence
 * @param length     the followed sequence's valid steps
 * @param loss       the pass's loss
 * @param directions per (layer, direction), layer-major
 * @param weights    the RNN's weights this pass ran with (a training pass's update came after it), kept only for an
 *                   Elman RNN with H ≤ {@link #ARITHMETIC_MAX_HIDDEN}, whose BPTT steps can be shown as arithmetic;
 *                   else null
 * @param gradOutput ∂L/∂output of the followed sequence, (T, D·H): the loss's gradient reaching the top layer's h_t
 *                   directly (the readout and head already applied); null exactly when {@code weights} is
 * @param text       the followed sequence as characters, for a pass on the text task; else null
 */
public record TraceSnapshot(long iteration, RnnConfig config, int steps, int batch, int batchIndex, int length,
                            double loss, List<DirectionTrace> directions, RnnParameters weights, float[] gradOutput,
                            TextTrace text) {

    /** The largest hidden size whose BPTT step the explorer shows as matrices with values. */
    public static final int ARITHMETIC_MAX_HIDDEN = 16;

    /** A pass without the weights and output gradient the step arithmetic needs. */
    public TraceSnapshot(long iteration, RnnConfig config, int steps, int batch, int batchIndex, int length,
                         double loss, List<DirectionTrace> directions) {
        this(iteration, config, steps, batch, batchIndex, length, loss, directions, null, null, null);
    }

    /** A pass that is not of the text task. */
    public TraceSnapshot(long iteration, RnnConfig config, int steps, int batch, int batchIndex, int length,
                         double loss, List<DirectionTrace> directions, RnnParameters weights, float[] gradOutput) {
        this(iteration, config, steps, batch, batchIndex, length, loss, directions, weights, gradOutput, null);
    }

    public DirectionTrace direction(int layer, int direction) {
        return directions.get(layer * config.numDirections() + direction);
    }
}

package org.rnnexplorer.service;

import org.rnnexplorer.engine.RnnConfig;

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
 */
public record TraceSnapshot(long iteration, RnnConfig config, int steps, int batch, int batchIndex, int length,
                            double loss, List<DirectionTrace> directions) {

    public DirectionTrace direction(int layer, int direction) {
        return directions.get(layer * config.numDirections() + direction);
    }
}

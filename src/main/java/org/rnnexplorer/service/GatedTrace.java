package org.rnnexplorer.service;

import org.rnnexplorer.engine.CellMode;

import java.util.List;

/**
 * What an LSTM's or GRU's layer and direction did in the latest pass beyond h_t, for the followed sequence unless
 * noted: the trace's {@code c.l{k}}, {@code gate_*.l{k}} and {@code grad_c.l{k}} of that sequence. Each array is
 * (T, H) row-major, zero past the sequence's length, never modified after publication; the snapshot keeps one
 * sequence's (T, H) per quantity, as it does for h_t, never the whole (T, N, H) batch.
 *
 * @param mode         LSTM or GRU
 * @param gates        each gate after its nonlinearity, in {@link CellMode#gateNames()} order (i, f, g, o or r, z, n)
 * @param cell         c_t (LSTM); null for a GRU
 * @param gradCell     ∂L/∂c_t through every path (LSTM); null for a GRU
 * @param gradCellNorm ‖∂L/∂c_t‖ over the whole batch and all units, (T) (LSTM); null for a GRU
 */
public record GatedTrace(CellMode mode, List<float[]> gates, float[] cell, float[] gradCell, double[] gradCellNorm) {

    public GatedTrace {
        if (!mode.isGated()) throw new IllegalArgumentException(mode.moduleName() + " has no gates");
        if (gates.size() != mode.gateCount()) {
            throw new IllegalArgumentException(mode.moduleName() + " has " + mode.gateCount() + " gates, got " + gates.size());
        }
        gates = List.copyOf(gates);
    }

    /** One gate by its name in {@link CellMode#gateNames()}, (T, H). */
    public float[] gate(String name) {
        int i = mode.gateNames().indexOf(name);
        if (i < 0) throw new IllegalArgumentException(mode.moduleName() + " has no gate " + name);
        return gates.get(i);
    }

    public boolean hasCell() {
        return cell != null;
    }
}

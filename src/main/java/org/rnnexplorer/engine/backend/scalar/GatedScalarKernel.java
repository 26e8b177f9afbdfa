package org.rnnexplorer.engine.backend.scalar;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.SequenceBatch;

/** {@link RnnKernel} for LSTM and GRU over {@link GatedReferenceMath}: float32 in and out, float64 inside. */
final class GatedScalarKernel implements RnnKernel {
    private final RnnConfig config;
    private final GatedReferenceMath.Params params;
    private GatedReferenceMath.ForwardResult forward;
    private ForwardMode mode;
    private GatedReferenceMath.Gradients gradients;

    GatedScalarKernel(RnnConfig config) {
        if (!config.isGated()) throw new IllegalArgumentException("GatedScalarKernel runs LSTM and GRU, not " + config.mode());
        this.config = config;
        this.params = new GatedReferenceMath.Params(config);
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    @Override
    public void setParameters(RnnParameters p) {
        if (!p.config().shape().equals(config.shape())) {
            throw new IllegalArgumentException("parameters are for " + p.config().torchRepr() + ", this kernel runs "
                    + config.torchRepr());
        }
        int dirs = config.numDirections();
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                widen(p.weightIh(k, d), params.weightIh[ld]);
                widen(p.weightHh(k, d), params.weightHh[ld]);
                if (config.bias()) {
                    widen(p.biasIh(k, d), params.biasIh[ld]);
                    widen(p.biasHh(k, d), params.biasHh[ld]);
                }
                if (config.projSize() > 0) widen(p.weightHr(k, d), params.weightHr[ld]);
            }
        }
    }

    @Override
    public void forward(SequenceBatch batch, ForwardMode mode) {
        double[][] masks = null;
        if (batch.dropoutMasks() != null) {
            masks = new double[batch.dropoutMasks().length][];
            for (int i = 0; i < masks.length; i++) masks[i] = widen(batch.dropoutMasks()[i]);
        }
        forward = GatedReferenceMath.forward(config, params, batch.steps(), batch.batch(), widen(batch.input()),
                widenOrNull(batch.h0()), widenOrNull(batch.c0()), batch.lengths(), masks);
        this.mode = mode;
        gradients = null;
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        backward(gradOutput, gradHn, null);
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn, float[] gradCn) {
        requireForward(true);
        if (gradCn != null && forward.finalCell == null) throw new UnsupportedOperationException("only an LSTM has c_n");
        gradients = GatedReferenceMath.backward(config, params, forward, widenOrNull(gradOutput), widenOrNull(gradHn),
                widenOrNull(gradCn));
    }

    @Override
    public void readOutput(float[] dst) {
        requireForward(false);
        narrow(forward.output, dst);
    }

    @Override
    public void readFinalHidden(float[] dst) {
        requireForward(false);
        narrow(forward.finalHidden, dst);
    }

    @Override
    public void readFinalCell(float[] dst) {
        requireForward(false);
        narrow(requireLstm(forward.finalCell), dst);
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        requireForward(true);
        narrow(forward.hidden[ld(layer, direction)], dst);
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        throw new UnsupportedOperationException(config.mode().moduleName() + " has gates, not one pre-activation a_t");
    }

    @Override
    public void readCell(int layer, int direction, float[] dst) {
        requireForward(true);
        narrow(requireLstm(forward.cell)[ld(layer, direction)], dst);
    }

    @Override
    public void readGate(int layer, int direction, int gate, float[] dst) {
        requireForward(true);
        int g = config.mode().gateCount(), h = config.hiddenSize();
        if (gate < 0 || gate >= g) throw new IllegalArgumentException("gate " + gate + " of " + config.mode().gateNames());
        double[] gates = forward.gates[ld(layer, direction)];
        int rows = gates.length / (g * h);
        if (dst.length != rows * h) throw new IllegalArgumentException("destination holds " + dst.length + ", expected " + rows * h);
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < h; u++) dst[r * h + u] = (float) gates[(r * g + gate) * h + u];
        }
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        requireBackward();
        narrow(gradients.hidden[ld(layer, direction)], dst);
    }

    @Override
    public void readGradCell(int layer, int direction, float[] dst) {
        requireBackward();
        narrow(requireLstm(gradients.cell)[ld(layer, direction)], dst);
    }

    @Override
    public void readGradInput(float[] dst) {
        requireBackward();
        narrow(gradients.input, dst);
    }

    @Override
    public void readGradH0(float[] dst) {
        requireBackward();
        narrow(gradients.initialHidden, dst);
    }

    @Override
    public void readGradC0(float[] dst) {
        requireBackward();
        narrow(requireLstm(gradients.initialCell), dst);
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        requireBackward();
        int dirs = config.numDirections();
        GatedReferenceMath.Params g = gradients.parameters;
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                narrow(g.weightIh[ld], dst.weightIh(k, d));
                narrow(g.weightHh[ld], dst.weightHh(k, d));
                if (config.bias()) {
                    narrow(g.biasIh[ld], dst.biasIh(k, d));
                    narrow(g.biasHh[ld], dst.biasHh(k, d));
                }
                if (config.projSize() > 0) narrow(g.weightHr[ld], dst.weightHr(k, d));
            }
        }
    }

    @Override
    public void close() {
        forward = null;
        gradients = null;
    }

    private int ld(int layer, int direction) {
        if (layer < 0 || layer >= config.numLayers() || direction < 0 || direction >= config.numDirections()) {
            throw new IllegalArgumentException("no layer " + layer + " direction " + direction + " in " + config.torchRepr());
        }
        return layer * config.numDirections() + direction;
    }

    private <T> T requireLstm(T cellState) {
        if (cellState == null) throw new UnsupportedOperationException("only an LSTM has a cell state");
        return cellState;
    }

    private void requireForward(boolean needsKept) {
        if (forward == null) throw new IllegalStateException("no forward pass has run");
        if (needsKept && !mode.keepsHiddenStates()) {
            throw new IllegalStateException("this needs a TRAINING or TRACE forward pass, not INFERENCE");
        }
    }

    private void requireBackward() {
        if (gradients == null) throw new IllegalStateException("no backward pass has run");
    }

    private static void widen(float[] src, double[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = src[i];
    }

    private static double[] widen(float[] src) {
        double[] d = new double[src.length];
        widen(src, d);
        return d;
    }

    private static double[] widenOrNull(float[] src) {
        return src == null ? null : widen(src);
    }

    private static void narrow(double[] src, float[] dst) {
        if (dst.length != src.length) {
            throw new IllegalArgumentException("destination holds " + dst.length + " elements, expected " + src.length);
        }
        for (int i = 0; i < src.length; i++) dst[i] = (float) src[i];
    }
}

package org.rnnexplorer.engine.backend.scalar;

import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;

/**
 * {@link RnnKernel} over {@link ReferenceMath}: float32 in and out, float64 inside. The contract (call order, array
 * lengths) is checked by the engine's wrapper before a call arrives here.
 */
final class ScalarKernel implements RnnKernel {
    private final RnnConfig config;
    private final ReferenceMath.Params params;
    private ReferenceMath.ForwardResult forward;
    private ReferenceMath.Gradients gradients;

    ScalarKernel(RnnConfig config) {
        this.config = config;
        this.params = new ReferenceMath.Params(config);
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    @Override
    public void setParameters(RnnParameters p) {
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
        forward = ReferenceMath.forward(config, params, batch.steps(), batch.batch(), widen(batch.input()),
                batch.h0() == null ? null : widen(batch.h0()), batch.lengths(), masks);
        gradients = null;
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        gradients = ReferenceMath.backward(config, params, forward, gradOutput == null ? null : widen(gradOutput),
                gradHn == null ? null : widen(gradHn));
    }

    @Override
    public void readOutput(float[] dst) {
        narrow(forward.output, dst);
    }

    @Override
    public void readFinalHidden(float[] dst) {
        narrow(forward.finalHidden, dst);
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        narrow(forward.hidden[layer * config.numDirections() + direction], dst);
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        narrow(forward.preactivation[layer * config.numDirections() + direction], dst);
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        narrow(gradients.hidden[layer * config.numDirections() + direction], dst);
    }

    @Override
    public void readGradInput(float[] dst) {
        narrow(gradients.input, dst);
    }

    @Override
    public void readGradH0(float[] dst) {
        narrow(gradients.initialHidden, dst);
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        int dirs = config.numDirections();
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < dirs; d++) {
                int ld = k * dirs + d;
                narrow(gradients.parameters.weightIh[ld], dst.weightIh(k, d));
                narrow(gradients.parameters.weightHh[ld], dst.weightHh(k, d));
                if (config.bias()) {
                    narrow(gradients.parameters.biasIh[ld], dst.biasIh(k, d));
                    narrow(gradients.parameters.biasHh[ld], dst.biasHh(k, d));
                }
            }
        }
    }

    @Override
    public void close() {
        forward = null;
        gradients = null;
    }

    private static void widen(float[] src, double[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = src[i];
    }

    private static double[] widen(float[] src) {
        double[] d = new double[src.length];
        widen(src, d);
        return d;
    }

    private static void narrow(double[] src, float[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = (float) src[i];
    }
}

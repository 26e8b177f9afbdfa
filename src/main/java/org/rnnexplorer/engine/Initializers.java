package org.rnnexplorer.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Weight initialisations. Each is deterministic from its seed. PyTorch's own random stream cannot be reproduced in
 * Java, so "PyTorch default" means PyTorch's distribution, not its numbers: for parity, load exported weights.
 */
public final class Initializers {

    /** The initialisations the explorer offers. */
    public enum Scheme {
        /** Every parameter, biases included, from U(-1/√H, 1/√H), drawn in parameters() order. */
        PYTORCH_DEFAULT,
        /** PyTorch default, then each W_hh replaced by a random orthogonal matrix (as init.orthogonal_). */
        ORTHOGONAL,
        /** IRNN (Le, Jaitly &amp; Hinton 2015): W_hh = I, biases 0, W_ih from N(0, 0.001²). */
        IDENTITY
    }

    private Initializers() {
    }

    /** New parameters for a configuration initialised by a scheme. */
    public static RnnParameters create(RnnConfig config, Scheme scheme, long seed) {
        RnnParameters p = RnnParameters.zeros(config);
        apply(p, scheme, seed);
        return p;
    }

    /** Overwrites every parameter according to the scheme. */
    public static void apply(RnnParameters p, Scheme scheme, long seed) {
        switch (scheme) {
            case PYTORCH_DEFAULT -> pytorchDefault(p, seed);
            case ORTHOGONAL -> {
                pytorchDefault(p, seed);
                orthogonalRecurrent(p, seed ^ 0x5DEECE66DL, 1.0);
            }
            case IDENTITY -> identity(p, seed, 1.0, 0.001);
        }
    }

    /** U(-k, k), k = 1/√H, for every parameter in PyTorch's parameters() order. */
    public static void pytorchDefault(RnnParameters p, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double k = 1.0 / Math.sqrt(p.config().hiddenSize());
        for (ParameterName name : p.names()) {
            float[] t = p.get(name);
            for (int i = 0; i < t.length; i++) t[i] = (float) (-k + 2 * k * random.nextDouble());
        }
    }

    /**
     * Replaces every W_hh by gain·Q with Q orthogonal, as {@code torch.nn.init.orthogonal_} builds it. For LSTM and
     * GRU each gate block (H × H_out) gets its own Q, as {@code orthogonal_} users apply it per block; with an LSTM
     * projection (H_out = P &lt; H) a block is the first P columns of an orthogonal H × H matrix (orthonormal columns).
     */
    public static void orthogonalRecurrent(RnnParameters p, long seed, double gain) {
        SplittableRandom random = new SplittableRandom(seed);
        int h = p.config().hiddenSize();
        int cols = p.config().outputHiddenSize();
        for (ParameterName name : p.names()) {
            if (name.kind() != ParameterName.Kind.WEIGHT_HH) continue;
            float[] w = p.get(name);
            for (int block = 0; block < p.config().mode().gateCount(); block++) {
                float[] q = orthogonal(h, random);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < cols; j++) w[(block * h + i) * cols + j] = (float) (gain * q[i * h + j]);
                }
            }
        }
    }

    /**
     * IRNN: W_hh = scale·I, every bias 0, W_ih from N(0, inputStd²). An Elman RNN's initialisation.
     *
     * @throws IllegalArgumentException for LSTM and GRU, whose recurrent weights are gate blocks
     */
    public static void identity(RnnParameters p, long seed, double scale, double inputStd) {
        requireElman(p, "the identity initialisation (IRNN)");
        SplittableRandom random = new SplittableRandom(seed);
        int h = p.config().hiddenSize();
        for (ParameterName name : p.names()) {
            float[] t = p.get(name);
            switch (name.kind()) {
                case WEIGHT_HH -> {
                    Arrays.fill(t, 0f);
                    for (int i = 0; i < h; i++) t[i * h + i] = (float) scale;
                }
                case WEIGHT_IH -> {
                    for (int i = 0; i < t.length; i++) t[i] = (float) (inputStd * gaussian(random));
                }
                default -> Arrays.fill(t, 0f);
            }
        }
    }

    /**
     * Scales each W_hh so that its spectral radius becomes {@code rho}. A W_hh with radius 0 (e.g. all zeros) is
     * left unchanged, since no scale can give it another radius.
     */
    public static void rescaleSpectralRadius(RnnParameters p, double rho) {
        requireElman(p, "rescaling W_hh to a spectral radius");
        int h = p.config().hiddenSize();
        for (ParameterName name : p.names()) {
            if (name.kind() != ParameterName.Kind.WEIGHT_HH) continue;
            float[] w = p.get(name);
            double current = Spectra.spectralRadius(w, h);
            if (current == 0 || !Double.isFinite(current)) continue;
            double s = rho / current;
            for (int i = 0; i < w.length; i++) w[i] = (float) (w[i] * s);
        }
    }

    private static void requireElman(RnnParameters p, String what) {
        if (p.config().isGated()) {
            throw new IllegalArgumentException(what + " is defined for nn.RNN; " + p.config().mode().moduleName()
                    + "'s W_hh stacks " + p.config().mode().gateCount() + " gate blocks");
        }
    }

    /** An (n, n) orthogonal matrix: QR of a Gaussian matrix with R's diagonal signs folded into Q. */
    static float[] orthogonal(int n, SplittableRandom random) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) a.data[i] = gaussian(random);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        if (!qr.decompose(a)) throw new ArithmeticException("QR decomposition failed");
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        float[] out = new float[n * n];
        for (int j = 0; j < n; j++) {
            double sign = Math.signum(r.get(j, j));
            if (sign == 0) sign = 1;
            for (int i = 0; i < n; i++) out[i * n + j] = (float) (q.get(i, j) * sign);
        }
        return out;
    }

    /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian in all JDKs' contracts). */
    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}

package org.rnnexplorer.train;

import java.util.Arrays;

/**
 * The running product of BPTT's Jacobian factors J_s = diag(f′(a_s))·W_hh, accumulated from the direction's last
 * step backwards: P ← P·J, so that after absorbing the factors of steps last, last-1, …, t+1 the product is
 * ∂h_last/∂h_t. Kept normalised with its scale in a log, so it neither overflows nor underflows over thousands of
 * steps. Each factor costs one (H, H)·(H, H) product.
 */
final class JacobianProduct {
    private final int h;
    private final double[] weightHh;
    private double[] product;
    private double[] next;
    private double logScale;
    private boolean vanished;
    private boolean poisoned;
    private final SpectralNorm norm;

    /**
     * Starts at the identity (the product over no factors).
     *
     * @param weightHh (H, H) row-major
     */
    JacobianProduct(float[] weightHh, int h) {
        this.h = h;
        this.weightHh = new double[weightHh.length];
        for (int i = 0; i < weightHh.length; i++) this.weightHh[i] = weightHh[i];
        this.product = new double[h * h];
        this.next = new double[h * h];
        for (int i = 0; i < h; i++) product[i * h + i] = 1;
        this.norm = new SpectralNorm(h);
    }

    /** Absorbs one factor diag(derivative)·W_hh on the right. */
    void absorb(double[] derivative) {
        if (vanished) return;
        Arrays.fill(next, 0);
        double largest = 0;
        for (int i = 0; i < h; i++) {
            int row = i * h;
            for (int k = 0; k < h; k++) {
                double a = product[row + k] * derivative[k];
                if (a == 0) continue;
                int wRow = k * h;
                for (int j = 0; j < h; j++) next[row + j] += a * weightHh[wRow + j];
            }
            for (int j = 0; j < h; j++) largest = Math.max(largest, Math.abs(next[row + j]));
        }
        if (largest == 0) {
            // Every path is cut (all units dead, or slopes exactly 0): the product is 0 from here on.
            vanished = true;
            return;
        }
        if (!Double.isFinite(largest)) {
            poisoned = true;
            vanished = true;
            return;
        }
        double inv = 1 / largest;
        for (int i = 0; i < next.length; i++) next[i] *= inv;
        logScale += Math.log(largest);
        double[] t = product;
        product = next;
        next = t;
    }

    /** ln ‖product‖₂; −∞ once the product is exactly zero, NaN once it was non-finite. */
    double logNorm() {
        if (vanished) return poisoned ? Double.NaN : Double.NEGATIVE_INFINITY;
        return logScale + Math.log(norm.dense(product));
    }
}

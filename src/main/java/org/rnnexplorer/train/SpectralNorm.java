package org.rnnexplorer.train;

/**
 * Largest singular values by power iteration on AᵀA, warm-started from the previous call's vector: cheap when a
 * sequence of slowly changing matrices is measured (one per timestep). The value converges quadratically in the
 * vector's error, so few iterations give ‖A‖₂ to float64 precision even when the top singular values are close.
 */
final class SpectralNorm {
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-13;

    private final int n;
    private final double[] v;
    private final double[] u;
    private final double[] z;

    /** For (n, n) matrices. */
    SpectralNorm(int n) {
        this.n = n;
        this.v = new double[n];
        this.u = new double[n];
        this.z = new double[n];
        restart();
    }

    /**
     * ‖diag(s)·W‖₂.
     *
     * @param w (n, n) row-major
     * @param s (n) row scales
     */
    double scaledRows(float[] w, double[] s) {
        return iterate((src, dst) -> {
            for (int i = 0; i < n; i++) {
                double acc = 0;
                int row = i * n;
                for (int j = 0; j < n; j++) acc += w[row + j] * src[j];
                dst[i] = s[i] * acc;
            }
        }, (src, dst) -> {
            java.util.Arrays.fill(dst, 0);
            for (int i = 0; i < n; i++) {
                double a = s[i] * src[i];
                if (a == 0) continue;
                int row = i * n;
                for (int j = 0; j < n; j++) dst[j] += w[row + j] * a;
            }
        });
    }

    /**
     * ‖M‖₂ of a dense matrix, iterating on the left vector (MMᵀ), which changes little when M grows by right factors.
     *
     * @param m (n, n) row-major
     */
    double dense(double[] m) {
        return iterate((src, dst) -> {
            java.util.Arrays.fill(dst, 0);
            for (int i = 0; i < n; i++) {
                double a = src[i];
                if (a == 0) continue;
                int row = i * n;
                for (int j = 0; j < n; j++) dst[j] += m[row + j] * a;
            }
        }, (src, dst) -> {
            for (int i = 0; i < n; i++) {
                double acc = 0;
                int row = i * n;
                for (int j = 0; j < n; j++) acc += m[row + j] * src[j];
                dst[i] = acc;
            }
        });
    }

    private interface Apply {
        void apply(double[] src, double[] dst);
    }

    /** Power iteration: σ = ‖A v‖ for unit v, v ← AᵀA v normalised; forward = A, back = Aᵀ. */
    private double iterate(Apply forward, Apply back) {
        double sigma = -1;
        for (int attempt = 0; attempt < 2; attempt++) {
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                forward.apply(v, u);
                double next = norm(u);
                if (!Double.isFinite(next)) return Double.NaN;
                if (next == 0) break;
                back.apply(u, z);
                double zn = norm(z);
                if (!Double.isFinite(zn)) return Double.NaN;
                if (zn == 0) break;
                for (int i = 0; i < n; i++) v[i] = z[i] / zn;
                if (Math.abs(next - sigma) <= TOLERANCE * next) return next;
                sigma = next;
            }
            if (sigma > 0) return sigma;
            // A v = 0 for the warm vector: start again from a vector with no zero component.
            if (attempt == 0) restart();
        }
        return Math.max(sigma, 0);
    }

    private void restart() {
        for (int i = 0; i < n; i++) v[i] = (1.0 + 0.37 * Math.sin(1.7 * i + 0.3)) / Math.sqrt(n);
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double e : x) s += e * e;
        return Math.sqrt(s);
    }
}

package org.rnnexplorer.engine;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.Arrays;

/** Eigenvalues and singular values of square weight matrices (W_hh), computed in float64 with EJML. */
public final class Spectra {

    private Spectra() {
    }

    /** Eigenvalues of an (n, n) row-major matrix: {re[], im[]}, ordered by decreasing modulus. */
    public static double[][] eigenvalues(float[] matrix, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(toMatrix(matrix, n, n))) {
            throw new ArithmeticException("eigenvalue decomposition did not converge");
        }
        Complex_F64[] values = new Complex_F64[n];
        for (int i = 0; i < n; i++) values[i] = eig.getEigenvalue(i);
        Arrays.sort(values, (a, b) -> Double.compare(b.getMagnitude(), a.getMagnitude()));
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = values[i].real;
            out[1][i] = values[i].imaginary;
        }
        return out;
    }

    /** ρ: the largest eigenvalue modulus of an (n, n) matrix. */
    public static double spectralRadius(float[] matrix, int n) {
        double[][] ev = eigenvalues(matrix, n);
        return n == 0 ? 0 : Math.hypot(ev[0][0], ev[1][0]);
    }

    /** Singular values of a (rows, cols) row-major matrix, decreasing. */
    public static double[] singularValues(float[] matrix, int rows, int cols) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
        if (!svd.decompose(toMatrix(matrix, rows, cols))) {
            throw new ArithmeticException("singular value decomposition did not converge");
        }
        double[] s = svd.getSingularValues().clone();
        s = Arrays.copyOf(s, Math.min(rows, cols));
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double tmp = s[i];
            s[i] = s[j];
            s[j] = tmp;
        }
        return s;
    }

    /** σ_max, the spectral norm ‖W‖₂. */
    public static double largestSingularValue(float[] matrix, int rows, int cols) {
        double[] s = singularValues(matrix, rows, cols);
        return s.length == 0 ? 0 : s[0];
    }

    static DMatrixRMaj toMatrix(float[] m, int rows, int cols) {
        DMatrixRMaj d = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) d.data[i] = m[i];
        return d;
    }
}

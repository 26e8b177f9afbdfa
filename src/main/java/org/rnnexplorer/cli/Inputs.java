package org.rnnexplorer.cli;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.NpyArray;

import java.io.IOException;
import java.util.Arrays;

/** Reading the CLI's array arguments ({@code FILE.npy} or {@code FILE.npz:KEY}) with file-naming errors. */
final class Inputs {

    private Inputs() {
    }

    /** A float32 or float64 array as a float32 tensor; other dtypes are an error naming the file. */
    static Tensor floatTensor(String spec, String role) throws IOException {
        return floatTensor(spec, role, Npy.ShapeCheck.ANY);
    }

    /** {@link #floatTensor(String, String)}, refusing from the header alone a shape {@code check} refuses. */
    static Tensor floatTensor(String spec, String role, Npy.ShapeCheck check) throws IOException {
        NpyArray a = Npz.readArray(spec, check);
        if (a.dtype() != DType.F32 && a.dtype() != DType.F64) {
            throw new FormatException(spec + ": " + role + " must be float32 or float64, got " + numpyName(a.dtype()));
        }
        return a.toFiniteRangeTensor();
    }

    /** NumPy's name for a dtype, as users know it. */
    static String numpyName(DType t) {
        return switch (t) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case F32 -> "float32";
            case F64 -> "float64";
            case I8 -> "int8";
            case I16 -> "int16";
            case I32 -> "int32";
            case I64 -> "int64";
            case U8 -> "uint8";
            case BOOL -> "bool";
        };
    }

    /** Checks an upstream gradient's shape against the tensor it belongs to. */
    static void requireShape(String spec, Tensor t, int[] expected, String role) throws FormatException {
        if (t != null && !Arrays.equals(t.shape(), expected)) {
            throw new FormatException(spec + ": Expected " + role + " of shape " + Tensor.formatTuple(expected) + ", got "
                    + t.shapeString());
        }
    }
}

package org.rnnexplorer.engine.backend.cuda;

/** A CUDA driver call that returned an error: the function, the error's name (cuGetErrorName) and its description. */
public final class CudaException extends RuntimeException {
    private final String function;
    private final int code;
    private final String errorName;

    CudaException(String function, int code, String errorName, String description) {
        super(function + " failed: " + errorName + (description == null || description.isEmpty() ? "" : " (" + description + ")"));
        this.function = function;
        this.code = code;
        this.errorName = errorName;
    }

    /** The driver function that failed, e.g. {@code cuMemAlloc_v2}. */
    public String function() {
        return function;
    }

    /** The CUresult value. */
    public int code() {
        return code;
    }

    /** The error's enum name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    public String errorName() {
        return errorName;
    }
}

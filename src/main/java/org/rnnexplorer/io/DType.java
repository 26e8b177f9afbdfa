package org.rnnexplorer.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Element types of tensors on disk, named as safetensors names them. Every type is stored little-endian; BOOL is one
 * byte, 0 or 1.
 */
public enum DType {
    F16(2), BF16(2), F32(4), F64(8), I8(1), I16(2), I32(4), I64(8), U8(1), BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The name in a safetensors header: {@code "F32"}, {@code "BF16"}, ... */
    public String safetensorsName() {
        return name();
    }

    /** The type a safetensors header names, or null when the name is not one of ours. */
    public static DType fromSafetensorsName(String name) {
        for (DType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    /** All names, for error messages: {@code F16, BF16, F32, ...}. */
    static String allNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}

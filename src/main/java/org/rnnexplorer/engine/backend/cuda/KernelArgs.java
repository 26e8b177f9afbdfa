package org.rnnexplorer.engine.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One kernel-argument block: the struct from src/main/cuda/kernel_args.h in native memory, plus the one-element
 * {@code void* kernelParams[]} that points at it, as cuLaunchKernel expects ("an array of pointers to storage
 * holding each argument"). The driver copies the arguments when the launch is issued, so one block is reused for
 * every launch of its kind; fields not set are zero (NULL pointers, zero ints).
 *
 * <p>Layouts mirror kernel_args.h field for field; KernelArgsLayoutTest checks them against kernel-abi.txt, which
 * build.sh writes from the C compiler's own offsets.
 */
final class KernelArgs {

    static final StructLayout RECURRENCE = MemoryLayout.structLayout(
            JAVA_LONG.withName("w_hh"), JAVA_LONG.withName("proj"), JAVA_LONG.withName("out"), JAVA_LONG.withName("h0"),
            JAVA_LONG.withName("hn"), JAVA_LONG.withName("lengths"), JAVA_LONG.withName("exch"),
            JAVA_LONG.withName("grad_out"), JAVA_LONG.withName("grad_hn"), JAVA_LONG.withName("grad_h"),
            JAVA_LONG.withName("delta"), JAVA_LONG.withName("grad_h0"),
            JAVA_INT.withName("T"), JAVA_INT.withName("B"), JAVA_INT.withName("H"), JAVA_INT.withName("D"),
            JAVA_INT.withName("act"), JAVA_INT.withName("trace"), JAVA_INT.withName("units_per_block"),
            JAVA_INT.withName("blocks_per_group"), JAVA_INT.withName("batch_per_group"),
            JAVA_INT.withName("chunk_rows"), JAVA_INT.withName("step"),
            MemoryLayout.paddingLayout(4)).withName("RecurrenceArgs");

    static final StructLayout GEMM = MemoryLayout.structLayout(
            JAVA_LONG.withName("a"), JAVA_LONG.withName("b"), JAVA_LONG.withName("c"), JAVA_LONG.withName("bias"),
            JAVA_LONG.withName("mask"), JAVA_LONG.withName("stride_a"), JAVA_LONG.withName("stride_b"),
            JAVA_LONG.withName("stride_c"),
            JAVA_INT.withName("m"), JAVA_INT.withName("n"), JAVA_INT.withName("k"), JAVA_INT.withName("lda"),
            JAVA_INT.withName("ldb"), JAVA_INT.withName("ldc"), JAVA_INT.withName("splits"),
            JAVA_INT.withName("k_per_split"), JAVA_INT.withName("atomic"),
            MemoryLayout.paddingLayout(4)).withName("GemmArgs");

    static final StructLayout MASK = MemoryLayout.structLayout(
            JAVA_LONG.withName("src"), JAVA_LONG.withName("mask"), JAVA_LONG.withName("dst"), JAVA_LONG.withName("n"))
            .withName("MaskArgs");

    static final StructLayout GATHER = MemoryLayout.structLayout(
            JAVA_LONG.withName("out"), JAVA_LONG.withName("h0"), JAVA_LONG.withName("lengths"),
            JAVA_LONG.withName("hprev"),
            JAVA_INT.withName("T"), JAVA_INT.withName("B"), JAVA_INT.withName("H"), JAVA_INT.withName("D"))
            .withName("GatherArgs");

    static final StructLayout COLSUM = MemoryLayout.structLayout(
            JAVA_LONG.withName("src"), JAVA_LONG.withName("dst"),
            JAVA_INT.withName("rows"), JAVA_INT.withName("cols"), JAVA_INT.withName("ld"),
            JAVA_INT.withName("rows_per_block")).withName("ColSumArgs");

    static final StructLayout GATED = MemoryLayout.structLayout(
            JAVA_LONG.withName("w_hh_t"), JAVA_LONG.withName("w_hh"), JAVA_LONG.withName("b_hh"),
            JAVA_LONG.withName("w_hr_t"), JAVA_LONG.withName("w_hr"), JAVA_LONG.withName("gi"), JAVA_LONG.withName("h"),
            JAVA_LONG.withName("c"), JAVA_LONG.withName("out"), JAVA_LONG.withName("gates"), JAVA_LONG.withName("cell"),
            JAVA_LONG.withName("m"), JAVA_LONG.withName("hprev"), JAVA_LONG.withName("lengths"),
            JAVA_LONG.withName("grad_out"), JAVA_LONG.withName("grad_h"), JAVA_LONG.withName("grad_c"),
            JAVA_LONG.withName("delta_ih"), JAVA_LONG.withName("delta_hh"), JAVA_LONG.withName("c0"),
            JAVA_LONG.withName("rec"), JAVA_LONG.withName("dstep"), JAVA_LONG.withName("exch"),
            JAVA_INT.withName("T"), JAVA_INT.withName("B"), JAVA_INT.withName("H"), JAVA_INT.withName("P"),
            JAVA_INT.withName("D"), JAVA_INT.withName("mode"), JAVA_INT.withName("batch_per_block"),
            JAVA_INT.withName("step"), JAVA_INT.withName("units_per_block"), JAVA_INT.withName("blocks_per_group"),
            JAVA_INT.withName("slices"), MemoryLayout.paddingLayout(4)).withName("GatedStepArgs");

    static final StructLayout PROBE = MemoryLayout.structLayout(JAVA_LONG.withName("out")).withName("ProbeArgs");

    private final StructLayout layout;
    private final MemorySegment block;
    private final MemorySegment params;
    private final Map<String, Long> offsets = new HashMap<>();
    private final Map<String, ValueLayout> types = new HashMap<>();

    KernelArgs(StructLayout layout, Arena arena) {
        this.layout = layout;
        this.block = arena.allocate(layout.byteSize(), 16);
        this.params = arena.allocate(ADDRESS);
        params.set(ADDRESS, 0, block);
        for (MemoryLayout member : layout.memberLayouts()) {
            member.name().ifPresent(n -> {
                offsets.put(n, layout.byteOffset(MemoryLayout.PathElement.groupElement(n)));
                types.put(n, (ValueLayout) member);
            });
        }
    }

    /** Sets a 64-bit field: a device pointer (0 for NULL) or a 64-bit integer. */
    KernelArgs set(String field, long value) {
        ValueLayout type = type(field);
        if (type.carrier() != long.class) throw new IllegalArgumentException(layout.name().orElse("") + "." + field + " is 32-bit");
        block.set(JAVA_LONG, offsets.get(field), value);
        return this;
    }

    /** Sets a 32-bit int field. */
    KernelArgs set(String field, int value) {
        ValueLayout type = type(field);
        if (type.carrier() != int.class) throw new IllegalArgumentException(layout.name().orElse("") + "." + field + " is 64-bit");
        block.set(JAVA_INT, offsets.get(field), value);
        return this;
    }

    /** Zeroes every field. */
    KernelArgs clear() {
        block.fill((byte) 0);
        return this;
    }

    /** The {@code void**} to pass as kernelParams. */
    MemorySegment params() {
        return params;
    }

    private ValueLayout type(String field) {
        ValueLayout t = types.get(field);
        if (t == null) throw new IllegalArgumentException(layout.name().orElse("") + " has no field " + field);
        return t;
    }
}

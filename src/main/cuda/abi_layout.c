/*
 * Prints the size and every field offset of the argument structs in kernel_args.h, as the host C compiler lays
 * them out (which is how nvcc lays out kernel parameters on x86-64 Linux). build.sh stores the output as
 * kernel-abi.txt; KernelArgsLayoutTest compares the Java layouts in KernelArgs with it.
 */
#include <stddef.h>
#include <stdio.h>
#include "kernel_args.h"

#define SIZE(T) printf("%s size %zu\n", #T, sizeof(T))
#define FIELD(T, F) printf("%s.%s %zu\n", #T, #F, offsetof(T, F))

int main(void) {
    SIZE(RecurrenceArgs);
    FIELD(RecurrenceArgs, w_hh); FIELD(RecurrenceArgs, proj); FIELD(RecurrenceArgs, out);
    FIELD(RecurrenceArgs, h0); FIELD(RecurrenceArgs, hn); FIELD(RecurrenceArgs, lengths);
    FIELD(RecurrenceArgs, exch); FIELD(RecurrenceArgs, grad_out); FIELD(RecurrenceArgs, grad_hn);
    FIELD(RecurrenceArgs, grad_h); FIELD(RecurrenceArgs, delta); FIELD(RecurrenceArgs, grad_h0);
    FIELD(RecurrenceArgs, T); FIELD(RecurrenceArgs, B); FIELD(RecurrenceArgs, H); FIELD(RecurrenceArgs, D);
    FIELD(RecurrenceArgs, act); FIELD(RecurrenceArgs, trace); FIELD(RecurrenceArgs, units_per_block);
    FIELD(RecurrenceArgs, blocks_per_group); FIELD(RecurrenceArgs, batch_per_group);
    FIELD(RecurrenceArgs, chunk_rows); FIELD(RecurrenceArgs, step);

    SIZE(GemmArgs);
    FIELD(GemmArgs, a); FIELD(GemmArgs, b); FIELD(GemmArgs, c); FIELD(GemmArgs, bias); FIELD(GemmArgs, mask);
    FIELD(GemmArgs, stride_a); FIELD(GemmArgs, stride_b); FIELD(GemmArgs, stride_c);
    FIELD(GemmArgs, m); FIELD(GemmArgs, n); FIELD(GemmArgs, k); FIELD(GemmArgs, lda); FIELD(GemmArgs, ldb);
    FIELD(GemmArgs, ldc); FIELD(GemmArgs, splits); FIELD(GemmArgs, k_per_split); FIELD(GemmArgs, atomic);

    SIZE(MaskArgs);
    FIELD(MaskArgs, src); FIELD(MaskArgs, mask); FIELD(MaskArgs, dst); FIELD(MaskArgs, n);

    SIZE(GatherArgs);
    FIELD(GatherArgs, out); FIELD(GatherArgs, h0); FIELD(GatherArgs, lengths); FIELD(GatherArgs, hprev);
    FIELD(GatherArgs, T); FIELD(GatherArgs, B); FIELD(GatherArgs, H); FIELD(GatherArgs, D);

    SIZE(ColSumArgs);
    FIELD(ColSumArgs, src); FIELD(ColSumArgs, dst); FIELD(ColSumArgs, rows); FIELD(ColSumArgs, cols);
    FIELD(ColSumArgs, ld); FIELD(ColSumArgs, rows_per_block);

    SIZE(GatedStepArgs);
    FIELD(GatedStepArgs, w_hh_t); FIELD(GatedStepArgs, w_hh); FIELD(GatedStepArgs, b_hh);
    FIELD(GatedStepArgs, w_hr_t); FIELD(GatedStepArgs, w_hr); FIELD(GatedStepArgs, gi); FIELD(GatedStepArgs, h);
    FIELD(GatedStepArgs, c); FIELD(GatedStepArgs, out); FIELD(GatedStepArgs, gates); FIELD(GatedStepArgs, cell);
    FIELD(GatedStepArgs, m); FIELD(GatedStepArgs, hprev); FIELD(GatedStepArgs, lengths);
    FIELD(GatedStepArgs, grad_out); FIELD(GatedStepArgs, grad_h); FIELD(GatedStepArgs, grad_c);
    FIELD(GatedStepArgs, delta_ih); FIELD(GatedStepArgs, delta_hh); FIELD(GatedStepArgs, c0);
    FIELD(GatedStepArgs, rec); FIELD(GatedStepArgs, dstep); FIELD(GatedStepArgs, exch);
    FIELD(GatedStepArgs, T); FIELD(GatedStepArgs, B); FIELD(GatedStepArgs, H); FIELD(GatedStepArgs, P);
    FIELD(GatedStepArgs, D); FIELD(GatedStepArgs, mode); FIELD(GatedStepArgs, batch_per_block);
    FIELD(GatedStepArgs, step); FIELD(GatedStepArgs, units_per_block); FIELD(GatedStepArgs, blocks_per_group);
    FIELD(GatedStepArgs, slices);

    SIZE(ProbeArgs);
    FIELD(ProbeArgs, out);
    return 0;
}

/*
 * Argument blocks of every kernel in rnnx_kernels.cu. Each kernel takes exactly one of these structs by value, so
 * the Java side (org.rnnexplorer.engine.backend.cuda.KernelArgs) marshals one block of bytes per launch instead of
 * a list of separately sized parameters.
 *
 * Plain C on purpose: build.sh compiles abi_layout.c against this header with the host compiler and records every
 * size and offset in kernel-abi.txt beside the fatbin; a unit test checks the Java layouts against that record.
 * Rules that keep the layout obvious: all pointers (8 bytes) first, then 64-bit integers, then 32-bit ints.
 */
#ifndef RNNX_KERNEL_ARGS_H
#define RNNX_KERNEL_ARGS_H

/*
 * Dynamic shared memory of the split-once 3xTF32 kernels (gemm.cuh says why these pitches), here because the host
 * passes it at launch (gemm_check.cpp reads it from here; DeviceProducts.TensorCoreFamily repeats it, checked by
 * DeviceProductsTest): two buffers of BK = 16 rows of (hi, lo) pairs of 8 bytes, A's rows 128 + 4 pairs, B's 128 + 4
 * (tf32s, tf32s16) or 64 + 4 (tf32s64).
 */
#define RNNX_TF32S_PITCH (128 + 4)
#define RNNX_TF32S_SHARED (2 * 2 * 16 * RNNX_TF32S_PITCH * 8)
#define RNNX_TF32S64_PITCH_B (64 + 4)
#define RNNX_TF32S64_SHARED (2 * 16 * (RNNX_TF32S_PITCH + RNNX_TF32S64_PITCH_B) * 8)

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One layer's recurrence, both directions (blockIdx.y = direction d). Shapes use D = directions, DH = D*H.
 * Forward reads proj/h0/lengths and writes out/hn (and proj, in place, when trace != 0).
 * Backward reads grad_out/grad_hn/out/lengths and writes grad_h/delta/grad_h0.
 */
typedef struct RecurrenceArgs {
    const float *w_hh;      /* (D, H, H) row-major: W_hh of direction d at d*H*H */
    float *proj;            /* (T, B, DH) x*W_ih^T + b_ih + b_hh; with trace, overwritten by a_t (zero past lengths) */
    float *out;             /* (T, B, DH) h_t, zero past each length (forward writes it, backward reads f'(a) from it) */
    const float *h0;        /* (D, B, H) initial state of this layer, or NULL for zeros */
    float *hn;              /* (D, B, H) state after each sequence's last valid step */
    const int *lengths;     /* (B) valid steps per sequence, or NULL when all are T */
    float *exch;            /* (2, D, B, H) state exchange (grid path) or ping-pong state (per-step path) */
    const float *grad_out;  /* (T, B, DH) dL/d(out) of this layer, or NULL for zeros */
    const float *grad_hn;   /* (D, B, H) dL/d(h_n) of this layer, or NULL for zeros */
    float *grad_h;          /* (T, B, DH) total dL/dh_t, zero past each length */
    float *delta;           /* (T, B, DH) dL/da_t, zero past each length */
    float *grad_h0;         /* (D, B, H) dL/dh0 */
    int T;                  /* padded sequence length */
    int B;                  /* batch */
    int H;                  /* hidden size */
    int D;                  /* directions, 1 or 2 */
    int act;                /* 0 tanh, 1 relu */
    int trace;              /* forward: write a_t into proj */
    int units_per_block;    /* hidden units owned by one block (persistent paths) */
    int blocks_per_group;   /* blocks sharing one batch group: cluster size, grid blocks per group, or 1 */
    int batch_per_group;    /* sequences per batch group */
    int chunk_rows;         /* grid path: state rows staged in shared memory at once (multiple of the slice count) */
    int step;               /* per-step path: forward step s, or backward step r (s = T-1-r); r = T gives grad_h0 */
} RecurrenceArgs;

/*
 * C = op(A) * op(B) (+ bias[n]) (* mask[m][n]), op(A) is (M, K), op(B) is (K, N), C is (M, N) with leading dimension
 * ldc. A is read as A[m*lda + k] (or A[k*lda + m] when transposed), B as B[k*ldb + n] (or B[n*ldb + k]).
 * blockIdx.z = batch * splits + split: batches step the pointers by stride_*, splits divide K into k_per_split
 * pieces that add into C atomically (C must be zeroed first; bias is added by split 0 only; no mask then).
 */
typedef struct GemmArgs {
    const float *a;
    const float *b;
    float *c;
    const float *bias;      /* (N) or NULL */
    const float *mask;      /* (M, N) with leading dimension ldc, or NULL */
    long long stride_a;
    long long stride_b;
    long long stride_c;
    int m;
    int n;
    int k;
    int lda;
    int ldb;
    int ldc;
    int splits;
    int k_per_split;
    int atomic;             /* nonzero: atomicAdd into C (split K) */
} GemmArgs;

/*
 * One time step of an LSTM or GRU layer, both directions (blockIdx.y = direction d), gated.cuh. G = 4 (LSTM) or 3
 * (GRU), GH = G*H, HO = P if P > 0 else H. Forward reads gi, the running h and c and writes out, the running state
 * and (when non-NULL) gates, cell, m, hprev. Backward reads what forward kept and grad_out and writes grad_h, grad_c,
 * delta_ih, delta_hh and the running dL/dh (in h) and dL/dc (in c). With rec/dstep set ("gemm" steps) the recurrent
 * products are the tiled GEMM's, launched by the host around each step, and the kernel does the element-wise rest.
 * The persistent kernels (gated_persist.cuh) take the same block for a whole layer: they read the initial state from
 * h and c and write the final one back there.
 */
typedef struct GatedStepArgs {
    const float *w_hh_t;    /* (D, HO, GH) W_hh transposed, for the forward product */
    const float *w_hh;      /* (D, GH, HO) W_hh, for dL/dh_{t-1} */
    const float *b_hh;      /* (D, GH) or NULL */
    const float *w_hr_t;    /* (D, H, P) W_hr transposed, or NULL without a projection */
    const float *w_hr;      /* (D, P, H) or NULL */
    const float *gi;        /* (T, B, D*GH) x W_ih^T + b_ih */
    float *h;               /* (D, B, HO) running h (forward) or dL/dh (backward) of this layer */
    float *c;               /* (D, B, H) LSTM: running c (forward) or dL/dc (backward); GRU: unused */
    float *out;             /* (T, B, D*HO) h_t, zero past each length */
    float *gates;           /* (T, B, D*GH) gates after their nonlinearity, or NULL (inference) */
    float *cell;            /* (T, B, D*H) LSTM c_t, GRU W_hn h_{t-1} + b_hn, or NULL (inference) */
    float *m;               /* (T, B, D*H) LSTM with projection: o * tanh(c_t), or NULL */
    float *hprev;           /* (T, B, D*HO) the state each step started from, or NULL (inference) */
    const int *lengths;     /* (B) or NULL when all are T */
    const float *grad_out;  /* (T, B, D*HO) dL/d(out) of this layer, or NULL for zeros */
    float *grad_h;          /* (T, B, D*HO) total dL/dh_t */
    float *grad_c;          /* (T, B, D*H) LSTM: total dL/dc_t */
    float *delta_ih;        /* (T, B, D*GH) dL/d(input-side pre-activations) */
    float *delta_hh;        /* (T, B, D*GH) dL/d(W_hh h + b_hh); LSTM: the same buffer as delta_ih */
    const float *c0;        /* (D, B, H) LSTM c_0 of this layer, or NULL for zeros */
    const float *rec;       /* forward, "gemm" steps: (D, B, GH) h_{t-1} W_hh^T of this step, or NULL: the kernel's own */
    float *dstep;           /* backward, "gemm" steps: (D, B, GH) this step's delta_hh, zero for idle sequences, for the
                               product that adds delta_hh W_hh to the running dL/dh; NULL: the kernel's own product */
    float *exch;            /* persistent GRID path: (2, D, B, H) forward, (2, D, B, GH) backward; else unused */
    int T;
    int B;
    int H;
    int P;                  /* proj_size, 0 for none */
    int D;
    int mode;               /* 0 LSTM, 1 GRU */
    int batch_per_block;    /* sequences per block (persistent paths: per group of blocks), at most 8 */
    int step;               /* per-step kernels: forward step s; backward: step r is s = T-1-r */
    int units_per_block;    /* persistent paths: hidden units owned by one block */
    int blocks_per_group;   /* persistent paths: blocks sharing one batch tile (cluster size, grid blocks, or 1) */
    int slices;             /* persistent paths: lanes sharing one dot product (a power of two <= 32) */
} GatedStepArgs;

/* dst[i] = src[i] * mask[i] for i < n (dropout between layers, forward and backward). */
typedef struct MaskArgs {
    const float *src;
    const float *mask;
    float *dst;
    long long n;
} MaskArgs;

/*
 * hprev (T, B, DH): the state each (t, b, d) step started from, h_{t-1} forward, h_{t+1} reverse, h0 at each
 * direction's first step, zero past each length. Feeds dW_hh = delta^T * hprev.
 */
typedef struct GatherArgs {
    const float *out;       /* (T, B, DH) */
    const float *h0;        /* (D, B, H) or NULL */
    const int *lengths;     /* (B) or NULL */
    float *hprev;           /* (T, B, DH) */
    int T;
    int B;
    int H;
    int D;
} GatherArgs;

/* dst[c] += sum over rows r of src[r*ld + c]; dst zeroed first. Bias gradients: db = sum over (t, b) of delta. */
typedef struct ColSumArgs {
    const float *src;
    float *dst;
    int rows;
    int cols;
    int ld;
    int rows_per_block;
} ColSumArgs;

/* out[0] = the architecture the loaded code was compiled for (__CUDA_ARCH__), out[1] = blockDim.x*1000 + gridDim.x. */
typedef struct ProbeArgs {
    int *out;               /* (2) */
} ProbeArgs;

#ifdef __cplusplus
}
#endif

#endif

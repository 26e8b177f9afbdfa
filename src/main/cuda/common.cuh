/*
 * Device helpers shared by the kernels: the two activations and their derivatives written from the output, exactly
 * as ReferenceMath and PyTorch's autograd define them.
 */
#ifndef RNNX_COMMON_CUH
#define RNNX_COMMON_CUH

#include "kernel_args.h"

#define RNNX_FULL_MASK 0xffffffffu

enum { RNNX_ACT_TANH = 0, RNNX_ACT_RELU = 1 };

/*
 * tanh(a) = 1 - 2 / (exp(2a) + 1) with the fast exponential and division: absolute error about 1e-7 over the
 * whole range (the conformance bound is 1e-4), a few instructions instead of tanhf's dozens. Saturates cleanly:
 * exp overflows to +inf for large a (gives 1) and underflows to 0 for very negative a (gives -1).
 */
__device__ __forceinline__ float rnnx_tanh(float a) {
    float e = __expf(2.0f * a);
    return 1.0f - __fdividef(2.0f, e + 1.0f);
}

__device__ __forceinline__ float rnnx_act(float a, int act) {
    return act == RNNX_ACT_RELU ? (a > 0.0f ? a : 0.0f) : rnnx_tanh(a);
}

/* f'(a) from h = f(a): 1 - h^2 for tanh; relu' is 1 where h > 0, and 0 at exactly 0, as PyTorch's autograd. */
__device__ __forceinline__ float rnnx_act_grad(float h, int act) {
    return act == RNNX_ACT_RELU ? (h > 0.0f ? 1.0f : 0.0f) : 1.0f - h * h;
}

/*
 * The outputs of a step past a sequence's length (padding, t = s >= len): zeros, as PyTorch's packed output has
 * there. Forward: out (and proj, which TRACE turns into a_t); backward: grad_h and delta.
 */
template <bool BWD>
__device__ __forceinline__ void rnnx_zero_padding(const RecurrenceArgs &p, long long idx) {
    if (BWD) {
        p.grad_h[idx] = 0.0f;
        p.delta[idx] = 0.0f;
    } else {
        p.out[idx] = 0.0f;
        if (p.trace) p.proj[idx] = 0.0f;
    }
}

/* The block's dynamic shared memory (sized at launch). A function so that a host emulator can provide it. */
#ifndef RNNX_EMULATION
__device__ __forceinline__ float *rnnx_dynamic_shared() {
    extern __shared__ float4 rnnx_shm4[];
    return reinterpret_cast<float *>(rnnx_shm4);
}
#endif

/* Time index of step s of sequence b: forward t = s, reverse t = len-1-s. */
__device__ __forceinline__ int rnnx_time(int d, int s, int len) {
    return d == 0 ? s : len - 1 - s;
}

#endif

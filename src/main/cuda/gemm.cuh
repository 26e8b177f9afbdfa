/*
 * Tiled float32 matrix product for everything that is not a recurrence: the input projection of all T*B rows at
 * once (proj = X W_ih^T + b, both directions in one product), the weight gradients over the whole sequence
 * (dW_ih = delta^T X, dW_hh = delta^T hprev per direction) and the gradient of the layer input (delta W_ih, times
 * the dropout mask of the layer below). No tensor cores: TF32 would miss the 1e-4 parity bound.
 *
 * Mapping. A block of (BM/TM)*(BN/TN) = 256 threads computes a BM x BN tile of C; thread (ty, tx) owns TM x TN
 * outputs. With TM = TN = 8 they are rows ty*4..+3 and BM/2+ty*4..+3 (columns likewise), so that the float4 reads
 * of the shared tiles are conflict-free; with TM = TN = 4 the rows ty*4..+3. K advances BK at a time through two
 * shared-memory buffers: the next tile is loaded into registers while the current one is multiplied, one
 * __syncthreads per tile. Tiles are stored k-major (As[k][m], Bs[k][n]) whatever the layout in global memory.
 * blockIdx.z covers batches (one per direction) and K splits (atomicAdd into a zeroed C when there are several).
 */
#ifndef RNNX_GEMM_CUH
#define RNNX_GEMM_CUH

#include "common.cuh"

template <int BM, int BN, int BK, int TM, int TN, bool TA, bool TB>
__device__ __forceinline__ void rnnx_gemm(const GemmArgs &p) {
    constexpr int NT = (BM / TM) * (BN / TN);
    constexpr int TX = BN / TN;
    constexpr int A_PER = BM * BK / NT;
    constexpr int B_PER = BN * BK / NT;
    static_assert(A_PER * NT == BM * BK && B_PER * NT == BN * BK, "tile not divisible by the thread count");
    __shared__ __align__(16) float As[2][BK][BM + 4];
    __shared__ __align__(16) float Bs[2][BK][BN + 4];

    const int tid = threadIdx.x;
    const int tx = tid % TX, ty = tid / TX;
    const int zb = blockIdx.z / p.splits, zs = blockIdx.z % p.splits;
    const float *A = p.a + (size_t)zb * p.stride_a;
    const float *Bm = p.b + (size_t)zb * p.stride_b;
    float *C = p.c + (size_t)zb * p.stride_c;
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    const int kbeg = zs * p.k_per_split;
    const int kend = min(p.k, kbeg + p.k_per_split);
    const int M = p.m, N = p.n;

    float ra[A_PER], rb[B_PER];
    auto load = [&](int k0) {
#pragma unroll
        for (int l = 0; l < A_PER; l++) {
            const int idx = tid + l * NT;
            const int m = TA ? idx % BM : idx / BK;
            const int kk = TA ? idx / BM : idx % BK;
            const int gm = m0 + m, gk = k0 + kk;
            ra[l] = (gm < M && gk < kend) ? (TA ? A[(size_t)gk * p.lda + gm] : A[(size_t)gm * p.lda + gk]) : 0.0f;
        }
#pragma unroll
        for (int l = 0; l < B_PER; l++) {
            const int idx = tid + l * NT;
            const int n = TB ? idx / BK : idx % BN;
            const int kk = TB ? idx % BK : idx / BN;
            const int gn = n0 + n, gk = k0 + kk;
            rb[l] = (gn < N && gk < kend) ? (TB ? Bm[(size_t)gn * p.ldb + gk] : Bm[(size_t)gk * p.ldb + gn]) : 0.0f;
        }
    };
    auto store = [&](int buf) {
#pragma unroll
        for (int l = 0; l < A_PER; l++) {
            const int idx = tid + l * NT;
            As[buf][TA ? idx / BM : idx % BK][TA ? idx % BM : idx / BK] = ra[l];
        }
#pragma unroll
        for (int l = 0; l < B_PER; l++) {
            const int idx = tid + l * NT;
            Bs[buf][TB ? idx % BK : idx / BN][TB ? idx / BK : idx % BN] = rb[l];
        }
    };

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
        for (int j = 0; j < TN; j++) acc[i][j] = 0.0f;

    const int tiles = kend > kbeg ? (kend - kbeg + BK - 1) / BK : 0;
    if (tiles > 0) {
        load(kbeg);
        store(0);
        __syncthreads();
    }
    for (int t = 0; t < tiles; t++) {
        const int buf = t & 1;
        if (t + 1 < tiles) load(kbeg + (t + 1) * BK);
#pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            float a[TM], b[TN];
#pragma unroll
            for (int h = 0; h < TM / 4; h++) {
                const float4 v = *reinterpret_cast<const float4 *>(&As[buf][kk][h * (BM / 2) + ty * 4]);
                a[h * 4 + 0] = v.x;
                a[h * 4 + 1] = v.y;
                a[h * 4 + 2] = v.z;
                a[h * 4 + 3] = v.w;
            }
#pragma unroll
            for (int h = 0; h < TN / 4; h++) {
                const float4 v = *reinterpret_cast<const float4 *>(&Bs[buf][kk][h * (BN / 2) + tx * 4]);
                b[h * 4 + 0] = v.x;
                b[h * 4 + 1] = v.y;
                b[h * 4 + 2] = v.z;
                b[h * 4 + 3] = v.w;
            }
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        if (t + 1 < tiles) store(buf ^ 1);
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < TM; i++) {
        const int m = m0 + (i / 4) * (BM / 2) + ty * 4 + (i % 4);
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < TN; j++) {
            const int n = n0 + (j / 4) * (BN / 2) + tx * 4 + (j % 4);
            if (n >= N) continue;
            float v = acc[i][j];
            if (p.bias != nullptr && zs == 0) v += p.bias[n];
            const size_t ci = (size_t)m * p.ldc + n;
            if (p.mask != nullptr) v *= p.mask[ci];
            if (p.atomic) atomicAdd(C + ci, v);
            else C[ci] = v;
        }
    }
}

#endif

/*
 * Per-step recurrence: one launch per time step, for hidden sizes beyond what the persistent kernels hold on chip
 * (or when the device cannot launch them). Same arithmetic and the same outputs as recurrence.cuh.
 *
 * Mapping. grid = (ceil(H/32), ceil(B/32), D); a block of 128 threads computes a 32 (sequences) x 32 (units) tile
 * of W_hh times the state: thread (ty = tid/8, tx = tid%8) owns sequences 2*ty, 2*ty+1 and units 4*tx..4*tx+3 of the
 * tile. The reduction index runs in chunks of 32 through shared memory (state chunk stored [j][b], weight chunk
 * [j][u]). Nothing persists on chip between steps: the state lives in exch (2, D, B, H), read from buffer
 * step&1 and written to the other one; the host seeds buffer 0 (h0 or zeros) and copies h_n out at the end.
 * No barrier beyond the kernel boundary.
 */
#ifndef RNNX_STEP_CUH
#define RNNX_STEP_CUH

#include "common.cuh"

template <bool BWD>
__device__ __forceinline__ void rnnx_step(const RecurrenceArgs &p) {
    __shared__ float hs[32][33];  // state chunk, [j][b]
    __shared__ float ws[32][33];  // weight chunk, [j][u]: forward W[u][j], backward W[j][u]
    const int H = p.H, B = p.B, T = p.T, D = p.D;
    const size_t DH = (size_t)D * H;
    const int tid = threadIdx.x;
    const int tx = tid & 7, ty = tid >> 3;
    const int u0 = blockIdx.x * 32, bt = blockIdx.y * 32;
    const int d = blockIdx.z;
    const int it = p.step;
    const int cur = it & 1, nxt = cur ^ 1;
    const float *state = p.exch + ((size_t)cur * D + d) * B * H;
    float *next = p.exch + ((size_t)nxt * D + d) * B * H;
    const float *W = p.w_hh + (size_t)d * H * H;

    float acc[2][4];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < H; k0 += 32) {
        for (int i = tid; i < 32 * 32; i += blockDim.x) {
            const int rb = i >> 5, kk = i & 31;  // consecutive threads read consecutive j of one state row
            const int b = bt + rb, k = k0 + kk;
            hs[kk][rb] = (b < B && k < H) ? state[(size_t)b * H + k] : 0.0f;
            if (BWD) {
                const int uu = kk, j = k0 + rb;  // W[j][u]: consecutive threads read consecutive u
                ws[rb][uu] = (j < H && u0 + uu < H) ? W[(size_t)j * H + u0 + uu] : 0.0f;
            } else {
                const int uu = rb, j = k0 + kk;  // W[u][j]: consecutive threads read consecutive j
                ws[kk][uu] = (j < H && u0 + uu < H) ? W[(size_t)(u0 + uu) * H + j] : 0.0f;
            }
        }
        __syncthreads();
#pragma unroll 8
        for (int kk = 0; kk < 32; kk++) {
            const float h0v = hs[kk][2 * ty], h1v = hs[kk][2 * ty + 1];
#pragma unroll
            for (int j = 0; j < 4; j++) {
                const float wv = ws[kk][4 * tx + j];
                acc[0][j] = fmaf(h0v, wv, acc[0][j]);
                acc[1][j] = fmaf(h1v, wv, acc[1][j]);
            }
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 2; i++) {
        const int b = bt + 2 * ty + i;
        if (b >= B) continue;
        const int len = p.lengths != nullptr ? p.lengths[b] : T;
#pragma unroll
        for (int j = 0; j < 4; j++) {
            const int u = u0 + 4 * tx + j;
            if (u >= H) continue;
            const size_t sidx = (size_t)b * H + u;
            if (BWD && it == T) {  // the extra step: dL/dh0 = W_hh^T delta of the first step
                p.grad_h0[((size_t)d * B + b) * H + u] = acc[i][j];
                continue;
            }
            const int s = BWD ? T - 1 - it : it;
            if (s >= len) {
                next[sidx] = state[sidx];
                rnnx_zero_padding<BWD>(p, (long long)(((size_t)s * B + b) * DH + (size_t)d * H + u));
                continue;
            }
            const size_t idx = ((size_t)rnnx_time(d, s, len) * B + b) * DH + (size_t)d * H + u;
            if (BWD) {
                float g = acc[i][j] + (p.grad_out != nullptr ? p.grad_out[idx] : 0.0f);
                if (s == len - 1 && p.grad_hn != nullptr) g += p.grad_hn[((size_t)d * B + b) * H + u];
                const float delta = g * rnnx_act_grad(p.out[idx], p.act);
                p.grad_h[idx] = g;
                p.delta[idx] = delta;
                next[sidx] = delta;
            } else {
                const float a = acc[i][j] + p.proj[idx];
                const float h = rnnx_act(a, p.act);
                p.out[idx] = h;
                if (p.trace) p.proj[idx] = a;
                next[sidx] = h;
            }
        }
    }
}

#endif

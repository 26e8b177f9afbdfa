/*
 * LSTM (with proj_size) and GRU: one launch per time step, after the input projection of all steps (gi = X W_ih^T +
 * b_ih, one product on the tiled GEMM). The same equations as GatedReferenceMath and PyTorch (gate rows i, f, g, o
 * and r, z, n; the GRU's new state as (h - n) * z + n, the form of PyTorch's CPU kernel).
 *
 * This is the simple correct design, not yet the fast one: no persistent or cooperative kernel keeps the gate blocks
 * of W_hh on chip across steps and nothing is autotuned (the device session's work, issue 17). Each step reads
 * W_hh (and W_hr) from global memory, once per batch tile.
 *
 * Mapping. grid = (ceil(B / batch_per_block), D); a block of 256 threads owns batch_per_block (<= 8) sequences of one
 * direction. Thread tid owns hidden units u = tid, tid + 256, ... for every sequence of its tile, so each weight it
 * reads feeds every sequence of the tile, and reads of W_hh^T (H_out, G*H) are coalesced across threads. Shared
 * memory: the tile's state h_{t-1} (forward) or dL/dh_t (backward), (batch_per_block, H_out), and the LSTM's
 * m = o * tanh(c) (forward) or dL/dm (backward), (batch_per_block, H), when it has a projection. The running state
 * (h and c forward; dL/dh and dL/dc backward) lives in global buffers (D, B, ·) that only its block touches, so each
 * step updates them in place after a __syncthreads; the host seeds them (h0, c0, grad_h_n, grad_c_n or zeros) and
 * copies the final ones out. Steps past a sequence's length write zeros there and leave its state alone.
 */
#ifndef RNNX_GATED_CUH
#define RNNX_GATED_CUH

#include "common.cuh"

#define RNNX_GATED_MAX_BATCH 8

enum { RNNX_CELL_LSTM = 0, RNNX_CELL_GRU = 1 };

/* Accurate functions on purpose (not the recurrence's fast tanh): the gates saturate and c_t accumulates. */
__device__ __forceinline__ float rnnx_sigmoid(float a) { return 1.0f / (1.0f + expf(-a)); }

/* Whether sequence b takes step s, and its time index t there (reverse: len-1-s). */
__device__ __forceinline__ bool rnnx_gated_active(const GatedStepArgs &p, int b, int s, int *t) {
    const int len = p.lengths != nullptr ? p.lengths[b] : p.T;
    *t = rnnx_time(blockIdx.y, s, len);
    return s < len;
}

__device__ __forceinline__ void rnnx_gated_fwd(const GatedStepArgs &p) {
    const int H = p.H, HO = p.P > 0 ? p.P : p.H, D = p.D, B = p.B, s = p.step, d = blockIdx.y;
    const bool lstm = p.mode == RNNX_CELL_LSTM;
    const int G = lstm ? 4 : 3, GH = G * H;
    const int b0 = blockIdx.x * p.batch_per_block, nb = min(p.batch_per_block, B - b0);
    float *hs = rnnx_dynamic_shared();              // (nb, HO) h_{t-1}
    float *ms = hs + (size_t)p.batch_per_block * HO;  // (nb, H) m, with a projection
    float *hstate = p.h + (size_t)d * B * HO, *cstate = p.c + (size_t)d * B * H;
    const float *whhT = p.w_hh_t + (size_t)d * HO * GH;
    const float *bhh = p.b_hh != nullptr ? p.b_hh + (size_t)d * GH : nullptr;
    for (int i = threadIdx.x; i < nb * HO; i += blockDim.x) hs[i] = hstate[(size_t)b0 * HO + i];
    __syncthreads();
    for (int u = threadIdx.x; u < H; u += blockDim.x) {
        float acc[RNNX_GATED_MAX_BATCH][4];
        for (int bi = 0; bi < nb; bi++)
            for (int g = 0; g < G; g++) acc[bi][g] = bhh != nullptr ? bhh[g * H + u] : 0.0f;
        if (p.rec != nullptr) {  // "gemm" steps: the product came from the tiled GEMM, (D, B, GH)
            const float *rec = p.rec + ((size_t)d * B + b0) * GH + u;
            for (int bi = 0; bi < nb; bi++)
                for (int g = 0; g < G; g++) acc[bi][g] += rec[(size_t)bi * GH + g * H];
        }
        for (int k = 0; p.rec == nullptr && k < HO; k++) {
            float w[4];
            for (int g = 0; g < G; g++) w[g] = whhT[(size_t)k * GH + g * H + u];
            for (int bi = 0; bi < nb; bi++) {
                const float hk = hs[bi * HO + k];
                for (int g = 0; g < G; g++) acc[bi][g] = fmaf(hk, w[g], acc[bi][g]);
            }
        }
        for (int bi = 0; bi < nb; bi++) {
            const int b = b0 + bi;
            int t;
            const bool active = rnnx_gated_active(p, b, s, &t);
            const size_t row = (size_t)(active ? t : s) * B + b;  // padding rows are written with zeros at t = s
            const size_t gidx = row * D * GH + (size_t)d * GH + u, hidx = row * D * H + (size_t)d * H + u;
            if (!active) {
                if (p.gates != nullptr)
                    for (int g = 0; g < G; g++) p.gates[gidx + g * H] = 0.0f;
                if (p.cell != nullptr) p.cell[hidx] = 0.0f;
                if (p.m != nullptr) p.m[hidx] = 0.0f;
                if (p.P > 0) ms[bi * H + u] = 0.0f;
                continue;
            }
            const float *gi = p.gi + gidx;
            float gate[4];
            float mval;
            if (lstm) {
                gate[0] = rnnx_sigmoid(gi[0] + acc[bi][0]);
                gate[1] = rnnx_sigmoid(gi[H] + acc[bi][1]);
                gate[2] = tanhf(gi[2 * H] + acc[bi][2]);
                gate[3] = rnnx_sigmoid(gi[3 * H] + acc[bi][3]);
                const float c = gate[1] * cstate[(size_t)b * H + u] + gate[0] * gate[2];
                cstate[(size_t)b * H + u] = c;
                if (p.cell != nullptr) p.cell[hidx] = c;
                mval = gate[3] * tanhf(c);
                if (p.m != nullptr) p.m[hidx] = mval;
            } else {
                gate[0] = rnnx_sigmoid(gi[0] + acc[bi][0]);
                gate[1] = rnnx_sigmoid(gi[H] + acc[bi][1]);
                gate[2] = tanhf(gi[2 * H] + gate[0] * acc[bi][2]);
                if (p.cell != nullptr) p.cell[hidx] = acc[bi][2];  // W_hn h + b_hn, for backward
                mval = (hs[bi * HO + u] - gate[2]) * gate[1] + gate[2];
            }
            if (p.gates != nullptr)
                for (int g = 0; g < G; g++) p.gates[gidx + g * H] = gate[g];
            if (p.P > 0) {
                ms[bi * H + u] = mval;
            } else {
                hstate[(size_t)b * HO + u] = mval;  // hs holds h_{t-1}: no thread reads the global state this step
                p.out[row * D * HO + (size_t)d * HO + u] = mval;
            }
        }
    }
    for (int bi = 0; bi < nb; bi++) {  // the state each step started from, for the weight gradients (and GRU's backward)
        if (p.hprev == nullptr) break;
        const int b = b0 + bi;
        int t;
        const bool active = rnnx_gated_active(p, b, s, &t);
        const size_t row = (size_t)(active ? t : s) * B + b;
        for (int j = threadIdx.x; j < HO; j += blockDim.x) {
            p.hprev[row * D * HO + (size_t)d * HO + j] = active ? hs[bi * HO + j] : 0.0f;
        }
    }
    if (p.P > 0) {  // h_t = W_hr m, over the whole m of the step
        __syncthreads();
        const float *whrT = p.w_hr_t + (size_t)d * H * HO;
        for (int j = threadIdx.x; j < HO; j += blockDim.x) {
            float acc[RNNX_GATED_MAX_BATCH];
            for (int bi = 0; bi < nb; bi++) acc[bi] = 0.0f;
            for (int u = 0; u < H; u++) {
                const float w = whrT[(size_t)u * HO + j];
                for (int bi = 0; bi < nb; bi++) acc[bi] = fmaf(w, ms[bi * H + u], acc[bi]);
            }
            for (int bi = 0; bi < nb; bi++) {
                const int b = b0 + bi;
                int t;
                if (!rnnx_gated_active(p, b, s, &t)) continue;
                hstate[(size_t)b * HO + j] = acc[bi];
                p.out[((size_t)t * B + b) * D * HO + (size_t)d * HO + j] = acc[bi];
            }
        }
    }
    for (int bi = 0; bi < nb; bi++) {  // padding rows of the output
        const int b = b0 + bi;
        int t;
        if (rnnx_gated_active(p, b, s, &t)) continue;
        for (int j = threadIdx.x; j < HO; j += blockDim.x) p.out[((size_t)s * B + b) * D * HO + (size_t)d * HO + j] = 0.0f;
    }
}

/*
 * The gate gradients of one active (sequence, unit) from values: gate[] the activations kept by the forward pass
 * (LSTM i, f, g, o; GRU r, z, n), cell (LSTM c_t; GRU W_hn h_{t-1} + b_hn), prev (LSTM c_{t-1}; GRU h_{t-1}), dm =
 * dL/dm_t (LSTM's m = o * tanh(c), h itself without a projection; GRU: dL/dh_t) and the carried dL/dc (dc, LSTM;
 * replaced by the carry for t-1). Leaves dL/dc_t in gradc (LSTM), the input-side deltas in dih and the recurrent ones
 * in dhh, gate by gate (LSTM: the same; GRU: n's times r).
 */
__device__ __forceinline__ void rnnx_gated_cell_grad_values(bool lstm, const float (&gate)[4], float cell, float prev,
                                                            float dm, float &dc, float &gradc, float (&dih)[4],
                                                            float (&dhh)[4]) {
    if (lstm) {
        const float ig = gate[0], f = gate[1], gg = gate[2], o = gate[3];
        const float tc = tanhf(cell);
        const float dcv = dc + dm * o * (1.0f - tc * tc);
        gradc = dcv;
        dhh[0] = dcv * gg * ig * (1.0f - ig);
        dhh[1] = dcv * prev * f * (1.0f - f);
        dhh[2] = dcv * ig * (1.0f - gg * gg);
        dhh[3] = dm * tc * o * (1.0f - o);
        for (int k = 0; k < 4; k++) dih[k] = dhh[k];
        dc = dcv * f;
    } else {
        const float rg = gate[0], z = gate[1], n = gate[2];
        const float dan = dm * (1.0f - z) * (1.0f - n * n);
        const float dar = dan * cell * rg * (1.0f - rg);
        const float daz = dm * (prev - n) * z * (1.0f - z);
        dih[0] = dar;
        dih[1] = daz;
        dih[2] = dan;
        dih[3] = 0.0f;
        dhh[0] = dar;
        dhh[1] = daz;
        dhh[2] = dan * rg;
        dhh[3] = 0.0f;
    }
}

/*
 * The same for the (sequence b, unit u) at step s, time t, reading what the forward pass kept, shared by the per-step
 * and persistent backward kernels: writes grad_c (LSTM), delta_ih and GRU's delta_hh at gidx/hidx and leaves the
 * recurrent deltas in dhh (LSTM: delta_ih itself, which is also its delta_hh buffer). GRU has no projection, so
 * h_{t-1} sits at hidx of hprev.
 */
__device__ __forceinline__ void rnnx_gated_cell_grad(const GatedStepArgs &p, bool lstm, int s, int t, int b, int u,
                                                     size_t gidx, size_t hidx, float dm, float &dc, float (&dhh)[4]) {
    const int H = p.H, B = p.B, D = p.D, d = blockIdx.y;
    const float *g = p.gates + gidx;
    const float gate[4] = {g[0], g[H], g[2 * H], lstm ? g[3 * H] : 0.0f};
    float prev = 0.0f;
    if (!lstm) {
        prev = p.hprev[hidx];
    } else if (s > 0) {
        const int tp = d == 0 ? t - 1 : t + 1;
        prev = p.cell[((size_t)tp * B + b) * D * H + (size_t)d * H + u];
    } else if (p.c0 != nullptr) {
        prev = p.c0[((size_t)d * B + b) * H + u];
    }
    float gradc = 0.0f, dih[4];
    rnnx_gated_cell_grad_values(lstm, gate, p.cell[hidx], prev, dm, dc, gradc, dih, dhh);
    const int G = lstm ? 4 : 3;
    if (lstm) p.grad_c[hidx] = gradc;
    for (int k = 0; k < G; k++) p.delta_ih[gidx + k * H] = dih[k];
    if (!lstm)
        for (int k = 0; k < G; k++) p.delta_hh[gidx + k * H] = dhh[k];
}

/*
 * One step of backpropagation through time, s = T-1-step (steps run last to first). Reads the gates, c_t (LSTM) or
 * W_hn h + b_hn (GRU) and h_{t-1} kept by the forward pass; writes dL/dh_t (grad_h), dL/dc_t (grad_c), the
 * pre-activation gradients of the input side (delta_ih) and of the recurrent side (delta_hh: the same buffer for
 * LSTM; GRU's n block is r * delta_n there), and replaces the running dL/dh (h) and dL/dc (c) by those of step t-1.
 */
__device__ __forceinline__ void rnnx_gated_bwd(const GatedStepArgs &p) {
    const int H = p.H, HO = p.P > 0 ? p.P : p.H, D = p.D, B = p.B, s = p.T - 1 - p.step, d = blockIdx.y;
    const bool lstm = p.mode == RNNX_CELL_LSTM;
    const int G = lstm ? 4 : 3, GH = G * H;
    const int b0 = blockIdx.x * p.batch_per_block, nb = min(p.batch_per_block, B - b0);
    float *gs = rnnx_dynamic_shared();                // (nb, HO) dL/dh_t
    float *dms = gs + (size_t)p.batch_per_block * HO;  // (nb, H) dL/dm, with a projection
    float *dhstate = p.h + (size_t)d * B * HO, *dcstate = p.c + (size_t)d * B * H;
    for (int i = threadIdx.x; i < nb * HO; i += blockDim.x) {
        const int bi = i / HO, j = i - bi * HO, b = b0 + bi;
        int t;
        const bool active = rnnx_gated_active(p, b, s, &t);
        const size_t oidx = ((size_t)(active ? t : s) * B + b) * D * HO + (size_t)d * HO + j;
        float g = 0.0f;
        if (active) g = dhstate[(size_t)b * HO + j] + (p.grad_out != nullptr ? p.grad_out[oidx] : 0.0f);
        gs[i] = g;
        p.grad_h[oidx] = g;
    }
    __syncthreads();
    if (p.P > 0) {  // dL/dm = W_hr^T dL/dh_t
        const float *whr = p.w_hr + (size_t)d * HO * H;
        for (int u = threadIdx.x; u < H; u += blockDim.x) {
            float acc[RNNX_GATED_MAX_BATCH];
            for (int bi = 0; bi < nb; bi++) acc[bi] = 0.0f;
            for (int j = 0; j < HO; j++) {
                const float w = whr[(size_t)j * H + u];
                for (int bi = 0; bi < nb; bi++) acc[bi] = fmaf(w, gs[bi * HO + j], acc[bi]);
            }
            for (int bi = 0; bi < nb; bi++) dms[bi * H + u] = acc[bi];
        }
        __syncthreads();
    }
    const float *dm = p.P > 0 ? dms : gs;
    const int dmStride = p.P > 0 ? H : HO;
    for (int bi = 0; bi < nb; bi++) {
        const int b = b0 + bi;
        int t;
        const bool active = rnnx_gated_active(p, b, s, &t);
        const size_t row = (size_t)(active ? t : s) * B + b;
        for (int u = threadIdx.x; u < H; u += blockDim.x) {
            const size_t gidx = row * D * GH + (size_t)d * GH + u, hidx = row * D * H + (size_t)d * H + u;
            float *dstep = p.dstep != nullptr ? p.dstep + ((size_t)d * B + b) * GH + u : nullptr;
            if (!active) {
                for (int g = 0; g < G; g++) {
                    p.delta_ih[gidx + g * H] = 0.0f;
                    p.delta_hh[gidx + g * H] = 0.0f;
                    if (dstep != nullptr) dstep[g * H] = 0.0f;  // adds nothing to this sequence's carried dL/dh
                }
                if (lstm) p.grad_c[hidx] = 0.0f;
                continue;
            }
            float dhh[4];
            float dc = lstm ? dcstate[(size_t)b * H + u] : 0.0f;
            rnnx_gated_cell_grad(p, lstm, s, t, b, u, gidx, hidx, dm[bi * dmStride + u], dc, dhh);
            if (lstm) dcstate[(size_t)b * H + u] = dc;
            if (dstep != nullptr)
                for (int g = 0; g < G; g++) dstep[g * H] = dhh[g];
        }
    }
    __syncthreads();  // every delta_hh of the tile written (global memory is ordered within the block)
    if (p.dstep != nullptr) {
        // "gemm" steps: the host's product then adds dstep W_hh to the running dL/dh of every sequence (zero rows
        // for idle ones, whose carried value stays). What this step leaves there is the rest of dL/dh_{t-1}:
        // GRU's dL/dh_t * z, LSTM's nothing.
        for (int i = threadIdx.x; i < nb * HO; i += blockDim.x) {
            const int bi = i / HO, j = i - bi * HO, b = b0 + bi;
            int t;
            if (!rnnx_gated_active(p, b, s, &t)) continue;
            const size_t grow = ((size_t)t * B + b) * D * GH + (size_t)d * GH;
            dhstate[(size_t)b * HO + j] = lstm ? 0.0f : gs[i] * p.gates[grow + H + j];
        }
        return;
    }
    const float *whh = p.w_hh + (size_t)d * GH * HO;
    long long drow[RNNX_GATED_MAX_BATCH];  // where each running sequence's delta_hh row starts; -1 past its length
    for (int bi = 0; bi < nb; bi++) {
        int t;
        drow[bi] = rnnx_gated_active(p, b0 + bi, s, &t) ? (((long long)t * B + b0 + bi) * D * GH + (long long)d * GH) : -1;
    }
    for (int j = threadIdx.x; j < HO; j += blockDim.x) {  // dL/dh_{t-1} = delta_hh W_hh (+ dL/dh_t * z for GRU)
        float acc[RNNX_GATED_MAX_BATCH];
        for (int bi = 0; bi < nb; bi++) acc[bi] = 0.0f;
        for (int r = 0; r < GH; r++) {
            const float w = whh[(size_t)r * HO + j];
            for (int bi = 0; bi < nb; bi++) {
                if (drow[bi] >= 0) acc[bi] = fmaf(p.delta_hh[drow[bi] + r], w, acc[bi]);
            }
        }
        for (int bi = 0; bi < nb; bi++) {
            if (drow[bi] < 0) continue;
            float v = acc[bi];
            if (!lstm) v += gs[bi * HO + j] * p.gates[drow[bi] + H + j];
            dhstate[(size_t)(b0 + bi) * HO + j] = v;
        }
    }
}

#endif

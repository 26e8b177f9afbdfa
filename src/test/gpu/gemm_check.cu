/*
 * Device check of the CUDA backend's matrix products (src/main/cuda/gemm.cuh, the real kernel source): the 3xTF32
 * tensor-core kernel (rnnx_gemm_tf32x3) against the plain float32 one (rnnx_gemm), both against a float64 host
 * reference, on the bigbi shape's products (T 100, B 64, I 512, H 1024, 2 layers, bidirectional) and on odd sizes
 * (M, N, K not multiples of any tile), each layout (nt, tn, nn), with and without bias, dropout mask and split K
 * (partial products added atomically into a zeroed C), launched as DeviceProducts.java launches them.
 *
 *   nvcc -std=c++17 -O3 -arch=sm_90 -I src/main/cuda -o gemm_check src/test/gpu/gemm_check.cu && ./gemm_check
 *
 * Error of one output: |c - ref| / (sum_k |a_mk b_kn| + |bias_n|) (times the mask), the rounding error relative to
 * the size of the terms summed, which is what float32 accumulation bounds (~sqrt(K) * 2^-24 typically); the table
 * shows its maximum over the checked outputs (every output of small products, all columns of 24 rows of large ones).
 * Speed: median of 5 timed launches (cudaEvent; the zero fill before a split-K launch included), 2 M N K per batch.
 * Exit status 1 when a 3xTF32 error exceeds 1e-5 or 4 times the plain kernel's error (errors below float32's
 * epsilon count as epsilon: a tiny product can be exact in plain float32), 2 when CUDA fails.
 */
#include <cuda_runtime.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gemm.cuh"

template <int BM, int TM, bool TA, bool TB>
__global__ void __launch_bounds__(256) plain_gemm(const GemmArgs args) {
    rnnx_gemm<BM, BM, 8, TM, TM, TA, TB>(args);
}

template <bool TA, bool TB>
__global__ void __launch_bounds__(256) tf32_gemm(const GemmArgs args) {
    rnnx_gemm_tf32x3<TA, TB>(args);
}

#define CHECK(call)                                                                                    \
    do {                                                                                               \
        cudaError_t e_ = (call);                                                                       \
        if (e_ != cudaSuccess) {                                                                       \
            fprintf(stderr, "gemm_check: %s failed: %s (line %d)\n", #call, cudaGetErrorString(e_), __LINE__); \
            exit(2);                                                                                   \
        }                                                                                              \
    } while (0)

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

/* DeviceProducts.splitLength: K slices (multiples of 8) when the tiles alone leave multiprocessors idle. */
static int split_length(int tiles, int sms, int k) {
    if (tiles >= sms || k < 512) return k;
    int splits = std::max(1, std::min(ceil_div(2 * sms, tiles), k / 64));
    return ceil_div(ceil_div(k, splits), 8) * 8;
}

/* One product: op is "nt" (C = A B^T), "tn" (C = A^T B) or "nn" (C = A B); strides in floats between batches. */
struct Case {
    std::string name, op;
    int m, n, k, batches;
    int lda, ldb, ldc;
    long long stride_a, stride_b, stride_c;
    bool bias, mask, split;  // split: K split as the host would (else one block covers all of K)
};

static Case dense(const std::string &name, const std::string &op, int m, int n, int k, bool bias, bool mask, bool split) {
    const bool ta = op[0] == 't', tb = op[1] == 't';
    return Case{name, op, m, n, k, 1, ta ? m : k, tb ? k : n, n, 0, 0, 0, bias, mask, split};
}

static float uniform(unsigned long long &state) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)((state >> 40) * (2.0 / 16777216.0) - 1.0);
}

struct Result {
    double err, tflops;
};

/* Runs one kernel on the case (C zeroed first when split), checks the chosen rows, times it. */
static Result run(const Case &c, bool tensorCores, int sms, const float *dA, const float *dB, const float *dBias,
                  const float *dMask, float *dC, size_t cFloats, const std::vector<float> &A, const std::vector<float> &B,
                  const std::vector<float> &bias, const std::vector<float> &mask, const std::vector<int> &rows,
                  const std::vector<double> &ref, const std::vector<double> &scale) {
    const bool ta = c.op[0] == 't', tb = c.op[1] == 't';
    const int tiles128 = ceil_div(c.m, 128) * ceil_div(c.n, 128) * c.batches;
    const int tile = tensorCores ? 128 : (2 * tiles128 >= sms ? 128 : 64);
    const int tiles = ceil_div(c.m, tile) * ceil_div(c.n, tile) * c.batches;
    const int kPer = c.split && !c.mask ? split_length(tiles, sms, c.k) : c.k;
    const int splits = ceil_div(c.k, kPer);
    GemmArgs args{};
    args.a = dA;
    args.b = dB;
    args.c = dC;
    args.bias = c.bias ? dBias : nullptr;
    args.mask = c.mask ? dMask : nullptr;
    args.stride_a = c.stride_a;
    args.stride_b = c.stride_b;
    args.stride_c = c.stride_c;
    args.m = c.m;
    args.n = c.n;
    args.k = c.k;
    args.lda = c.lda;
    args.ldb = c.ldb;
    args.ldc = c.ldc;
    args.splits = splits;
    args.k_per_split = kPer;
    args.atomic = splits > 1;
    const dim3 grid(ceil_div(c.n, tile), ceil_div(c.m, tile), c.batches * splits);
    auto launch = [&]() {
        // Split K adds into C; otherwise C is written whole, so NaN left over from the other kernel would show.
        if (splits > 1) CHECK(cudaMemsetAsync(dC, 0, cFloats * sizeof(float)));
        if (tensorCores) {
            if (!ta && tb) tf32_gemm<false, true><<<grid, 256>>>(args);
            else if (ta && !tb) tf32_gemm<true, false><<<grid, 256>>>(args);
            else tf32_gemm<false, false><<<grid, 256>>>(args);
        } else if (tile == 128) {
            if (!ta && tb) plain_gemm<128, 8, false, true><<<grid, 256>>>(args);
            else if (ta && !tb) plain_gemm<128, 8, true, false><<<grid, 256>>>(args);
            else plain_gemm<128, 8, false, false><<<grid, 256>>>(args);
        } else {
            if (!ta && tb) plain_gemm<64, 4, false, true><<<grid, 256>>>(args);
            else if (ta && !tb) plain_gemm<64, 4, true, false><<<grid, 256>>>(args);
            else plain_gemm<64, 4, false, false><<<grid, 256>>>(args);
        }
        CHECK(cudaGetLastError());
    };
    CHECK(cudaMemset(dC, 0xff, cFloats * sizeof(float)));  // NaN: an output never written shows
    launch();
    CHECK(cudaDeviceSynchronize());
    std::vector<float> C(cFloats);
    CHECK(cudaMemcpy(C.data(), dC, cFloats * sizeof(float), cudaMemcpyDeviceToHost));
    double err = 0.0;
    size_t i = 0;
    for (int z = 0; z < c.batches; z++)
        for (int m : rows)
            for (int n = 0; n < c.n; n++, i++) {
                const double got = C[z * c.stride_c + (size_t)m * c.ldc + n];
                const double e = std::fabs(got - ref[i]) / std::max(scale[i], 1e-30);
                err = std::isnan(got) ? INFINITY : std::max(err, e);
            }

    cudaEvent_t start, stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    std::vector<float> ms;
    for (int r = 0; r < 6; r++) {
        CHECK(cudaEventRecord(start));
        launch();
        CHECK(cudaEventRecord(stop));
        CHECK(cudaEventSynchronize(stop));
        float t;
        CHECK(cudaEventElapsedTime(&t, start, stop));
        if (r > 0) ms.push_back(t);  // the first is a warm-up
    }
    std::sort(ms.begin(), ms.end());
    CHECK(cudaEventDestroy(start));
    CHECK(cudaEventDestroy(stop));
    const double flops = 2.0 * c.m * c.n * (double)c.k * c.batches;
    return Result{err, flops / (ms[ms.size() / 2] * 1e-3) / 1e12};
}

int main() {
    int device = 0, sms = 0, major = 0, minor = 0;
    CHECK(cudaGetDevice(&device));
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
    CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
    CHECK(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device));
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, device));
    printf("gemm_check: %s, compute capability %d.%d, %d SMs\n", prop.name, major, minor, sms);
    if (major < 8) {
        printf("gemm_check: no TF32 tensor cores below sm_80; nothing to check\n");
        return 0;
    }

    // bigbi: T*B = 6400 rows, DH = 2048 (both directions), I = 512 (layer 0) or 2048 (layer 1), H = 1024.
    const int TB = 6400, DH = 2048, H = 1024;
    std::vector<Case> cases = {
        dense("bigbi proj L0 (X W_ih^T + b)", "nt", TB, DH, 512, true, false, false),
        dense("bigbi proj L1", "nt", TB, DH, DH, true, false, false),
        dense("bigbi dW_ih L0 (delta^T X)", "tn", DH, 512, TB, false, false, true),
        dense("bigbi dW_ih L1", "tn", DH, DH, TB, false, false, true),
        // dW_hh per direction: delta and hprev are (T*B, DH); direction d's columns start at d*H.
        Case{"bigbi dW_hh (2 directions)", "tn", H, H, TB, 2, DH, DH, H, H, H, (long long)H * H, false, false, true},
        dense("bigbi dX L1 (delta W_ih * mask)", "nn", TB, DH, DH, false, true, false),
        dense("bigbi dX L0 (delta W_ih)", "nn", TB, 512, DH, false, false, false),
        dense("odd nt + bias", "nt", 77, 45, 13, true, false, false),
        dense("odd nt, K 1", "nt", 1, 1, 1, false, false, false),
        dense("odd nt K 1003 + bias", "nt", 333, 129, 1003, true, false, false),
        dense("odd tn split K + bias", "tn", 129, 131, 1003, true, false, true),
        dense("odd tn", "tn", 250, 70, 37, false, false, false),
        dense("odd nn + mask", "nn", 300, 257, 7, false, true, false),
        dense("odd nn split K", "nn", 130, 250, 2501, false, false, true),
    };

    bool ok = true;
    printf("%-34s %5s %5s %5s  %11s %11s  %9s %9s\n", "product", "M", "N", "K", "err plain", "err 3xTF32",
           "TF/s plain", "TF/s 3xTF32");
    for (const Case &c : cases) {
        const bool ta = c.op[0] == 't', tb = c.op[1] == 't';
        const size_t aFloats = (size_t)(c.batches - 1) * c.stride_a + (size_t)(ta ? c.k : c.m) * c.lda;
        const size_t bFloats = (size_t)(c.batches - 1) * c.stride_b + (size_t)(tb ? c.n : c.k) * c.ldb;
        const size_t cFloats = (size_t)(c.batches - 1) * c.stride_c + (size_t)c.m * c.ldc;
        unsigned long long seed = 0x9E3779B97F4A7C15ULL ^ (c.m * 131 + c.n * 7 + c.k);
        std::vector<float> A(aFloats), B(bFloats), bias(c.n), mask(cFloats);
        for (float &x : A) x = uniform(seed);
        for (float &x : B) x = uniform(seed);
        for (float &x : bias) x = uniform(seed);
        for (float &x : mask) x = uniform(seed) < 0.0f ? 0.0f : 2.0f;  // dropout 0.5, kept values scaled by 2

        // Rows checked: all of a small product; of a large one the first, the last, both sides of tile edges, random.
        std::vector<int> rows;
        if ((double)c.m * c.n * c.k * c.batches <= 2e8) {
            for (int m = 0; m < c.m; m++) rows.push_back(m);
        } else {
            for (int m : {0, 1, 63, 64, 127, 128, 129, c.m / 2, c.m - 129, c.m - 128, c.m - 2, c.m - 1}) rows.push_back(m);
            while (rows.size() < 24) rows.push_back((int)((uniform(seed) * 0.5 + 0.5) * (c.m - 1)));
        }
        std::vector<double> ref, scale;
        for (int z = 0; z < c.batches; z++) {
            const float *a = A.data() + z * c.stride_a, *b = B.data() + z * c.stride_b;
            for (int m : rows) {
                for (int n = 0; n < c.n; n++) {
                    double s = 0.0, mag = 0.0;
                    for (int k = 0; k < c.k; k++) {
                        const double x = ta ? a[(size_t)k * c.lda + m] : a[(size_t)m * c.lda + k];
                        const double y = tb ? b[(size_t)n * c.ldb + k] : b[(size_t)k * c.ldb + n];
                        s += x * y;
                        mag += std::fabs(x * y);
                    }
                    if (c.bias) {
                        s += bias[n];
                        mag += std::fabs(bias[n]);
                    }
                    const double mk = c.mask ? mask[z * c.stride_c + (size_t)m * c.ldc + n] : 1.0;
                    ref.push_back(s * mk);
                    scale.push_back(mag * mk);
                }
            }
        }

        float *dA, *dB, *dBias, *dMask, *dC;
        CHECK(cudaMalloc(&dA, aFloats * sizeof(float)));
        CHECK(cudaMalloc(&dB, bFloats * sizeof(float)));
        CHECK(cudaMalloc(&dBias, c.n * sizeof(float)));
        CHECK(cudaMalloc(&dMask, cFloats * sizeof(float)));
        CHECK(cudaMalloc(&dC, cFloats * sizeof(float)));
        CHECK(cudaMemcpy(dA, A.data(), aFloats * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dB, B.data(), bFloats * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dBias, bias.data(), c.n * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dMask, mask.data(), cFloats * sizeof(float), cudaMemcpyHostToDevice));
        const Result plain = run(c, false, sms, dA, dB, dBias, dMask, dC, cFloats, A, B, bias, mask, rows, ref, scale);
        const Result tc = run(c, true, sms, dA, dB, dBias, dMask, dC, cFloats, A, B, bias, mask, rows, ref, scale);
        CHECK(cudaFree(dA));
        CHECK(cudaFree(dB));
        CHECK(cudaFree(dBias));
        CHECK(cudaFree(dMask));
        CHECK(cudaFree(dC));

        const bool pass = tc.err <= 1e-5 && tc.err <= 4.0 * std::max(plain.err, (double)FLT_EPSILON);
        ok = ok && pass;
        printf("%-34s %5d %5d %5d  %11.3e %11.3e  %9.2f %9.2f%s\n", c.name.c_str(), c.m, c.n, c.k, plain.err, tc.err,
               plain.tflops, tc.tflops, pass ? "" : "  FAIL");
    }
    printf("gemm_check: %s\n", ok ? "3xTF32 within bounds on every product" : "3xTF32 error out of bounds");
    return ok ? 0 : 1;
}

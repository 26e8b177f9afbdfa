/*
 * Check of the CUDA backend's matrix products as they ship: loads the committed kernel binary (rnnx_kernels.fatbin)
 * through the driver API, as the Java backend does, and runs every product kernel by name on the same cases: the
 * plain float32 kernels (rnnx_gemm_<op>_64/_128) and each 3xTF32 tensor-core family (rnnx_gemm_tf32_*,
 * rnnx_gemm_tf32s_*, rnnx_gemm_tf32s16_*, rnnx_gemm_tf32s64_*; gemm.cuh says how they differ), all against a float64
 * host reference. tf32s64 is tf32s's arithmetic on 128 x 64 tiles: its errors equal tf32s's except where split K cuts
 * K differently (more tiles, so fewer or no splits).
 * The same source runs on a GPU and on the CPU emulator (src/test/emu), which models the tensor-core instructions
 * from the PTX ISA, so a wrong fragment index fails here in CI before it meets a GPU.
 *
 *   GPU:      g++ -std=c++17 -O2 -I $CUDA_HOME/include -I src/main/cuda src/test/gpu/gemm_check.cpp \
 *                 -L $CUDA_HOME/lib64/stubs -lcuda -o gemm_check && ./gemm_check [--binary FATBIN]
 *   emulator: src/test/emu/selftest.sh builds it against target/emu/libcuda.so.1 and runs it with --small
 *
 * Cases: the bigbi shape's products (T 100, B 64, I 512, H 1024, 2 layers, bidirectional; --small replaces them with
 * the same layouts at sizes the emulator runs in seconds) and odd sizes (M, N, K not multiples of any tile), each
 * layout (nt: C = A B^T, tn: C = A^T B, nn: C = A B), with and without bias, dropout mask, split K (partial products
 * added atomically into a zeroed C) and batches with strides, launched as DeviceProducts.java launches them.
 *
 * Error of one output: |c - ref| / (sum_k |a_mk b_kn| + |bias_n|) (times the mask), the rounding error relative to
 * the size of the terms summed, which is what float32 accumulation bounds (~sqrt(K) * 2^-24 typically); the table
 * shows its maximum over the checked outputs (every output of small products, all columns of 24 rows of large ones).
 * Speed (not with --small: the emulator's times mean nothing): median of 5 timed launches after one warm-up
 * (events on the stream; the zero fill before a split-K launch included), 2 M N K per batch.
 * Without --small and with every error in bounds it ends by naming the tensor-core family that took least time over
 * bigbi's products ("fastest tensor-core family: NAME"), which check.sh passes on as -Drnnx.cuda.tf32.kernel.
 * Exit status 1 when the plain kernel's error exceeds 1e-5 or a 3xTF32 kernel's exceeds 1e-5 or 4 times the plain
 * kernel's (errors below float32's epsilon count as epsilon: a tiny product can be exact in plain float32), 2 when
 * CUDA fails or a kernel is missing.
 */
#include <cuda.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "kernel_args.h"

#define CHECK(call)                                                                                        \
    do {                                                                                                   \
        CUresult r_ = (call);                                                                              \
        if (r_ != CUDA_SUCCESS) {                                                                          \
            const char *name_ = nullptr;                                                                   \
            cuGetErrorName(r_, &name_);                                                                    \
            fprintf(stderr, "gemm_check: %s failed: %s (line %d)\n", #call, name_ ? name_ : "?", __LINE__); \
            exit(2);                                                                                       \
        }                                                                                                  \
    } while (0)

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

/* DeviceProducts.splitLength: K slices (multiples of 8) when the tiles alone leave multiprocessors idle. */
static int split_length(int tiles, int sms, int k) {
    if (tiles >= sms || k < 512) return k;
    int splits = std::max(1, std::min(ceil_div(2 * sms, tiles), k / 64));
    return ceil_div(ceil_div(k, splits), 8) * 8;
}

/* A kernel family: the name prefix before the layout, whether it is a tensor-core one, its dynamic shared memory and
 * (tensor cores) its tile's columns; the tensor-core tiles have 128 rows (DeviceProducts.tile). */
struct Family {
    std::string label, prefix;
    bool tensorCores;
    int sharedBytes;
    int tileN;
};

static const Family FAMILIES[] = {
    {"plain", "rnnx_gemm_", false, 0, 0},
    {"tf32", "rnnx_gemm_tf32_", true, 0, 128},
    {"tf32s", "rnnx_gemm_tf32s_", true, RNNX_TF32S_SHARED, 128},
    {"tf32s16", "rnnx_gemm_tf32s16_", true, RNNX_TF32S_SHARED, 128},
    {"tf32s64", "rnnx_gemm_tf32s64_", true, RNNX_TF32S64_SHARED, 64},
};

/* One product: op is "nt", "tn" or "nn"; strides in floats between batches. */
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

/* dW_hh of a bidirectional layer: delta and hprev are (rows, 2H); direction d's columns start at d*H. */
static Case directions(const std::string &name, int h, int rows) {
    return Case{name, "tn", h, h, rows, 2, 2 * h, 2 * h, h, h, h, (long long)h * h, false, false, true};
}

static float uniform(unsigned long long &state) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)((state >> 40) * (2.0 / 16777216.0) - 1.0);
}

struct Result {
    double err, tflops;
};

struct Buffers {
    CUdeviceptr a, b, bias, mask, c;
    size_t cFloats;
};

/* Runs one kernel on the case (C NaN-filled first, zeroed when split), checks the chosen rows, times it. */
static Result run(const Case &c, const Family &fam, CUfunction f, int sms, bool timed, const Buffers &d,
                  const std::vector<int> &rows, const std::vector<double> &ref, const std::vector<double> &scale) {
    const int tiles128 = ceil_div(c.m, 128) * ceil_div(c.n, 128) * c.batches;
    const int tileM = fam.tensorCores ? 128 : (2 * tiles128 >= sms ? 128 : 64);
    const int tileN = fam.tensorCores ? fam.tileN : tileM;
    const int tiles = ceil_div(c.m, tileM) * ceil_div(c.n, tileN) * c.batches;
    const int kPer = c.split && !c.mask ? split_length(tiles, sms, c.k) : c.k;
    const int splits = ceil_div(c.k, kPer);
    GemmArgs args{};
    args.a = reinterpret_cast<const float *>(d.a);
    args.b = reinterpret_cast<const float *>(d.b);
    args.c = reinterpret_cast<float *>(d.c);
    args.bias = c.bias ? reinterpret_cast<const float *>(d.bias) : nullptr;
    args.mask = c.mask ? reinterpret_cast<const float *>(d.mask) : nullptr;
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
    void *params[] = {&args};
    auto launch = [&]() {
        // Split K adds into C; otherwise C is written whole, so NaN left over from the fill would show.
        if (splits > 1) CHECK(cuMemsetD32Async(d.c, 0, d.cFloats, nullptr));
        CHECK(cuLaunchKernel(f, ceil_div(c.n, tileN), ceil_div(c.m, tileM), c.batches * splits, 256, 1, 1,
                             fam.sharedBytes, nullptr, params, nullptr));
    };
    CHECK(cuMemsetD32Async(d.c, 0xffffffffu, d.cFloats, nullptr));  // NaN: an output never written shows
    launch();
    CHECK(cuCtxSynchronize());
    std::vector<float> C(d.cFloats);
    CHECK(cuMemcpyDtoH(C.data(), d.c, d.cFloats * sizeof(float)));
    double err = 0.0;
    size_t i = 0;
    for (int z = 0; z < c.batches; z++)
        for (int m : rows)
            for (int n = 0; n < c.n; n++, i++) {
                const double got = C[z * c.stride_c + (size_t)m * c.ldc + n];
                const double e = std::fabs(got - ref[i]) / std::max(scale[i], 1e-30);
                err = std::isnan(got) ? INFINITY : std::max(err, e);
            }
    if (!timed) return Result{err, 0.0};

    CUevent start, stop;
    CHECK(cuEventCreate(&start, CU_EVENT_DEFAULT));
    CHECK(cuEventCreate(&stop, CU_EVENT_DEFAULT));
    std::vector<float> ms;
    for (int r = 0; r < 6; r++) {
        CHECK(cuEventRecord(start, nullptr));
        launch();
        CHECK(cuEventRecord(stop, nullptr));
        CHECK(cuEventSynchronize(stop));
        float t;
        CHECK(cuEventElapsedTime(&t, start, stop));
        if (r > 0) ms.push_back(t);  // the first is a warm-up
    }
    std::sort(ms.begin(), ms.end());
    CHECK(cuEventDestroy(start));
    CHECK(cuEventDestroy(stop));
    const double flops = 2.0 * c.m * c.n * (double)c.k * c.batches;
    return Result{err, flops / (ms[ms.size() / 2] * 1e-3) / 1e12};
}

int main(int argc, char **argv) {
    std::string binary = "src/main/resources/org/rnnexplorer/engine/backend/cuda/rnnx_kernels.fatbin";
    bool small = false;
    for (int i = 1; i < argc; i++) {
        const std::string arg = argv[i];
        if (arg == "--small") small = true;
        else if (arg == "--binary" && i + 1 < argc) binary = argv[++i];
        else {
            fprintf(stderr, "usage: gemm_check [--binary FATBIN] [--small]\n");
            return 2;
        }
    }
    std::ifstream in(binary, std::ios::binary);
    if (!in) {
        fprintf(stderr, "gemm_check: cannot read the kernel binary %s\n", binary.c_str());
        return 2;
    }
    const std::vector<char> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    CHECK(cuInit(0));
    CUdevice device;
    CUcontext context;
    CHECK(cuDeviceGet(&device, 0));
    CHECK(cuDevicePrimaryCtxRetain(&context, device));
    CHECK(cuCtxSetCurrent(context));
    int sms = 0, major = 0, minor = 0;
    char name[256];
    CHECK(cuDeviceGetAttribute(&sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device));
    CHECK(cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
    CHECK(cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
    CHECK(cuDeviceGetName(name, sizeof name, device));
    printf("gemm_check: %s, compute capability %d.%d, %d SMs, %s\n", name, major, minor, sms, binary.c_str());
    if (major < 8) {
        printf("gemm_check: no TF32 tensor cores below sm_80; nothing to check\n");
        return 0;
    }
    CUmodule module;
    CHECK(cuModuleLoadData(&module, image.data()));
    auto function = [&](const std::string &kernel, int sharedBytes) {
        CUfunction f;
        if (cuModuleGetFunction(&f, module, kernel.c_str()) != CUDA_SUCCESS) {
            fprintf(stderr, "gemm_check: the kernel binary has no %s\n", kernel.c_str());
            exit(2);
        }
        if (sharedBytes > 48 * 1024)
            CHECK(cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes));
        return f;
    };

    std::vector<Case> cases;
    if (small) {
        // bigbi's layouts at H 96, I 40, T*B 300: several tiles each way, K past one tile and split.
        const int TB = 300, DH = 192, H = 96, I = 40;
        cases = {
            dense("proj L0 (X W_ih^T + b)", "nt", TB, DH, I, true, false, false),
            dense("proj L1", "nt", TB, DH, DH, true, false, false),
            dense("dW_ih L1 (delta^T X)", "tn", DH, DH, TB, false, false, true),
            directions("dW_hh (2 directions)", H, TB),
            dense("dX L1 (delta W_ih * mask)", "nn", TB, DH, DH, false, true, false),
        };
    } else {
        // bigbi: T*B = 6400 rows, DH = 2048 (both directions), I = 512 (layer 0) or 2048 (layer 1), H = 1024.
        const int TB = 6400, DH = 2048, H = 1024;
        cases = {
            dense("bigbi proj L0 (X W_ih^T + b)", "nt", TB, DH, 512, true, false, false),
            dense("bigbi proj L1", "nt", TB, DH, DH, true, false, false),
            dense("bigbi dW_ih L0 (delta^T X)", "tn", DH, 512, TB, false, false, true),
            dense("bigbi dW_ih L1", "tn", DH, DH, TB, false, false, true),
            directions("bigbi dW_hh (2 directions)", H, TB),
            dense("bigbi dX L1 (delta W_ih * mask)", "nn", TB, DH, DH, false, true, false),
            dense("bigbi dX L0 (delta W_ih)", "nn", TB, 512, DH, false, false, false),
            // The per-step path's recurrent products (gated.cuh): h W_hh^T for both directions, B = 64, 4H = 4096.
            Case{"bigbi LSTM step h W_hh^T (2 dirs)", "nt", 64, 4096, H, 2, H, H, 4096, 64LL * H, 4096LL * H,
                 64LL * 4096, false, false, false},
        };
    }
    const std::vector<Case> odd = {
        dense("odd nt + bias", "nt", 77, 45, 13, true, false, false),
        dense("odd nt, K 1", "nt", 1, 1, 1, false, false, false),
        dense("odd nt K 1003 + bias", "nt", 333, 129, 1003, true, false, false),
        dense("odd tn split K + bias", "tn", 129, 131, 1003, true, false, true),
        dense("odd tn", "tn", 250, 70, 37, false, false, false),
        dense("odd nn + mask", "nn", 300, 257, 7, false, true, false),
        dense("odd nn split K", "nn", 130, 250, 2501, false, false, true),
    };
    cases.insert(cases.end(), odd.begin(), odd.end());

    bool ok = true;
    printf("%-34s %5s %5s %5s", "product", "M", "N", "K");
    for (const Family &fam : FAMILIES) printf("  %11s", ("err " + fam.label).c_str());
    if (!small)
        for (const Family &fam : FAMILIES) printf("  %12s", ("TF/s " + fam.label).c_str());
    printf("\n");
    std::vector<double> worst(std::size(FAMILIES), 0.0), slowest(std::size(FAMILIES), INFINITY);
    std::vector<double> bigbiMs(std::size(FAMILIES), 0.0);  // each family's time over all bigbi products
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
            for (int m : {0, 1, 63, 64, 127, 128, 129, c.m / 2, c.m - 129, c.m - 128, c.m - 2, c.m - 1})
                if (m >= 0 && m < c.m && std::find(rows.begin(), rows.end(), m) == rows.end()) rows.push_back(m);
            while (rows.size() < 24 && (int)rows.size() < c.m) rows.push_back((int)((uniform(seed) * 0.5 + 0.5) * (c.m - 1)));
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

        Buffers d{};
        d.cFloats = cFloats;
        CHECK(cuMemAlloc(&d.a, aFloats * sizeof(float)));
        CHECK(cuMemAlloc(&d.b, bFloats * sizeof(float)));
        CHECK(cuMemAlloc(&d.bias, c.n * sizeof(float)));
        CHECK(cuMemAlloc(&d.mask, cFloats * sizeof(float)));
        CHECK(cuMemAlloc(&d.c, cFloats * sizeof(float)));
        CHECK(cuMemcpyHtoDAsync(d.a, A.data(), aFloats * sizeof(float), nullptr));
        CHECK(cuMemcpyHtoDAsync(d.b, B.data(), bFloats * sizeof(float), nullptr));
        CHECK(cuMemcpyHtoDAsync(d.bias, bias.data(), c.n * sizeof(float), nullptr));
        CHECK(cuMemcpyHtoDAsync(d.mask, mask.data(), cFloats * sizeof(float), nullptr));
        CHECK(cuCtxSynchronize());
        std::vector<Result> results;
        for (const Family &fam : FAMILIES) {
            const int tiles128 = ceil_div(c.m, 128) * ceil_div(c.n, 128) * c.batches;
            const std::string kernel = fam.prefix + c.op + (fam.tensorCores ? "" : 2 * tiles128 >= sms ? "_128" : "_64");
            results.push_back(run(c, fam, function(kernel, fam.sharedBytes), sms, !small, d, rows, ref, scale));
        }
        CHECK(cuMemFree(d.a));
        CHECK(cuMemFree(d.b));
        CHECK(cuMemFree(d.bias));
        CHECK(cuMemFree(d.mask));
        CHECK(cuMemFree(d.c));

        const double plain = results[0].err;
        bool pass = plain <= 1e-5;
        for (size_t f = 1; f < results.size(); f++)
            pass = pass && results[f].err <= 1e-5 && results[f].err <= 4.0 * std::max(plain, (double)FLT_EPSILON);
        ok = ok && pass;
        printf("%-34s %5d %5d %5d", c.name.c_str(), c.m, c.n, c.k);
        for (const Result &r : results) printf("  %11.3e", r.err);
        if (!small)
            for (const Result &r : results) printf("  %12.2f", r.tflops);
        printf("%s\n", pass ? "" : "  FAIL");
        for (size_t f = 0; f < results.size(); f++) {
            worst[f] = std::max(worst[f], results[f].err);
            if (c.name.rfind("bigbi", 0) == 0) {
                slowest[f] = std::min(slowest[f], results[f].tflops);
                bigbiMs[f] += 2.0 * c.m * c.n * (double)c.k * c.batches / (results[f].tflops * 1e12) * 1e3;
            }
        }
    }
    for (size_t f = 0; f < std::size(FAMILIES); f++) {
        printf("gemm_check: %-8s worst error %.3e", FAMILIES[f].label.c_str(), worst[f]);
        if (!small) printf(", slowest bigbi product %.2f TFLOP/s", slowest[f]);
        printf("\n");
    }
    if (!small && ok) {
        // The line check.sh reads to choose -Drnnx.cuda.tf32.kernel for the whole-model runs that follow.
        size_t best = 1;
        for (size_t f = 2; f < std::size(FAMILIES); f++)
            if (bigbiMs[f] < bigbiMs[best]) best = f;
        printf("gemm_check: fastest tensor-core family: %s (bigbi's products %.2f ms, plain %.2f ms)\n",
               FAMILIES[best].label.c_str(), bigbiMs[best], bigbiMs[0]);
    }
    printf("gemm_check: %s\n", ok ? "every kernel within bounds on every product" : "error out of bounds");
    CHECK(cuModuleUnload(module));
    return ok ? 0 : 1;
}

package org.rnnexplorer.engine.backend.cuda;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The launches around the recurrences that every layer kernel shares: the tiled matrix product (gemm.cuh), the
 * dropout mask, and column sums for bias gradients (elementwise.cuh). Owner thread only; each launch goes to the
 * device's active stream.
 *
 * <p>With {@value #TF32_PROPERTY}{@code =true}, large products run on the tensor cores (3xTF32: float32 accuracy from
 * three TF32 products) where the GPU and the loaded code are sm_80 or later; the rest on the plain float32 kernels.
 * Four kernel families do that ({@link TensorCoreFamily}, chosen with {@value #TF32_KERNEL_PROPERTY}); the CPU
 * emulator runs them all with its model of the tensor-core instructions. Opt-in for now: gemm_check (src/test/gpu)
 * checked the first family's products on an H200 (below the plain kernel's error on every one), but no device run
 * has yet checked whole models through them (selftest --shapes, CudaConformanceTest) nor timed the backend with
 * them, nor timed the other three families; that run picks the family and makes them the default.
 */
final class DeviceProducts {
    /** System property: "true" lets the large products use the tensor cores (off until a device run checks them). */
    static final String TF32_PROPERTY = "rnnx.cuda.tf32";
    /**
     * System property: which {@link TensorCoreFamily} ({@code tf32}, {@code tf32s}, {@code tf32s16}, {@code tf32s64};
     * default tf32).
     */
    static final String TF32_KERNEL_PROPERTY = "rnnx.cuda.tf32.kernel";
    /**
     * System property: the multiply-adds from which a product goes to the tensor cores (default
     * {@link #TENSOR_CORE_MIN_MACS}); 0 sends every product there, as the emulator's selftest of them does.
     */
    static final String TF32_MIN_MACS_PROPERTY = "rnnx.cuda.tf32.minMacs";

    /**
     * The 3xTF32 kernels (gemm.cuh; {@code prefix + op} names the entry point). {@code tf32}: rnnx_gemm_tf32x3,
     * splitting as fragments are read; {@code tf32s}: rnnx_gemm_tf32x3_split_once, splitting once as tiles are stored
     * (shared memory holds the (hi, lo) pairs), the tensor cores summing 8 deep; {@code tf32s16}: the same summing 16
     * deep (half the float32 adds, a second set of accumulators); {@code tf32s64}: tf32s's arithmetic (bitwise the
     * same outputs for the same K ranges) on 128 x 64 tiles, in 128 registers a thread so that two blocks share a
     * multiprocessor (the others take 168 to 250: one block).
     *
     * @param sharedBytes dynamic shared memory per block (kernel_args.h's RNNX_TF32S_SHARED for the split-once kernels,
     *                    RNNX_TF32S64_SHARED for tf32s64: two buffers of A's 16 x 132 and B's 16 x 68 (hi, lo) pairs)
     * @param tileN       the block tile's columns (N; its rows are {@link #TENSOR_CORE_TILE} for every family)
     */
    enum TensorCoreFamily {
        TF32("tf32", 0, 128),
        SPLIT_ONCE("tf32s", 2 * 2 * 16 * (128 + 4) * 8, 128),
        SPLIT_ONCE_16("tf32s16", 2 * 2 * 16 * (128 + 4) * 8, 128),
        SPLIT_ONCE_64("tf32s64", 2 * 16 * ((128 + 4) + (64 + 4)) * 8, 64);

        final String key;
        final int sharedBytes;
        final int tileN;

        TensorCoreFamily(String key, int sharedBytes, int tileN) {
            this.key = key;
            this.sharedBytes = sharedBytes;
            this.tileN = tileN;
        }

        /** The entry point for a layout ("nt", "tn" or "nn"). */
        String kernel(String op) {
            return "rnnx_gemm_" + key + "_" + op;
        }

        /** The family a {@value #TF32_KERNEL_PROPERTY} value names (unset: tf32). */
        static TensorCoreFamily fromProperty(String value) {
            if (value == null || value.isBlank()) return TF32;
            for (TensorCoreFamily f : values()) {
                if (f.key.equalsIgnoreCase(value.strip())) return f;
            }
            throw new IllegalArgumentException(TF32_KERNEL_PROPERTY + " must be tf32, tf32s, tf32s16 or tf32s64, not '"
                    + value + "'");
        }
    }

    /** Every family's entry points; optional in the kernel binary (an older binary may lack them). */
    static final List<String> TENSOR_CORE_KERNELS = Arrays.stream(TensorCoreFamily.values())
            .flatMap(f -> Stream.of("nt", "tn", "nn").map(f::kernel)).toList();
    /** Their tile's rows: 128 (by {@link TensorCoreFamily#tileN} columns) per block of 256 threads. */
    static final int TENSOR_CORE_TILE = 128;
    /**
     * Multiply-adds (M N K over the batches) from which a product goes to the tensor cores: 2^29, about 45 us on the
     * plain kernel at the ~24 TFLOP/s gemm_check measured on an H200. Below that a product's time is mostly its launch and its one or two waves of
     * tiles, and the tensor-core kernels have only 128 x 128 tiles at one block per multiprocessor (168 to 250
     * registers per thread), or 128 x 64 at two, where the plain kernel can use 64 x 64 tiles, so there is little to
     * gain. bigbi's RNN products (T*B = 6400, H = 1024) are 6.7e9 to 2.7e10 and wide's (T*B = 16000, H = 512) 1.0e9 to 4.2e9; mid's
     * (T*B = 6400, H = 256) are at most 4.2e8 and stay on the plain kernels, as do long's and tiny's.
     */
    static final long TENSOR_CORE_MIN_MACS = 1L << 29;

    private final CudaDevice device;
    private final CudaDriver driver;
    private final KernelArgs gemm, mask, colsum;
    private final boolean tf32Allowed;
    private final TensorCoreFamily family;
    private final long tensorCoreMinMacs;

    DeviceProducts(CudaDevice device, Arena arena) {
        this.device = device;
        this.driver = device.driver();
        tf32Allowed = tf32Allowed(System.getProperty(TF32_PROPERTY));
        family = TensorCoreFamily.fromProperty(System.getProperty(TF32_KERNEL_PROPERTY));
        tensorCoreMinMacs = minMacs(System.getProperty(TF32_MIN_MACS_PROPERTY));
        gemm = new KernelArgs(KernelArgs.GEMM, arena);
        mask = new KernelArgs(KernelArgs.MASK, arena);
        colsum = new KernelArgs(KernelArgs.COLSUM, arena);
    }

    /**
     * C = op(A) op(B) (+ bias) (* mask) with op as in {@code op} ("nt": A B^T, "tn": A^T B, "nn": A B), over
     * {@code batches} problems whose pointers advance by the strides (in floats). Splits K (adding atomically into a
     * zeroed C) when the tiles alone would leave most multiprocessors idle.
     */
    void gemm(String op, long a, int lda, long strideA, long b, int ldb, long strideB, long c, int ldc,
              long strideC, int m, int n, int k, int batches, long bias, long maskPtr) {
        gemm(op, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, m, n, k, batches, bias, maskPtr, false);
    }

    /** C += op(A) op(B), as {@link #gemm} otherwise: every block adds its part atomically into C as it stands. */
    void gemmAdd(String op, long a, int lda, long strideA, long b, int ldb, long strideB, long c, int ldc,
                 long strideC, int m, int n, int k, int batches) {
        gemm(op, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, m, n, k, batches, 0, 0, true);
    }

    private void gemm(String op, long a, int lda, long strideA, long b, int ldb, long strideB, long c, int ldc,
                      long strideC, int m, int n, int k, int batches, long bias, long maskPtr, boolean accumulate) {
        if (m == 0 || n == 0) return;
        int sms = device.caps().multiprocessors();
        boolean tensorCores = useTensorCores(device.caps(), device.hasFunction(family.kernel(op)), tf32Allowed,
                tensorCoreMinMacs, m, n, k, batches);
        Tile tile = tile(tensorCores ? family : null, m, n, batches, sms);
        int tiles = ceil(m, tile.m()) * ceil(n, tile.n()) * batches;
        int kPer = maskPtr == 0 ? splitLength(tiles, sms, k) : k;
        int splits = ceil(k, kPer);
        if (ceil(m, tile.m()) > 65535 || (long) batches * splits > 65535) {
            throw new IllegalArgumentException("matrix product of " + m + " rows is too large for one launch");
        }
        if (splits > 1 && !accumulate) {
            if (ldc != n || (batches > 1 && strideC != (long) m * ldc)) throw new IllegalStateException("split-K needs dense C");
            driver.fill32(c, 0, (long) m * n * batches, device.stream());
        }
        gemm.clear().set("a", a).set("b", b).set("c", c).set("bias", bias).set("mask", maskPtr)
                .set("stride_a", strideA).set("stride_b", strideB).set("stride_c", strideC)
                .set("m", m).set("n", n).set("k", k).set("lda", lda).set("ldb", ldb).set("ldc", ldc)
                .set("splits", splits).set("k_per_split", kPer).set("atomic", splits > 1 || accumulate ? 1 : 0);
        String kernel = tensorCores ? family.kernel(op) : "rnnx_gemm_" + op + "_" + tile.m();
        device.launch(kernel, ceil(n, tile.n()), ceil(m, tile.m()), batches * splits, 256, 1, 1,
                tensorCores ? family.sharedBytes : 0, gemm);
    }

    /** A block's tile of C: m rows by n columns (the grid is ceil(N / n) by ceil(M / m) by batches and K splits). */
    record Tile(int m, int n) {}

    /**
     * The tile of a product: the tensor-core family's (null: the plain kernels'). The plain kernels' 128 x 128 tiles
     * are more efficient once they fill half the multiprocessors, their 64 x 64 ones below that; the tensor-core
     * kernels have one tile each, 128 rows by {@link TensorCoreFamily#tileN}.
     */
    static Tile tile(TensorCoreFamily tensorCoreFamily, int m, int n, int batches, int multiprocessors) {
        if (tensorCoreFamily != null) return new Tile(TENSOR_CORE_TILE, tensorCoreFamily.tileN);
        int tiles128 = ceil(m, 128) * ceil(n, 128) * batches;
        int t = 2 * tiles128 >= multiprocessors ? 128 : 64;
        return new Tile(t, t);
    }

    /** Whether the {@value #TF32_PROPERTY} property's value lets products use the tensor cores (unset: not yet). */
    static boolean tf32Allowed(String propertyValue) {
        return "true".equalsIgnoreCase(propertyValue);
    }

    /** The {@value #TF32_MIN_MACS_PROPERTY} property's threshold (unset: {@link #TENSOR_CORE_MIN_MACS}). */
    static long minMacs(String propertyValue) {
        if (propertyValue == null || propertyValue.isBlank()) return TENSOR_CORE_MIN_MACS;
        try {
            long v = Long.parseLong(propertyValue.strip());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(TF32_MIN_MACS_PROPERTY + " must be a whole number >= 0, not '" + propertyValue + "'");
    }

    /**
     * Whether a product of M N K multiply-adds per batch goes to the tensor cores: allowed, at least {@code minMacs}
     * ({@link #TENSOR_CORE_MIN_MACS} unless set), on a GPU of compute capability 8.0 or later running code built for
     * it (the sm_75 build of the kernel traps; a newer GPU running the compute_75 PTX has only that), and present in
     * the loaded binary.
     */
    static boolean useTensorCores(DeviceCaps caps, boolean kernelLoaded, boolean allowed, long minMacs, int m, int n,
                                  int k, int batches) {
        return allowed && kernelLoaded && caps.tensorCoresUsable() && (long) m * n * k * batches >= minMacs;
    }

    /**
     * The K range each block of a product covers (a multiple of 8, the tile depth): all of K, or a slice of it when
     * the product has fewer tiles than multiprocessors and a long K, as the weight gradients of a long sequence at a
     * small width do (dW_hh at T*B = 1000, H = 128: 4 tiles). Slices of at least 64 so that each block still runs a
     * few tiles; up to two blocks per multiprocessor. The slices' partial products are added atomically into a
     * zeroed C. Each block walks its K range one dependent tile after another, so the product's time is about its
     * slice length: a cap of K/256 slices (the first rule) left 336 of those 1000 steps per block.
     */
    static int splitLength(int tiles, int multiprocessors, int k) {
        if (tiles >= multiprocessors || k < 512) return k;
        int splits = Math.max(1, Math.min(ceil(2 * multiprocessors, tiles), k / 64));
        return ceil(ceil(k, splits), 8) * 8;
    }

    /** dst = src * mask element-wise, n floats (dropout between layers). */
    void maskMultiply(long src, long maskPtr, long dst, long n) {
        mask.clear().set("src", src).set("mask", maskPtr).set("dst", dst).set("n", n);
        launchElementwise("rnnx_mask_mul", n, mask);
    }

    /** dst (cols) = the column sums of src (rows, cols), leading dimension cols: a bias gradient from its delta. */
    void columnSums(long src, long dst, int rows, int cols) {
        driver.fill32(dst, 0, cols, device.stream());
        int rowsPerBlock = Math.max(256, (rows + 65534) / 65535);
        colsum.clear().set("src", src).set("dst", dst).set("rows", rows).set("cols", cols).set("ld", cols)
                .set("rows_per_block", rowsPerBlock);
        device.launch("rnnx_bias_grad", (cols + 31) / 32, (rows + rowsPerBlock - 1) / rowsPerBlock, 1, 32, 8, 1, 0, colsum);
    }

    /** A grid-stride element-wise kernel over n items: enough 256-thread blocks to fill the device, no more. */
    void launchElementwise(String kernel, long n, KernelArgs args) {
        int blocks = (int) Math.max(1, Math.min((n + 255) / 256, 16L * device.caps().multiprocessors()));
        device.launch(kernel, blocks, 1, 1, 256, 1, 1, 0, args);
    }

    static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }
}

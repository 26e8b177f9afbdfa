package org.rnnexplorer.engine.backend.cuda;

import java.lang.foreign.Arena;

/**
 * The launches around the recurrences that every layer kernel shares: the tiled matrix product (gemm.cuh), the
 * dropout mask, and column sums for bias gradients (elementwise.cuh). Owner thread only; each launch goes to the
 * device's active stream.
 */
final class DeviceProducts {
    private final CudaDevice device;
    private final CudaDriver driver;
    private final KernelArgs gemm, mask, colsum;

    DeviceProducts(CudaDevice device, Arena arena) {
        this.device = device;
        this.driver = device.driver();
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
        int tiles128 = ceil(m, 128) * ceil(n, 128) * batches;
        int tile = 2 * tiles128 >= sms ? 128 : 64;  // 128-tiles are more efficient once they fill half the SMs
        int tiles = ceil(m, tile) * ceil(n, tile) * batches;
        int kPer = maskPtr == 0 ? splitLength(tiles, sms, k) : k;
        int splits = ceil(k, kPer);
        if (ceil(m, tile) > 65535 || (long) batches * splits > 65535) {
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
        device.launch("rnnx_gemm_" + op + "_" + tile, ceil(n, tile), ceil(m, tile), batches * splits, 256, 1, 1, 0, gemm);
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

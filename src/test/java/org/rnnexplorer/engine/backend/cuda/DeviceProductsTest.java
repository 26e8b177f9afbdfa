package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.bench.BenchShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which products go to the 3xTF32 tensor-core kernels and which stay on the plain ones (no GPU needed). */
class DeviceProductsTest {
    private static final DeviceCaps H200 = RecurrencePlanTest.H200;
    private static final DeviceCaps A100 = RecurrencePlanTest.A100;
    private static final DeviceCaps T4 = RecurrencePlanTest.T4;

    /** An H200 whose driver compiled the compute_75 PTX (no sm_90 code in the binary): no mma.sync .tf32 there. */
    private static final DeviceCaps H200_RUNNING_PTX_75 = new DeviceCaps("H200", 132, 9, 0, 750, 1024, 232448, true, true);

    private static boolean tensorCores(DeviceCaps caps, int m, int n, int k, int batches) {
        return DeviceProducts.useTensorCores(caps, true, true, DeviceProducts.TENSOR_CORE_MIN_MACS, m, n, k, batches);
    }

    /** The products of one layer k of an RNN shape, as CudaKernel launches them: (M, N, K, batches) each. */
    private static int[][] rnnProducts(BenchShape s, int k) {
        int tb = s.steps() * s.batch(), h = s.hiddenSize(), dirs = s.bidirectional() ? 2 : 1, dh = dirs * h;
        int in = k == 0 ? s.inputSize() : dh;
        return new int[][] {
                {tb, dh, in, 1},   // nt: proj = x W_ih^T + b
                {tb, in, dh, 1},   // nn: dL/dx = delta W_ih
                {dh, in, tb, 1},   // tn: dW_ih = delta^T x
                {h, h, tb, dirs},  // tn: dW_hh = delta^T hprev per direction
        };
    }

    @Test
    void bigbiAndWideProductsUseTheTensorCoresOnHopperAndAmpere() {
        for (BenchShape shape : new BenchShape[] {BenchShape.BIGBI, BenchShape.WIDE}) {
            for (int layer = 0; layer < shape.layers(); layer++) {
                for (int[] p : rnnProducts(shape, layer)) {
                    String what = shape.key() + " layer " + layer + " " + java.util.Arrays.toString(p);
                    assertTrue(tensorCores(H200, p[0], p[1], p[2], p[3]), what + " on an H200");
                    assertTrue(tensorCores(A100, p[0], p[1], p[2], p[3]), what + " on an A100");
                }
            }
        }
    }

    @Test
    void smallShapesStayOnThePlainKernels() {
        for (BenchShape shape : new BenchShape[] {BenchShape.TINY, BenchShape.LONG, BenchShape.MID}) {
            for (int layer = 0; layer < shape.layers(); layer++) {
                for (int[] p : rnnProducts(shape, layer)) {
                    assertFalse(tensorCores(H200, p[0], p[1], p[2], p[3]), shape.key() + " " + java.util.Arrays.toString(p));
                }
            }
        }
    }

    @Test
    void thresholdCountsEveryBatchAndDoesNotOverflow() {
        long threshold = DeviceProducts.TENSOR_CORE_MIN_MACS;
        assertTrue(tensorCores(H200, 1024, 1024, (int) (threshold / (1024L * 1024)), 1), "exactly at the threshold");
        assertFalse(tensorCores(H200, 1024, 1024, (int) (threshold / (1024L * 1024)) - 1, 1), "one K below it");
        assertTrue(tensorCores(H200, 1024, 1024, (int) (threshold / (2 * 1024L * 1024)), 2), "two batches of half");
        // 2^31 x 2^31 x ... would wrap around in int arithmetic; M N K of 65536^2 * 2^20 stays positive in long.
        assertTrue(tensorCores(H200, 65536, 65536, 1 << 20, 1));
    }

    @Test
    void neverBelowSm80NorOnTheCompute75Ptx() {
        assertFalse(tensorCores(T4, 6400, 2048, 2048, 1), "a T4 (sm_75) has no TF32 tensor cores");
        assertFalse(tensorCores(H200_RUNNING_PTX_75, 6400, 2048, 2048, 1), "the compute_75 PTX has no tensor-core code");
    }

    @Test
    void neverWhenTheBinaryLacksTheKernels() {
        long min = DeviceProducts.TENSOR_CORE_MIN_MACS;
        assertFalse(DeviceProducts.useTensorCores(H200, false, true, min, 6400, 2048, 2048, 1));
    }

    @Test
    void onlyPropertyTrueTurnsThemOn() {
        // Opt-in until a device run has checked whole models through them (DeviceProducts' comment).
        assertFalse(DeviceProducts.tf32Allowed(null), "off unless asked");
        assertTrue(DeviceProducts.tf32Allowed("true"));
        assertTrue(DeviceProducts.tf32Allowed("TRUE"));
        assertFalse(DeviceProducts.tf32Allowed("false"));
        assertFalse(DeviceProducts.tf32Allowed("FALSE"));
        assertFalse(DeviceProducts.useTensorCores(H200, true, false, DeviceProducts.TENSOR_CORE_MIN_MACS, 6400, 2048, 2048, 1));
    }

    @Test
    void theThresholdPropertyCanSendEveryProductToTheTensorCores() {
        assertEquals(DeviceProducts.TENSOR_CORE_MIN_MACS, DeviceProducts.minMacs(null));
        assertEquals(0, DeviceProducts.minMacs("0"));
        assertTrue(DeviceProducts.useTensorCores(H200, true, true, 0, 1, 1, 1, 1), "a 1 x 1 x 1 product at threshold 0");
        for (String bad : new String[] {"-1", "lots", "1e9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceProducts.minMacs(bad));
            assertTrue(e.getMessage().contains(DeviceProducts.TF32_MIN_MACS_PROPERTY) && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void theFamilyPropertyNamesOneOfFourKernelFamilies() {
        assertEquals(4, DeviceProducts.TensorCoreFamily.values().length);
        assertEquals(DeviceProducts.TensorCoreFamily.TF32, DeviceProducts.TensorCoreFamily.fromProperty(null));
        assertEquals(DeviceProducts.TensorCoreFamily.SPLIT_ONCE, DeviceProducts.TensorCoreFamily.fromProperty("tf32s"));
        assertEquals(DeviceProducts.TensorCoreFamily.SPLIT_ONCE_16, DeviceProducts.TensorCoreFamily.fromProperty(" TF32S16 "));
        assertEquals(DeviceProducts.TensorCoreFamily.SPLIT_ONCE_64, DeviceProducts.TensorCoreFamily.fromProperty("tf32s64"));
        assertEquals("rnnx_gemm_tf32s64_tn", DeviceProducts.TensorCoreFamily.SPLIT_ONCE_64.kernel("tn"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceProducts.TensorCoreFamily.fromProperty("tf64"));
        assertTrue(e.getMessage().contains("tf32s16") && e.getMessage().contains("tf32s64") && e.getMessage().contains("tf64"),
                e.getMessage());
    }

    @Test
    void everyTensorCoreKernelIsDefinedForTheGpuAndInTheEmulatorsTable() throws IOException {
        String kernels = Files.readString(Path.of("src/main/cuda/rnnx_kernels.cu"));
        String emulator = Files.readString(Path.of("src/test/emu/kernels_emu.cpp"));
        assertEquals(12, DeviceProducts.TENSOR_CORE_KERNELS.size());
        for (DeviceProducts.TensorCoreFamily family : DeviceProducts.TensorCoreFamily.values()) {
            for (String op : new String[] {"nt", "tn", "nn"}) {
                String name = family.kernel(op);
                assertTrue(DeviceProducts.TENSOR_CORE_KERNELS.contains(name));
                assertTrue(kernels.contains("X(" + name + ","), name + " is not defined in rnnx_kernels.cu");
            }
        }
        // One list (RNNX_GEMMS_TF32) makes the GPU's entry points and the emulator's table entries.
        assertTrue(kernels.contains("\nRNNX_GEMMS_TF32(RNNX_GEMM_TF32)\n"), "entry points made from the list");
        assertTrue(emulator.contains("RNNX_GEMMS_TF32(EMU_GEMM_TF32_ENTRY)"), "the emulator's table made from the list");
    }

    @Test
    void theSplitOnceKernelsGetTheSharedMemoryTheirTilesTake() throws IOException {
        // kernel_args.h (gemm.cuh's tiles): two buffers each of A's and B's 16 x 132 tiles of (hi, lo) pairs of 8 bytes.
        String gemm = Files.readString(Path.of("src/main/cuda/kernel_args.h"));
        assertTrue(gemm.contains("#define RNNX_TF32S_PITCH (128 + 4)"));
        assertTrue(gemm.contains("#define RNNX_TF32S_SHARED (2 * 2 * 16 * RNNX_TF32S_PITCH * 8)"));
        assertEquals(2 * 2 * 16 * 132 * 8, DeviceProducts.TensorCoreFamily.SPLIT_ONCE.sharedBytes);
        assertEquals(2 * 2 * 16 * 132 * 8, DeviceProducts.TensorCoreFamily.SPLIT_ONCE_16.sharedBytes);
        assertEquals(0, DeviceProducts.TensorCoreFamily.TF32.sharedBytes, "static shared memory only");
        // tf32s64: A's tiles as above, B's 16 x 68 (64 columns + 4).
        assertTrue(gemm.contains("#define RNNX_TF32S64_PITCH_B (64 + 4)"));
        assertTrue(gemm.contains("#define RNNX_TF32S64_SHARED (2 * 16 * (RNNX_TF32S_PITCH + RNNX_TF32S64_PITCH_B) * 8)"));
        assertEquals(2 * 16 * (132 + 68) * 8, DeviceProducts.TensorCoreFamily.SPLIT_ONCE_64.sharedBytes);
        assertEquals(51200, DeviceProducts.TensorCoreFamily.SPLIT_ONCE_64.sharedBytes, "two blocks fit in 100 KiB");
    }

    @Test
    void eachFamilyLaunchesItsOwnTile() throws IOException {
        // The kernels' tiles (gemm.cuh: BM 128; BN 128, or 64 for tf32s64) and the grid the host computes from them.
        for (DeviceProducts.TensorCoreFamily f : DeviceProducts.TensorCoreFamily.values()) {
            DeviceProducts.Tile t = DeviceProducts.tile(f, 6400, 2048, 1, 132);
            assertEquals(128, t.m(), f.key);
            assertEquals(f == DeviceProducts.TensorCoreFamily.SPLIT_ONCE_64 ? 64 : 128, t.n(), f.key);
            assertEquals(t.n(), f.tileN, f.key);
        }
        String kernels = Files.readString(Path.of("src/main/cuda/rnnx_kernels.cu"));
        assertTrue(kernels.contains("X(rnnx_gemm_tf32s64_nt, false, true, (rnnx_gemm_tf32x3_split_once<false, true, 8, 64>(args)))"),
                "tf32s64 is the split-once kernel with CHUNK 8 and BN 64");
        // A 129 x 65 product: 2 x 2 blocks of 128 x 64, 2 x 1 of 128 x 128.
        DeviceProducts.Tile t64 = DeviceProducts.tile(DeviceProducts.TensorCoreFamily.SPLIT_ONCE_64, 129, 65, 1, 132);
        assertEquals(2, DeviceProducts.ceil(65, t64.n()));
        assertEquals(2, DeviceProducts.ceil(129, t64.m()));
        DeviceProducts.Tile t128 = DeviceProducts.tile(DeviceProducts.TensorCoreFamily.SPLIT_ONCE, 129, 65, 1, 132);
        assertEquals(1, DeviceProducts.ceil(65, t128.n()));
        // The plain kernels: 128 x 128 once those tiles fill half the multiprocessors, 64 x 64 below.
        assertEquals(new DeviceProducts.Tile(128, 128), DeviceProducts.tile(null, 6400, 2048, 1, 132));
        assertEquals(new DeviceProducts.Tile(64, 64), DeviceProducts.tile(null, 256, 256, 1, 132));
    }
}

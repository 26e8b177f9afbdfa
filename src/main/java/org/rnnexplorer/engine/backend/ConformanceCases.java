package org.rnnexplorer.engine.backend;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The grid of configurations on which every backend must match the scalar reference: every configuration axis
 * (layers, bidirectional, relu/tanh, bias, batch_first, unbatched, variable lengths, h0, dropout masks) plus sizes
 * that exercise vector tails and blocking (H and I not multiples of any lane count, batch 1 and odd batches).
 */
public final class ConformanceCases {

    private ConformanceCases() {
    }

    /**
     * One configuration and input shape.
     *
     * @param lengthsPattern null for full lengths; else lengths are cycled from this pattern, capped at steps
     */
    public record Case(String name, RnnConfig config, int steps, int batch, boolean unbatched, boolean withH0,
                       int[] lengthsPattern, boolean dropoutMasks, Initializers.Scheme init) {
        @Override
        public String toString() {
            return name;
        }

        /** Lengths for this case's batch, or null. */
        public int[] lengths() {
            if (lengthsPattern == null || unbatched) return null;
            int[] l = new int[batch];
            for (int b = 0; b < batch; b++) l[b] = Math.min(steps, lengthsPattern[b % lengthsPattern.length]);
            l[0] = steps; // the longest sequence sets T, as after pad_sequence
            return l;
        }
    }

    /** The full grid: small cases on every axis plus larger shapes. */
    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (Nonlinearity f : Nonlinearity.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    for (int layers : new int[] {1, 2, 3}) {
                        RnnConfig c = new RnnConfig(5, 7, layers, f, bias, false, layers > 1 ? 0.25 : 0, bidi);
                        String n = f.torchName() + (bias ? "" : "-nobias") + (bidi ? "-bi" : "") + "-L" + layers;
                        cases.add(new Case(n, c, 6, 3, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
                        cases.add(new Case(n + "-h0-lengths", c, 6, 4, false, true, new int[] {6, 2, 5, 1}, false,
                                Initializers.Scheme.PYTORCH_DEFAULT));
                        cases.add(new Case(n + "-batchfirst", c.withBatchFirst(true), 5, 2, false, true, null, false,
                                Initializers.Scheme.PYTORCH_DEFAULT));
                        cases.add(new Case(n + "-unbatched", c, 5, 1, true, true, null, false,
                                Initializers.Scheme.PYTORCH_DEFAULT));
                        if (layers > 1) {
                            cases.add(new Case(n + "-dropout", c, 5, 3, false, true, new int[] {5, 3}, true,
                                    Initializers.Scheme.PYTORCH_DEFAULT));
                        }
                    }
                }
            }
        }
        // Sizes that cross vector widths and block edges.
        cases.add(new Case("tanh-H37-I19-B1", new RnnConfig(19, 37, 1, Nonlinearity.TANH, true, false, 0, false),
                40, 1, false, true, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("tanh-H64-I33-B5-bi", new RnnConfig(33, 64, 2, Nonlinearity.TANH, true, false, 0, true),
                30, 5, false, false, new int[] {30, 17, 29, 1, 8}, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("relu-H128-I8-B1-orth", new RnnConfig(8, 128, 1, Nonlinearity.RELU, true, false, 0, false),
                60, 1, false, false, null, false, Initializers.Scheme.ORTHOGONAL));
        cases.add(new Case("tanh-H100-I3-B9-2L", new RnnConfig(3, 100, 2, Nonlinearity.TANH, false, true, 0.1, false),
                25, 9, false, true, new int[] {25, 24, 3}, true, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("tanh-H256-I64-B4", new RnnConfig(64, 256, 1, Nonlinearity.TANH, true, false, 0, true),
                20, 4, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        // Blocking edges of the simd kernels: batch past 16 and not a multiple of 4 (row tails), H past the K block
        // and the row block of the weight-gradient product, I past the K block, T·B past the row block (so products
        // are cut into chunks shared between threads), odd panel counts.
        cases.add(new Case("tanh-H300-I70-B19-lengths", new RnnConfig(70, 300, 1, Nonlinearity.TANH, true, false, 0, false),
                30, 19, false, true, new int[] {30, 7, 29, 1, 18, 30}, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("relu-H80-I600-B37-bi-2L-dropout",
                new RnnConfig(600, 80, 2, Nonlinearity.RELU, true, false, 0.3, true),
                9, 37, false, true, new int[] {9, 4, 8, 1, 9}, true, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("tanh-H130-I129-B6-3L-nobias", new RnnConfig(129, 130, 3, Nonlinearity.TANH, false, false, 0, false),
                50, 6, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("relu-H33-I1-B16-irnn", new RnnConfig(1, 33, 1, Nonlinearity.RELU, true, false, 0, false),
                50, 16, false, true, new int[] {50, 13, 40}, false, Initializers.Scheme.IDENTITY));
        return cases;
    }

    /**
     * LSTM (with and without proj_size) and GRU on every axis, plus sizes that cross vector widths and panel edges
     * (G·H and in_k not multiples of a panel, batch past 4 with odd lengths). Dropout masks are (T, B, D·H_out).
     */
    public static List<Case> gated() {
        List<Case> cases = new ArrayList<>();
        Initializers.Scheme init = Initializers.Scheme.PYTORCH_DEFAULT;
        for (String cell : new String[] {"lstm", "lstmp", "gru"}) {
            CellMode mode = cell.equals("gru") ? CellMode.GRU : CellMode.LSTM;
            int proj = cell.equals("lstmp") ? 3 : 0;
            for (boolean bidi : new boolean[] {false, true}) {
                for (int layers : new int[] {1, 2}) {
                    RnnConfig c = new RnnConfig(mode, 5, 7, layers, true, false, layers > 1 ? 0.25 : 0, bidi, proj);
                    String n = cell + (bidi ? "-bi" : "") + "-L" + layers;
                    cases.add(new Case(n, c, 6, 3, false, false, null, false, init));
                    cases.add(new Case(n + "-states-lengths", c, 6, 4, false, true, new int[] {6, 2, 5, 1}, false, init));
                    cases.add(new Case(n + "-batchfirst-nobias", c.withBatchFirst(true).withBias(false), 5, 2, false, true,
                            null, false, init));
                    cases.add(new Case(n + "-unbatched", c, 5, 1, true, true, null, false, init));
                    if (layers > 1) cases.add(new Case(n + "-dropout", c, 5, 3, false, true, new int[] {5, 3}, true, init));
                }
            }
        }
        cases.add(new Case("lstm-H37-I19-B6-lengths", new RnnConfig(CellMode.LSTM, 19, 37, 1, true, false, 0, false, 0),
                20, 6, false, true, new int[] {20, 7, 19, 1, 13}, false, init));
        cases.add(new Case("lstmp-H70-P20-I33-B5-bi-2L", new RnnConfig(CellMode.LSTM, 33, 70, 2, true, false, 0, true, 20),
                12, 5, false, true, new int[] {12, 3, 11}, false, init));
        cases.add(new Case("gru-H45-I70-B9-2L-dropout", new RnnConfig(CellMode.GRU, 70, 45, 2, true, false, 0.3, false, 0),
                10, 9, false, true, new int[] {10, 4, 9}, true, init));
        // T·B = 480 rows: the simd kernel cuts the input projection and the input gradient into two row chunks and
        // the weight gradients (G·H = 320 and 270 rows of dW) into two blocks, shared between its threads.
        cases.add(new Case("lstm-H80-I64-B8-T60-bi-lengths", new RnnConfig(CellMode.LSTM, 64, 80, 1, true, false, 0, true, 0),
                60, 8, false, true, new int[] {60, 17, 59, 1, 60, 33, 8, 45}, false, init));
        cases.add(new Case("gru-H90-I64-B8-T60-2L", new RnnConfig(CellMode.GRU, 64, 90, 2, true, false, 0, false, 0),
                60, 8, false, false, null, false, init));
        // Wider than a GPU block's 256 threads (units, projection rows and W_hh columns loop) and more sequences than
        // one block of the gated CUDA kernels holds (8).
        cases.add(new Case("lstmp-H300-P260-I9-B10-bi-lengths", new RnnConfig(CellMode.LSTM, 9, 300, 1, true, false, 0, true, 260),
                6, 10, false, true, new int[] {6, 2, 5, 1, 6, 3}, false, init));
        // The register-resident gated forward kernels' size classes: H = 128 exactly (the long shape's, single
        // sequence) and 129..256 (variant s8_k32, clusters of 8 or 16 blocks).
        cases.add(new Case("gru-H128-I8-B1-T12", new RnnConfig(CellMode.GRU, 8, 128, 1, true, false, 0, false, 0),
                12, 1, false, true, null, false, init));
        cases.add(new Case("lstm-H200-I8-B2-bi-lengths", new RnnConfig(CellMode.LSTM, 8, 200, 1, true, false, 0, true, 0),
                8, 2, false, true, new int[] {8, 5}, false, init));
        cases.add(new Case("gru-H270-I5-B11-2L-lengths", new RnnConfig(CellMode.GRU, 5, 270, 2, true, false, 0, false, 0),
                5, 11, false, true, new int[] {5, 1, 4}, false, init));
        return cases;
    }

    /**
     * Larger cases for {@code rnnx selftest} that reach the limits of each way a backend may organise the
     * recurrence: hidden sizes at and past the 128, 256, 512 and 1024 boundaries of the GPU kernel variants (and
     * beyond what a persistent GPU kernel holds), batches that need many batch groups or more state rows than
     * shared memory holds at once, every axis mixed in. Small enough in T*B that the float64 reference stays quick.
     */
    public static List<Case> largeCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("tanh-H128-I16-B3-T40-bi-2L-h0-lengths",
                new RnnConfig(16, 128, 2, Nonlinearity.TANH, true, false, 0, true), 40, 3, false, true,
                new int[] {40, 17, 1}, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("tanh-H48-I4-B70-T15-lengths",
                new RnnConfig(4, 48, 1, Nonlinearity.TANH, true, false, 0, false), 15, 70, false, true,
                new int[] {15, 9, 3, 14, 1}, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("relu-H256-I32-B5-T20-2L-dropout-lengths",
                new RnnConfig(32, 256, 2, Nonlinearity.RELU, true, false, 0.3, false), 20, 5, false, false,
                new int[] {20, 11, 20, 4, 19}, true, Initializers.Scheme.ORTHOGONAL));
        cases.add(new Case("tanh-H512-I8-B4-T12-bi-nobias-h0",
                new RnnConfig(8, 512, 1, Nonlinearity.TANH, false, false, 0, true), 12, 4, false, true, null, false,
                Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("tanh-H1000-I5-B20-T5-h0-lengths",
                new RnnConfig(5, 1000, 1, Nonlinearity.TANH, true, false, 0, false), 5, 20, false, true,
                new int[] {5, 3, 1, 4}, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("tanh-H1100-I3-B2-T5-bi",
                new RnnConfig(3, 1100, 1, Nonlinearity.TANH, true, false, 0, true), 5, 2, false, false, null, false,
                Initializers.Scheme.PYTORCH_DEFAULT));
        return cases;
    }

    /**
     * The benchmark shapes of performance.md, so that what is timed is also checked: tiny, long and mid as timed;
     * bigbi and wide with fewer steps (the float64 reference would take minutes on all of them), same widths.
     */
    public static List<Case> standardShapes() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("shape-tiny-T100-B1-I1-H32", new RnnConfig(1, 32, 1, Nonlinearity.TANH, true, false, 0, false),
                100, 1, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("shape-long-T1000-B1-I8-H128", new RnnConfig(8, 128, 1, Nonlinearity.TANH, true, false, 0, false),
                1000, 1, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("shape-mid-T200-B32-I64-H256-2L", new RnnConfig(64, 256, 2, Nonlinearity.TANH, true, false, 0, false),
                200, 32, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("shape-bigbi-T4-B64-I512-H1024-2L-bi",
                new RnnConfig(512, 1024, 2, Nonlinearity.TANH, true, false, 0, true), 4, 64, false, false, null, false,
                Initializers.Scheme.PYTORCH_DEFAULT));
        cases.add(new Case("shape-wide-T50-B16-I128-H512", new RnnConfig(128, 512, 1, Nonlinearity.TANH, true, false, 0, false),
                50, 16, false, false, null, false, Initializers.Scheme.PYTORCH_DEFAULT));
        return cases;
    }
}

package org.rnnexplorer.ui.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.io.Csv;
import org.rnnexplorer.io.CsvSeries;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.NpyArray;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.TraceSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Traces written as NPZ and long CSV and read back with the io package's readers. */
class TraceExportTest {

    @TempDir
    Path dir;

    private static TraceSnapshot trace() throws Exception {
        RnnConfig config = new RnnConfig(3, 5, 2, Nonlinearity.TANH, true, true, 0, true);
        try (EngineService service = new EngineService()) {
            return LiveRuns.explore(service, config, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 8), 7, 2, 3).trace();
        }
    }

    @Test
    void npzHoldsEveryLayerAndDirectionsTensorsUnderTheirPyTorchSuffix() throws Exception {
        TraceSnapshot trace = trace();
        Path file = dir.resolve(TraceExport.fileName(trace, TraceExport.Format.NPZ));
        assertEquals("rnn-traces-iter0.npz", file.getFileName().toString());
        TraceExport.write(file, TraceExport.Format.forFile(file), trace);
        Map<String, NpyArray> arrays = Npz.read(file);
        for (DirectionTrace d : trace.directions()) {
            String l = d.label();
            assertArrayEquals(new int[] {7, 5}, arrays.get("h." + l).shape());
            assertArrayEquals(d.hidden(), arrays.get("h." + l).toFloat());
            assertArrayEquals(d.preactivation(), arrays.get("a." + l).toFloat());
            assertArrayEquals(d.gradHidden(), arrays.get("grad_h." + l).toFloat());
            assertArrayEquals(new int[] {7}, arrays.get("grad_norm." + l).shape());
            assertArrayEquals(d.gradNorm(), toDouble(arrays.get("grad_norm." + l)), 1e-6 * max(d.gradNorm()));
            assertArrayEquals(d.jacobianNorm(), toDouble(arrays.get("jacobian." + l)), 1e-5);
            assertEquals((float) d.sigmaMax(), arrays.get("sigma_max." + l).toFloat()[0]);
        }
        assertTrue(arrays.containsKey("h.l1_reverse"));
        float[] info = arrays.get("info").toFloat();
        assertArrayEquals(new float[] {0, 7, 2, 0, 7, (float) trace.loss()}, info);
    }

    @Test
    void csvIsOneRowPerLayerDirectionStepAndUnit() throws Exception {
        TraceSnapshot trace = trace();
        Path file = dir.resolve("traces.csv");
        TraceExport.write(file, TraceExport.Format.forFile(file), trace);
        assertTrue(Files.readAllLines(file).get(1).startsWith("0,0,0,0,"), "integers stay integers");
        CsvSeries csv = Csv.read(file);
        assertEquals(List.of("layer", "direction", "t", "unit", "h", "a", "grad_h"), csv.columns());
        float[] v = csv.values().data();
        assertEquals(4 * 7 * 5, csv.values().dim(0));
        int row = 0;
        for (DirectionTrace d : trace.directions()) {
            for (int t = 0; t < 7; t++) {
                for (int u = 0; u < 5; u++, row++) {
                    int i = row * 7;
                    assertEquals(d.layer(), v[i]);
                    assertEquals(d.direction(), v[i + 1]);
                    assertEquals(t, v[i + 2]);
                    assertEquals(u, v[i + 3]);
                    assertEquals(d.hidden()[t * 5 + u], v[i + 4]);
                    assertEquals(d.preactivation()[t * 5 + u], v[i + 5]);
                    assertEquals(d.gradHidden()[t * 5 + u], v[i + 6]);
                }
            }
        }
    }

    private static double[] toDouble(NpyArray a) {
        return a.toDouble();
    }

    private static double max(double[] a) {
        return java.util.Arrays.stream(a).max().orElse(1);
    }
}

package org.rnnexplorer.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TraceExport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's trace export of an LSTM's or GRU's explore pass holds, under each name, what {@code rnnx forward
 * --trace} gives for the same weights, input and h_0: the export is the followed sequence's rows (T, ·) of the CLI's
 * (L, N, ·) arrays. Together with the CLI's PyTorch fixtures (GatedForwardCommandTest) this ties the window's
 * gates, c_t and h_t to PyTorch. Only the forward quantities are compared: the window's ∂L/∂h_t comes from its
 * explore loss, the CLI's from the upstream gradients it is given.
 */
class WindowTraceMatchesCliTraceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LSTM", "GRU"})
    void theWindowsExportIsTheCliTraceOfTheFollowedSequence(String mode) throws Exception {
        CellMode cell = CellMode.valueOf(mode);
        // Two layers, bidirectional; the LSTM with a projection so that h (P) and c (H) differ in width.
        RnnConfig config = new RnnConfig(cell, 3, 5, 2, true, false, 0, true, cell == CellMode.LSTM ? 2 : 0);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, Initializers.create(config,
                    Initializers.Scheme.PYTORCH_DEFAULT, 4), 6, 3, 2);
            TraceSnapshot trace = s.trace();
            TaskSpec.FixedBatch batch = s.spec().task().fixed();
            Path weights = dir.resolve("w.safetensors"), x = dir.resolve("x.npy"), h0 = dir.resolve("h0.npy");
            Path out = dir.resolve("out.safetensors"), cliTrace = dir.resolve("trace.safetensors");
            Safetensors.write(weights, s.spec().initialModel().orElseThrow().rnn().asTensors(), Map.of(), DType.F32);
            Npy.write(x, batch.input());
            List<String> args = new ArrayList<>(List.of("forward", "--weights", weights.toString(), "--input",
                    x.toString(), "--backend", "scalar", "--trace", cliTrace.toString(), "--out", out.toString()));
            if (batch.h0() != null) {
                Npy.write(h0, batch.h0());
                args.addAll(List.of("--h0", h0.toString()));
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());

            SafetensorsFile cli = Safetensors.read(cliTrace);
            Map<String, Tensor> window = TraceExport.arrays(trace);
            List<String> names = new ArrayList<>(List.of("h"));
            if (cell == CellMode.LSTM) names.add("c");
            for (String g : cell.gateNames()) names.add("gate_" + g);
            int b = trace.batchIndex(), compared = 0;
            for (var d : trace.directions()) {
                for (String n : names) {
                    String key = n + "." + d.label();
                    Tensor all = cli.tensor(key), ours = window.get(key);
                    assertTrue(ours != null, "the window's export lacks " + key);
                    int steps = all.shape()[0], width = all.shape()[2];
                    assertArrayEquals(new int[] {steps, width}, ours.shape(), key);
                    for (int t = 0; t < trace.length(); t++) {
                        for (int u = 0; u < width; u++) {
                            float expected = all.data()[(t * all.shape()[1] + b) * width + u];
                            float actual = ours.data()[t * width + u];
                            assertTrue(Math.abs(expected - actual) <= 1e-6,
                                    key + " t " + t + " unit " + u + ": rnnx " + expected + ", window " + actual);
                            compared++;
                        }
                    }
                }
            }
            assertTrue(compared > 0);
        }
    }
}

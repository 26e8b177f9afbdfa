package org.rnnexplorer.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * nn.LSTM (with and without proj_size) and nn.GRU on every CPU backend that runs them, against PyTorch 1.13.1 on the
 * committed fixtures (src/test/python/make_gated_fixtures.py): per tensor max|ours − torch| / max(1, max|torch|)
 * ≤ 1e-5 for output, h_n, c_n and the per-layer traces (h, c and every gate), ≤ 1e-4 for every gradient and the
 * per-step ∂L/∂h_t, ∂L/∂c_t traces.
 */
class GatedPyTorchParityTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/gated");

    static Stream<Arguments> fixturesTimesBackends() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(FIXTURES)) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() >= 90, "fixtures missing: " + files.size());
        List<Arguments> args = new ArrayList<>();
        for (String backend : Backends.availableNames()) {
            // Only backends with gated kernels (all three have them now; a backend may still narrow a cell).
            if (!Backends.select(backend).availability(CellMode.LSTM).available()) continue;
            for (Path f : files) args.add(Arguments.of(backend, f.getFileName().toString().replace(".safetensors", "")));
        }
        return args.stream();
    }

    /** The module a fixture's metadata describes. */
    static RnnConfig config(Map<String, String> m) {
        return new RnnConfig(CellMode.parse(m.get("mode")), Integer.parseInt(m.get("input_size")),
                Integer.parseInt(m.get("hidden_size")), Integer.parseInt(m.get("num_layers")),
                Boolean.parseBoolean(m.get("bias").toLowerCase()), Boolean.parseBoolean(m.get("batch_first").toLowerCase()),
                Double.parseDouble(m.get("dropout")), Boolean.parseBoolean(m.get("bidirectional").toLowerCase()),
                Integer.parseInt(m.get("proj_size")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixturesTimesBackends")
    void matchesPyTorch(String backend, String fixture) throws IOException {
        SafetensorsFile file = Safetensors.read(FIXTURES.resolve(fixture + ".safetensors"));
        Map<String, Tensor> t = file.tensors();
        RnnConfig config = config(file.metadata());
        boolean lstm = config.mode() == CellMode.LSTM;
        RnnParameters params = RnnParameters.zeros(config);
        assertEquals(config.shape().parameterNames(), params.names().stream().map(ParameterName::torchName).toList());
        for (ParameterName p : params.names()) System.arraycopy(t.get(p.torchName()).data(), 0, params.get(p), 0,
                params.get(p).length);
        int[] lengths = null;
        if (t.containsKey("lengths")) {
            float[] l = t.get("lengths").data();
            lengths = new int[l.length];
            for (int i = 0; i < l.length; i++) lengths[i] = (int) l[i];
        }
        ForwardOptions options = ForwardOptions.evalWithTrace();
        if (t.containsKey("dropout_mask.0")) {
            float[][] masks = new float[config.numLayers() - 1][];
            for (int k = 0; k < masks.length; k++) masks[k] = t.get("dropout_mask." + k).data();
            options = options.withMasks(masks);
        }
        List<String> failures = new ArrayList<>();
        try (Rnn rnn = new Rnn(params, Backends.select(backend, config.mode()))) {
            RnnOutput out = rnn.forward(t.get("input"), t.get("h0"), t.get("c0"), lengths, options);
            check(failures, "output", out.output(), t.get("output"), 1e-5);
            check(failures, "h_n", out.finalHidden(), t.get("h_n"), 1e-5);
            if (lstm) check(failures, "c_n", out.finalCell(), t.get("c_n"), 1e-5);
            else if (out.finalCell() != null) failures.add("a GRU returned c_n");
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    String sfx = "." + ModelShape.directionLabel(k, d);
                    check(failures, "h" + sfx, rnn.hidden(k, d), t.get("trace.h" + sfx), 1e-5);
                    if (lstm) check(failures, "c" + sfx, rnn.cell(k, d), t.get("trace.c" + sfx), 1e-5);
                    List<String> gates = config.mode().gateNames();
                    for (int g = 0; g < gates.size(); g++) {
                        String name = "gate_" + gates.get(g) + sfx;
                        check(failures, name, rnn.gate(k, d, g), t.get("trace." + name), 1e-5);
                    }
                }
            }
            RnnGradients g = rnn.backward(t.get("grad_output"), t.get("grad_h_n"), t.get("grad_c_n"));
            check(failures, "grad_input", g.input(), t.get("grad_input"), 1e-4);
            if (t.containsKey("grad_h0")) check(failures, "grad_h0", g.h0(), t.get("grad_h0"), 1e-4);
            if (t.containsKey("grad_c0")) check(failures, "grad_c0", g.c0(), t.get("grad_c0"), 1e-4);
            else if (g.c0() != null) failures.add("grad_c0 without c0");
            for (ParameterName p : params.names()) {
                check(failures, "grad." + p.torchName(), new Tensor(p.shape(config), g.parameters().get(p)),
                        t.get("grad." + p.torchName()), 1e-4);
            }
            for (int k = 0; k < config.numLayers(); k++) {
                for (int d = 0; d < config.numDirections(); d++) {
                    String sfx = "." + ModelShape.directionLabel(k, d);
                    check(failures, "grad_h" + sfx, rnn.gradHidden(k, d), t.get("trace.grad_h" + sfx), 1e-4);
                    if (lstm) check(failures, "grad_c" + sfx, rnn.gradCell(k, d), t.get("trace.grad_c" + sfx), 1e-4);
                }
            }
        }
        if (!failures.isEmpty()) fail(backend + " " + fixture + ":\n  " + String.join("\n  ", failures));
    }

    static void check(List<String> failures, String name, Tensor ours, Tensor torch, double bound) {
        if (torch == null) {
            failures.add(name + ": missing in fixture");
            return;
        }
        if (ours == null || !java.util.Arrays.equals(ours.shape(), torch.shape())) {
            failures.add(name + ": shape " + (ours == null ? "none" : ours.shapeString()) + " vs torch " + torch.shapeString());
            return;
        }
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < torch.size(); i++) {
            maxRef = Math.max(maxRef, Math.abs(torch.data()[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ours.data()[i] - torch.data()[i]));
        }
        double err = maxDiff / Math.max(1, maxRef);
        if (!(err <= bound)) failures.add(name + ": error " + err + " > " + bound);
    }
}

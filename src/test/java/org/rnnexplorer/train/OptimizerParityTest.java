package org.rnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Each optimiser configuration on gradients fed to it directly, against torch 1.13.1 over 6 steps: isolates the
 * optimiser's float32 arithmetic from the RNN, which reproduces torch's per-tensor loop bit for bit. One parameter gets its first gradient only at step 2 (its own step
 * count, its own lazily created state) and one never gets a gradient (left untouched).
 */
class OptimizerParityTest {

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        Fixtures.load("optimizers.json").get("cases").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorchStepByStep(JsonNode c) {
        Optimizer opt = Optimizers.create(c.get("optimizer").get("name").asText(),
                Fixtures.kwargs(c.get("optimizer").get("kwargs")));
        List<float[]> params = new ArrayList<>();
        c.get("initial").forEach(p -> params.add(Fixtures.floats(p)));
        float[] untouched = params.get(2).clone();
        int step = 0;
        for (JsonNode s : c.get("steps")) {
            step++;
            List<float[]> grads = new ArrayList<>();
            s.get("grads").forEach(g -> grads.add(g.isNull() ? null : Fixtures.floats(g)));
            opt.step(params, grads);
            for (int i = 0; i < params.size(); i++) {
                float[] expected = Fixtures.floats(s.get("params").get(i));
                assertArrayEquals(expected, params.get(i), c.get("name").asText() + " step " + step + " param " + i);
            }
        }
        assertArrayEquals(untouched, params.get(2), "a parameter without gradients never moves");
    }
}

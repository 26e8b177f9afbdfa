package org.rnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * clip_grad_norm_ and clip_grad_value_ against torch 1.13.1, including non-finite gradients. The total norm is
 * summed in float64 here and in float32 lanes by torch, so it may differ by an ulp, and the clipped values by two.
 */
class ClippingTest {

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        Fixtures.load("clipping.json").get("cases").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorch(JsonNode c) {
        List<float[]> grads = new ArrayList<>();
        c.get("grads").forEach(g -> grads.add(Fixtures.floats(g)));
        JsonNode kw = c.get("kwargs");
        if (c.get("op").asText().equals("norm")) {
            float total = Clipping.clipGradNorm(grads, kw.get("max_norm").asDouble(), Fixtures.normType(kw.get("norm_type")),
                    false);
            float expected = Fixtures.f(c.get("total"));
            if (Float.isNaN(expected)) assertTrue(Float.isNaN(total));
            else assertEquals(expected, total, Math.ulp(expected), "total norm");
        } else {
            Clipping.clipGradValue(grads, kw.get("clip_value").asDouble());
        }
        for (int i = 0; i < grads.size(); i++) {
            float[] expected = Fixtures.floats(c.get("result").get(i));
            float[] actual = grads.get(i);
            for (int j = 0; j < expected.length; j++) {
                if (Float.isNaN(expected[j])) assertTrue(Float.isNaN(actual[j]), c.get("name") + " [" + i + "][" + j + "]");
                else assertEquals(expected[j], actual[j], 2 * Math.ulp(expected[j]), c.get("name") + " [" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void normEqualToMaxNormStillShrinksSlightly() {
        float[] g = {3, 4};
        float total = Clipping.clipGradNorm(List.of(g), 5, 2, false);
        assertEquals(5f, total);
        assertArrayEquals(new float[] {2.9999993f, 3.999999f}, g);
    }

    @Test
    void coefficientOfOneLeavesGradientsBitForBit() {
        float[] g = {0.1f, -0.2f, 0.3f};
        float[] before = g.clone();
        GradientClipping.Outcome o = GradientClipping.norm(10, 2).apply(List.of(g));
        assertArrayEquals(before, g);
        assertFalse(o.fired());
    }

    @Test
    void gradientsWithoutValuesAreLeftOut() {
        float[] g = {3, 4};
        List<float[]> grads = Arrays.asList(null, g, null);
        assertEquals(5f, Clipping.totalNorm(grads, 2));
        assertEquals(0f, Clipping.totalNorm(Arrays.asList(null, null), 2), "no gradients: tensor(0.)");
    }

    @Test
    void nonFiniteTotalRaisesPyTorchsErrorWhenAsked() {
        float[] g = {Float.POSITIVE_INFINITY, 1};
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Clipping.clipGradNorm(List.of(g), 1, 2, true));
        assertEquals("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be "
                + "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
                + "`error_if_nonfinite=False`", e.getMessage());
    }

    @Test
    void valueClippingReportsWhetherItClamped() {
        assertTrue(GradientClipping.value(0.5).apply(List.of(new float[] {0.7f})).fired());
        assertFalse(GradientClipping.value(0.5).apply(List.of(new float[] {0.3f, -0.5f})).fired());
    }

    @Test
    void nonPositiveNormTypeIsRejected() {
        TrainingConfigException e = assertThrows(TrainingConfigException.class, () -> GradientClipping.norm(1, 0));
        assertEquals("norm_type", e.field());
    }
}

package org.rnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MSE and cross-entropy values and gradients against torch 1.13.1 (F.mse_loss, F.cross_entropy, autograd). */
class LossesTest {

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        Fixtures.load("losses.json").get("cases").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void valueAndGradientMatchTorch(JsonNode c) {
        Tensor prediction = Fixtures.tensor(c.get("prediction"));
        LossKind kind = LossKind.parse(c.get("kind").asText());
        LossResult r = Losses.compute(kind, prediction, Fixtures.target(c.get("target")));
        double expected = c.get("loss").asDouble();
        if (Double.isFinite(expected)) {
            assertEquals(expected, r.loss(), 1e-6 * Math.max(1, Math.abs(expected)), "loss");
        } else {
            assertEquals(expected, r.loss(), "loss: float32's sum overflows in PyTorch"); // a delta of inf passes anything
        }
        float[] grad = Fixtures.floats(c.get("grad"));
        assertTrue(Fixtures.relativeError(r.gradPrediction().data(), grad) <= 1e-6, "gradient");
        assertArrayEquals(prediction.shape(), r.gradPrediction().shape());
    }

    @Test
    void mseNeedsExactlyThePredictionsShape() {
        TrainingConfigException e = assertThrows(TrainingConfigException.class,
                () -> Losses.mse(Tensor.zeros(6, 2, 1), Tensor.zeros(6, 2)));
        assertEquals("MSE target must have the prediction's shape [6, 2, 1], got [6, 2]", e.getMessage());
    }

    @Test
    void crossEntropyTargetIsThePredictionsShapeWithoutClasses() {
        TrainingConfigException e = assertThrows(TrainingConfigException.class,
                () -> Losses.crossEntropy(Tensor.zeros(6, 2, 3), new Target.Classes(new int[] {2, 6}, new int[12])));
        assertEquals("cross-entropy target must have shape [6, 2] (the prediction's shape [6, 2, 3] without its class "
                + "axis), got [2, 6]", e.getMessage());
    }

    @Test
    void classOutOfRangeGivesPyTorchsMessage() {
        TrainingConfigException e = assertThrows(TrainingConfigException.class,
                () -> Losses.crossEntropy(Tensor.zeros(2, 3), new Target.Classes(new int[] {2}, new int[] {1, 3})));
        assertEquals("Target 3 is out of bounds.", e.getMessage());
    }

    @Test
    void floatTargetsHoldingIntegersBecomeClasses() {
        Target.Classes c = Target.classes(Tensor.of(new float[] {2, 0, 1}, 3));
        assertArrayEquals(new int[] {2, 0, 1}, c.indices());
        TrainingConfigException e = assertThrows(TrainingConfigException.class,
                () -> Target.classes(Tensor.of(new float[] {1, 2.5f}, 2)));
        assertEquals("cross-entropy target holds class indices, but element 1 is 2.5, not an integer", e.getMessage());
        assertArrayEquals(new int[] {4, 1}, Target.classes(new long[] {4, 1}, 2).indices());
    }

    @Test
    void lossKindMustMatchTargetKind() {
        assertThrows(TrainingConfigException.class, () -> Losses.compute(LossKind.MSE, Tensor.zeros(2, 3),
                new Target.Classes(new int[] {2}, new int[2])));
        assertThrows(TrainingConfigException.class, () -> Losses.compute(LossKind.CROSS_ENTROPY, Tensor.zeros(2, 3),
                new Target.Values(Tensor.zeros(2, 3))));
    }
}

package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RnnConfigTest {

    private static RnnConfigException reject(Runnable r) {
        return assertThrows(RnnConfigException.class, r::run);
    }

    @Test
    void unknownNonlinearityIsRejectedWithPyTorchsMessageCaseSensitively() {
        RnnConfigException ex = reject(() -> Nonlinearity.parse("sigmoid"));
        assertEquals("Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.", ex.getMessage());
        assertEquals("nonlinearity", ex.field());
        assertEquals("Unknown nonlinearity 'Tanh'. Select from 'tanh' or 'relu'.", reject(() -> Nonlinearity.parse("Tanh")).getMessage());
        assertEquals(Nonlinearity.RELU, Nonlinearity.parse("relu"));
    }

    @Test
    void dropoutOutsideZeroToOneIsRejectedButOneIsAllowed() {
        String msg = "dropout should be a number in range [0, 1] representing the probability of an element being zeroed";
        for (double p : new double[] {1.5, -0.1, Double.NaN}) {
            RnnConfigException ex = reject(() -> RnnConfig.of(3, 4).withDropout(p));
            assertEquals(msg, ex.getMessage());
            assertEquals("dropout", ex.field());
        }
        assertEquals(1.0, RnnConfig.of(3, 4).withNumLayers(2).withDropout(1.0).dropout());
    }

    @Test
    void nonPositiveSizesAreRejectedWithThe2xMessages() {
        assertEquals("hidden_size must be greater than zero", reject(() -> RnnConfig.of(3, 0)).getMessage());
        assertEquals("num_layers must be greater than zero", reject(() -> RnnConfig.of(3, 4).withNumLayers(0)).getMessage());
        assertEquals("input_size must be greater than zero", reject(() -> RnnConfig.of(0, 4)).getMessage());
        assertEquals("hidden_size", reject(() -> RnnConfig.of(3, -2)).field());
    }

    @Test
    void dropoutWithOneLayerIsOnlyAWarning() {
        RnnConfig c = RnnConfig.of(3, 4).withDropout(0.5);
        assertEquals(List.of("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                + "expects num_layers greater than 1, but got dropout=0.5 and num_layers=1"), c.warnings());
        assertTrue(c.withNumLayers(2).warnings().isEmpty());
    }

    @Test
    void parameterCountFollowsTheSpecFormula() {
        // D·[H·H_in + H² + 2H·b] + (NL-1)·D·[H·D·H + H² + 2H·b]
        RnnConfig c = new RnnConfig(3, 4, 2, Nonlinearity.TANH, true, false, 0, true);
        assertEquals(2 * (4 * 3 + 16 + 8) + 2 * (4 * 8 + 16 + 8), c.parameterCount());
        assertEquals(RnnParameters.zeros(c).elementCount(), c.parameterCount());
        RnnConfig nb = c.withBias(false).withBidirectional(false).withNumLayers(3);
        assertEquals((4 * 3 + 16) + 2 * (4 * 4 + 16), nb.parameterCount());
    }

    @Test
    void reprShowsOnlyNonDefaultFieldsAsPyTorchDoes() {
        RnnConfig c = new RnnConfig(3, 4, 2, Nonlinearity.TANH, false, true, 0.2, true);
        assertEquals("RNN(3, 4, num_layers=2, bias=False, batch_first=True, dropout=0.2, bidirectional=True)", c.torchRepr());
        assertEquals("RNN(3, 4)", RnnConfig.of(3, 4).torchRepr());
    }

    @Test
    void parametersAreNamedAndOrderedAsPyTorchRegistersThem() {
        RnnConfig c = new RnnConfig(3, 4, 2, Nonlinearity.TANH, true, false, 0, true);
        List<String> names = RnnParameters.zeros(c).names().stream().map(ParameterName::torchName).toList();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"), names);
        RnnParameters p = RnnParameters.zeros(c);
        assertEquals(List.of(4, 8), java.util.Arrays.stream(p.shape("weight_ih_l1")).boxed().toList());
        assertEquals(8, p.weightIh(1, 1).length / 4);
        assertTrue(RnnParameters.zeros(c.withBias(false)).names().stream().noneMatch(n -> n.kind().isBias()));
    }
}

package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LSTM and GRU configurations, state_dicts and state checks, in PyTorch 1.13.1's words (checked by running it). */
class GatedConfigTest {

    private static final RnnConfig LSTM_P2 = new RnnConfig(CellMode.LSTM, 3, 6, 2, true, false, 0, false, 2);

    @Test
    void reprPutsProjSizeFirstAsPyTorchDoes() {
        assertEquals("LSTM(3, 6, proj_size=2, num_layers=2)", LSTM_P2.torchRepr());
        assertEquals("LSTM(3, 6, proj_size=3, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)",
                new RnnConfig(CellMode.LSTM, 3, 6, 2, false, true, 0.5, true, 3).torchRepr());
        assertEquals("GRU(3, 6)", RnnConfig.of(CellMode.GRU, 3, 6).torchRepr());
        assertEquals("nn.LSTM(input_size=3, hidden_size=6, num_layers=2, bias=True, batch_first=False, dropout=0.0, "
                + "bidirectional=False, proj_size=2)", LSTM_P2.torchConstructor());
    }

    @Test
    void projSizeIsValidatedWithPyTorchsMessages() {
        assertEquals("proj_size argument is only supported for LSTM, not RNN or GRU", assertThrows(RnnConfigException.class,
                () -> RnnConfig.of(CellMode.GRU, 3, 6).withProjSize(2)).getMessage());
        assertEquals("proj_size has to be smaller than hidden_size", assertThrows(RnnConfigException.class,
                () -> RnnConfig.of(CellMode.LSTM, 3, 6).withProjSize(6)).getMessage());
        assertEquals("proj_size should be a positive integer or zero to disable projections",
                assertThrows(RnnConfigException.class, () -> RnnConfig.of(CellMode.LSTM, 3, 6).withProjSize(-1)).getMessage());
        assertThrows(IllegalStateException.class, () -> RnnConfig.of(CellMode.GRU, 3, 6).nonlinearity());
    }

    @Test
    void sizesFollowHOutAndTheGateBlocks() {
        assertEquals(2, LSTM_P2.outputHiddenSize());
        assertEquals(2, LSTM_P2.layerInputSize(1));
        RnnParameters p = RnnParameters.zeros(LSTM_P2);
        assertEquals(LSTM_P2.shape().parameterNames(), p.names().stream().map(ParameterName::torchName).toList());
        assertEquals(List.of(24, 2), java.util.Arrays.stream(p.shape("weight_hh_l1")).boxed().toList());
        assertEquals(List.of(2, 6), java.util.Arrays.stream(p.shape("weight_hr_l0")).boxed().toList());
        assertEquals(LSTM_P2.parameterCount(), p.elementCount());
    }

    @Test
    void stateDictLoadInfersTheCell() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        RnnParameters p = RnnParameters.zeros(LSTM_P2.withBidirectional(true));
        for (ParameterName n : p.names()) sd.put("lstm." + n.torchName(), new Tensor(n.shape(p.config()), p.get(n)));
        StateDict.Loaded loaded = StateDict.load(sd, null, null, true);
        assertEquals(LSTM_P2.withBidirectional(true).withBatchFirst(true), loaded.config());
        assertEquals("lstm.", loaded.prefix());
        assertEquals(LSTM_P2.withBidirectional(true), StateDict.load(sd, null, null, false).config());
        // A declared mode that disagrees with the shapes is WeightsMetadata.requireAgrees's (WeightsMetadataTest).
        sd.remove("lstm.weight_hr_l1_reverse");
        assertEquals("missing lstm.weight_hr_l1_reverse (a bidirectional 2-layer LSTM with bias and proj_size 2 needs it)",
                assertThrows(IllegalArgumentException.class, () -> StateDict.load(sd, null, null, false)).getMessage());

        Map<String, Tensor> gru = new LinkedHashMap<>();
        RnnParameters g = RnnParameters.zeros(RnnConfig.of(CellMode.GRU, 3, 6));
        for (ParameterName n : g.names()) gru.put(n.torchName(), new Tensor(n.shape(g.config()), g.get(n)));
        assertEquals(CellMode.GRU, StateDict.load(gru, null, null, false).config().mode());
        assertEquals(CellMode.RNN_RELU, StateDict.load(sdOf(RnnConfig.of(3, 6)), null, Nonlinearity.RELU, false)
                .config().mode());
    }

    private static Map<String, Tensor> sdOf(RnnConfig c) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        RnnParameters p = RnnParameters.zeros(c);
        for (ParameterName n : p.names()) sd.put(n.torchName(), new Tensor(n.shape(c), p.get(n)));
        return sd;
    }

    @Test
    void orthogonalInitIsPerGateBlockAndIdentityIsRefused() {
        for (RnnConfig c : List.of(RnnConfig.of(CellMode.GRU, 3, 5), RnnConfig.of(CellMode.LSTM, 3, 5).withProjSize(2))) {
            RnnParameters p = Initializers.create(c, Initializers.Scheme.ORTHOGONAL, 3);
            float[] w = p.weightHh(0, 0);
            int h = c.hiddenSize(), cols = c.outputHiddenSize();
            for (int block = 0; block < c.mode().gateCount(); block++) {
                // The block's columns are orthonormal: QᵀQ = I (P × P with a projection).
                for (int a = 0; a < cols; a++) {
                    for (int b = 0; b < cols; b++) {
                        double dot = 0;
                        for (int i = 0; i < h; i++) dot += w[(block * h + i) * cols + a] * w[(block * h + i) * cols + b];
                        assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5, c.torchRepr() + " block " + block);
                    }
                }
            }
        }
        assertEquals("the identity initialisation (IRNN) is defined for nn.RNN; LSTM's W_hh stacks 4 gate blocks",
                assertThrows(IllegalArgumentException.class,
                        () -> Initializers.create(RnnConfig.of(CellMode.LSTM, 3, 5), Initializers.Scheme.IDENTITY, 1))
                        .getMessage());
    }

    @Test
    void lstmStatesAreCheckedInPyTorchsWords() {
        Tensor x = Tensor.zeros(5, 2, 3);
        assertEquals("Expected hidden[0] size (2, 2, 2), got [2, 2, 6]", assertThrows(ShapeException.class,
                () -> InputLayout.check(LSTM_P2, x, Tensor.zeros(2, 2, 6), Tensor.zeros(2, 2, 6), null)).getMessage());
        assertEquals("Expected hidden[1] size (2, 2, 6), got [2, 2, 2]", assertThrows(ShapeException.class,
                () -> InputLayout.check(LSTM_P2, x, null, Tensor.zeros(2, 2, 2), null)).getMessage());
        assertEquals("For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors",
                assertThrows(ShapeException.class,
                        () -> InputLayout.check(LSTM_P2, x, Tensor.zeros(2, 2), Tensor.zeros(2, 2, 6), null)).getMessage());
        assertEquals("For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 3-D) tensors",
                assertThrows(ShapeException.class, () -> InputLayout.check(LSTM_P2, Tensor.zeros(5, 3),
                        Tensor.zeros(2, 2, 2), Tensor.zeros(2, 2, 6), null)).getMessage());
        RnnConfig gru = RnnConfig.of(CellMode.GRU, 3, 6);
        assertEquals("Expected hidden size (1, 2, 6), got [1, 3, 6]", assertThrows(ShapeException.class,
                () -> InputLayout.check(gru, x, Tensor.zeros(1, 3, 6), null, null)).getMessage());
        assertEquals(List.of(2, 6), java.util.Arrays.stream(
                InputLayout.check(LSTM_P2, Tensor.zeros(5, 3), null, null, null).cellStateShape(LSTM_P2)).boxed().toList());
    }
}

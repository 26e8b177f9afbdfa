package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shape checks in PyTorch's order with its messages (spec §2). */
class InputLayoutTest {
    private final RnnConfig config = new RnnConfig(5, 6, 1, Nonlinearity.TANH, true, false, 0, false);

    private String message(RnnConfig c, Tensor x, Tensor h0, int[] lengths) {
        return assertThrows(ShapeException.class, () -> InputLayout.check(c, x, h0, lengths)).getMessage();
    }

    @Test
    void wrongFeatureSizeGivesPyTorchsMessage() {
        assertEquals("input.size(-1) must be equal to input_size. Expected 5, got 4",
                message(config, Tensor.zeros(7, 3, 4), null, null));
    }

    @Test
    void wrongHiddenShapePrintsExpectedAsTupleAndActualAsList() {
        assertEquals("Expected hidden size (1, 3, 6), got [1, 2, 6]",
                message(config, Tensor.zeros(7, 3, 5), Tensor.zeros(1, 2, 6), null));
        // Unbatched: both shapes reported after the batch axis is added.
        assertEquals("Expected hidden size (1, 1, 6), got [2, 1, 6]",
                message(config, Tensor.zeros(7, 5), Tensor.zeros(2, 6), null));
    }

    @Test
    void hiddenRankMustMatchInputRankAndIsCheckedFirst() {
        assertEquals("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor",
                message(config, Tensor.zeros(7, 4), Tensor.zeros(1, 1, 6), null));
        assertEquals("For batched 3-D input, hx should also be 3-D but got 2-D tensor",
                message(config, Tensor.zeros(7, 3, 4), Tensor.zeros(1, 6), null));
    }

    @Test
    void inputRankOtherThanTwoOrThreeIsRejected() {
        assertEquals("RNN: Expected input to be 2D or 3D, got 4D tensor instead",
                message(config, Tensor.zeros(2, 7, 3, 5), null, null));
        assertEquals("RNN: Expected input to be 2D or 3D, got 1D tensor instead", message(config, Tensor.zeros(5), null, null));
    }

    @Test
    void zeroLengthSequenceIsRejected() {
        assertEquals("Expected sequence length to be larger than 0 in RNN", message(config, Tensor.zeros(0, 3, 5), null, null));
    }

    @Test
    void batchFirstNeverAppliesToTheHiddenState() {
        RnnConfig bf = config.withBatchFirst(true).withBidirectional(true).withNumLayers(2);
        InputLayout l = InputLayout.check(bf, Tensor.zeros(3, 7, 5), Tensor.zeros(4, 3, 6), null);
        assertEquals(7, l.steps());
        assertEquals(3, l.batch());
        assertArrayEquals(new int[] {3, 7, 12}, l.outputShape(bf));
        assertArrayEquals(new int[] {4, 3, 6}, l.stateShape(bf));
        assertEquals("Expected hidden size (4, 3, 6), got [4, 7, 6]",
                message(bf, Tensor.zeros(3, 7, 5), Tensor.zeros(4, 7, 6), null));
    }

    @Test
    void unbatchedIgnoresBatchFirst() {
        RnnConfig bf = config.withBatchFirst(true);
        InputLayout l = InputLayout.check(bf, Tensor.zeros(7, 5), null, null);
        assertEquals(7, l.steps());
        assertArrayEquals(new int[] {7, 6}, l.outputShape(bf));
        assertArrayEquals(new int[] {1, 6}, l.stateShape(bf));
    }

    @Test
    void lengthsAreCheckedAsPackPaddedSequenceChecksThem() {
        Tensor x = Tensor.zeros(5, 3, 5);
        assertEquals("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0",
                message(config, x, null, new int[] {5, 0, 2}));
        assertEquals("Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)",
                message(config, x, null, new int[] {5, 2}));
        assertEquals("Expected total_length to be at least the length of the longest sequence in input, but got "
                + "total_length=5 and max sequence length being 7", message(config, x, null, new int[] {5, 7, 2}));
        assertEquals("lengths apply to batched input only; unbatched 2-D input is one sequence",
                message(config, Tensor.zeros(5, 5), null, new int[] {5}));
    }

    @Test
    void eachShapeErrorNamesTheArgumentItIsAbout() {
        Tensor x = Tensor.zeros(5, 3, 5);
        ShapeException.Argument input = ShapeException.Argument.INPUT, h0 = ShapeException.Argument.H0,
                lengths = ShapeException.Argument.LENGTHS;
        assertEquals(input, argument(config, Tensor.zeros(5, 3, 4), null, null));
        assertEquals(input, argument(config, Tensor.zeros(5), null, null));
        assertEquals(input, argument(config, Tensor.zeros(0, 3, 5), null, null));
        assertEquals(h0, argument(config, x, Tensor.zeros(1, 2, 6), null));
        assertEquals(h0, argument(config, Tensor.zeros(7, 4), Tensor.zeros(1, 1, 6), null), "h0's rank is checked first");
        assertEquals(lengths, argument(config, x, null, new int[] {5, 0, 2}));
        assertEquals(lengths, argument(config, x, null, new int[] {5, 2}));
        assertEquals(lengths, argument(config, x, null, new int[] {5, 7, 2}));
        assertEquals(lengths, argument(config, Tensor.zeros(5, 5), null, new int[] {5}));
    }

    private ShapeException.Argument argument(RnnConfig c, Tensor x, Tensor h0, int[] lengths) {
        return assertThrows(ShapeException.class, () -> InputLayout.check(c, x, h0, lengths)).argument();
    }

    @Test
    void batchFirstTransposeRoundTrips() {
        RnnConfig bf = config.withBatchFirst(true);
        float[] data = new float[2 * 3 * 5];
        for (int i = 0; i < data.length; i++) data[i] = i;
        InputLayout l = InputLayout.check(bf, new Tensor(new int[] {2, 3, 5}, data), null, null);
        float[] tm = l.toTimeMajor(data, 5);
        // element (n=1, t=2, f=4) of (N, L, F) sits at (t=2, n=1, f=4) of (L, N, F)
        assertEquals(data[(1 * 3 + 2) * 5 + 4], tm[(2 * 2 + 1) * 5 + 4]);
        assertArrayEquals(data, l.fromTimeMajor(tm, 5));
    }
}

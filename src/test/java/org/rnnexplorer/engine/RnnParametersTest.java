package org.rnnexplorer.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RnnParametersTest {

    @Test
    void withConfigCopiesEveryTensorUnderTheNewSettings() {
        RnnConfig trained = new RnnConfig(3, 4, 2, Nonlinearity.TANH, true, false, 0, true);
        RnnParameters w = Initializers.create(trained, Initializers.Scheme.PYTORCH_DEFAULT, 3);
        RnnConfig form = new RnnConfig(3, 4, 2, Nonlinearity.RELU, true, true, 0.5, true);
        RnnParameters moved = w.withConfig(form);
        assertEquals(form, moved.config());
        assertEquals(w.asMap().keySet(), moved.asMap().keySet());
        for (String name : w.asMap().keySet()) {
            assertArrayEquals(w.get(name), moved.get(name), name);
            assertNotSame(w.get(name), moved.get(name), "a copy, not a view: " + name);
        }
    }

    @Test
    void withConfigRefusesAnotherShapeNamingBoth() {
        RnnParameters w = RnnParameters.zeros(RnnConfig.of(3, 4));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> w.withConfig(RnnConfig.of(3, 4).withBias(false)));
        assertEquals("the weights are those of RNN(3, 4), not of RNN(3, 4, bias=False)", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.withConfig(RnnConfig.of(4, 4)));
        assertThrows(IllegalArgumentException.class, () -> w.withConfig(RnnConfig.of(3, 4).withBidirectional(true)));
    }
}

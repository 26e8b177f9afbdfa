package org.rnnexplorer.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Constructor checks with PyTorch 1.13's messages, defaults, and the factory's keyword handling. */
class OptimizerValidationTest {

    static String message(Map<String, ?> kwargs, String name) {
        return assertThrows(TrainingConfigException.class, () -> Optimizers.create(name, kwargs)).getMessage();
    }

    @Test
    void sgdMessages() {
        assertEquals("Invalid learning rate: -1", message(Map.of("lr", -1.0), "sgd"));
        assertEquals("Invalid momentum value: -0.1", message(Map.of("lr", 0.1, "momentum", -0.1), "sgd"));
        assertEquals("Invalid weight_decay value: -1", message(Map.of("lr", 0.1, "weight_decay", -1.0), "sgd"));
        assertEquals("Nesterov momentum requires a momentum and zero dampening",
                message(Map.of("lr", 0.1, "nesterov", true), "sgd"));
        assertEquals("Nesterov momentum requires a momentum and zero dampening",
                message(Map.of("lr", 0.1, "momentum", 0.9, "dampening", 0.1, "nesterov", true), "sgd"));
        assertEquals("parameter group didn't specify a value of required optimization parameter lr",
                message(Map.of(), "sgd"));
    }

    @Test
    void adamMessagesInPyTorchsOrder() {
        assertEquals("Invalid learning rate: -1", message(Map.of("lr", -1.0, "eps", -1.0), "adam"));
        assertEquals("Invalid epsilon value: -1", message(Map.of("eps", -1.0), "adam"));
        assertEquals("Invalid beta parameter at index 0: 1.0", message(Map.of("betas", List.of(1.0, 0.5)), "adam"));
        assertEquals("Invalid beta parameter at index 1: 1.0", message(Map.of("betas", List.of(0.5, 1.0)), "adam"));
        assertEquals("Invalid weight_decay value: -1", message(Map.of("weight_decay", -1.0), "adam"));
    }

    @Test
    void rmspropAndAdagradMessages() {
        assertEquals("Invalid alpha value: -0.5", message(Map.of("alpha", -0.5), "rmsprop"));
        assertEquals("Invalid momentum value: -1", message(Map.of("momentum", -1.0), "rmsprop"));
        assertEquals("Invalid lr_decay value: -0.1", message(Map.of("lr_decay", -0.1), "adagrad"));
        assertEquals("Invalid initial_accumulator_value value: -1",
                message(Map.of("initial_accumulator_value", -1.0), "adagrad"));
        assertEquals("Invalid epsilon value: -1e-10", message(Map.of("eps", -1e-10), "adagrad"));
    }

    @Test
    void unknownKeywordIsRejectedAsPythonDoes() {
        TrainingConfigException e = assertThrows(TrainingConfigException.class,
                () -> Optimizers.create("sgd", Map.of("lr", 0.1, "betas", List.of(0.9, 0.99))));
        assertEquals("SGD.__init__() got an unexpected keyword argument 'betas'", e.getMessage());
        assertEquals("betas", e.field());
        assertEquals("unknown optimizer 'lbfgs' (expected sgd, adam, rmsprop or adagrad)", message(Map.of(), "lbfgs"));
    }

    @Test
    void defaultsArePyTorchs() {
        Adam adam = assertInstanceOf(Adam.class, Optimizers.create("Adam", Map.of()));
        assertEquals(Adam.Options.defaults(), adam.options());
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false), adam.options());
        RmsProp rms = assertInstanceOf(RmsProp.class, Optimizers.create("rmsprop", Map.of()));
        assertEquals(new RmsProp.Options(1e-2, 0.99, 1e-8, 0, 0, false, false), rms.options());
        Adagrad ada = assertInstanceOf(Adagrad.class, Optimizers.create("adagrad", Map.of()));
        assertEquals(new Adagrad.Options(1e-2, 0, 0, 0, 1e-10, false), ada.options());
        Sgd sgd = assertInstanceOf(Sgd.class, Optimizers.create("sgd", Map.of("lr", 0.5)));
        assertEquals(Sgd.Options.of(0.5), sgd.options());
        assertArrayEquals(new double[] {0.9, 0.999}, (double[]) adam.settings().get("betas"));
    }

    @Test
    void resetMakesTheOptimiserFresh() {
        float[] p = {1f}, q = {1f};
        Adam adam = new Adam(Adam.Options.defaults());
        adam.step(List.of(p), List.of(new float[] {0.5f}));
        float[] mid = p.clone();
        adam.reset();
        adam.step(List.of(p), List.of(new float[] {0.1f}));
        new Adam(Adam.Options.defaults()).step(List.of(mid), List.of(new float[] {0.1f}));
        assertArrayEquals(mid, p, "after reset a step is a first step");
        Adam kept = new Adam(Adam.Options.defaults());
        kept.step(List.of(q), List.of(new float[] {0.5f}));
        kept.step(List.of(q), List.of(new float[] {0.1f}));
        assertNotEquals(q[0], p[0], "without reset the moments carry over");
    }
}

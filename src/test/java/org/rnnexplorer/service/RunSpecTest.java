package org.rnnexplorer.service;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.TrainingConfigException;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSpecTest {

    private static RunSpec.Builder adding() {
        return RunSpec.builder(RnnConfig.of(2, 8), TaskSpec.of("adding", 12)).batchSize(4);
    }

    @Test
    void whatIsNotSetIsEmptyNotANaNOrAZero() {
        RunSpec spec = adding().build();
        assertEquals(Initializers.Scheme.PYTORCH_DEFAULT, spec.init());
        assertEquals(OptionalDouble.empty(), spec.spectralRadius());
        assertTrue(spec.initialModel().isEmpty());
        assertTrue(spec.optimizer().isEmpty());
        assertFalse(spec.trains(), "without an optimiser a run only explores");
        assertEquals(OptionalInt.empty(), spec.tbpttChunk());
        assertEquals(GradientClipping.none(), spec.clipping());
        assertEquals(BackendChoice.AUTO, spec.backend());
        assertEquals(RunSpec.ProbeSettings.none(), spec.probes());
    }

    @Test
    void namedSettersSetExactlyTheirValueAndToBuilderKeepsTheRest() {
        RunSpec spec = adding().init(Initializers.Scheme.IDENTITY, 1.25).optimizer(OptimizerKind.ADAM, Map.of("lr", 0.01))
                .tbpttChunk(6).seed(-3).backend(BackendChoice.SCALAR).build();
        assertEquals(1.25, spec.spectralRadius().orElseThrow());
        assertEquals(new RunSpec.Optimization(OptimizerKind.ADAM, Map.of("lr", 0.01)), spec.optimizer().orElseThrow());
        assertTrue(spec.trains());
        assertEquals(6, spec.tbpttChunk().orElseThrow());
        RunSpec again = spec.toBuilder().build();
        assertEquals(spec, again);
        RunSpec reinit = spec.toBuilder().init(Initializers.Scheme.ORTHOGONAL).tbpttChunk(0).build();
        assertEquals(OptionalDouble.empty(), reinit.spectralRadius(), "init without ρ drops the old ρ");
        assertEquals(OptionalInt.empty(), reinit.tbpttChunk(), "chunk 0 is whole-sequence BPTT");
        assertEquals(spec.optimizer(), reinit.optimizer());
        assertEquals(-3, reinit.seed());
    }

    @Test
    void buildRefusesValuesThatCannotRunWithOneLine() {
        assertEquals("batch size must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder(RnnConfig.of(2, 8), TaskSpec.of("adding", 12)).build()).getMessage());
        assertEquals("TBPTT chunk must be ≥ 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> adding().tbpttChunk(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> adding().init(Initializers.Scheme.IDENTITY, Double.NaN).build());
        assertThrows(NullPointerException.class, () -> adding().backend(null).build());
    }

    @Test
    void namesParseAsTheCliAndWorkspacesWriteThem() {
        assertEquals(BackendChoice.SIMD, BackendChoice.parse(" SIMD "));
        assertEquals(BackendChoice.AUTO, BackendChoice.parse(null));
        assertEquals("unknown backend 'tpu' (expected scalar, simd, cuda or auto)",
                assertThrows(IllegalArgumentException.class, () -> BackendChoice.parse("tpu")).getMessage());
        assertEquals(OptimizerKind.RMSPROP, OptimizerKind.parse("RMSprop"));
        assertEquals("rmsprop", OptimizerKind.RMSPROP.typedName());
        TrainingConfigException bad = assertThrows(TrainingConfigException.class, () -> OptimizerKind.parse("lbfgs"));
        assertEquals("optimizer", bad.field());
        assertEquals("unknown optimizer 'lbfgs' (expected sgd, adam, rmsprop or adagrad)", bad.getMessage());
    }

    @Test
    void anExploreRunHasNoOptimiserToStep() throws Exception {
        RunSpec explore = adding().backend(BackendChoice.SCALAR).build();
        try (Session session = new Session(explore)) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, session::iterate);
            assertEquals("this run explores; it has no optimiser to step", ex.getMessage());
        }
    }
}

package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.backend.Availability;
import org.rnnexplorer.engine.backend.BackendConformance;
import org.rnnexplorer.engine.backend.Conformance;
import org.rnnexplorer.engine.backend.ConformanceCases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA backend against the scalar reference on the whole grid plus the large cases, forward and every gradient,
 * first as chosen automatically, then with each recurrence path forced. Needs an NVIDIA GPU: elsewhere every test
 * is reported skipped with the reason the backend gives (the one kind of skipped test this project accepts).
 */
@Tag("gpu")
class CudaConformanceTest {
    private static final CudaBackend CUDA = new CudaBackend();

    static List<ConformanceCases.Case> cases() {
        List<ConformanceCases.Case> cases = new ArrayList<>(ConformanceCases.all());
        cases.addAll(ConformanceCases.largeCases());
        cases.addAll(ConformanceCases.standardShapes());
        return cases;
    }

    static List<Arguments> forcedPaths() {
        List<Arguments> args = new ArrayList<>();
        for (RecurrencePath p : new RecurrencePath[] {RecurrencePath.BLOCK, RecurrencePath.CLUSTER, RecurrencePath.GRID,
                RecurrencePath.STEP}) {
            for (ConformanceCases.Case c : ConformanceCases.largeCases()) args.add(Arguments.of(p, c));
        }
        return args;
    }

    private static void requireGpu() {
        Availability a = CUDA.availability();
        Assumptions.assumeTrue(a.available(), () -> "CUDA unavailable: " + a.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesScalarReference(ConformanceCases.Case c) {
        requireGpu();
        BackendConformance.assertConforms(CUDA, c);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forcedPaths")
    void everyRecurrencePathMatchesWhereTheDeviceRunsIt(RecurrencePath path, ConformanceCases.Case c) {
        requireGpu();
        CudaBackend forced = CUDA.withPath(path);
        Optional<String> why = forced.pathUnavailable(c.config(), c.batch());
        if (why.isPresent()) {
            // The path cannot run this layer here: the kernel must refuse with the planner's reason, not compute.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Conformance.check(forced, c));
            assertTrue(e.getMessage().contains(path.key() + " path unavailable"), e.getMessage());
            return;
        }
        BackendConformance.assertConforms(forced, c);
    }
}

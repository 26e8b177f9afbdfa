package org.rnnexplorer.engine.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Every CPU backend against the scalar reference on the whole grid. The CUDA backend has its own test class,
 * tagged gpu, over the same grid.
 */
class BackendConformanceTest {

    static List<Arguments> cpuBackendsTimesCases() {
        List<Arguments> args = new ArrayList<>();
        for (Backends.Entry e : Backends.all()) {
            if (e.name().equals("scalar") || e.name().equals("cuda")) continue;
            for (ConformanceCases.Case c : ConformanceCases.all()) args.add(Arguments.of(e.name(), c));
        }
        return args;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cpuBackendsTimesCases")
    void matchesScalarReference(String backendName, ConformanceCases.Case c) {
        Backends.Entry entry = Backends.all().stream().filter(e -> e.name().equals(backendName)).findFirst().orElseThrow();
        // A CPU backend must be available in the test JVM (surefire adds the Vector API module).
        if (!entry.availability().available()) {
            throw new AssertionError(backendName + " unavailable in the test JVM: " + entry.availability().reason());
        }
        BackendConformance.assertConforms(entry.backend(), c);
    }
}

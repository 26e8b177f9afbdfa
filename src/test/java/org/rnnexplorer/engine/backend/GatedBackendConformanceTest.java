package org.rnnexplorer.engine.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.CellMode;

import java.util.ArrayList;
import java.util.List;

/** Every CPU backend with gated kernels against the scalar reference on the LSTM and GRU grid. */
class GatedBackendConformanceTest {

    static List<Arguments> cpuBackendsTimesCases() {
        List<Arguments> args = new ArrayList<>();
        for (Backends.Entry e : Backends.all()) {
            if (e.name().equals("scalar") || e.name().equals("cuda")) continue;
            for (ConformanceCases.Case c : ConformanceCases.gated()) args.add(Arguments.of(e.name(), c));
        }
        return args;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cpuBackendsTimesCases")
    void matchesScalarReference(String backendName, ConformanceCases.Case c) {
        Backends.Entry entry = Backends.all().stream().filter(e -> e.name().equals(backendName)).findFirst().orElseThrow();
        Availability a = entry.availability().available() ? entry.backend().availability(CellMode.LSTM) : entry.availability();
        if (!a.available()) throw new AssertionError(backendName + " cannot run LSTM and GRU in the test JVM: " + a.reason());
        BackendConformance.assertConforms(entry.backend(), c);
    }
}

package org.rnnexplorer.engine.backend;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnConfig;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The choice of backend for a cell type, on stand-in backends (no GPU here): a backend with RNN kernels only is
 * listed as such, refused by name for LSTM and GRU in one line, and passed over by auto; a backend that runs gated
 * cells but asks auto to pass it over for them (cuda, until a GPU run has timed its gated kernels) runs them by name.
 */
class BackendsPerCellTest {

    /** Available, with Elman RNN kernels only. */
    private static class RnnOnly extends Backend {
        private final String name;

        RnnOnly(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        public Availability availability(CellMode mode) {
            return Availability.rnnOnly(availability(), mode);
        }

        @Override
        protected RnnKernel newKernel(RnnConfig config) {
            throw new AssertionError("choosing a backend never builds a kernel");
        }
    }

    /** Runs every cell but asks auto to pass it over for gated ones, as cuda does until its gated kernels are timed. */
    private static final class GatedUntimed extends RnnOnly {
        GatedUntimed() {
            super("cuda");
        }

        @Override
        public Availability availability(CellMode mode) {
            return availability();
        }

        @Override
        public Optional<String> autoSkips(CellMode mode) {
            return mode.isGated() ? Optional.of("not timed on a GPU yet") : Optional.empty();
        }
    }

    private final Backend cuda = new RnnOnly("cuda");
    private final Backend simd = new Backend() {
        @Override
        public String name() {
            return "simd";
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        protected RnnKernel newKernel(RnnConfig config) {
            throw new AssertionError("choosing a backend never builds a kernel");
        }
    };
    private final List<Backends.Entry> entries = List.of(new Backends.Entry("simd", simd, Availability.yes()),
            new Backends.Entry("cuda", cuda, Availability.yes()));

    @Test
    void autoPicksCudaForAnRnnAndSimdForGatedCells() {
        assertSame(cuda, Backends.select(entries, "auto", CellMode.RNN_TANH));
        assertSame(simd, Backends.select(entries, "auto", CellMode.LSTM));
        assertSame(simd, Backends.select(entries, "auto", CellMode.GRU));
        assertSame(cuda, Backends.select(entries, "auto", null));
    }

    @Test
    void autoPassesOverABackendThatAsksToBeSkippedForGatedCellsButNamingItRunsThem() {
        Backend untimed = new GatedUntimed();
        List<Backends.Entry> withUntimed = List.of(new Backends.Entry("simd", simd, Availability.yes()),
                new Backends.Entry("cuda", untimed, Availability.yes()));
        assertSame(simd, Backends.select(withUntimed, "auto", CellMode.LSTM));
        assertSame(simd, Backends.select(withUntimed, "auto", CellMode.GRU));
        assertSame(untimed, Backends.select(withUntimed, "auto", CellMode.RNN_TANH));
        assertSame(untimed, Backends.select(withUntimed, "cuda", CellMode.LSTM));
        assertSame(untimed, Backends.select(withUntimed, "cuda", CellMode.GRU));
    }

    @Test
    void namingAnRnnOnlyBackendForAGatedModelIsOneLine() {
        String msg = assertThrows(IllegalArgumentException.class, () -> Backends.select(entries, "cuda", CellMode.LSTM))
                .getMessage();
        assertEquals("backend cuda cannot run this LSTM (LSTM and GRU: not yet); use --backend auto, simd or scalar", msg);
        assertSame(cuda, Backends.select(entries, "cuda", CellMode.RNN_RELU));
    }

    @Test
    void anRnnOnlyBackendIsListedAsSuch() {
        assertEquals("cuda available (RNN only; LSTM and GRU: not yet)",
                Availability.describeForCells("cuda", cuda.availability(), cuda.availability(CellMode.LSTM)));
        assertEquals("simd available", Availability.describeForCells("simd", simd.availability(), simd.availability(CellMode.LSTM)));
        Availability none = Availability.no("no NVIDIA driver");
        assertEquals("cuda unavailable: no NVIDIA driver",
                Availability.describeForCells("cuda", none, Availability.rnnOnly(none, CellMode.LSTM)));
    }
}

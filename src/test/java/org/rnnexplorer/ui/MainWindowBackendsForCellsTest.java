package org.rnnexplorer.ui;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.backend.Backends;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend chooser greys cuda for an LSTM or GRU with the reason the backend gives, and gives it back for an RNN. */
class MainWindowBackendsForCellsTest {

    static final String RNN_ONLY = "RNN only; " + Availability.GATED_NOT_YET;
    static final List<BackendOption> WITH_CUDA = List.of(new BackendOption("scalar", true, ""),
            new BackendOption("simd", true, ""), new BackendOption("cuda", true, "", RNN_ONLY));

    @Test
    void aGatedFormGreysCudaWithItsReasonAndMovesAChosenCudaToSimd() {
        MainWindowViewModel vm = new MainWindowViewModel(WITH_CUDA, "cuda");
        assertEquals("cuda", vm.backendProperty().get().name());
        vm.cellModeChanged(CellMode.LSTM);
        BackendOption cuda = vm.backends().get(2);
        assertFalse(cuda.available());
        assertEquals("RNN only; LSTM and GRU: not yet", cuda.reason());
        assertEquals("simd", vm.backendProperty().get().name());
        assertEquals("Backend cuda is not used for LSTM (RNN only; LSTM and GRU: not yet); using simd", vm.problemProperty().get());
        vm.backendProperty().set(cuda);
        assertEquals("simd", vm.backendProperty().get().name(), "a greyed backend cannot be chosen");
        vm.cellModeChanged(CellMode.RNN_TANH);
        assertTrue(vm.backends().get(2).available());
        assertEquals("simd", vm.backendProperty().get().name(), "no silent switch back: the backend stays as shown");
    }

    @Test
    void theInstalledBackendsSayWhichAreNotOfferedForGatedCells() {
        for (BackendOption o : MainWindowViewModel.installedBackends()) {
            Backend b = Backends.all().stream().filter(e -> e.name().equals(o.name())).findFirst().orElseThrow().backend();
            boolean offered = o.available() && b.availability(CellMode.GRU).available() && b.autoSkips(CellMode.GRU).isEmpty();
            assertEquals(o.available() && !offered, !o.gatedReason().isEmpty(), o.toString());
        }
    }
}

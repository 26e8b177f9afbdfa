package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.backend.Backends;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend fails soft: on any machine it answers with its availability and, when unavailable, the reason. */
class CudaAvailabilityTest {

    private static boolean driverLibraryLoads() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup("libcuda.so.1", arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void withoutTheDriverLibraryTheReasonSaysSo() {
        Availability a = new CudaBackend().availability();
        if (System.getProperty(CudaDevice.LIBRARY_PROPERTY) == null && !driverLibraryLoads()) {
            assertEquals(Availability.no("no NVIDIA driver (libcuda.so.1 not found)"), a);
        } else {
            assertTrue(a.available() || !a.reason().isBlank(), "unavailable without a reason");
        }
    }

    @Test
    void selectingAnUnavailableCudaBackendNamesTheReason() {
        Availability a = new CudaBackend().availability();
        if (a.available()) {
            assertEquals("cuda", Backends.select("cuda").name());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("cuda"));
        assertEquals("backend cuda is unavailable: " + a.reason(), e.getMessage());
        IllegalStateException k = assertThrows(IllegalStateException.class, () -> new CudaBackend().createKernel(RnnConfig.of(3, 4)));
        assertTrue(k.getMessage().endsWith(a.reason()), k.getMessage());
        assertFalse(Backends.availableNames().contains("cuda"));
    }

    /** LSTM and GRU run wherever the backend does; auto is asked to pass cuda over for them, with the reason. */
    @Test
    void gatedCellsRunWhereCudaRunsButAutoIsAskedToPassItOver() {
        CudaBackend cuda = new CudaBackend();
        for (CellMode mode : CellMode.values()) {
            assertEquals(cuda.availability(), cuda.availability(mode), mode.toString());
            assertEquals(mode.isGated(), cuda.autoSkips(mode).isPresent(), mode.toString());
        }
        assertTrue(cuda.autoSkips(CellMode.GRU).orElseThrow().startsWith("auto picks simd for LSTM and GRU until a GPU run"));
    }

    @Test
    void pathOverrideParsesAndRejectsUnknownNames() {
        assertEquals(RecurrencePath.CLUSTER, RecurrencePath.parse(" Cluster "));
        assertEquals(RecurrencePath.AUTO, RecurrencePath.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecurrencePath.parse("warp"));
        assertTrue(e.getMessage().contains("auto, block, cluster, grid or step"));
    }
}

package org.rnnexplorer.ui.hidden;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hidden states view-model on an LSTM's and a GRU's explore passes (scalar backend), without JavaFX. */
class GatedHiddenStatesViewModelTest {

    static final int T = 30, N = 2, H = 8;

    private static ServiceSnapshot explore(EngineService service, RnnConfig config, long seed) throws Exception {
        RnnParameters weights = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, seed);
        // Larger recurrent weights push gates towards 0 and 1, so the saturation counts are not all zero.
        for (int k = 0; k < config.numLayers(); k++) {
            for (int d = 0; d < config.numDirections(); d++) {
                float[] w = weights.weightHh(k, d);
                for (int i = 0; i < w.length; i++) w[i] *= 8;
            }
        }
        return LiveRuns.explore(service, config, weights, T, N, seed);
    }

    private static HiddenStatesViewModel shown(EngineService service, ServiceSnapshot s) {
        TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
        HiddenStatesViewModel vm = new HiddenStatesViewModel(cursor, Runnable::run, Runnable::run);
        cursor.follow(s);
        vm.show(s);
        return vm;
    }

    @Test
    void anLstmShowsItsCellStateAndGatesOnTheirScales() throws Exception {
        RnnConfig config = new RnnConfig(CellMode.LSTM, 3, H, 1, true, false, 0, true, 0);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = explore(service, config, 4);
            HiddenStatesViewModel vm = shown(service, s);
            assertEquals(List.of("h", "c", "i", "f", "g", "o"), List.copyOf(vm.quantities()));
            vm.directionProperty().set(1);
            DirectionTrace d = s.trace().direction(0, 1);
            for (String q : List.of("h", "c", "i", "f", "g", "o")) {
                vm.quantityProperty().set(q);
                HiddenFrame f = vm.frameProperty().get();
                assertEquals(q, f.quantity());
                float[] src = q.equals("h") ? d.hidden() : q.equals("c") ? d.gated().cell() : d.gated().gate(q);
                double maxAbs = 0;
                for (int t = 0; t < T; t++) {
                    for (int u = 0; u < H; u++) {
                        float v = src[t * H + u];
                        assertEquals(v, f.states().value(u, t), q + " unit " + u + " t " + t);
                        maxAbs = Math.max(maxAbs, Math.abs(v));
                        boolean sat = switch (q) {
                            case "i", "f", "o" -> v < 0.1 || v > 0.9;
                            case "g" -> Math.abs(v) > 0.95;
                            default -> false;
                        };
                        assertEquals(sat, f.saturated()[u * T + t], q + " saturation at unit " + u + " t " + t);
                    }
                }
                switch (q) {
                    case "i", "f", "o" -> {
                        assertEquals(0.0, f.scale().low(), q + ": sigmoid gates on a fixed [0, 1] scale");
                        assertEquals(1.0, f.scale().high());
                        assertFalse(f.signed());
                    }
                    case "g", "h" -> {
                        assertEquals(-1.0, f.scale().low(), q + " on a fixed [−1, 1] scale");
                        assertEquals(1.0, f.scale().high());
                        assertTrue(f.signed());
                    }
                    default -> { // c_t is unbounded: symmetric from its values
                        assertEquals(-maxAbs, f.scale().low(), 1e-7);
                        assertEquals(maxAbs, f.scale().high(), 1e-7);
                        assertTrue(f.signed());
                        assertNull(f.saturatedFraction());
                    }
                }
                String name = q.equals("h") || q.equals("c") ? q : "gate_" + q;
                assertTrue(vm.headerProperty().get().startsWith(name + ".l0_reverse   (L, N, H) = (30, 2, 8), sequence b = 0"),
                        vm.headerProperty().get());
            }
            vm.quantityProperty().set("f");
            vm.cursor().moveTo(5);
            int count = 0;
            for (int u = 0; u < H; u++) {
                float v = d.gated().gate("f")[5 * H + u];
                if (v < 0.1 || v > 0.9) count++;
            }
            assertTrue(vm.readoutProperty().get().startsWith("t = 5:  " + count + " of 8 units saturated (f < 0.1 or > 0.9)"),
                    vm.readoutProperty().get());
            assertTrue(vm.describeCell(2, 5).startsWith("t = 5, unit 2: f = "), vm.describeCell(2, 5));
        }
    }

    @Test
    void theGateSaturationScatterCountsEachUnitsShutAndOpenStepsAndItsLineSaysSo() throws Exception {
        for (RnnConfig config : new RnnConfig[] {new RnnConfig(CellMode.LSTM, 3, H, 1, true, false, 0, false, 0),
            new RnnConfig(CellMode.GRU, 3, H, 1, true, false, 0, false, 0)}) {
            try (EngineService service = new EngineService()) {
                ServiceSnapshot s = explore(service, config, 9);
                HiddenStatesViewModel vm = shown(service, s);
                GateSaturation sat = vm.frameProperty().get().saturation();
                List<String> sigmoid = config.mode() == CellMode.LSTM ? List.of("i", "f", "o") : List.of("r", "z");
                assertEquals(sigmoid, sat.gates());
                DirectionTrace d = s.trace().direction(0, 0);
                StringBuilder open = new StringBuilder(), shut = new StringBuilder();
                int anySaturated = 0;
                for (int g = 0; g < sigmoid.size(); g++) {
                    float[] v = d.gated().gate(sigmoid.get(g));
                    int mostlyOpen = 0, mostlyShut = 0;
                    for (int u = 0; u < H; u++) {
                        int below = 0, above = 0;
                        for (int t = 0; t < T; t++) {
                            if (v[t * H + u] < 0.1) below++;
                            if (v[t * H + u] > 0.9) above++;
                        }
                        assertEquals((double) below / T, sat.shut().get(g)[u], 1e-12);
                        assertEquals((double) above / T, sat.open().get(g)[u], 1e-12);
                        if (above > T / 2.0) mostlyOpen++;
                        if (below > T / 2.0) mostlyShut++;
                        anySaturated += below + above;
                    }
                    open.append(g == 0 ? "" : ", ").append(sigmoid.get(g)).append(' ').append(mostlyOpen);
                    shut.append(g == 0 ? "" : ", ").append(sigmoid.get(g)).append(' ').append(mostlyShut);
                }
                assertTrue(anySaturated > 0, config.mode() + ": the scaled weights saturate some gates");
                String want = String.format(Locale.ROOT, "Each dot is one unit of l0 over sequence b = 0's %d steps: x is "
                        + "the fraction of steps its gate is below 0.1 (shut), y above 0.9 (open). Open at more than half "
                        + "the steps: %s of %d units; shut: %s.", T, open, H, shut);
                assertEquals(want, vm.saturationTextProperty().get());
            }
        }
    }

    @Test
    void aGrusGatesAndAProjectedLstmsHiddenStateHaveTheirOwnWidthsAndScales() throws Exception {
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = explore(service, new RnnConfig(CellMode.GRU, 3, H, 2, true, false, 0, false, 0), 2);
            HiddenStatesViewModel vm = shown(service, s);
            assertEquals(List.of("h", "r", "z", "n"), List.copyOf(vm.quantities()));
            vm.layerProperty().set(1);
            vm.quantityProperty().set("z");
            assertEquals(0.0, vm.frameProperty().get().scale().low());
            assertEquals(1.0, vm.frameProperty().get().scale().high());
            vm.quantityProperty().set("n");
            assertEquals(-1.0, vm.frameProperty().get().scale().low());
            assertEquals(1.0, vm.frameProperty().get().scale().high());
            assertEquals("gate_n", HiddenQuantity.traceName(vm.frameProperty().get().quantity()));
        }
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = explore(service, new RnnConfig(CellMode.LSTM, 3, H, 1, true, false, 0, false, 3), 2);
            HiddenStatesViewModel vm = shown(service, s);
            assertEquals(3, vm.frameProperty().get().hidden(), "h_t has proj_size rows");
            assertTrue(vm.headerProperty().get().startsWith("h.l0   (L, N, H_out) = (30, 2, 3)"), vm.headerProperty().get());
            vm.quantityProperty().set("c");
            assertEquals(H, vm.frameProperty().get().hidden(), "c_t has hidden_size rows");
            // An Elman RNN next: the chooser offers h alone and a gate chosen before falls back to h.
            vm.quantityProperty().set("f");
            ServiceSnapshot rnn = LiveRuns.explore(service, RnnConfig.of(3, H), Initializers.create(RnnConfig.of(3, H),
                    Initializers.Scheme.PYTORCH_DEFAULT, 1), T, N, 1);
            vm.show(rnn);
            assertEquals(List.of("h"), List.copyOf(vm.quantities()));
            assertEquals("h", vm.frameProperty().get().quantity());
            assertNull(vm.frameProperty().get().saturation());
        }
    }
}

package org.rnnexplorer.ui.hidden;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.live.Curve;
import org.rnnexplorer.ui.live.LiveRuns;
import org.rnnexplorer.ui.live.TimeCursorViewModel;
import org.rnnexplorer.ui.live.TimeWindow;

import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hidden states view-model on real passes of the engine service (scalar backend), without JavaFX. */
class HiddenStatesViewModelTest {

    static final int T = 40, H = 16;

    private static HiddenStatesViewModel viewModel(TimeCursorViewModel cursor) {
        return new HiddenStatesViewModel(cursor, Runnable::run, Runnable::run);
    }

    /** A tanh RNN pushed into saturation: W_hh rescaled to ρ = 3. */
    private static RnnParameters saturating(RnnConfig config) {
        RnnParameters p = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 21);
        Initializers.rescaleSpectralRadius(p, 3.0);
        return p;
    }

    @Test
    void theHeatmapIsTheFollowedSequencesStatesAsUnitsByTimeWithSaturationWhereAbsHExceeds095() throws Exception {
        RnnConfig config = new RnnConfig(4, H, 2, Nonlinearity.TANH, true, true, 0, true);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, saturating(config), T, 2, 7);
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            HiddenStatesViewModel vm = viewModel(cursor);
            vm.layerProperty().set(1);
            vm.directionProperty().set(1);
            cursor.follow(s);
            vm.show(s);
            HiddenFrame f = vm.frameProperty().get();
            DirectionTrace d = s.trace().direction(1, 1);
            assertEquals("l1_reverse", f.direction().label());
            assertEquals(H, f.states().rows());
            assertEquals(T, f.states().columns());
            int saturated = 0;
            for (int u = 0; u < H; u++) {
                for (int t = 0; t < T; t++) {
                    float h = d.hidden()[t * H + u];
                    assertEquals(h, f.states().value(u, t), "unit " + u + ", t " + t);
                    assertEquals(Math.abs(h) > 0.95, f.saturated()[u * T + t], "saturation of unit " + u + " at t " + t);
                    if (Math.abs(h) > 0.95) saturated++;
                }
            }
            assertTrue(saturated > 0 && saturated < H * T, saturated + " saturated cells");
            assertEquals(-1.0, f.scale().low(), "tanh states on a fixed [-1, 1] scale");
            assertEquals(1.0, f.scale().high());
            assertTrue(f.signed());
            assertTrue(vm.headerProperty().get().startsWith("h.l1_reverse   (L, N, H) = (40, 2, 16), sequence b = 0"),
                    vm.headerProperty().get());

            // The readout at the cursor counts the saturated units of that step.
            cursor.moveTo(7);
            int count = 0;
            for (int u = 0; u < H; u++) if (Math.abs(d.hidden()[7 * H + u]) > 0.95) count++;
            assertTrue(vm.readoutProperty().get().startsWith("t = 7:  " + count + " of 16 units saturated (|h| > 0.95)"),
                    vm.readoutProperty().get());
            String cell = vm.describeCell(3, 7);
            assertTrue(cell.startsWith("t = 7, unit 3: h = "), cell);
            assertEquals(Math.abs(d.hidden()[7 * H + 3]) > 0.95, cell.endsWith("(saturated)"));
        }
    }

    @Test
    void reluStatesUseASequentialScaleAndMarkDeadUnits() throws Exception {
        RnnConfig config = new RnnConfig(4, H, 1, Nonlinearity.RELU, true, true, 0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, 5), T, 3, 2);
            HiddenStatesViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.show(s);
            HiddenFrame f = vm.frameProperty().get();
            float[] h = s.trace().direction(0, 0).hidden();
            float max = 0;
            int dead = 0;
            for (int u = 0; u < H; u++) {
                for (int t = 0; t < T; t++) {
                    float v = h[t * H + u];
                    max = Math.max(max, v);
                    assertEquals(v == 0, f.saturated()[u * T + t]);
                    if (v == 0) dead++;
                }
            }
            assertTrue(dead > 0, "some ReLU units are dead at some steps");
            assertEquals(0.0, f.scale().low());
            assertEquals(max, f.scale().high(), 1e-7);
            assertTrue(!f.signed());
        }
    }

    @Test
    void chosenUnitsBecomeLinesOverTime() throws Exception {
        RnnConfig config = new RnnConfig(4, H, 1, Nonlinearity.TANH, true, true, 0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, saturating(config), T, 1, 3);
            HiddenStatesViewModel vm = viewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)));
            vm.show(s);
            assertEquals(List.of(0, 1, 2), vm.unitsProperty().get());
            vm.unitsTextProperty().set("5, 9-11");
            assertEquals(List.of(5, 9, 10, 11), vm.unitsProperty().get());
            assertEquals("", vm.unitsErrorProperty().get());
            List<Curve> curves = vm.unitCurvesProperty().get();
            assertEquals(4, curves.size());
            assertEquals("unit 9", curves.get(1).key());
            float[] h = s.trace().direction(0, 0).hidden();
            for (int t = 0; t < T; t++) assertEquals(h[t * H + 9], curves.get(1).y()[t], "unit 9 at t " + t);

            vm.toggleUnit(10);
            assertEquals(List.of(5, 9, 11), vm.unitsProperty().get());
            vm.toggleUnit(2);
            assertEquals("5, 9, 11, 2", vm.unitsTextProperty().get());
            vm.unitsTextProperty().set("3, 40");
            assertEquals(List.of(3), vm.unitsProperty().get());
            assertEquals("unit 40 is outside 0…15", vm.unitsErrorProperty().get());
            vm.unitsTextProperty().set("3, x");
            assertEquals("'x' is not a unit number; write units as 0, 3, 7 or 0-4", vm.unitsErrorProperty().get());
        }
    }

    @Test
    void aPassIsPreparedOnlyWhileThePaneIsShown() throws Exception {
        RnnConfig config = new RnnConfig(4, H, 1, Nonlinearity.TANH, true, true, 0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, saturating(config), 6, 1, 3);
            java.util.List<Runnable> queued = new java.util.ArrayList<>();
            HiddenStatesViewModel vm = new HiddenStatesViewModel(new TimeCursorViewModel(new LiveRuns.Steps(service)),
                    queued::add, Runnable::run);
            vm.activeProperty().set(false);
            vm.show(s);
            assertTrue(queued.isEmpty(), "nothing prepared for a hidden pane");
            vm.activeProperty().set(true);
            assertEquals(1, queued.size());
            assertNull(vm.frameProperty().get(), "prepared on the background executor, not in show()");
            queued.getFirst().run();
            assertEquals(s.trace(), vm.frameProperty().get().trace());
        }
    }

    @Test
    void zoomingShowsFewerStepsAroundThePointerFollowsTheCursorAndANewLengthShowsAllAgain() throws Exception {
        RnnConfig config = new RnnConfig(4, H, 1, Nonlinearity.TANH, true, false, 0, false);
        try (EngineService service = new EngineService()) {
            ServiceSnapshot s = LiveRuns.explore(service, config, saturating(config), T, 2, 7);
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            HiddenStatesViewModel vm = viewModel(cursor);
            cursor.follow(s);
            vm.show(s);
            assertEquals(TimeWindow.all(T), vm.timeZoom().windowProperty().get(), "every step at first");
            assertFalse(vm.timeZoom().zoomed());

            cursor.moveTo(30);
            vm.timeZoom().zoom(0.5, 30);
            TimeWindow w = vm.timeZoom().windowProperty().get();
            assertEquals(T / 2, w.length());
            assertTrue(w.contains(30) && vm.timeZoom().zoomed(), w.toString());
            cursor.moveTo(2);
            assertEquals(2, vm.timeZoom().windowProperty().get().from(), "the window moves to keep the cursor in view");
            assertEquals(T / 2, vm.timeZoom().windowProperty().get().length());
            for (int i = 0; i < 20; i++) vm.timeZoom().zoom(0.5, 2);
            assertEquals(TimeWindow.MIN_STEPS, vm.timeZoom().windowProperty().get().length());
            assertTrue(vm.describeCell(0, 5).startsWith("t = 5, unit 0"), "cells are still named by their step");

            // Another pass of the same length keeps the zoom; one of another length shows every step.
            TimeWindow before = vm.timeZoom().windowProperty().get();
            vm.show(LiveRuns.explore(service, config, saturating(config), T, 2, 8));
            assertEquals(before, vm.timeZoom().windowProperty().get());
            vm.show(LiveRuns.explore(service, config, saturating(config), T + 10, 2, 9));
            assertEquals(TimeWindow.all(T + 10), vm.timeZoom().windowProperty().get());
            vm.timeZoom().zoom(0.5, 0);
            vm.timeZoom().showAll();
            assertEquals(TimeWindow.all(T + 10), vm.timeZoom().windowProperty().get());
        }
    }

    /** Issue 13 item 7: a pane opened after a shape change described the previous shape until its frame was ready. */
    @Test
    void aPaneShownAgainDescribesTheNewPassBeforeItsFrameIsPrepared() throws Exception {
        RnnConfig config = new RnnConfig(4, H, 1, Nonlinearity.TANH, true, false, 0, false);
        RnnConfig shorter = config.withHiddenSize(6);
        try (EngineService service = new EngineService()) {
            ArrayDeque<Runnable> preparation = new ArrayDeque<>();
            TimeCursorViewModel cursor = new TimeCursorViewModel(new LiveRuns.Steps(service));
            HiddenStatesViewModel vm = new HiddenStatesViewModel(cursor, preparation::add, Runnable::run);
            vm.show(LiveRuns.explore(service, config, saturating(config), T, 2, 7));
            while (!preparation.isEmpty()) preparation.poll().run();
            assertTrue(vm.headerProperty().get().contains("(L, N, H) = (40, 2, 16)"), vm.headerProperty().get());

            vm.activeProperty().set(false); // another tab is shown while the model changes
            vm.show(LiveRuns.explore(service, shorter, saturating(shorter), 9, 2, 7));
            vm.activeProperty().set(true);
            assertTrue(vm.headerProperty().get().contains("(L, N, H) = (9, 2, 6)"),
                    "before the frame is prepared: " + vm.headerProperty().get());
            while (!preparation.isEmpty()) preparation.poll().run();
            assertEquals(9, vm.frameProperty().get().steps());
            assertTrue(vm.headerProperty().get().contains("(L, N, H) = (9, 2, 6)"), vm.headerProperty().get());
        }
    }
}

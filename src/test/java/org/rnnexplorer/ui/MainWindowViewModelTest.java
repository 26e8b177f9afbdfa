package org.rnnexplorer.ui;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.state.PaneId;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainWindowViewModelTest {

    static final List<BackendOption> SCALAR_AND_SIMD = List.of(
            new BackendOption("scalar", true, ""),
            new BackendOption("simd", true, ""),
            new BackendOption("cuda", false, "no NVIDIA driver (libcuda.so.1 not found)"));

    @Test
    void autoPicksTheBestAvailableBackend() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        assertEquals("simd", vm.backendProperty().get().name());
        assertEquals("", vm.problemProperty().get());
    }

    @Test
    void theSystemPropertyForcesAnAvailableBackend() {
        assertEquals("scalar", new MainWindowViewModel(SCALAR_AND_SIMD, "scalar").backendProperty().get().name());
        assertEquals("simd", new MainWindowViewModel(SCALAR_AND_SIMD, " SIMD ").backendProperty().get().name());
    }

    @Test
    void anUnavailableRequestFallsBackAndSaysWhy() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, "cuda");
        assertEquals("simd", vm.backendProperty().get().name());
        assertEquals("-Drnnx.backend=cuda asks for an unavailable backend (no NVIDIA driver (libcuda.so.1 not found)); "
                + "using simd", vm.problemProperty().get());
        MainWindowViewModel typo = new MainWindowViewModel(SCALAR_AND_SIMD, "gpu");
        assertTrue(typo.problemProperty().get().startsWith("-Drnnx.backend=gpu names no backend"));
    }

    @Test
    void choosingAnUnavailableBackendIsRefusedWithTheReason() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, "scalar");
        vm.backendProperty().set(SCALAR_AND_SIMD.get(2));
        assertEquals("scalar", vm.backendProperty().get().name());
        assertEquals("Backend cuda is unavailable: no NVIDIA driver (libcuda.so.1 not found)", vm.problemProperty().get());
    }

    @Test
    void zoomStepsAreClampedAndScaleTheRootFontAndChartFonts() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        assertEquals("-fx-font-size: 13.0px;", vm.rootFontStyle());
        vm.zoomIn();
        assertEquals(1.25, vm.zoomProperty().get());
        assertEquals("-fx-font-size: 16.3px;", vm.rootFontStyle());
        assertEquals(1.25, vm.appearanceProperty().get().fontScale());
        for (int i = 0; i < 20; i++) vm.zoomIn();
        assertEquals(MainWindowViewModel.MAX_ZOOM, vm.zoomProperty().get());
        for (int i = 0; i < 20; i++) vm.zoomOut();
        assertEquals(MainWindowViewModel.MIN_ZOOM, vm.zoomProperty().get());
        vm.resetZoom();
        assertEquals(1.0, vm.zoomProperty().get());
    }

    @Test
    void chartsFollowThemeAndColourMap() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        assertEquals(false, vm.appearanceProperty().get().dark());
        vm.themeProperty().set(Theme.DARK);
        vm.colorMapProperty().set(ColorMap.PURPLE_ORANGE);
        assertEquals(true, vm.appearanceProperty().get().dark());
        assertEquals(ColorMap.PURPLE_ORANGE, vm.appearanceProperty().get().signedMap());
    }

    @Test
    void rememberedSettingsRoundTrip() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        vm.themeProperty().set(Theme.DARK);
        vm.zoomIn();
        vm.colorMapProperty().set(ColorMap.VIRIDIS);
        vm.selectedPaneProperty().set(PaneId.WEIGHTS);
        WindowState s = vm.snapshot(10, 20, 1000, 700, false);
        MainWindowViewModel fresh = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        fresh.restore(s);
        assertEquals(Theme.DARK, fresh.themeProperty().get());
        assertEquals(1.25, fresh.zoomProperty().get());
        assertEquals(ColorMap.VIRIDIS, fresh.colorMapProperty().get());
        assertEquals(PaneId.WEIGHTS, fresh.selectedPaneProperty().get());
    }

    @Test
    void theBannerShowsOneLine() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        vm.showProblem("rnn.safetensors: weight_hh_l0 is (3, 4)\n\tat Reader.read(Reader.java:10)");
        assertEquals("rnn.safetensors: weight_hh_l0 is (3, 4)", vm.problemProperty().get());
        vm.dismissProblem();
        assertEquals("", vm.problemProperty().get());
    }

    @Test
    void withdrawingAProblemTakesDownOnlyThatOne() {
        MainWindowViewModel vm = new MainWindowViewModel(SCALAR_AND_SIMD, null);
        vm.showProblem("Copy: try again in a moment.");
        vm.withdrawProblem("Copy: try again in a moment.");
        assertEquals("", vm.problemProperty().get());
        vm.showProblem("Copy: try again in a moment.");
        vm.showProblem("x.npy: expected 3 features");
        vm.withdrawProblem("Copy: try again in a moment.");
        assertEquals("x.npy: expected 3 features", vm.problemProperty().get(), "a later problem stays");
    }
}

package org.rnnexplorer.ui;

import org.rnnexplorer.ui.chart.ColorMap;

/**
 * What the window remembers between runs.
 *
 * @param x           window position, screen coordinates; NaN when never placed
 * @param y           see x
 * @param width       window size
 * @param height      window size
 * @param maximized   whether the window was maximised
 * @param selectedTab title of the tab last shown
 * @param theme       LIGHT or DARK
 * @param zoom        presentation zoom, 1.0 normal
 * @param colorMap    colour map for signed data
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, String selectedTab,
                          Theme theme, double zoom, ColorMap colorMap) {

    public static final WindowState DEFAULT =
            new WindowState(Double.NaN, Double.NaN, 1360, 860, false, "", Theme.LIGHT, 1.0, ColorMap.COOL_WARM);

    public WindowState {
        if (theme == null) theme = Theme.LIGHT;
        if (colorMap == null) colorMap = ColorMap.COOL_WARM;
        if (selectedTab == null) selectedTab = "";
        if (!(zoom >= MainWindowViewModel.MIN_ZOOM && zoom <= MainWindowViewModel.MAX_ZOOM)) zoom = 1.0;
        if (!(width >= 400) || !(height >= 300)) {
            width = DEFAULT_WIDTH;
            height = DEFAULT_HEIGHT;
        }
    }

    private static final double DEFAULT_WIDTH = 1360, DEFAULT_HEIGHT = 860;

    public boolean placed() {
        return Double.isFinite(x) && Double.isFinite(y);
    }
}

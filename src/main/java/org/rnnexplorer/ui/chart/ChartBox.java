package org.rnnexplorer.ui.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.util.PublicCloneable;
import org.jfree.data.xy.XYDataset;

import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.DoubleFunction;

/**
 * A JFreeChart in the scene that follows the window's theme and zoom and exports itself as PNG or SVG. The
 * viewer's own context menu is replaced by one that goes through the window's atomic export.
 */
public class ChartBox extends StackPane implements ExportableChart {

    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final ObjectProperty<ChartAppearance> appearance =
            new SimpleObjectProperty<>(this, "appearance", ChartAppearance.DEFAULT);
    private final BiConsumer<JFreeChart, ChartAppearance> extraStyling;
    private final HoverReadout readout = new HoverReadout(this);
    private DoubleFunction<String> hoverReadout;

    /**
     * @param extraStyling re-colours what the common theme does not know (annotations, markers); may be null
     */
    public ChartBox(JFreeChart chart, BiConsumer<JFreeChart, ChartAppearance> extraStyling) {
        this.chart = chart;
        this.extraStyling = extraStyling;
        this.viewer = new ChartViewer(chart, false);
        getStyleClass().add("chart-box");
        getChildren().add(viewer);
        MenuItem export = new MenuItem("Export PNG or SVG…");
        export.setOnAction(e -> fireEvent(new ExportChartEvent(this)));
        ContextMenu menu = new ContextMenu(export);
        viewer.setOnContextMenuRequested(e -> menu.show(viewer, e.getScreenX(), e.getScreenY()));
        appearance.addListener((o, a, b) -> restyle());
        restyle();
        getChildren().add(readout.node());
        viewer.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        viewer.addEventHandler(MouseEvent.MOUSE_EXITED, e -> readout.hide());
        setMinSize(160, 120);
        setPrefSize(400, 280);
    }

    public JFreeChart chart() {
        return chart;
    }

    /**
     * What the readout says with the pointer over the data area at x value {@code x} (e.g. the nearest iteration's
     * loss), or null for no readout. The text is also {@link #hoverTextProperty()}.
     */
    public void setHoverReadout(DoubleFunction<String> describeX) {
        hoverReadout = describeX;
    }

    /** The hover readout's text ("" when the pointer is not over the data area). */
    public ReadOnlyStringProperty hoverTextProperty() {
        return readout.textProperty();
    }

    /** Where the last drawing put the data area, in this node's coordinates; null before the first (for tests). */
    public Rectangle2D dataArea() {
        var info = viewer.getRenderingInfo();
        return info == null ? null : info.getPlotInfo().getDataArea();
    }

    /** What cannot be read in the last drawing (see {@link AxisLabelFit}); empty before the first. */
    public List<String> unreadableParts() {
        return AxisLabelFit.problems(chart, viewer.getWidth(), viewer.getHeight(), dataArea());
    }

    private void hover(double x, double y) {
        Rectangle2D area = dataArea();
        if (hoverReadout == null || area == null || !area.contains(x, y) || !(chart.getPlot() instanceof XYPlot plot)) {
            readout.hide();
            return;
        }
        double value = plot.getDomainAxis().java2DToValue(x, area, plot.getDomainAxisEdge());
        String text = hoverReadout.apply(value);
        readout.show(text == null ? "" : text, x, y, getWidth(), getHeight());
    }

    public ObjectProperty<ChartAppearance> appearanceProperty() {
        return appearance;
    }

    private void restyle() {
        ChartAppearance a = appearance.get();
        ChartStyler.apply(chart, a);
        if (extraStyling != null) extraStyling.accept(chart, a);
    }

    @Override
    public String exportName() {
        return chart.getTitle() == null ? "chart" : chart.getTitle().getText();
    }

    @Override
    public int[] exportSize() {
        return new int[] {(int) Math.max(560, getWidth()), (int) Math.max(360, getHeight())};
    }

    /** Draws a copy of the chart whose datasets are cloned, so the live chart may change during the export. */
    @Override
    public ChartDrawing captureDrawing(int width, int height) {
        JFreeChart copy;
        try {
            copy = (JFreeChart) chart.clone();
            if (copy.getPlot() instanceof XYPlot plot) {
                for (int i = 0; i < plot.getDatasetCount(); i++) {
                    if (plot.getDataset(i) instanceof PublicCloneable dataset) plot.setDataset(i, (XYDataset) dataset.clone());
                }
            }
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("chart cannot be copied for export", e);
        }
        return (g, vector) -> copy.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }
}

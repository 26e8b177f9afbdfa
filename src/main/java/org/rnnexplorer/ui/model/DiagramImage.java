package org.rnnexplorer.ui.model;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportChartEvent;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.fx.FrameScheduler;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The unrolled diagram on screen: the Java2D drawing rendered at twice the size into an image (sharp on HiDPI and
 * when zoomed), redrawn at most once per frame when the model or the theme changes.
 */
public final class DiagramImage extends Pane implements ExportableChart {

    private final ImageView view = new ImageView();
    private final ObjectProperty<ChartAppearance> appearance = new SimpleObjectProperty<>(this, "appearance", ChartAppearance.DEFAULT);
    private final Runnable redraw = this::redrawNow;
    private DiagramLayout.Diagram diagram;

    public DiagramImage() {
        getStyleClass().add("diagram");
        view.setSmooth(true);
        view.setPreserveRatio(true);
        getChildren().add(view);
        appearance.addListener((o, a, b) -> FrameScheduler.requestFrame(redraw));
        MenuItem export = new MenuItem("Export PNG or SVG…");
        export.setOnAction(e -> fireEvent(new ExportChartEvent(this)));
        ContextMenu menu = new ContextMenu(export);
        setOnContextMenuRequested(e -> menu.show(this, e.getScreenX(), e.getScreenY()));
    }

    public void setDiagram(DiagramLayout.Diagram d) {
        diagram = d;
        FrameScheduler.requestFrame(redraw);
    }

    /** Whether an image has been drawn. */
    public boolean drawn() {
        return view.getImage() != null;
    }

    public DiagramLayout.Diagram diagram() {
        return diagram;
    }

    public ObjectProperty<ChartAppearance> appearanceProperty() {
        return appearance;
    }

    private void redrawNow() {
        if (diagram == null) return;
        double scale = appearance.get().fontScale();
        int w = (int) Math.ceil(diagram.width() * scale), h = (int) Math.ceil(diagram.height() * scale);
        // Drawn at the screen's pixel density so that text stays sharp on HiDPI displays.
        double density = getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
        BufferedImage image = new BufferedImage((int) Math.ceil(w * density), (int) Math.ceil(h * density),
                BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(density * scale, density * scale);
            DiagramPainter.paint(g, diagram, appearance.get().withFontScale(1.0));
        } finally {
            g.dispose();
        }
        view.setImage(SwingFXUtils.toFXImage(image, null));
        view.setFitWidth(w);
        view.setFitHeight(h);
        setPrefSize(w, h);
        setMinSize(w, h);
        requestLayout();
    }

    @Override
    public String exportName() {
        return "unrolled diagram";
    }

    @Override
    public int[] exportSize() {
        return diagram == null ? new int[] {800, 400} : new int[] {(int) Math.ceil(diagram.width()), (int) Math.ceil(diagram.height())};
    }

    @Override
    public ChartDrawing captureDrawing(int width, int height) {
        DiagramLayout.Diagram d = diagram;
        ChartAppearance look = appearance.get().withFontScale(1.0);
        return (g, vector) -> {
            if (d != null) DiagramPainter.paint(g, d, look);
        };
    }
}

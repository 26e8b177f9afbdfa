package org.rnnexplorer.ui.hidden;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ExportableChart;

import java.util.function.IntConsumer;

/**
 * A {@link TextStrip} drawn as monospace cells that wrap at the region's width (and after a newline), each cell's
 * background the colour of its value; the time cursor's cell outlined. Hover names the step; a click moves the cursor.
 * Exports as PNG or SVG with every character, not only the lines scrolled into view.
 */
public final class TextStripView extends Region implements ExportableChart {

    private static final double BASE_FONT = 13;
    private static final double PAD = 2;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<TextStrip> strip = new SimpleObjectProperty<>(this, "strip");
    private final ObjectProperty<ChartAppearance> appearance =
            new SimpleObjectProperty<>(this, "appearance", ChartAppearance.DEFAULT);
    private final IntegerProperty markedStep = new SimpleIntegerProperty(this, "markedStep", -1);
    private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper(this, "hoverText", "");
    private IntConsumer onStepClicked = t -> { };
    /** Cell positions of the last layout pass (what is drawn and hit-tested), per t: column and line. */
    private int[] column = new int[0], line = new int[0];

    public TextStripView() {
        getChildren().add(canvas);
        getStyleClass().add("text-strip");
        strip.addListener(o -> requestLayout());
        appearance.addListener(o -> requestLayout());
        // The cursor playing moves one outline a step: repaint the two cells it leaves and enters, not all T.
        markedStep.addListener((o, before, now) -> moveMark(before.intValue(), now.intValue()));
        setOnMouseMoved(e -> hover.set(describeAt(e.getX(), e.getY())));
        setOnMouseExited(e -> hover.set(""));
        setOnMouseClicked(e -> {
            int t = stepAt(e.getX(), e.getY());
            if (t >= 0) onStepClicked.accept(t);
        });
    }

    /** The font and cell width of the last font scale (measuring text makes a node: not once per cell or frame). */
    private double measuredScale = Double.NaN;
    private Font font;
    private double cellWidth;

    private Font font() {
        measure();
        return font;
    }

    private double cellWidth() {
        measure();
        return cellWidth;
    }

    private void measure() {
        double scale = appearance.get().fontScale();
        if (scale == measuredScale) return;
        font = Font.font("DejaVu Sans Mono", FontWeight.NORMAL, BASE_FONT * scale);
        Text probe = new Text("M");
        probe.setFont(font);
        cellWidth = Math.ceil(probe.getLayoutBounds().getWidth()) + 2;
        measuredScale = scale;
    }

    private double cellHeight() {
        return Math.ceil(font().getSize() * 1.5);
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 100;
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : getWidth() > 0 ? getWidth() : computePrefWidth(-1);
        return lines(perLine(w)) * cellHeight() + 2 * PAD;
    }

    @Override
    protected double computeMinHeight(double width) {
        return cellHeight() + 2 * PAD;
    }

    /** Lines the strip takes at a width: the text's own line breaks included. */
    public int linesAt(double width) {
        return lines(perLine(width));
    }

    /** The height of {@code lines} lines of cells, padding included. */
    public double heightOfLines(int lines) {
        return lines * cellHeight() + 2 * PAD;
    }

    private int perLine(double width) {
        return Math.max(1, (int) Math.floor((width - 2 * PAD) / cellWidth()));
    }

    /** The number of lines the cells take at {@code perLine} cells a line (no state changes: layout asks often). */
    private int lines(int perLine) {
        TextStrip s = strip.get();
        return s == null || s.steps() == 0 ? 1 : s.arrange(perLine).lines();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        TextStrip s = strip.get();
        TextStrip.Layout cells = s == null ? null : s.arrange(perLine(getWidth()));
        column = cells == null ? new int[0] : cells.column();
        line = cells == null ? new int[0] : cells.line();
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        ChartAppearance a = appearance.get();
        g.setFill(argb(a.background().getRGB()));
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        TextStrip s = strip.get();
        if (s == null || column.length != s.steps()) return;
        for (int t = 0; t < s.steps(); t++) drawCell(g, s, t);
        drawMark(g, s, markedStep.get());
    }

    /** Repaints cell {@code before} without its outline and outlines cell {@code now}. */
    private void moveMark(int before, int now) {
        TextStrip s = strip.get();
        if (s == null || column.length != s.steps()) return;
        GraphicsContext g = canvas.getGraphicsContext2D();
        if (before >= 0 && before < s.steps()) drawCell(g, s, before);
        drawMark(g, s, now);
    }

    /** Cell t: its background the colour of its value, its glyph in black or white, whichever reads on it. */
    private void drawCell(GraphicsContext g, TextStrip s, int t) {
        ChartAppearance a = appearance.get();
        double w = cellWidth(), h = cellHeight();
        double x = PAD + column[t] * w, y = PAD + line[t] * h;
        g.setFill(argb(s.cellArgb(t, a)));
        g.fillRect(x, y, w, h);
        g.setFill(argb(s.glyphArgb(t, a)));
        g.setFont(font());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(TextStrip.glyph(s.read()[t]), x + w / 2, y + h / 2);
    }

    /** The time cursor's outline on cell m (inside the cell, so repainting the cell removes it). */
    private void drawMark(GraphicsContext g, TextStrip s, int m) {
        if (m < 0 || m >= s.steps()) return;
        double w = cellWidth(), h = cellHeight();
        g.setStroke(argb(appearance.get().foreground().getRGB()));
        g.setLineWidth(2);
        g.strokeRect(PAD + column[m] * w + 1, PAD + line[m] * h + 1, w - 2, h - 2);
    }

    private static Color argb(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }

    /** The step whose cell holds (x, y), or −1. */
    public int stepAt(double x, double y) {
        TextStrip s = strip.get();
        if (s == null || column.length != s.steps()) return -1;
        int c = (int) Math.floor((x - PAD) / cellWidth()), l = (int) Math.floor((y - PAD) / cellHeight());
        if (x < PAD || y < PAD) return -1;
        for (int t = 0; t < s.steps(); t++) if (column[t] == c && line[t] == l) return t;
        return -1;
    }

    /** The centre of step t's cell in this region's coordinates (for tests), or null when it is not laid out. */
    public double[] cellCentre(int t) {
        if (t < 0 || t >= column.length) return null;
        return new double[] {PAD + (column[t] + 0.5) * cellWidth(), PAD + (line[t] + 0.5) * cellHeight()};
    }

    /** A point inside step t's cell away from its glyph (its top-left corner, inset): the background colour. */
    public double[] cellBackgroundPoint(int t) {
        if (t < 0 || t >= column.length) return null;
        return new double[] {PAD + column[t] * cellWidth() + 3, PAD + line[t] * cellHeight() + 3};
    }

    private String describeAt(double x, double y) {
        int t = stepAt(x, y);
        return t < 0 ? "" : strip.get().describe(t);
    }

    public ObjectProperty<TextStrip> stripProperty() {
        return strip;
    }

    public ObjectProperty<ChartAppearance> appearanceProperty() {
        return appearance;
    }

    /** The time cursor's step, outlined; −1 for none. */
    public IntegerProperty markedStepProperty() {
        return markedStep;
    }

    /** The readout of the cell under the pointer, or "". */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hover.getReadOnlyProperty();
    }

    /** {@code Text coloured by h[5]}, {@code Text coloured by p(next)}, or {@code Text} when nothing colours it. */
    @Override
    public String exportName() {
        TextStrip s = strip.get();
        return s == null || s.symbol().isEmpty() ? "Text" : "Text coloured by " + s.symbol();
    }

    /** The on-screen width (at least 560) and the height every line of characters needs at that width. */
    @Override
    public int[] exportSize() {
        int width = (int) Math.max(560, getWidth());
        TextStrip s = strip.get();
        return new int[] {width, s == null ? 120 : TextStripPainter.heightAt(content(s), width)};
    }

    @Override
    public ChartDrawing captureDrawing(int width, int height) {
        TextStrip s = strip.get();
        if (s == null) {
            ChartAppearance a = appearance.get();
            return (g, vector) -> {
                g.setColor(a.background());
                g.fillRect(0, 0, width, height);
            };
        }
        TextStripPainter.Content c = content(s);
        return (g, vector) -> TextStripPainter.paint(g, width, height, c);
    }

    private TextStripPainter.Content content(TextStrip s) {
        return new TextStripPainter.Content(exportName(), s, appearance.get(), markedStep.get());
    }

    public void setOnStepClicked(IntConsumer action) {
        onStepClicked = action == null ? t -> { } : action;
    }
}

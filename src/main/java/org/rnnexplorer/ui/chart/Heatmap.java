package org.rnnexplorer.ui.chart;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import org.rnnexplorer.ui.fx.FrameScheduler;
import org.rnnexplorer.ui.fx.FxTimings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.List;

/**
 * A rows × columns grid of values drawn as coloured cells, scaled nearest-neighbour to the control's size, with
 * a colour bar, cell indices along both axes ({@link IndexTicks}) and a hover readout; optionally only a window of
 * its columns (a zoomed time axis). Data may change many times per frame; the image is recomputed once per frame
 * at most (see {@link org.rnnexplorer.ui.fx.FrameScheduler}): one colour-table look-up per cell, then a
 * nearest-neighbour copy into a {@link PixelBuffer} the size of the plot area, shown unscaled.
 */
public final class Heatmap extends Region implements ExportableChart {

    private static final double BAR_WIDTH = 12;
    private static final double GAP = 6;
    /** The fewest pixels of cells a heatmap keeps, however small its slot: a projector must still show a stripe. */
    public static final double MIN_PLOT_HEIGHT = 24;

    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty rowCaption = new SimpleStringProperty(this, "rowCaption", "row");
    private final StringProperty columnCaption = new SimpleStringProperty(this, "columnCaption", "column");
    private final BooleanProperty signed = new SimpleBooleanProperty(this, "signed", true);
    private final ObjectProperty<ChartAppearance> appearance =
            new SimpleObjectProperty<>(this, "appearance", ChartAppearance.DEFAULT);
    private final HoverReadout readout = new HoverReadout(this);
    private final ObjectProperty<ColorScale> fixedScale = new SimpleObjectProperty<>(this, "fixedScale");
    private final BooleanProperty rowTicksVisible = new SimpleBooleanProperty(this, "rowTicksVisible", true);
    private final ObjectProperty<RowTicks> rowTicks = new SimpleObjectProperty<>(this, "rowTicks", RowTicks.INDICES);

    private final Label titleLabel = new Label();
    private final Label rowCaptionLabel = new Label();
    private final Label columnCaptionLabel = new Label();
    private final Label highLabel = new Label();
    private final Label lowLabel = new Label();
    private final Label emptyLabel = new Label("no data");
    private final ImageView cells = new ImageView();
    private final ImageView colorBar = new ImageView();
    private final Line columnMarker = new Line();
    private final Rectangle columnBand = new Rectangle();
    private final HeatmapIndexLabels indexLabels =
            new HeatmapIndexLabels(l -> getChildren().add(getChildren().indexOf(readout.node()), l));

    private final Runnable redraw = () -> FxTimings.time("heatmap redraw", this::redrawNow);
    /** What setData got, and the part of it drawn: columns windowFrom..windowTo (see setColumnWindow). */
    private HeatmapData full = new HeatmapData(0, 0, new float[0]);
    private HeatmapData data = full;
    private boolean[] fullMask;
    private int windowFrom, windowTo = -1;
    private CellFormatter formatter = (r, c, v) -> "row " + r + ", column " + c + ": " + CellFormatter.value(v);
    private ColorScale scale = new ColorScale(-1, 1);
    private PixelBuffer<IntBuffer> buffer;
    private IntBuffer bufferInts;
    private int[] pixels = new int[0];
    private int[] cellColors = new int[0];
    private double plotWidth, plotHeight;
    /** Smallest margins left and right of the cells (to line columns up with a chart's time axis), and the own ones. */
    private double minLeft, minRight, naturalLeft = Double.NaN, naturalRight = Double.NaN;
    /** The data column the first drawn column is (windowFrom, clamped). */
    private int columnOffset, lastOffsetLaidOut;
    private Runnable onLayout;
    private long framesDrawn;
    private boolean[] mask;
    private int[] stripeColors = new int[0];
    private int markedColumn = -1;
    private int bandFrom = -1, bandTo = -1;
    private CellHandler cellClicked;
    /** Heatmaps whose titles take as many lines as this one's ({@link #keepTitlesLevel}); none but itself by default. */
    private List<Heatmap> titleGroup = List.of();

    public Heatmap() {
        getStyleClass().add("heatmap");
        titleLabel.getStyleClass().add("chart-title");
        // A title wider than the heatmap (a tensor's name and shape at a projector's zoom) takes a second line,
        // the shape's (see fitTitle), instead of ending in "…" before the shape.
        titleLabel.setText(title.get());
        titleLabel.setWrapText(true);
        title.addListener(o -> {
            titleLabel.setText(title.get());
            requestLayout();
        });
        rowCaptionLabel.textProperty().bind(rowCaption);
        rowCaptionLabel.setRotate(-90);
        columnCaptionLabel.textProperty().bind(columnCaption);
        for (Label l : new Label[] {rowCaptionLabel, columnCaptionLabel, highLabel, lowLabel}) l.getStyleClass().add("axis-caption");
        highLabel.getStyleClass().add("scale-high");
        lowLabel.getStyleClass().add("scale-low");
        emptyLabel.getStyleClass().add("axis-caption");
        emptyLabel.setAlignment(Pos.CENTER);
        cells.setSmooth(false);
        cells.setPreserveRatio(false);
        colorBar.setSmooth(true);
        colorBar.setPreserveRatio(false);
        columnMarker.getStyleClass().add("time-cursor");
        columnMarker.setMouseTransparent(true);
        columnMarker.setVisible(false);
        columnBand.getStyleClass().add("time-band");
        columnBand.setMouseTransparent(true);
        columnBand.setVisible(false);
        getChildren().addAll(titleLabel, rowCaptionLabel, columnCaptionLabel, cells, colorBar, highLabel, lowLabel,
                emptyLabel, columnBand, columnMarker, readout.node());
        cells.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int[] rc = cellAt(e.getX(), e.getY());
            if (rc != null && cellClicked != null && e.getButton() == MouseButton.PRIMARY) {
                cellClicked.handle(rc[0], columnOffset + rc[1]);
            }
        });
        cells.addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        cells.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            readout.hide();
        });
        MenuItem export = new MenuItem("Export PNG or SVG…");
        export.setOnAction(e -> fireEvent(new ExportChartEvent(this)));
        ContextMenu menu = new ContextMenu(export);
        setOnContextMenuRequested(e -> menu.show(this, e.getScreenX(), e.getScreenY()));
        signed.addListener((o, a, b) -> {
            updateColorBar();
            requestRedraw();
        });
        fixedScale.addListener((o, a, b) -> requestRedraw());
        rowTicksVisible.addListener((o, a, b) -> requestLayout());
        rowTicks.addListener((o, a, b) -> requestLayout());
        appearance.addListener((o, a, b) -> {
            updateColorBar();
            requestRedraw();
        });
        updateColorBar();
        setPrefSize(360, 240);
    }

    /** Replaces the values; drawn on the next frame. FX thread. */
    public void setData(HeatmapData newData) {
        full = newData;
        applyWindow();
    }

    /** The whole grid last set (also the columns outside the window). */
    public HeatmapData getData() {
        return full;
    }

    /**
     * Draws only columns {@code from..to} of the data (a zoomed time axis), or every column for {@code to < 0}.
     * Clamped to the data. Column numbers everywhere else (labels, marked column, band, hover, clicks) stay those of
     * the whole grid. FX thread.
     */
    public void setColumnWindow(int from, int to) {
        if (from == windowFrom && to == windowTo) return;
        windowFrom = from;
        windowTo = to;
        applyWindow();
    }

    /** Columns drawn now. */
    public int shownColumns() {
        return data.columns();
    }

    private void applyWindow() {
        HeatmapData before = data;
        int last = full.columns() - 1;
        int to = windowTo < 0 ? last : Math.min(windowTo, last);
        int from = Math.clamp(windowFrom, 0, Math.max(0, to));
        boolean whole = full.isEmpty() || (from == 0 && to == last);
        data = whole ? full : full.columnRange(from, to);
        columnOffset = whole ? 0 : from;
        mask = fullMask == null || whole || fullMask.length != full.values().length ? fullMask
                : HeatmapData.columnRange(fullMask, full.rows(), full.columns(), from, to);
        // The index labels, and the room they take, follow the shape and the first column.
        if (data.rows() != before.rows() || data.columns() != before.columns() || columnOffset != lastOffsetLaidOut) {
            requestLayout();
        }
        requestRedraw();
        placeMarkers();
    }

    /**
     * Cells to hatch (e.g. saturated units), (rows, columns) row-major like the data, or null for none. Stripes
     * keep the cell's own colour visible between them. Drawn on the next frame; FX thread.
     */
    public void setMask(boolean[] cellsToHatch) {
        fullMask = cellsToHatch;
        applyWindow();
    }

    /** A vertical line through the middle of column {@code column} (a time cursor), or none for -1. */
    public void setMarkedColumn(int column) {
        markedColumn = column;
        placeMarkers();
    }

    /** A translucent band over columns {@code from..to} inclusive (the part already walked), or none for -1. */
    public void setColumnBand(int from, int to) {
        bandFrom = Math.min(from, to);
        bandTo = Math.max(from, to);
        if (from < 0 || to < 0) bandFrom = bandTo = -1;
        placeMarkers();
    }

    /** Receives (row, column) of a cell clicked with the primary button; null for none. */
    public void setOnCellClicked(CellHandler handler) {
        cellClicked = handler;
    }

    /** A cell clicked in the heatmap. */
    @FunctionalInterface
    public interface CellHandler {
        void handle(int row, int column);
    }

    /** How the hover readout words a cell, e.g. {@code (r, c, v) -> "t = " + c + ", unit " + r + ": " + v}. */
    public void setCellFormatter(CellFormatter cellFormatter) {
        formatter = cellFormatter;
    }

    /** The readout for the cell at a position in the cells' coordinates, or empty outside. */
    public String describeCellAt(double x, double y) {
        int[] rc = cellAt(x, y);
        return rc == null ? "" : formatter.format(rc[0], columnOffset + rc[1], data.value(rc[0], rc[1]));
    }

    /** The colour scale of the last drawn frame. */
    public ColorScale getScale() {
        return scale;
    }

    /** The colour map used for the current data: the appearance's signed map, or viridis for unsigned data. */
    public ColorMap colorMap() {
        return signed.get() ? appearance.get().signedMap() : ColorMap.VIRIDIS;
    }

    /** Frames actually drawn since creation (for the frame-rate measurement). */
    public long framesDrawn() {
        return framesDrawn;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty rowCaptionProperty() {
        return rowCaption;
    }

    public StringProperty columnCaptionProperty() {
        return columnCaption;
    }

    /** Signed data: symmetric scale around 0 on the diverging map. Unsigned: min–max on viridis. */
    public BooleanProperty signedProperty() {
        return signed;
    }

    /**
     * A scale kept from frame to frame (e.g. [-1, 1] for tanh states, so colours compare across passes), or null
     * to fit each frame's data (symmetric when signed, min–max otherwise).
     */
    public ObjectProperty<ColorScale> fixedScaleProperty() {
        return fixedScale;
    }

    private ColorScale currentScale() {
        if (fixedScale.get() != null) return fixedScale.get();
        return ColorScale.fit(data.values(), signed.get());
    }

    /**
     * Row indices beside the cells (default on; shown only with more than one row). Off where a row index alone
     * would mislead, e.g. rows that stand for (sample, step) pairs.
     */
    public BooleanProperty rowTicksVisibleProperty() {
        return rowTicksVisible;
    }

    /** What the row labels name: each row's index (the default), or groups of rows ({@link RowTicks#groupsOf}). */
    public ObjectProperty<RowTicks> rowTicksProperty() {
        return rowTicks;
    }

    /** The texts of the index labels shown now, in order: rows (top to bottom) or columns (left to right). */
    public List<String> tickTexts(boolean rows) {
        return indexLabels.visible(rows).stream().map(Label::getText).toList();
    }

    /**
     * Keeps at least {@code left} pixels between this control's left edge and the cells, and {@code right} between
     * the cells and its right edge (0 for the heatmap's own layout): so that column t sits over t on a chart's
     * time axis. The heatmap's own margins are {@link #naturalLeft()} and {@link #naturalRight()}.
     */
    public void setMinimumMargins(double left, double right) {
        if (left == minLeft && right == minRight) return;
        minLeft = left;
        minRight = right;
        requestLayout();
    }

    /** Pixels left of the cells that the heatmap itself needs (captions and row indices); NaN before layout. */
    public double naturalLeft() {
        return naturalLeft;
    }

    /** Pixels right of the cells that the heatmap itself needs (the colour bar and its labels); NaN before layout. */
    public double naturalRight() {
        return naturalRight;
    }

    /** The centre of data column {@code column}, in this control's coordinates; NaN without data or before layout. */
    public double columnCentreX(int column) {
        if (data.isEmpty() || plotWidth <= 0) return Double.NaN;
        return IndexTicks.centre(column - columnOffset, data.columns(), cells.getLayoutX(), plotWidth);
    }

    /** The x of the time-cursor line, in this control's coordinates, or NaN while hidden. */
    public double markedColumnX() {
        return columnMarker.isVisible() ? columnMarker.getStartX() : Double.NaN;
    }

    /** Runs after each layout pass (null for nothing): lets a view realign what depends on the cells' position. */
    public void setOnLayout(Runnable action) {
        onLayout = action;
    }

    /** The data column drawn first (0 unless a column window is set). */
    public int columnOffset() {
        return columnOffset;
    }

    /** The data column under x in this control's coordinates, or -1 outside the cells. */
    public int columnAtX(double x) {
        int[] rc = cellAt(x - cells.getLayoutX(), 1);
        return rc == null ? -1 : columnOffset + rc[1];
    }

    /** Where the cells are drawn, in this control's coordinates (for layout tests). */
    Rectangle2D plotArea() {
        return new Rectangle2D(cells.getLayoutX(), cells.getLayoutY(), plotWidth, plotHeight);
    }

    /** The index labels shown now (for layout tests). */
    List<Label> visibleTicks(boolean rows) {
        return indexLabels.visible(rows);
    }

    public ObjectProperty<ChartAppearance> appearanceProperty() {
        return appearance;
    }

    /** The hover readout's text ("" when the pointer is not over a cell). */
    public StringProperty hoverTextProperty() {
        return readout.textProperty();
    }

    private void requestRedraw() {
        FrameScheduler.requestFrame(redraw);
    }

    private void redrawNow() {
        boolean empty = data.isEmpty();
        emptyLabel.setVisible(empty);
        cells.setVisible(!empty);
        if (empty) placeMarkers();
        if (empty || plotWidth < 1 || plotHeight < 1) return;
        scale = currentScale();
        // The image has one pixel per device pixel of the plot area and is shown unscaled: renderers differ in
        // whether they honour ImageView.setSmooth(false), so the nearest-neighbour scaling is done here.
        double density = getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
        int w = (int) Math.round(plotWidth * density), h = (int) Math.round(plotHeight * density);
        int n = data.rows() * data.columns();
        if (cellColors.length != n) cellColors = new int[n];
        HeatmapRenderer.render(data, scale, colorMap(), cellColors);
        if (buffer == null || buffer.getWidth() != w || buffer.getHeight() != h) {
            bufferInts = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            buffer = new PixelBuffer<>(w, h, bufferInts, PixelFormat.getIntArgbPreInstance());
            pixels = new int[w * h];
            cells.setImage(new WritableImage(buffer));
        }
        HeatmapRenderer.scaleNearest(cellColors, data.rows(), data.columns(), pixels, w, h);
        if (mask != null && mask.length == n) {
            if (stripeColors.length != n) stripeColors = new int[n];
            HeatmapRenderer.stripeColors(cellColors, mask, stripeColors);
            HeatmapRenderer.hatch(stripeColors, data.rows(), data.columns(), pixels, w, h, (int) Math.round(3 * density));
        }
        buffer.updateBuffer(b -> {
            bufferInts.put(0, pixels);
            return null;
        });
        cells.setFitWidth(plotWidth);
        cells.setFitHeight(plotHeight);
        highLabel.setText(CellFormatter.value((float) scale.high()));
        lowLabel.setText(CellFormatter.value((float) scale.low()));
        framesDrawn++;
        placeMarkers();
    }

    private void updateColorBar() {
        int[] lut = colorMap().lut();
        WritableImage bar = new WritableImage(1, lut.length);
        for (int i = 0; i < lut.length; i++) bar.getPixelWriter().setArgb(0, lut.length - 1 - i, lut[i]);
        colorBar.setImage(bar);
    }

    private int[] cellAt(double x, double y) {
        if (data.isEmpty() || plotWidth <= 0 || plotHeight <= 0) return null;
        int c = (int) Math.floor(x / plotWidth * data.columns());
        int r = (int) Math.floor(y / plotHeight * data.rows());
        if (r < 0 || c < 0 || r >= data.rows() || c >= data.columns()) return null;
        return new int[] {r, c};
    }

    /** The rendered pixels of the plot area, row-major ARGB (for tests and the frame-rate measurement). */
    public int[] renderedPixels() {
        return pixels.clone();
    }

    private void hover(MouseEvent e) {
        readout.show(describeCellAt(e.getX(), e.getY()), cells.getLayoutX() + e.getX(), cells.getLayoutY() + e.getY(),
                getWidth(), getHeight());
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x0 = in.getLeft(), y0 = in.getTop();
        double w = getWidth() - in.getLeft() - in.getRight(), h = getHeight() - in.getTop() - in.getBottom();
        fitTitle(w);
        double titleH = title.get().isEmpty() ? 0 : titleLabel.prefHeight(w);
        titleLabel.resizeRelocate(x0, y0, w, titleH);
        double captionH = columnCaptionLabel.prefHeight(-1);
        double rowCapW = rowCaptionLabel.prefHeight(-1);
        double labelW = Math.max(highLabel.prefWidth(-1), lowLabel.prefWidth(-1));
        double top = y0 + titleH + (titleH > 0 ? 4 : 0);
        boolean showRows = rowTicksVisible.get() && data.rows() > 1, showColumns = !data.isEmpty();
        // Room for the widest index label (the last index has the most digits).
        RowTicks ticks = rowTicks.get() == null ? RowTicks.INDICES : rowTicks.get();
        double rowTickW = showRows ? indexLabels.rowLabelWidth(data.rows(), ticks) : 0;
        double columnTickH = showColumns ? indexLabels.columnLabelHeight() : 0;
        naturalLeft = x0 + rowCapW + 4 + rowTickW;
        naturalRight = GAP + BAR_WIDTH + 4 + labelW + in.getRight();
        double left = Math.max(naturalLeft, minLeft);
        double plotW = Math.max(1, Math.floor(getWidth() - left - Math.max(naturalRight, minRight)));
        double plotH = Math.max(1, Math.floor(h - (top - y0) - captionH - 2 - columnTickH));
        cells.setLayoutX(left);
        cells.setLayoutY(top);
        if (plotW != plotWidth || plotH != plotHeight) {
            plotWidth = plotW;
            plotHeight = plotH;
            cells.setFitWidth(plotW);
            cells.setFitHeight(plotH);
            requestRedraw();
        }
        emptyLabel.resizeRelocate(left, top, plotW, plotH);
        placeMarkers();
        double barX = left + plotW + GAP;
        colorBar.setLayoutX(barX);
        colorBar.setLayoutY(top);
        colorBar.setFitWidth(BAR_WIDTH);
        colorBar.setFitHeight(plotH);
        double labelH = highLabel.prefHeight(-1);
        highLabel.resizeRelocate(barX + BAR_WIDTH + 4, top - 2, labelW, labelH);
        // On a short plot the two ends' labels would overlap: the low one then sits just under the high one.
        lowLabel.resizeRelocate(barX + BAR_WIDTH + 4, Math.max(top + plotH - labelH + 2, top - 2 + labelH), labelW, labelH);
        double colCapW = columnCaptionLabel.prefWidth(-1);
        columnCaptionLabel.resizeRelocate(left + (plotW - colCapW) / 2, top + plotH + 2 + columnTickH, colCapW, captionH);
        indexLabels.placeRows(showRows, data.rows(), ticks, left, top, plotH);
        indexLabels.placeColumns(showColumns, columnOffset, data.columns(), left, plotW, top + plotH, left - rowTickW);
        lastOffsetLaidOut = columnOffset;
        double rowCapLen = rowCaptionLabel.prefWidth(-1);
        // A rotated label turns about its centre: place its unrotated box so the centre sits beside the cells.
        rowCaptionLabel.resizeRelocate(x0 + rowCapW / 2 - rowCapLen / 2, top + plotH / 2 - rowCapW / 2, rowCapLen, rowCapW);
        if (onLayout != null) onLayout.run();
    }

    private void placeMarkers() {
        int columns = data.columns();
        int marked = markedColumn - columnOffset;  // in drawn columns
        boolean cursor = markedColumn >= 0 && marked >= 0 && marked < columns && plotWidth > 0;
        columnMarker.setVisible(cursor);
        if (cursor) {
            double x = Math.round(cells.getLayoutX() + (marked + 0.5) * plotWidth / columns) + 0.5;
            columnMarker.setStartX(x);
            columnMarker.setEndX(x);
            columnMarker.setStartY(cells.getLayoutY());
            columnMarker.setEndY(cells.getLayoutY() + plotHeight);
        }
        int b0 = Math.max(bandFrom - columnOffset, 0), b1 = Math.min(bandTo - columnOffset, columns - 1);
        boolean band = bandFrom >= 0 && b0 <= b1 && b0 < columns && plotWidth > 0;
        columnBand.setVisible(band);
        if (band) {
            double x0 = cells.getLayoutX() + b0 * plotWidth / columns;
            double x1 = cells.getLayoutX() + (b1 + 1) * plotWidth / columns;
            columnBand.setX(x0);
            columnBand.setY(cells.getLayoutY());
            columnBand.setWidth(Math.max(1, x1 - x0));
            columnBand.setHeight(plotHeight);
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 360;
    }

    /** Title, column labels and caption at the zoomed font, and room for {@link #MIN_PLOT_HEIGHT} or both scale labels. */
    @Override
    protected double computeMinHeight(double width) {
        double titleH = title.get().isEmpty() ? 0 : titleLabel.prefHeight(titleWidth(width)) + 4;
        double ticks = !data.isEmpty() ? indexLabels.columnLabelHeight() : 0;
        double plot = Math.max(MIN_PLOT_HEIGHT, 2 * highLabel.prefHeight(-1));
        return snappedTopInset() + titleH + plot + 2 + ticks + columnCaptionLabel.prefHeight(-1) + snappedBottomInset();
    }

    /**
     * Keeps these heatmaps' titles on as many lines each (side by side, their cells then stay level): when one title
     * must put its shape on a second line, all do. At a projector's zoom two of Pitfall 1's three titles wrapped and
     * the third did not, and the three plots started at different heights.
     */
    public static void keepTitlesLevel(Heatmap... maps) {
        List<Heatmap> group = List.of(maps);
        for (Heatmap m : maps) {
            m.titleGroup = group;
            m.requestLayout();
        }
    }

    /** Whether this title, on one line, is wider than {@code width}. */
    private boolean titleTooWide(double width) {
        String full = title.get();
        if (full.indexOf("  (") <= 0 || width <= 0) return false;
        Text measure = new Text(full);
        measure.setFont(titleLabel.getFont());
        return measure.getLayoutBounds().getWidth() + titleLabel.snappedLeftInset() + titleLabel.snappedRightInset() > width;
    }

    /**
     * Shows the title on one line where it fits in {@code width}, else with the shape on a line of its own: "name  (20
     * × 20)" wrapped by words read "name  (20 ×" over "20)".
     */
    private void fitTitle(double width) {
        String full = title.get();
        int shape = full.indexOf("  (");
        boolean breakLine = titleTooWide(width);
        for (Heatmap other : titleGroup) {
            if (other != this) breakLine |= other.titleTooWide(other.getWidth() - other.snappedLeftInset() - other.snappedRightInset());
        }
        String shown = shape > 0 && breakLine ? full.substring(0, shape) + "\n" + full.substring(shape + 2) : full;
        if (!shown.equals(titleLabel.getText())) titleLabel.setText(shown);
    }

    /** The width the title wraps at: the given width's, else the width laid out, else none (one line). */
    private double titleWidth(double width) {
        double outer = width > 0 ? width : getWidth();
        return outer > 0 ? outer - snappedLeftInset() - snappedRightInset() : -1;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 120;
    }

    /** Pixels of cells drawn now (0 before the first layout). */
    public double plotHeight() {
        return plotHeight;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 240;
    }

    @Override
    public String exportName() {
        return title.get().isEmpty() ? "heatmap" : title.get();
    }

    @Override
    public int[] exportSize() {
        return new int[] {(int) Math.max(560, getWidth()), (int) Math.max(360, getHeight())};
    }

    @Override
    public ChartDrawing captureDrawing(int width, int height) {
        ColorScale current = currentScale();
        // Column indices are always shown under the cells; row indices can be turned off.
        HeatmapPainter.Content c = new HeatmapPainter.Content(title.get(), rowCaption.get(), columnCaption.get(), data,
                current, colorMap(), appearance.get(), rowTicksVisible.get(), true, columnOffset,
                rowTicks.get() == null ? RowTicks.INDICES : rowTicks.get());
        return (g, vector) -> HeatmapPainter.paint(g, width, height, c, vector);
    }
}

package org.rnnexplorer.ui.model;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.ui.state.ModelState;

import java.util.ArrayList;
import java.util.List;

/**
 * Geometry of the unrolled diagram: one cell per (layer, direction, shown time step), the inputs x_t below, the
 * outputs above, h_0 entering and h_n leaving at the side where each direction starts and ends, and arrows for every
 * flow. Pure arithmetic, so the diagram's structure is tested without drawing it.
 */
public final class DiagramLayout {

    /** Time steps drawn before an ellipsis; the last step is always drawn. */
    static final int LEADING_STEPS = 3;

    static final double CELL_W = 70, CELL_H = 40, COL_GAP = 54, ROW_GAP = 28, SIDE_W = 96, LABEL_W = 92, MARGIN = 14;
    static final double IO_H = 36, JUNCTION_R = 8;

    public enum Kind { INPUT, CELL, STATE_IN, STATE_OUT, OUTPUT, JUNCTION }

    public enum Flow { INPUT, RECURRENT, RECURRENT_SKIP, LAYER, STATE, OUTPUT }

    /** A labelled box (or, for JUNCTION, a circle centred in it). */
    public record Box(Kind kind, double x, double y, double w, double h, String label, String detail,
                      int layer, int direction, int step) {
        double centerX() {
            return x + w / 2;
        }

        double centerY() {
            return y + h / 2;
        }
    }

    /** A polyline from points[0] to the arrowhead at the last point: {x0, y0, x1, y1, …}. */
    public record Arrow(Flow flow, double[] points, int direction) {
        public double startX() {
            return points[0];
        }

        public double endX() {
            return points[points.length - 2];
        }
    }

    /** A line of text: row captions and the legend. */
    public record Text(double x, double y, String text, boolean caption) {
    }

    public record Diagram(double width, double height, List<Box> boxes, List<Arrow> arrows, List<Text> texts,
                          int[] shownSteps, boolean elided) {
        public long count(Kind kind) {
            return boxes.stream().filter(b -> b.kind() == kind).count();
        }
    }

    private DiagramLayout() {
    }

    /** The time steps drawn: all when L ≤ LEADING_STEPS + 1, else the first few and the last. */
    static int[] shownSteps(int steps) {
        if (steps <= LEADING_STEPS + 1) {
            int[] all = new int[steps];
            for (int t = 0; t < steps; t++) all[t] = t;
            return all;
        }
        int[] s = new int[LEADING_STEPS + 1];
        for (int t = 0; t < LEADING_STEPS; t++) s[t] = t;
        s[LEADING_STEPS] = steps - 1;
        return s;
    }

    public static Diagram of(ModelState state) {
        RnnConfig c = state.config();
        InputLayout layout = state.layout();
        int d = c.numDirections();
        int layers = c.numLayers();
        int[] steps = shownSteps(layout.steps());
        boolean elided = steps.length > 0 && steps[steps.length - 1] != steps.length - 1;
        String batchPrefix = layout.unbatched() ? "(" : "(" + layout.batch() + ", ";
        boolean lstm = c.mode() == CellMode.LSTM;
        // h_t is H_out wide (P with an LSTM projection); an LSTM's cell state c_t beside it is always H wide.
        String hShape = batchPrefix + c.outputHiddenSize() + ")";
        String cShape = batchPrefix + c.hiddenSize() + ")";
        String cellDetail = hShape; // c_t's shape is in the note beside the module's repr: a box fits one shape
        String xShape = batchPrefix + c.inputSize() + ")";
        String outShape = batchPrefix + c.outputSize() + ")";

        List<Box> boxes = new ArrayList<>();
        List<Arrow> arrows = new ArrayList<>();
        List<Text> texts = new ArrayList<>();

        double gridLeft = MARGIN + LABEL_W + SIDE_W + COL_GAP;
        int cols = steps.length;
        double colPitch = CELL_W + COL_GAP;
        double gridRight = gridLeft + cols * colPitch - COL_GAP + (elided ? colPitch * 0.5 : 0);

        // Rows from the top: outputs, then layers top-down (forward row above reverse), then inputs.
        double y = MARGIN + 24;
        double outputY = y;
        y += IO_H + ROW_GAP + (d == 2 ? JUNCTION_R * 2 + 8 : 0);
        double[][] rowY = new double[layers][d];
        for (int k = layers - 1; k >= 0; k--) {
            rowY[k][0] = y;
            y += CELL_H + ROW_GAP;
            if (d == 2) {
                rowY[k][1] = y;
                y += CELL_H + ROW_GAP;
            }
            if (k > 0 && d == 2) y += JUNCTION_R * 2 + 8;
        }
        double inputY = y;
        double height = inputY + IO_H + MARGIN + 34;

        double[] colX = new double[cols];
        for (int i = 0; i < cols; i++) {
            colX[i] = gridLeft + i * colPitch + (elided && i == cols - 1 ? colPitch * 0.5 : 0);
        }

        Box[][][] cell = new Box[layers][d][cols];
        for (int k = 0; k < layers; k++) {
            for (int dir = 0; dir < d; dir++) {
                String arrow = dir == 0 ? "→" : "←";
                texts.add(new Text(MARGIN, rowY[k][dir] + CELL_H / 2 + 5, "layer " + k + (d == 2 ? " " + arrow : ""), true));
                for (int i = 0; i < cols; i++) {
                    String label = "h" + subscript(steps[i]) + (lstm ? " c" + subscript(steps[i]) : "");
                    Box b = new Box(Kind.CELL, colX[i], rowY[k][dir], CELL_W, CELL_H, label, cellDetail, k, dir, steps[i]);
                    cell[k][dir][i] = b;
                    boxes.add(b);
                }
            }
        }

        // Inputs x_t at the bottom, feeding every direction of layer 0.
        for (int i = 0; i < cols; i++) {
            Box x = new Box(Kind.INPUT, colX[i], inputY, CELL_W, IO_H, "x" + subscript(steps[i]), xShape, -1, -1, steps[i]);
            boxes.add(x);
            feedUp(arrows, Flow.INPUT, x.centerX(), x.y(), cell[0], i, d);
        }
        texts.add(new Text(MARGIN, inputY + IO_H / 2 + 5, "input", true));

        // Layer k → layer k+1; with two directions the two h_t are concatenated first.
        for (int k = 0; k + 1 < layers; k++) {
            for (int i = 0; i < cols; i++) {
                if (d == 1) {
                    Box from = cell[k][0][i], to = cell[k + 1][0][i];
                    arrows.add(new Arrow(Flow.LAYER, new double[] {from.centerX(), from.y(), to.centerX(), to.y() + to.h()}, 0));
                } else {
                    Box junction = concat(boxes, arrows, cell[k][0][i], cell[k][1][i], k, steps[i]);
                    feedUp(arrows, Flow.LAYER, junction.centerX(), junction.y(), cell[k + 1], i, d);
                }
            }
        }

        // Outputs: the top layer's h_t, both directions concatenated.
        for (int i = 0; i < cols; i++) {
            Box out = new Box(Kind.OUTPUT, colX[i], outputY, CELL_W, IO_H, "out" + subscript(steps[i]), outShape, -1, -1, steps[i]);
            boxes.add(out);
            if (d == 1) {
                Box from = cell[layers - 1][0][i];
                arrows.add(new Arrow(Flow.OUTPUT, new double[] {from.centerX(), from.y(), out.centerX(), out.y() + out.h()}, 0));
            } else {
                Box junction = concat(boxes, arrows, cell[layers - 1][0][i], cell[layers - 1][1][i], layers - 1, steps[i]);
                arrows.add(new Arrow(Flow.OUTPUT, new double[] {junction.centerX(), junction.y(), out.centerX(), out.y() + out.h()}, -1));
            }
        }
        texts.add(new Text(MARGIN, outputY + IO_H / 2 + 5, "output", true));

        // Recurrence: forward runs left to right, reverse right to left; h_0 enters where a direction starts.
        double leftSideX = MARGIN + LABEL_W;
        double rightSideX = gridRight + COL_GAP;
        for (int k = 0; k < layers; k++) {
            for (int dir = 0; dir < d; dir++) {
                Box[] row = cell[k][dir];
                for (int i = 0; i + 1 < cols; i++) {
                    boolean skip = elided && i == cols - 2;
                    Box a = dir == 0 ? row[i] : row[i + 1];
                    Box b = dir == 0 ? row[i + 1] : row[i];
                    double yMid = a.centerY();
                    double x0 = dir == 0 ? a.x() + a.w() : a.x();
                    double x1 = dir == 0 ? b.x() : b.x() + b.w();
                    arrows.add(new Arrow(skip ? Flow.RECURRENT_SKIP : Flow.RECURRENT, new double[] {x0, yMid, x1, yMid}, dir));
                }
                int index = k * d + dir;
                Box first = dir == 0 ? row[0] : row[cols - 1];
                Box last = dir == 0 ? row[cols - 1] : row[0];
                double inX = dir == 0 ? leftSideX : rightSideX;
                double outX = dir == 0 ? rightSideX : leftSideX;
                Box h0 = new Box(Kind.STATE_IN, inX, first.y(), SIDE_W - 12, CELL_H,
                        (lstm ? "h_0,c_0[" : "h_0[") + index + "]", cellDetail, k, dir, -1);
                Box hn = new Box(Kind.STATE_OUT, outX, last.y(), SIDE_W - 12, CELL_H,
                        (lstm ? "h_n,c_n[" : "h_n[") + index + "]", cellDetail, k, dir, -1);
                boxes.add(h0);
                boxes.add(hn);
                double yMid = first.centerY();
                arrows.add(new Arrow(Flow.STATE, dir == 0 ? new double[] {h0.x() + h0.w(), yMid, first.x(), yMid}
                        : new double[] {h0.x(), yMid, first.x() + first.w(), yMid}, dir));
                arrows.add(new Arrow(Flow.STATE, dir == 0 ? new double[] {last.x() + last.w(), yMid, hn.x(), yMid}
                        : new double[] {last.x(), yMid, hn.x() + hn.w(), yMid}, dir));
            }
        }

        double width = rightSideX + SIDE_W + MARGIN;
        int hidden = layout.steps() - steps.length;
        String elision = !elided ? "" : hidden == 1 ? " (step " + LEADING_STEPS + " not drawn)"
                : " (steps " + LEADING_STEPS + "…" + (layout.steps() - 2) + " not drawn)";
        String legend = "D = " + d + ", L = " + layout.steps() + elision + ".  Shapes are per time step"
                + (layout.unbatched() ? " (unbatched: no batch axis)." : ": (N, features).");
        if (d == 2) legend += "  ‖ concatenates forward and reverse h_t → (N, 2·" + (c.projSize() > 0 ? "P" : "H") + ").";
        String cellNote = "";
        if (lstm) {
            cellNote = "   c_t " + cShape + " runs beside h_t; only h_t goes up";
        } else if (c.mode() == CellMode.GRU) {
            cellNote = "   gates r, z, n act inside each cell; the state is h_t alone";
        }
        if (state.input().hasLengths()) {
            legend += "  With lengths, each sequence stops at its own length" + (d == 2 ? " and the reverse direction starts there." : ".");
        }
        // The module's line on top stays one line: a diagram of a short sequence is widened to hold it.
        String top = c.torchRepr() + cellNote;
        width = Math.max(width, 2 * MARGIN + LEGEND_CHAR_W * top.length());
        // The footnote wraps at the diagram's width (a short sequence makes a narrow diagram), and the diagram grows
        // by a line for each extra line, so that no sentence is cut at the image's edge.
        List<String> lines = wrap(legend, width - 2 * MARGIN);
        height += (lines.size() - 1) * LEGEND_LINE;
        for (int i = 0; i < lines.size(); i++) {
            texts.add(new Text(MARGIN, height - 16 - (lines.size() - 1 - i) * LEGEND_LINE, lines.get(i), false));
        }
        texts.add(new Text(MARGIN, MARGIN + 6, top, false));
        return new Diagram(width, height, boxes, arrows, texts, steps, elided);
    }

    /** Line pitch of the footnote, px. */
    static final double LEGEND_LINE = 16;

    /**
     * An upper bound on the width of one character of the diagram's text font (12 px sans-serif, plain), px: the layout
     * runs without fonts, so it wraps by character count; DiagramLayoutTest measures the real font against it.
     */
    static final double LEGEND_CHAR_W = 7.0;

    /** {@code text} broken at spaces into lines of at most {@code maxWidth} px at {@link #LEGEND_CHAR_W}. */
    static List<String> wrap(String text, double maxWidth) {
        int perLine = Math.max(20, (int) (maxWidth / LEGEND_CHAR_W));
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > perLine) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }

    /** A ‖ junction above the forward cell joining the forward and reverse h_t of one layer and step. */
    private static Box concat(List<Box> boxes, List<Arrow> arrows, Box forward, Box reverse, int layer, int step) {
        double cx = forward.centerX(), cy = forward.y() - ROW_GAP / 2 - JUNCTION_R - 4;
        Box j = new Box(Kind.JUNCTION, cx - JUNCTION_R, cy - JUNCTION_R, 2 * JUNCTION_R, 2 * JUNCTION_R, "‖", "", layer, -1, step);
        boxes.add(j);
        arrows.add(new Arrow(Flow.LAYER, new double[] {cx, forward.y(), cx, j.y() + j.h()}, 0));
        // The reverse cell sits below the forward one: route up a lane left of the column, into the junction's side.
        double lane = forward.x() - COL_GAP * 0.3;
        arrows.add(new Arrow(Flow.LAYER, new double[] {reverse.x(), reverse.centerY() + 8, lane, reverse.centerY() + 8,
            lane, cy, j.x(), cy}, 1));
        return j;
    }

    /**
     * Vertical feed from a source below into every direction of a layer: straight into the lower cell; into the
     * forward cell above it along a lane right of the column, entering from below.
     */
    private static void feedUp(List<Arrow> arrows, Flow flow, double sx, double sy, Box[][] layer, int col, int d) {
        Box lower = layer[d - 1][col];
        arrows.add(new Arrow(flow, new double[] {sx, sy, sx, lower.y() + lower.h()}, d - 1));
        if (d == 2) {
            Box upper = layer[0][col];
            double lane = upper.x() + upper.w() + COL_GAP * 0.3;
            double gapY = upper.y() + upper.h() + ROW_GAP / 2;
            double entryX = upper.x() + upper.w() * 0.75;
            arrows.add(new Arrow(flow, new double[] {sx + 10, sy, sx + 10, sy - 6, lane, sy - 6, lane, gapY, entryX, gapY,
                entryX, upper.y() + upper.h()}, 0));
        }
    }

    static String subscript(int t) {
        String digits = Integer.toString(t);
        StringBuilder sb = new StringBuilder();
        for (char ch : digits.toCharArray()) sb.append((char) ('₀' + (ch - '0')));
        return sb.toString();
    }
}

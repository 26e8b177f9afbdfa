package org.rnnexplorer.ui.gradient;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ColorScale;

import java.util.List;

/**
 * One BPTT step as labelled matrices with their values, laid out left to right and wrapping:
 * W_hhᵀ · diag(f′(a_t)) · ∂L/∂h_t = recurrent + direct = ∂L/∂h_prev. Each matrix is coloured on its own symmetric
 * scale (the sign is what the colour shows; the numbers give the size).
 */
final class StepArithmeticView {
    /** Cell size at font scale 1: fits "−0.123" in the 11 px font. */
    private static final double CELL_WIDTH = 46, CELL_HEIGHT = 18;

    private final FlowPane pane = new FlowPane(8, 10);
    private final ObservableValue<ChartAppearance> appearance;
    private BpttStepArithmetic shown;

    StepArithmeticView(ObservableValue<ChartAppearance> appearance) {
        this.appearance = appearance;
        pane.getStyleClass().add("step-arithmetic");
        pane.setAlignment(Pos.CENTER_LEFT);
        appearance.addListener(o -> show(shown));
    }

    FlowPane root() {
        return pane;
    }

    void show(BpttStepArithmetic step) {
        shown = step;
        pane.getChildren().clear();
        if (step == null) return;
        ChartAppearance look = appearance.getValue() == null ? ChartAppearance.DEFAULT : appearance.getValue();
        for (BpttStepArithmetic.Term term : step.terms()) {
            if (!term.operator().isEmpty()) {
                Label op = new Label(term.operator());
                op.getStyleClass().add("arithmetic-operator");
                pane.getChildren().add(op);
            }
            Label caption = new Label(term.caption());
            caption.getStyleClass().add("arithmetic-caption");
            caption.setMinWidth(Label.USE_PREF_SIZE);
            VBox box = new VBox(2, caption, draw(term, look));
            box.getStyleClass().add("arithmetic-term");
            pane.getChildren().add(box);
        }
    }

    /** The captions shown, in order (for tests). */
    List<String> captions() {
        return pane.getChildren().stream().filter(n -> n instanceof VBox)
                .map(n -> ((Label) ((VBox) n).getChildren().getFirst()).getText()).toList();
    }

    private static Canvas draw(BpttStepArithmetic.Term term, ChartAppearance look) {
        double scale = look.fontScale();
        double w = CELL_WIDTH * scale, h = CELL_HEIGHT * scale;
        Canvas canvas = new Canvas(term.columns() * w + 1, term.rows() * h + 1);
        GraphicsContext g = canvas.getGraphicsContext2D();
        float[] values = new float[term.values().length];
        for (int i = 0; i < values.length; i++) values[i] = (float) term.values()[i];
        ColorScale colors = ColorScale.symmetric(values);
        g.setFont(Font.font("Monospaced", 10.5 * scale));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int r = 0; r < term.rows(); r++) {
            for (int c = 0; c < term.columns(); c++) {
                boolean blank = term.diagonal() && r != c;
                int argb = blank ? look.plotBackground().getRGB()
                        : look.signedMap().argbAt(colors.fraction(term.values()[r * term.columns() + c]));
                g.setFill(fx(argb));
                g.fillRect(c * w, r * h, w, h);
                g.setStroke(fx(look.gridLines().getRGB()));
                g.strokeRect(c * w + 0.5, r * h + 0.5, w, h);
                if (blank) continue;
                int luma = (299 * ((argb >> 16) & 0xFF) + 587 * ((argb >> 8) & 0xFF) + 114 * (argb & 0xFF)) / 1000;
                g.setFill(luma < 110 ? Color.WHITE : Color.BLACK);
                g.fillText(term.cellText(r, c), c * w + w / 2, r * h + h / 2);
            }
        }
        Tooltip tip = new Tooltip();
        canvas.setOnMouseMoved(e -> {
            int r = Math.min(term.rows() - 1, (int) (e.getY() / h)), c = Math.min(term.columns() - 1, (int) (e.getX() / w));
            tip.setText(term.describeCell(r, c));
        });
        Tooltip.install(canvas, tip);
        return canvas;
    }

    private static Color fx(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }
}

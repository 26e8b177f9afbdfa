package org.rnnexplorer.ui.model;

import org.rnnexplorer.ui.chart.ChartAppearance;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;

/** Draws a {@link DiagramLayout.Diagram} with Java2D: on screen through an image, and for PNG/SVG export. */
final class DiagramPainter {

    private DiagramPainter() {
    }

    static void paint(Graphics2D g, DiagramLayout.Diagram diagram, ChartAppearance look) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(look.background());
        g.fillRect(0, 0, (int) Math.ceil(diagram.width()), (int) Math.ceil(diagram.height()));
        Color fg = look.foreground();
        Color forward = look.series(0), reverse = look.series(1);
        Color neutral = mix(fg, look.background(), 0.45);

        for (DiagramLayout.Arrow a : diagram.arrows()) {
            Color c = switch (a.flow()) {
                case RECURRENT, RECURRENT_SKIP, STATE -> a.direction() == 1 ? reverse : forward;
                default -> neutral;
            };
            boolean dashed = a.flow() == DiagramLayout.Flow.RECURRENT_SKIP;
            float width = a.flow() == DiagramLayout.Flow.RECURRENT || dashed ? 2f : 1.4f;
            g.setColor(c);
            g.setStroke(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 4f}, 0f)
                    : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            double[] p = a.points();
            Path2D path = new Path2D.Double();
            path.moveTo(p[0], p[1]);
            for (int i = 2; i < p.length; i += 2) path.lineTo(p[i], p[i + 1]);
            g.draw(path);
            arrowHead(g, p[p.length - 4], p[p.length - 3], p[p.length - 2], p[p.length - 1]);
            if (dashed) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(look.font(14))));
                double mx = (p[0] + p[2]) / 2;
                String dots = "…";
                g.setColor(look.background());
                int w = g.getFontMetrics().stringWidth(dots);
                g.fillRect((int) (mx - w / 2.0 - 2), (int) (p[1] - 8), w + 4, 12);
                g.setColor(c);
                g.drawString(dots, (float) (mx - w / 2.0), (float) (p[1] + 4));
            }
        }

        Font labelFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(look.font(13)));
        Font detailFont = new Font(Font.MONOSPACED, Font.PLAIN, Math.round(look.font(10.5f)));
        for (DiagramLayout.Box b : diagram.boxes()) {
            if (b.kind() == DiagramLayout.Kind.JUNCTION) {
                Ellipse2D circle = new Ellipse2D.Double(b.x(), b.y(), b.w(), b.h());
                g.setColor(look.background());
                g.fill(circle);
                g.setColor(neutral);
                g.setStroke(new BasicStroke(1.4f));
                g.draw(circle);
                g.setFont(detailFont);
                centered(g, b.label(), b.centerX(), b.centerY() + 4);
                continue;
            }
            Color edge = switch (b.kind()) {
                case CELL, STATE_IN, STATE_OUT -> b.direction() == 1 ? reverse : forward;
                default -> neutral;
            };
            Color fill = mix(edge, look.background(), b.kind() == DiagramLayout.Kind.CELL ? 0.16 : 0.07);
            RoundRectangle2D r = new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), 10, 10);
            g.setColor(fill);
            g.fill(r);
            g.setColor(edge);
            g.setStroke(new BasicStroke(b.kind() == DiagramLayout.Kind.CELL ? 1.6f : 1.2f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    b.kind() == DiagramLayout.Kind.STATE_OUT ? new float[] {4f, 3f} : null, 0f));
            g.draw(r);
            g.setColor(fg);
            g.setFont(labelFont);
            centered(g, b.label(), b.centerX(), b.y() + b.h() * 0.46);
            g.setFont(detailFont);
            g.setColor(mix(fg, look.background(), 0.75));
            centered(g, b.detail(), b.centerX(), b.y() + b.h() * 0.46 + g.getFontMetrics().getAscent() + 2);
        }

        for (DiagramLayout.Text t : diagram.texts()) {
            g.setColor(t.caption() ? fg : mix(fg, look.background(), 0.75));
            g.setFont(t.caption() ? new Font(Font.SANS_SERIF, Font.BOLD, Math.round(look.font(12)))
                    : new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(look.font(12))));
            g.drawString(t.text(), (float) t.x(), (float) t.y());
        }
    }

    private static void arrowHead(Graphics2D g, double x0, double y0, double x1, double y1) {
        double angle = Math.atan2(y1 - y0, x1 - x0), len = 8, spread = Math.toRadians(24);
        Path2D head = new Path2D.Double();
        head.moveTo(x1, y1);
        head.lineTo(x1 - len * Math.cos(angle - spread), y1 - len * Math.sin(angle - spread));
        head.lineTo(x1 - len * Math.cos(angle + spread), y1 - len * Math.sin(angle + spread));
        head.closePath();
        g.fill(head);
    }

    private static void centered(Graphics2D g, String text, double cx, double baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) baseline);
    }

    /** a·w + b·(1 − w), per channel. */
    static Color mix(Color a, Color b, double w) {
        return new Color((int) Math.round(a.getRed() * w + b.getRed() * (1 - w)),
                (int) Math.round(a.getGreen() * w + b.getGreen() * (1 - w)),
                (int) Math.round(a.getBlue() * w + b.getBlue() * (1 - w)));
    }
}

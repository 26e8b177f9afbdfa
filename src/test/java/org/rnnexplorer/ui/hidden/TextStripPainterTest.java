package org.rnnexplorer.ui.hidden;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.ui.chart.ChartAppearance;
import org.rnnexplorer.ui.chart.ChartExport;
import org.rnnexplorer.ui.chart.ColorMap;
import org.rnnexplorer.ui.chart.ColorScale;
import org.rnnexplorer.ui.chart.Java2DExport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text strip as Export chart… writes it: every character's cell in the colour of its value on the strip's
 * scale (computed here from the colour map, not through the strip), every line inside the image, the cursor's cell
 * outlined, and the SVG holding the caption and the characters as text.
 */
class TextStripPainterTest {

    @TempDir
    Path dir;

    private static final String TEXT = "Call me \"Ishmael\".\nSome years ago, never mind how long precisely.\n";

    /** h[2] along the text: a ramp over [−1, 1] with one step that has no value. */
    private static TextStrip strip(ChartAppearance look) {
        int[] read = TEXT.codePoints().toArray();
        int[] next = Arrays.copyOfRange(TEXT.codePoints().toArray(), 1, read.length + 1);
        next[next.length - 1] = 'C';
        float[] values = new float[read.length], p = new float[read.length];
        for (int t = 0; t < read.length; t++) {
            values[t] = -1 + 2f * t / (read.length - 1);
            p[t] = 0.5f;
        }
        values[5] = Float.NaN;
        return new TextStrip("Sequence b = 0 as read; each character's background is h[2] at that step", read, next,
                values, new ColorScale(-1, 1), true, p, "h[2]");
    }

    @Test
    void everyCellOfThePngIsItsValuesColourAndTheCursorsCellIsOutlined() throws Exception {
        for (ChartAppearance look : new ChartAppearance[] {ChartAppearance.DEFAULT,
            new ChartAppearance(true, 1.5, ColorMap.COOL_WARM)}) {
            TextStrip s = strip(look);
            TextStripPainter.Content c = new TextStripPainter.Content("Text coloured by h[2]", s, look, 9);
            int width = 400, height = TextStripPainter.heightAt(c, width);
            Path file = dir.resolve("strip.png");
            ChartExport.write(file, ChartExport.Format.PNG, (g, vector) -> TextStripPainter.paint(g, width, height, c),
                    width, height);
            BufferedImage image = ImageIO.read(file.toFile());
            int k = Java2DExport.PNG_SCALE;
            assertEquals(width * k, image.getWidth());
            assertEquals(height * k, image.getHeight());
            for (int t = 0; t < s.steps(); t++) {
                int[] cell = TextStripPainter.cellBounds(c, width, t);
                assertTrue(cell[1] + cell[3] <= height, "t = " + t + " lies inside the image");
                float v = s.values()[t];
                int expected = Float.isNaN(v) ? look.plotBackground().getRGB()
                        : look.signedMap().argbAt((v + 1) / 2);
                int drawn = image.getRGB((cell[0] + 3) * k, (cell[1] + 3) * k);
                assertClose(expected, drawn, "t = " + t + " (" + v + ")");
            }
            // The ramp wraps: the newline after the first sentence starts the second line.
            int newline = TEXT.indexOf('\n');
            assertEquals(TextStripPainter.cellBounds(c, width, 0)[1] + TextStripPainter.cellBounds(c, width, 0)[3],
                    TextStripPainter.cellBounds(c, width, newline + 1)[1]);
            int[] marked = TextStripPainter.cellBounds(c, width, 9);
            int edge = image.getRGB((marked[0] + 1) * k, (marked[1] + 4) * k);
            assertClose(look.foreground().getRGB(), edge, "the cursor's outline");
            assertNotEquals(edge & 0xFFFFFF, look.signedMap().argbAt((s.values()[9] + 1) / 2) & 0xFFFFFF);
        }
    }

    @Test
    void aLongTextKeepsEveryLineInsideTheDrawing() {
        String text = ("It is a way I have of driving off the spleen, and regulating the circulation.\n").repeat(52)
                .substring(0, TextStrip.MAX_CHARACTERS);
        int[] read = text.codePoints().toArray();
        float[] values = new float[read.length];
        TextStrip s = new TextStrip("long", read, read, values, TextStrip.PROBABILITY_SCALE, false, values, "p(next)");
        TextStripPainter.Content c = new TextStripPainter.Content("Text coloured by p(next)", s, ChartAppearance.DEFAULT, -1);
        for (int width : new int[] {560, 1200}) {
            int height = TextStripPainter.heightAt(c, width);
            int[] last = TextStripPainter.cellBounds(c, width, read.length - 1);
            assertTrue(last[1] + last[3] <= height && height - (last[1] + last[3]) <= 20, width + ": " + height);
            assertTrue(last[0] + last[2] <= width, "inside the width");
        }
    }

    @Test
    void theSvgHoldsTheCaptionAndEveryCharacterAsText() throws Exception {
        TextStrip s = strip(ChartAppearance.DEFAULT);
        TextStripPainter.Content c = new TextStripPainter.Content("Text coloured by h[2]", s, ChartAppearance.DEFAULT, -1);
        int width = 700, height = TextStripPainter.heightAt(c, width);
        Path file = dir.resolve("strip.svg");
        ChartExport.write(file, ChartExport.Format.SVG, (g, vector) -> TextStripPainter.paint(g, width, height, c),
                width, height);
        String svg = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(svg.contains("Text coloured by h[2]"));
        assertTrue(svg.contains("each character's background is h[2] at that step") || svg.contains("each character&apos;s"),
                "the caption");
        for (String glyph : new String[] {"␣", "↵", "I", "&quot;", "."}) {
            assertTrue(svg.contains(">" + glyph + "<"), glyph);
        }
    }

    private static void assertClose(int expected, int drawn, String what) {
        for (int shift : new int[] {16, 8, 0}) {
            int a = (expected >> shift) & 0xFF, b = (drawn >> shift) & 0xFF;
            assertTrue(Math.abs(a - b) <= 2, String.format("%s: expected %06x, drawn %06x", what,
                    expected & 0xFFFFFF, drawn & 0xFFFFFF));
        }
    }
}

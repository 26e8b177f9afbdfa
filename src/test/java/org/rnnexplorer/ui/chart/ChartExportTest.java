package org.rnnexplorer.ui.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heatmap drawings written as PNG and SVG, read back with independent parsers (ImageIO, the JDK's XML parser). */
class ChartExportTest {

    @TempDir
    Path dir;

    static ExportableChart.ChartDrawing heatmap(int rows, int columns) {
        float[] v = new float[rows * columns];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i * 0.37);
        HeatmapPainter.Content c = new HeatmapPainter.Content("W_hh", "unit i", "unit j", new HeatmapData(rows, columns, v),
                ColorScale.symmetric(v), ColorMap.COOL_WARM, ChartAppearance.DEFAULT, true, true, 0);
        return (g, vector) -> HeatmapPainter.paint(g, 400, 300, c, vector);
    }

    @Test
    void pngIsAValidImageAtTwiceTheSizeWithManyColours() throws Exception {
        Path file = dir.resolve("heatmap.png");
        ChartExport.write(file, ChartExport.Format.PNG, heatmap(8, 12), 400, 300);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        assertTrue(colours.size() > 20, "a heatmap has many colours, got " + colours.size());
    }

    @Test
    void smallHeatmapSvgHasOneRectanglePerCellAndLargeOneEmbedsAnImage() throws Exception {
        Path small = dir.resolve("small.svg");
        ChartExport.write(small, ChartExport.Format.SVG, heatmap(4, 5), 400, 300);
        Document doc = parser().parse(small.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName() == null ? doc.getDocumentElement().getNodeName()
                : doc.getDocumentElement().getLocalName());
        int cells = doc.getElementsByTagName("rect").getLength() + doc.getElementsByTagName("path").getLength();
        assertTrue(cells >= 20, "20 cells as shapes, found " + cells);

        Path large = dir.resolve("large.svg");
        ChartExport.write(large, ChartExport.Format.SVG, heatmap(100, 100), 400, 300);
        Document big = parser().parse(large.toFile());
        assertEquals(1, big.getElementsByTagName("image").getLength(), "10,000 cells go in as one embedded image");
    }

    @Test
    void exportLabelsCellIndicesOnBothAxes() throws Exception {
        Path file = dir.resolve("ticks.svg");
        ChartExport.write(file, ChartExport.Format.SVG, heatmap(30, 200), 400, 300);
        Document doc = parser().parse(file.toFile());
        java.util.List<Integer> numbers = new java.util.ArrayList<>();
        var texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            String t = texts.item(i).getTextContent().trim();
            if (t.matches("\\d+")) numbers.add(Integer.parseInt(t));
        }
        // Rows 0..29 and columns 0..199 on a 400 x 300 export: both axes start at 0, neither labels every cell,
        // and no label names an index beyond the data.
        assertTrue(numbers.stream().filter(n -> n == 0).count() >= 2, "0 on both axes: " + numbers);
        assertTrue(numbers.contains(20) || numbers.contains(25), "a column label at a round index: " + numbers);
        assertTrue(numbers.stream().allMatch(n -> n < 200), numbers.toString());
        assertTrue(numbers.size() < 30 + 200, "labels are thinned out: " + numbers.size());
        assertTrue(numbers.size() >= 6, "several labels: " + numbers);
    }

    /** The JDK's XML parser, not fetching the SVG DTD (no network in tests). */
    static javax.xml.parsers.DocumentBuilder parser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder();
    }

    @Test
    void fileNamesComeFromChartNames() {
        assertEquals("weight_hh_l0-20-20.png", ChartExport.fileName("weight_hh_l0  (20 × 20)", ChartExport.Format.PNG));
        assertEquals("Eigenvalues-of-W_hh-layer-0-forward.svg",
                ChartExport.fileName("Eigenvalues of W_hh (layer 0, forward)", ChartExport.Format.SVG));
        assertEquals(ChartExport.Format.SVG, ChartExport.Format.forFile(Path.of("a.SVG")));
        assertEquals(ChartExport.Format.PNG, ChartExport.Format.forFile(Path.of("a")));
    }

    @Test
    void exportReplacesAnExistingFileWhole() throws Exception {
        Path file = dir.resolve("chart.png");
        Files.writeString(file, "old");
        ChartExport.write(file, ChartExport.Format.PNG, heatmap(2, 2), 200, 100);
        assertEquals(400, ImageIO.read(file.toFile()).getWidth());
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }
}

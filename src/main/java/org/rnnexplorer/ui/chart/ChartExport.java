package org.rnnexplorer.ui.chart;

import org.rnnexplorer.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a captured chart drawing as PNG or SVG, atomically. Any thread. */
public final class ChartExport {

    public enum Format {
        PNG("png"), SVG("svg");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /** The format a file name asks for by its extension, PNG when it names none. */
        public static Format forFile(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".svg") ? SVG : PNG;
        }
    }

    private ChartExport() {
    }

    public static void write(Path file, Format format, ExportableChart.ChartDrawing drawing, int width, int height)
            throws IOException {
        AtomicFiles.write(file, out -> {
            if (format == Format.SVG) {
                Java2DExport.writeSvg(out, width, height, g -> drawing.draw(g, true));
            } else {
                Java2DExport.writePng(out, width, height, g -> drawing.draw(g, false));
            }
        });
    }

    /** A file name from a chart's name: letters, digits, '_', '-' and '.' kept, runs of others become '-'. */
    public static String fileName(String chartName, Format format) {
        String base = chartName.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "chart" : base) + "." + format.extension();
    }
}

package org.rnnexplorer.ui;

import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bundled sample-data/ folder: found through the system property {@value #PROPERTY} (set by the launcher and
 * the installers to the copy next to the app), else {@code ./sample-data} relative to the working directory.
 */
public final class SampleData {

    public static final String PROPERTY = "rnnx.samples";

    private SampleData() {
    }

    /** Where the samples are (may not exist). */
    public static Path directory() {
        String p = System.getProperty(PROPERTY);
        return (p == null || p.isBlank() ? Path.of("sample-data") : Path.of(p)).toAbsolutePath().normalize();
    }

    /** The sample files in a directory, by name; its README and hidden files left out; empty when it is absent. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Each column shifted and scaled to mean 0 and standard deviation 1 (population), so that columns of very
     * different scales (births in thousands, day of week 1–7) train together; a constant column becomes 0.
     *
     * @param values (L, F)
     * @return (L, F) row-major
     */
    public static float[] standardise(Tensor values) {
        int l = values.dim(0), f = values.dim(1);
        float[] in = values.data(), out = new float[in.length];
        for (int c = 0; c < f; c++) {
            double mean = 0;
            for (int r = 0; r < l; r++) mean += in[r * f + c];
            mean /= l;
            double var = 0;
            for (int r = 0; r < l; r++) var += (in[r * f + c] - mean) * (in[r * f + c] - mean);
            double sd = Math.sqrt(var / l);
            for (int r = 0; r < l; r++) out[r * f + c] = sd == 0 ? 0f : (float) ((in[r * f + c] - mean) / sd);
        }
        return out;
    }
}

package org.rnnexplorer.ui;

import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.SampleDirectory;

import org.rnnexplorer.ui.state.PaneRequests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the window reads from the bundled sample-data/ folder, found by {@link SampleDirectory}: the text task's
 * corpus, the sample files listed in File ▸ Open sample.
 */
public final class SampleData {

    private SampleData() {
    }

    /** The text task's corpus will not be read past this size by default (the bundled one is 52 KB). */
    private static final long MAX_DEFAULT_CORPUS_BYTES = 16L << 20;

    /**
     * The bundled corpus ({@value SampleDirectory#TEXT_SAMPLE} in {@link SampleDirectory#path()}), named "moby-dick-ch1-3.txt (bundled
     * sample)"; empty when it is absent, unreadable, too large or not UTF-8.
     */
    public static Optional<PaneRequests.Corpus> bundledCorpus() {
        Path file = SampleDirectory.path().resolve(SampleDirectory.TEXT_SAMPLE);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_DEFAULT_CORPUS_BYTES) return Optional.empty();
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return text.isEmpty() ? Optional.empty() : Optional.of(new PaneRequests.Corpus(text, SampleDirectory.TEXT_SAMPLE + " (bundled sample)"));
        } catch (IOException e) { // CharacterCodingException included
            return Optional.empty();
        }
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

package org.rnnexplorer.ui.presets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorded run: read, refused when malformed, and described by numbers read off it. */
class RecordedRunTest {

    /** The recording the "IRNN against tanh" preset shows. */
    static final Path LE_2015 = Path.of("sample-data/recorded/le2015-adding-t100.json");

    @TempDir
    Path dir;

    @Test
    void itsSentencesAreComputedFromItsPoints() throws IOException {
        // Run A falls from 0.2 to 0.01 over 20 windows of 10 iterations (under 1/12 from its 6th point on); B stays.
        StringBuilder a = new StringBuilder(), b = new StringBuilder(), it = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String sep = i == 0 ? "" : ",";
            it.append(sep).append((i + 1) * 10);
            a.append(sep).append(i < 5 ? 0.2 : 0.01);
            b.append(sep).append(0.17);
        }
        Path f = dir.resolve("r.json");
        Files.writeString(f, "{\"title\":\"T\",\"setting\":\"S\",\"window\":10,\"chance\":0.16666666666666666,\"runs\":["
                + "{\"name\":\"A\",\"command\":\"c\",\"iteration\":[" + it + "],\"loss\":[" + a + "]},"
                + "{\"name\":\"B\",\"command\":\"c\",\"iteration\":[" + it + "],\"loss\":[" + b + "]}]}");
        RecordedRun r = RecordedRun.read(f);
        String s = r.summary();
        assertTrue(s.contains("A: first under half the chance level by iteration 60; mean loss over the last tenth 0.0100 (0.06 × chance)."), s);
        assertTrue(s.contains("B: never under half the chance level in 200 iterations; mean loss over the last tenth 0.1700 (1.02 × chance)."), s);
        assertEquals(2, r.points().size());
        assertEquals(200.0, r.points().get(0)[0][19]);
    }

    @Test
    void aMalformedRecordingIsRefusedInOneLineNamingTheFile() throws IOException {
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "{\"runs\": [");
        IOException e = assertThrows(IOException.class, () -> RecordedRun.read(notJson));
        assertTrue(e.getMessage().startsWith(notJson + ": not a recorded run"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());

        Path uneven = dir.resolve("uneven.json");
        Files.writeString(uneven, "{\"title\":\"T\",\"setting\":\"S\",\"window\":10,\"chance\":0.2,\"runs\":["
                + "{\"name\":\"A\",\"command\":\"c\",\"iteration\":[1,2],\"loss\":[0.1]}]}");
        e = assertThrows(IOException.class, () -> RecordedRun.read(uneven));
        assertTrue(e.getMessage().contains("A: iteration and loss must hold the same number"), e.getMessage());

        e = assertThrows(IOException.class, () -> RecordedRun.read(dir.resolve("absent.json")));
        assertTrue(e.getMessage().endsWith("absent.json: no such recorded run"), e.getMessage());
    }

    /**
     * The shipped recording is Le et al.'s contrast: the IRNN leaves the chance level, the tanh RNN does not — the
     * two facts the preset's explanation and the README state about it, checked here against the file's numbers.
     */
    @Test
    void theShippedRecordingShowsTheIrnnLearningAndTanhStayingAtChance() throws IOException {
        RecordedRun r = RecordedRun.read(LE_2015);
        assertEquals(2, r.runs().size());
        RecordedRun.Run irnn = r.runs().get(0), tanh = r.runs().get(1);
        assertTrue(irnn.name().startsWith("IRNN") && tanh.name().startsWith("tanh"));
        assertTrue(irnn.iteration()[irnn.iteration().length - 1] >= 100_000);
        assertTrue(RecordedRun.lastTenthMean(irnn) < 0.5 * r.chance(), "IRNN " + RecordedRun.lastTenthMean(irnn));
        assertTrue(Math.abs(RecordedRun.lastTenthMean(tanh) / r.chance() - 1) < 0.1, "tanh " + RecordedRun.lastTenthMean(tanh));
        assertEquals(-1, r.firstUnderHalfChance(tanh));
        assertTrue(r.summary().contains(String.format(Locale.ROOT, "%.4f", RecordedRun.lastTenthMean(irnn))));
    }
}

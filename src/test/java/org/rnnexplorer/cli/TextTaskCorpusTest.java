package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.io.SampleDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnx train --task text} without {@code --text} trains on the bundled corpus wherever it is started: the
 * installed rnnx names the image's sample-data/ in {@value SampleDirectory#PROPERTY}, and a user runs it from their
 * own folder (it looked for ./sample-data there and refused the run).
 */
class TextTaskCorpusTest {

    @TempDir
    Path userFolder;

    @Test
    void theBundledCorpusIsFoundThroughTheSamplesPropertyFromAnyFolder(@TempDir Path image) throws Exception {
        // An "image" whose corpus holds two letters only: a sample of the trained model can hold nothing else.
        Path samples = Files.createDirectory(image.resolve("sample-data"));
        Files.writeString(samples.resolve(SampleDirectory.TEXT_SAMPLE), "abba baab ".repeat(200));
        ChildCli r = ChildCli.run(userFolder, List.of("-Xmx512m", "-D" + SampleDirectory.PROPERTY + "=" + samples),
                "train", "--task", "text", "--seq-len", "8", "--hidden-size", "8", "--steps", "3", "--backend",
                "scalar", "--sample", "200", "--seed", "1", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        String sampled = r.out().substring(r.out().indexOf('\n') + 1).strip(); // after the step line
        assertEquals(200, sampled.codePointCount(0, sampled.length()), r.out());
        assertTrue(sampled.chars().allMatch(c -> c == 'a' || c == 'b' || c == ' '), sampled);
    }

    @Test
    void withoutTheBundleTheRefusalNamesWhereItLookedAndTheWayOut() throws Exception {
        ChildCli r = ChildCli.run(userFolder, "512m", "train", "--task", "text", "--steps", "1", "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        Path looked = userFolder.toRealPath().resolve("sample-data").resolve(SampleDirectory.TEXT_SAMPLE);
        assertEquals("rnnx: " + looked + ": no such file (give the corpus with --text)", r.errLine());
    }
}

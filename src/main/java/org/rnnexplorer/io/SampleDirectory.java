package org.rnnexplorer.io;

import java.nio.file.Path;

/**
 * Where the bundled sample-data/ folder is, for both front ends: the system property {@value #PROPERTY} (the
 * installed {@code rnnx} and window set it to the copy inside the app image), else {@code ./sample-data} relative to
 * the working directory (a checkout). The installed {@code rnnx train --task text} run from a user's own folder
 * looked for the corpus in that folder before it read this property.
 */
public final class SampleDirectory {

    public static final String PROPERTY = "rnnx.samples";

    /** The bundled corpus of the text task. */
    public static final String TEXT_SAMPLE = "moby-dick-ch1-3.txt";

    private SampleDirectory() {
    }

    /** Where the samples are (may not exist), absolute. */
    public static Path path() {
        String p = System.getProperty(PROPERTY);
        return (p == null || p.isBlank() ? Path.of("sample-data") : Path.of(p)).toAbsolutePath().normalize();
    }
}

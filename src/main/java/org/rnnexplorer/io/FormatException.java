package org.rnnexplorer.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file that cannot be read as the expected format; the message names the file and what is wrong, and
 * {@link #file()} and {@link #problem()} carry them apart, so a caller can name the file its own way without reading
 * the message.
 */
public class FormatException extends IOException {
    private final transient Path file;
    private final String problem;

    public FormatException(Path file, String problem) {
        this(file, problem, file + ": " + problem);
    }

    /** A problem with a source that is not one file (a flag, {@code FILE.npz:KEY}); the message names it. */
    public FormatException(String message) {
        this(null, message, message);
    }

    private FormatException(Path file, String problem, String message) {
        super(message);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault, when the problem is about one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** What is wrong, without the file's name. */
    public String problem() {
        return problem;
    }

    /**
     * The same problem, its message naming the file by its name alone (as the window's banner names a file the user
     * picked or dropped); {@link #file()} keeps the full path.
     */
    public FormatException namingFileByName() {
        if (file == null || file.getFileName() == null) return this;
        return new FormatException(file, problem, file.getFileName() + ": " + problem);
    }
}

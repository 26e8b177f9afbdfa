package org.rnnexplorer.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be read as the expected format; the message names the file and what is wrong. */
public class FormatException extends IOException {

    public FormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public FormatException(String message) {
        super(message);
    }
}

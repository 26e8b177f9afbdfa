package org.rnnexplorer.io;

import java.nio.file.Path;

/**
 * A file that cannot be read as the expected format; the message names the file and what is wrong, on one line:
 * line breaks and other control characters that a file's own text brings into it are escaped (a line break as
 * {@code \n}), so no input can make a refusal span lines (ParserFuzzTest found npy headers that did).
 */
public class FormatException extends java.io.IOException {

    public FormatException(Path file, String problem) {
        this(file + ": " + problem);
    }

    public FormatException(String message) {
        super(oneLine(message));
    }

    static String oneLine(String s) {
        if (s == null) return null;
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.toString();
    }
}

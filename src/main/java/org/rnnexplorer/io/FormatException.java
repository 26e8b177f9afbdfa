package org.rnnexplorer.io;

import org.rnnexplorer.engine.ShortList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A file that cannot be read as the expected format; the message names the file and what is wrong, and
 * {@link #file()} and {@link #problem()} carry them apart, so a caller can name the file its own way without reading
 * the message. Always one line: line breaks and other control characters that a file's own text brings into it are
 * escaped (a line break as {@code \n}), so no input can make a refusal span lines (ParserFuzzTest found npy headers
 * that did).
 */
public class FormatException extends IOException {
    private final transient Path file;
    private final String problem;

    public FormatException(Path file, String problem) {
        this(file, oneLine(problem), file + ": " + problem);
    }

    /** A problem with a source that is not one file (a flag, {@code FILE.npz:KEY}); the message names it. */
    public FormatException(String message) {
        this(null, oneLine(message), message);
    }

    private FormatException(Path file, String problem, String message) {
        super(oneLine(message));
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

    /** Names listed in a refusal before the rest are counted: an archive or checkpoint may hold hundreds of thousands. */
    static final int NAMES_LISTED = 20;

    /** {@code a, b, c} or, past {@link #NAMES_LISTED}, the first ones and {@code ... (123,456 in all)}. */
    public static String names(Collection<String> names) {
        return ShortList.of(names, NAMES_LISTED, Function.identity());
    }

    static String oneLine(String s) {
        if (s == null) return null;
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 2 * MAX_MESSAGE_CHARS));
        s.codePoints().forEach(c -> {
            if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return bounded(sb.toString());
    }

    /** The longest message kept whole; past it, its start and its end are kept. */
    public static final int MAX_MESSAGE_CHARS = 2000;
    private static final int KEPT_TAIL_CHARS = 400;

    /**
     * {@code message}, or, when longer than {@link #MAX_MESSAGE_CHARS}, its start and end with the count of what was
     * left out between them. A file can put any amount of text into a refusal (a dtype of 15 million characters, a
     * header row of 150,000 numbers): echoed whole, it made a line of megabytes in the terminal and a label the window
     * could not lay out. The start names the file and the problem; the end often holds what was expected.
     */
    public static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) return message;
        int head = MAX_MESSAGE_CHARS - KEPT_TAIL_CHARS;
        int tailStart = message.length() - KEPT_TAIL_CHARS;
        // Never cut a surrogate pair in two.
        if (Character.isHighSurrogate(message.charAt(head - 1))) head--;
        if (Character.isLowSurrogate(message.charAt(tailStart))) tailStart++;
        return message.substring(0, head) + String.format(Locale.ROOT, " ... (%,d characters left out) ... ",
                tailStart - head) + message.substring(tailStart);
    }
}

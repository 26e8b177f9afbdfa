package org.rnnexplorer.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * Lines of a text file, as {@link java.io.BufferedReader#readLine()} splits them ({@code \n}, {@code \r\n} or a lone
 * {@code \r}), but each at most {@code maxChars} long: a file of one enormous line (a 400 MB CSV without line breaks)
 * is refused when the line passes the bound, instead of being gathered into one string the heap cannot hold.
 */
final class BoundedLines implements AutoCloseable {

    private final Reader in;
    private final Path file;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;

    BoundedLines(Reader in, Path file, int maxChars) {
        this.in = in;
        this.file = file;
        this.maxChars = maxChars;
    }

    /**
     * The next line without its terminator, or null at the end of the file.
     *
     * @throws FormatException naming the file and the line when a line is longer than the bound
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit && !fill()) {
                if (line == null) return null;
                lineNumber++;
                return line.toString();
            }
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') position++;
            int length = position - start + (line == null ? 0 : line.length());
            if (length > maxChars) {
                throw new FormatException(file, "line " + (lineNumber + 1) + " is longer than " + maxChars
                        + " characters; expected one time step per line");
            }
            if (line == null) line = new StringBuilder(Math.min(length + 16, maxChars));
            line.append(buffer, start, position - start);
            if (position < limit) {
                char end = buffer[position++];
                if (end == '\r' && (position < limit || fill()) && buffer[position] == '\n') position++;
                lineNumber++;
                return line.toString();
            }
        }
    }

    /** Reads more characters into the empty buffer; false at the end of the file. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

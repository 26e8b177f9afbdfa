package org.rnnexplorer.io;

import org.rnnexplorer.engine.MemoryBudget;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Comma-separated time series, UTF-8: one header row of column names, then one row of numbers per time step.
 * Tolerates {@code \r\n} line ends, a byte-order mark, whitespace around cells, double-quoted cells (with {@code ""}
 * for a quote inside) and blank lines at the end. Numbers are decimal, optionally with an exponent, or
 * nan / inf / infinity with any case and sign (as Python's float() reads them).
 */
public final class Csv {

    /** The longest line read: thousands of columns; a longer one is a file without line breaks, not a time step. */
    static final int MAX_LINE_CHARS = 1_000_000;

    /**
     * A decimal number as Float.parseFloat reads it. Possessive quantifiers: with backtracking ones, a cell of 80,000
     * digits and a letter took 39 s to refuse (each way of splitting the digits between \\d+ and \\d* was tried).
     */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?+(?:\\d++\\.?+\\d*+|\\.\\d++)(?:[eE][+-]?+\\d++)?+");

    private Csv() {
    }

    /** Reads {@code file} as a header plus L rows of F numbers: values are (L, F) float32. */
    public static CsvSeries read(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * Reads {@code file} as L rows of F numbers, after a header row of column names when {@code hasHeader} (a first
     * row of numbers is then refused with {@link NoHeaderException}), else with columns named c0, c1, ...
     * Streams the file line by line: memory is the values (4 bytes each) and one line of at most
     * {@link #MAX_LINE_CHARS}, checked against the heap's budget as the values grow.
     */
    public static CsvSeries read(Path file, boolean hasHeader) throws IOException {
        TextFiles.requireRegularFile(file);
        try (BoundedLines reader = new BoundedLines(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()), file, MAX_LINE_CHARS)) {
            return read(file, reader, hasHeader);
        } catch (CharacterCodingException e) {
            throw new FormatException(file, "is not UTF-8 text");
        }
    }

    private static CsvSeries read(Path file, BoundedLines reader, boolean hasHeader) throws IOException {
        String first = reader.readLine();
        if (first != null && first.startsWith("\uFEFF")) first = first.substring(1);
        if (first != null) first = stripCr(first);
        if (first == null || first.isBlank() && blankToEnd(reader)) {
            throw new FormatException(file, "file is empty; expected " + (hasHeader ? "a header row of column names"
                    : "rows of numbers"));
        }
        List<String> columns;
        int lineNumber = 1;
        String pending = null; // the first data line when there is no header
        if (hasHeader) {
            columns = header(file, first);
            if (allNumbers(columns)) {
                throw new NoHeaderException(file, "line 1 holds numbers (" + String.join(",", columns)
                        + "), not column names: the file has no header row");
            }
        } else {
            int width = cells(file, first, 1).size();
            columns = new ArrayList<>();
            for (int c = 0; c < width; c++) columns.add("c" + c);
            pending = first;
            lineNumber = 0;
        }
        int width = columns.size();
        float[] values = new float[Math.max(16, width * 64)];
        int count = 0;
        int rows = 0;
        while (true) {
            String line = pending != null ? pending : reader.readLine();
            pending = null;
            if (line == null) break;
            line = stripCr(line);
            lineNumber++;
            if (line.isBlank()) {
                if (blankToEnd(reader)) break;
                throw new FormatException(file, "line " + lineNumber
                        + " is blank (blank lines are allowed only at the end)");
            }
            List<String> cells = cells(file, line, lineNumber);
            if (cells.size() != width) {
                throw new FormatException(file, "line " + lineNumber + " has " + cells.size()
                        + " cells but " + (hasHeader ? "the header has " + width + " columns" : "line 1 has " + width));
            }
            if (count + width > values.length) values = grow(file, values, count + width);
            for (int col = 0; col < width; col++) values[count++] = number(file, cells.get(col), lineNumber, columns.get(col));
            rows++;
        }
        if (rows == 0) throw new FormatException(file, "has a header but no data rows");
        return new CsvSeries(columns, new Tensor(new int[] {rows, width}, Arrays.copyOf(values, count)));
    }

    /** A bigger values array: doubled, within what a Java array and the heap can hold (counting the final copy). */
    private static float[] grow(Path file, float[] values, long needed) throws FormatException {
        long size = Math.max(needed, Math.min(2L * values.length, MemoryBudget.MAX_ARRAY_ELEMENTS));
        if (needed > MemoryBudget.MAX_ARRAY_ELEMENTS) {
            throw new FormatException(file, "holds more than " + MemoryBudget.MAX_ARRAY_ELEMENTS
                    + " numbers, more than one array can hold");
        }
        try {
            MemoryBudget.require(4 * (size + needed), file + ": " + needed + "+ numbers", "");
        } catch (MemoryBudget.MemoryLimitException e) {
            throw new FormatException(e.getMessage());
        }
        return Arrays.copyOf(values, (int) size);
    }

    /** Whether the rest of the reader is blank lines (consumes it). */
    private static boolean blankToEnd(BoundedLines reader) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.isBlank()) return false;
        }
        return true;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Whether every cell reads as a number: a first row of data, not names. */
    private static boolean allNumbers(List<String> cells) {
        for (String c : cells) {
            String w = c.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
            if (!DECIMAL.matcher(c).matches() && !w.equals("nan") && !w.equals("inf") && !w.equals("infinity")) return false;
        }
        return true;
    }

    /** A first row of numbers where a header was expected. */
    public static final class NoHeaderException extends FormatException {
        NoHeaderException(Path file, String problem) {
            super(file, problem);
        }
    }

    /**
     * Writes {@code values} (L, F) under a header of {@code columns} (F names), each float in Java's shortest form
     * that reads back to the same float32. Atomic: see {@link AtomicFiles}.
     */
    public static void write(Path file, List<String> columns, Tensor values) throws IOException {
        if (values.rank() != 2 || values.dim(1) != columns.size()) {
            throw new IllegalArgumentException("values " + values.shapeString() + " do not match " + columns.size()
                    + " columns; expected (L, " + columns.size() + ")");
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) sb.append(c > 0 ? "," : "").append(quoteIfNeeded(columns.get(c)));
        sb.append('\n');
        float[] data = values.data();
        int width = columns.size();
        for (int r = 0; r < values.dim(0); r++) {
            for (int c = 0; c < width; c++) sb.append(c > 0 ? "," : "").append(data[r * width + c]);
            sb.append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static List<String> header(Path file, String line) throws FormatException {
        List<String> names = cells(file, line, 1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new FormatException(file, "line 1: header column " + (i + 1) + " has no name; every column needs "
                        + "one (a pandas index column? save with index=False)");
            }
            if (!seen.add(name)) throw new FormatException(file, "line 1: column '" + name + "' appears twice");
        }
        return names;
    }

    /** The cells of one line, unquoted and stripped of surrounding whitespace. */
    private static List<String> cells(Path file, String line, int lineNumber) throws FormatException {
        List<String> cells = new ArrayList<>();
        int pos = 0;
        while (true) {
            while (pos < line.length() && isBlank(line.charAt(pos))) pos++;
            StringBuilder cell = new StringBuilder();
            if (pos < line.length() && line.charAt(pos) == '"') {
                pos++;
                while (true) {
                    if (pos >= line.length()) {
                        throw new FormatException(file, "line " + lineNumber + ": a quoted cell has no closing quote");
                    }
                    char c = line.charAt(pos++);
                    if (c != '"') cell.append(c);
                    else if (pos < line.length() && line.charAt(pos) == '"') cell.append(line.charAt(pos++));
                    else break;
                }
                while (pos < line.length() && isBlank(line.charAt(pos))) pos++;
                if (pos < line.length() && line.charAt(pos) != ',') {
                    throw new FormatException(file, "line " + lineNumber + ": text after the closing quote of cell "
                            + (cells.size() + 1));
                }
                cells.add(cell.toString());
            } else {
                int comma = line.indexOf(',', pos);
                int end = comma < 0 ? line.length() : comma;
                cells.add(line.substring(pos, end).strip());
                pos = end;
            }
            if (pos >= line.length()) return cells;
            pos++; // the comma
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static float number(Path file, String cell, int lineNumber, String column) throws FormatException {
        String where = "line " + lineNumber + ", column '" + column + "': ";
        if (cell.isEmpty()) throw new FormatException(file, where + "empty cell; every cell must hold a number");
        String word = cell.toLowerCase(Locale.ROOT);
        String unsigned = word.startsWith("+") || word.startsWith("-") ? word.substring(1) : word;
        if (unsigned.equals("nan")) return Float.NaN;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return word.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(cell).matches()) throw new FormatException(file, where + "'" + cell + "' is not a number");
        float value = Float.parseFloat(cell);
        if (Float.isInfinite(value)) throw new FormatException(file, where + cell + " is beyond the float32 range");
        return value;
    }

    private static String quoteIfNeeded(String name) {
        if (name.isEmpty() || name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException("column name '" + name + "' cannot be written to a CSV header");
        }
        boolean needs = name.contains(",") || name.contains("\"") || !name.equals(name.strip());
        return needs ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }
}

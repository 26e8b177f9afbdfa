package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTest {

    @TempDir
    Path dir;

    @Test
    void readsPythonCsvModuleOutputWithQuotedNamesCrlfAndTrailingBlankLines() throws IOException {
        CsvSeries series = Csv.read(Fixtures.path("series.csv"));
        assertEquals(Fixtures.strings("csv:series", "columns"), series.columns());
        Fixtures.assertShape("csv:series", series.values().shape());
        Fixtures.assertFloat32Bits("csv:series", series.values().data());
        assertEquals(4, series.length());
    }

    @Test
    void readsNumpySavetxtOutputWithNanAndInf() throws IOException {
        CsvSeries series = Csv.read(Fixtures.path("savetxt.csv"));
        assertEquals(List.of("a", "b"), series.columns());
        Fixtures.assertShape("csv:savetxt", series.values().shape());
        Fixtures.assertFloat32Bits("csv:savetxt", series.values().data());
    }

    @Test
    void toleratesWhitespaceBomAndSignedSpecialValues() throws IOException {
        Path file = csv("\uFEFF x , \"y\"\t\n 1 ,\t+2.5e1\n-INF, NaN\n.5,-0\n\n");
        CsvSeries series = Csv.read(file);
        assertEquals(List.of("x", "y"), series.columns());
        assertArrayEquals(new float[] {1, 25, Float.NEGATIVE_INFINITY, Float.NaN, 0.5f, -0f}, series.values().data());
    }

    /** Line ends as Python's csv module and old Mac files write them: \r\n, \r, \n, even mixed, and none at the end. */
    @Test
    void splitsLinesAtCrLfLoneCrAndLf() throws IOException {
        CsvSeries series = Csv.read(csv("a,b\r\n1,2\r3,4\n5,6\r\n7,8"));
        assertEquals(List.of("a", "b"), series.columns());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, series.values().data());
        assertRejected("a\r1\r\r2\n", "line 3 is blank (blank lines are allowed only at the end)");
        assertArrayEquals(new float[] {1, 2}, Csv.read(csv("a\r\n1\r\n2\r")).values().data());
    }

    /** A file without line breaks (a 400 MB CSV of one line) is refused at the bound, not gathered into one string. */
    @Test
    void aLineLongerThanTheBoundIsRefusedNamingIt() throws IOException {
        String wide = "0,".repeat(Csv.MAX_LINE_CHARS / 2) + "0\n";
        assertRejected("v\n1\n" + wide, "line 3 is longer than " + Csv.MAX_LINE_CHARS
                + " characters; expected one time step per line");
        String atTheBound = "x".repeat(Csv.MAX_LINE_CHARS);
        FormatException e = assertThrows(FormatException.class, () -> Csv.read(csv(atTheBound + "\n")));
        assertEquals("has a header but no data rows", e.problem(), "a line of exactly the bound is read");
    }

    @Test
    void roundTripsThroughWrite() throws IOException {
        List<String> columns = List.of("plain", "with, comma", "with \"quote\"", " padded ");
        Tensor values = Tensor.of(new float[] {1.1f, -2e-30f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.MIN_VALUE, -0f, 123456.79f, Float.MAX_VALUE}, 2, 4);
        Path file = dir.resolve("trace.csv");
        Csv.write(file, columns, values);
        CsvSeries back = Csv.read(file);
        assertEquals(columns, back.columns());
        assertEquals(values, back.values());
    }

    @Test
    void writeRefusesValuesThatDoNotMatchTheColumns() {
        assertThrows(IllegalArgumentException.class,
                () -> Csv.write(dir.resolve("x.csv"), List.of("a", "b"), Tensor.zeros(3, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Csv.write(dir.resolve("x.csv"), List.of("a\nb"), Tensor.zeros(3, 1)));
    }

    // --- malformed input: file, line and column in the message

    /**
     * A cell of 150,000 digits and a letter: the number check backtracked over every split of the digits (80,000
     * took 39 s; this would take minutes). Refused at once now, its message bounded.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a speed claim
    void aLongDigitRunBeforeALetterIsRefusedInLinearTime() throws IOException {
        String cell = "1".repeat(150_000) + "x";
        Path file = csv("a\n" + cell + "\n");
        FormatException e = assertThrows(FormatException.class, () -> Csv.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().length() <= FormatException.MAX_MESSAGE_CHARS + 60, "bounded: " + e.getMessage().length());
        assertTrue(e.getMessage().contains("characters left out"), e.getMessage());
        // In the first row the same cell is checked too (is it a header?): not a number, so a column's name.
        assertEquals(2, Csv.read(csv(cell + ",b\n1,2\n")).values().shape()[1]);
        assertArrayEquals(new float[] {1.5e3f, -2f, 0.25f, 7f}, Csv.read(csv("v\n1.5e3\n-2.\n.25\n+7\n")).values().data(),
                "the numbers it reads are unchanged");
    }

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("series.csv");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private void assertRejected(String text, String expectedProblem) throws IOException {
        Path file = csv(text);
        FormatException e = assertThrows(FormatException.class, () -> Csv.read(file));
        assertEquals(file + ": " + expectedProblem, e.getMessage());
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        assertRejected("time,temp\n1,2\n2,3\n3,4\n4,5\n5,6\n6,abc\n", "line 7, column 'temp': 'abc' is not a number");
        assertRejected("a,b\r\n1,0x10\r\n", "line 2, column 'b': '0x10' is not a number");
        assertRejected("a,b\n1,2f\n", "line 2, column 'b': '2f' is not a number");
    }

    @Test
    void emptyCellIsReported() throws IOException {
        assertRejected("a,b\n1,\n", "line 2, column 'b': empty cell; every cell must hold a number");
    }

    @Test
    void valueBeyondFloat32IsReported() throws IOException {
        assertRejected("a\n1e39\n", "line 2, column 'a': 1e39 is beyond the float32 range");
    }

    @Test
    void wrongNumberOfCellsNamesTheLine() throws IOException {
        assertRejected("a,b,c\n1,2,3\n4,5\n", "line 3 has 2 cells but the header has 3 columns");
        assertRejected("a,b\n1,2,3\n", "line 2 has 3 cells but the header has 2 columns");
    }

    @Test
    void emptyFileOrHeaderOnlyIsAnError() throws IOException {
        assertRejected("", "file is empty; expected a header row of column names");
        assertRejected("\n \r\n", "file is empty; expected a header row of column names");
        assertRejected("a,b\n\n", "has a header but no data rows");
    }

    @Test
    void blankLineInsideTheDataIsAnError() throws IOException {
        assertRejected("a\n1\n\n2\n", "line 3 is blank (blank lines are allowed only at the end)");
    }

    @Test
    void headerProblemsAreReported() throws IOException {
        assertRejected(",a,b\n0,1,2\n", "line 1: header column 1 has no name; every column needs one "
                + "(a pandas index column? save with index=False)");
        assertRejected("a,b,a\n1,2,3\n", "line 1: column 'a' appears twice");
        assertRejected("\"a,b\n1\n", "line 1: a quoted cell has no closing quote");
        assertRejected("\"a\"x,b\n1,2\n", "line 1: text after the closing quote of cell 1");
    }

    @Test
    void invalidUtf8IsReported() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'t', (byte) 0xe9, 'm', 'p', '\n', '1', '\n'});
        FormatException e = assertThrows(FormatException.class, () -> Csv.read(file));
        assertEquals(file + ": is not UTF-8 text", e.getMessage());
    }
}

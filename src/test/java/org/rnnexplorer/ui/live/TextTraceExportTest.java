package org.rnnexplorer.ui.live;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.DirectionTrace;
import org.rnnexplorer.service.EngineService;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.service.TextTrace;
import org.rnnexplorer.service.TraceSnapshot;
import org.rnnexplorer.train.OptimizerKind;
import org.rnnexplorer.train.task.CharText;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export traces of a text-task pass: the NPZ holds the characters as NumPy's {@code <U1} arrays (read here byte by
 * byte, as np.load reads them) and the probabilities; the CSV's rows carry each step's characters, quoted so that a
 * quote, a comma and a newline survive, read back with an independent RFC 4180 reader (Jackson's).
 */
class TextTraceExportTest {

    /** Every window of 30 characters holds a quote, a comma and a newline: the characters CSV must quote. */
    static final String CORPUS = "He said \"no,\" then\nleft. ".repeat(20);

    @TempDir
    Path dir;

    private static TraceSnapshot trace;

    @BeforeAll
    static void pass() throws Exception {
        int v = new CharText(CORPUS, 30).vocabularySize();
        RnnConfig c = new RnnConfig(v, 4, 2, Nonlinearity.TANH, true, false, 0, true);
        RunSpec spec = RunSpec.builder(c, TaskSpec.text(CORPUS, 30)).batchSize(2)
                .optimizer(OptimizerKind.SGD, Map.of("lr", 0.1)).seed(3).backend(BackendChoice.SCALAR).build();
        try (EngineService service = new EngineService()) {
            trace = service.configure(spec).get(30, TimeUnit.SECONDS).trace();
        }
        assertNotNull(trace.text(), "a text-task pass carries its text");
    }

    @Test
    void npzHoldsTheCharactersAsNumpyStringArraysAndTheProbabilities() throws Exception {
        Path file = dir.resolve("text.npz");
        TraceExport.write(file, TraceExport.Format.NPZ, trace);
        TextTrace text = trace.text();
        assertArrayEquals(text.read(), characters(file, "text_read"));
        assertArrayEquals(text.next(), characters(file, "text_next"));
        assertTrue(CORPUS.contains(text.readText()), "the characters are a window of the corpus");
        assertArrayEquals(text.nextProbability(), Npz.readArray(file + ":text_p_next").toFloat());
        // The states beside them are still there, for every layer and direction.
        for (DirectionTrace d : trace.directions()) {
            assertArrayEquals(d.hidden(), Npz.readArray(file + ":h." + d.label()).toFloat());
        }
    }

    @Test
    void csvRowsCarryEachStepsCharactersQuotedSoQuotesCommasAndNewlinesSurvive() throws Exception {
        Path file = dir.resolve("text.csv");
        TraceExport.write(file, TraceExport.Format.CSV, trace);
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows;
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(file.toFile())) {
            rows = it.readAll();
        }
        assertEquals(List.of("layer", "direction", "t", "unit", "h", "a", "grad_h", "read", "next", "p_next"),
                List.of(rows.getFirst()));
        TextTrace text = trace.text();
        int steps = trace.steps(), hidden = trace.config().hiddenSize();
        assertEquals(1 + trace.directions().size() * steps * hidden, rows.size());
        StringBuilder read = new StringBuilder();
        int r = 1;
        for (DirectionTrace d : trace.directions()) {
            for (int t = 0; t < steps; t++) {
                for (int u = 0; u < hidden; u++, r++) {
                    String[] row = rows.get(r);
                    assertEquals(10, row.length, "row " + r);
                    assertEquals(t, Integer.parseInt(row[2]));
                    assertEquals(d.hidden()[t * hidden + u], Float.parseFloat(row[4]));
                    assertEquals(Character.toString(text.read()[t]), row[7], "read at t = " + t);
                    assertEquals(Character.toString(text.next()[t]), row[8], "next at t = " + t);
                    assertEquals(text.nextProbability()[t], Float.parseFloat(row[9]));
                    if (r == 1 + t * hidden && d == trace.directions().getFirst()) read.append(row[7]);
                }
            }
        }
        String shown = read.toString();
        assertEquals(text.readText(), shown);
        assertTrue(shown.contains("\"") && shown.contains(",") && shown.contains("\n"),
                "the sequence tests the quoting: " + shown);
    }

    /** A {@code <U1} entry of the archive as np.load reads it: the header's dtype and shape, then UTF-32LE. */
    private static int[] characters(Path file, String name) throws Exception {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(name + ".npy");
            assertNotNull(entry, name);
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                bytes = out.toByteArray();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals((byte) 0x93, b.get(0));
            assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.ISO_8859_1));
            int headerLength = b.getShort(8) & 0xFFFF;
            String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
            assertTrue(header.contains("'descr': '<U1'"), header);
            assertTrue(header.contains("'shape': (" + trace.steps() + ",)"), header);
            assertEquals(0, (10 + headerLength) % 64, "NumPy aligns the data to 64 bytes");
            int[] codePoints = new int[trace.steps()];
            assertEquals(10 + headerLength + 4 * codePoints.length, bytes.length);
            for (int i = 0; i < codePoints.length; i++) codePoints[i] = b.getInt(10 + headerLength + 4 * i);
            return codePoints;
        }
    }
}

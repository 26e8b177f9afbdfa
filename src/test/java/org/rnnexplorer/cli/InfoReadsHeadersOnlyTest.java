package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ParameterName;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.TorchSave;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnx info} reads a weights file's headers only (issue 14): a file whose tensor data is cut off, missing or
 * larger than the heap is described as the intact file is, while reading its values fails.
 */
class InfoReadsHeadersOnlyTest {

    @TempDir
    Path dir;

    private static String info(Path weights) {
        CliRun r = CliRun.of("info", "--weights", weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }

    @Test
    void aSafetensorsFileCutOffInsideItsDataIsDescribedAsTheWholeFile() throws IOException {
        RnnConfig c = RnnConfig.of(CellMode.LSTM, 3, 6).withNumLayers(2).withBidirectional(true);
        RnnParameters p = RnnParameters.zeros(c);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterName n : p.names()) tensors.put("rnn." + n.torchName(), new Tensor(n.shape(c), p.get(n)));
        tensors.put("head.weight", new Tensor(new int[] {2, 12}, new float[24]));
        Path file = dir.resolve("lstm.safetensors");
        Safetensors.write(file, tensors, Map.of("batch_first", "true"), DType.F32);
        String whole = info(file);

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 4L * 24 - 10); // the head and part of the last RNN tensor gone
        }
        assertTrue(assertThrows(FormatException.class, () -> Safetensors.read(file)).getMessage().contains("truncated"));
        assertEquals(whole, info(file));
        assertTrue(whole.contains("module:        LSTM(3, 6, num_layers=2, batch_first=True, bidirectional=True)"), whole);
        assertTrue(whole.lines().anyMatch(l -> l.trim().equals("head.weight                  [2, 12]")), whole);
    }

    /** 3.6 GB of weight_hh_l0 in a sparse file: more than the test heap may hold, described from its 200-byte header. */
    @Test
    void aSafetensorsFileLargerThanTheHeapIsDescribed() throws IOException {
        int h = 30_000;
        String header = "{\"weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[" + h + ",1],\"data_offsets\":[0," + 4L * h + "]},"
                + "\"weight_hh_l0\":{\"dtype\":\"F32\",\"shape\":[" + h + "," + h + "],\"data_offsets\":[" + 4L * h + ","
                + (4L * h + 4L * h * h) + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("huge.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.setLength(8 + json.length + 4L * h + 4L * h * h);
        }
        String out = info(file);
        assertTrue(out.contains("module:        RNN(1, 30000, bias=False)"), out);
        assertTrue(out.contains("parameters:    " + (h + (long) h * h) + " elements"), out);
        assertTrue(out.lines().anyMatch(l -> l.trim().equals("weight_hh_l0                 (30000, 30000)")), out);
    }

    /** A torch.save file without its storages (data/0, data/1, ...): only the pickle says what the tensors are. */
    @Test
    void aTorchSaveFileWithoutItsStoragesIsDescribedAsTheWholeFile() throws IOException {
        Path whole = TorchSaveWeightsTest.FIXTURES.resolve("module_rnn_head.pt");
        Path pickleOnly = dir.resolve("module_rnn_head.pt");
        try (ZipFile in = new ZipFile(whole.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(pickleOnly))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (e.getName().contains("/data/")) continue;
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(e.getSize());
                copy.setCrc(e.getCrc());
                out.putNextEntry(copy);
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
        }
        assertTrue(assertThrows(FormatException.class, () -> TorchSave.read(pickleOnly)).getMessage()
                .contains("has no entry module_rnn_head/data/"));
        assertEquals(info(whole).replace(whole.toString(), pickleOnly.toString()), info(pickleOnly));
    }
    /**
     * A checkpoint holding a whole model beside the RNN: 100,000 other keys. Each used to be looked up through a
     * copy of the whole name → shape map (about 10¹⁰ map insertions: a hang); the listing stops after the first
     * {@value InfoCommand#OTHER_KEYS_SHOWN} and counts the rest.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a speed claim
    void aCheckpointWithAHundredThousandOtherKeysIsListedInShort() throws IOException {
        RnnConfig c = RnnConfig.of(CellMode.RNN_TANH, 3, 4);
        RnnParameters p = RnnParameters.zeros(c);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterName n : p.names()) tensors.put("rnn." + n.torchName(), new Tensor(n.shape(c), p.get(n)));
        int others = 100_000;
        for (int i = 0; i < others; i++) tensors.put("encoder.block" + i + ".scale", new Tensor(new int[] {1}, new float[1]));
        Path file = dir.resolve("checkpoint.safetensors");
        Safetensors.write(file, tensors, Map.of(), DType.F32);

        String out = info(file);
        assertTrue(out.contains("module:        RNN(3, 4)"), out.lines().limit(12).toList().toString());
        List<String> listed = out.lines().dropWhile(l -> !l.startsWith("other keys")).skip(1)
                .takeWhile(l -> l.startsWith("  ")).toList();
        assertEquals(InfoCommand.OTHER_KEYS_SHOWN + 1, listed.size(), listed.toString());
        assertEquals("encoder.block0.scale         [1]", listed.getFirst().trim());
        assertEquals("... and 99,950 more", listed.getLast().trim());
    }
    /** A file's names and metadata are its author's text: printed, they cannot add lines or drive the terminal. */
    @Test
    void namesAndMetadataArePrintedWithoutTheirControlCharacters() throws IOException {
        RnnConfig c = RnnConfig.of(CellMode.RNN_TANH, 3, 4);
        RnnParameters p = RnnParameters.zeros(c);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterName n : p.names()) tensors.put(n.torchName(), new Tensor(n.shape(c), p.get(n)));
        tensors.put("evil\u001b]0;pwned\u0007\u001b[2J\nfake: line", new Tensor(new int[] {1}, new float[1]));
        Path file = dir.resolve("evil.safetensors");
        Safetensors.write(file, tensors, Map.of("description", "line1\nline2\u001b[31mRED"), DType.F32);

        String out = info(file);
        assertTrue(out.chars().noneMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f), "no control characters: " + out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("fake:") || l.startsWith("line2")), out);
        assertTrue(out.contains("evil^[]0;pwned^G^[[2J fake: line"), out);
        assertTrue(out.contains("description=line1 line2^[[31mRED"), out);
    }
}

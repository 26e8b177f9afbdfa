package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
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
}

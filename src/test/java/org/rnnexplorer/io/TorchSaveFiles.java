package org.rnnexplorer.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Crafts torch.save-shaped files for the refusal tests and fuzz seeds: the pickle opcodes
 * {@code torch.save(state_dict)} writes (as the torch-written fixtures show), with sizes, strides and offsets
 * chosen by the test, in a zip laid out as torch lays it out.
 */
final class TorchSaveFiles {

    private TorchSaveFiles() {
    }

    /** A zip of the entries in order, stored, except those named in {@code deflated}. */
    static Path zip(Path file, Map<String, byte[]> entries, String... deflated) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(zipBytes(entries, deflated));
        }
        return file;
    }

    static byte[] zipBytes(Map<String, byte[]> entries, String... deflated) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (List.of(deflated).contains(e.getKey())) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A file NAME.pt holding {@code {"w": tensor}} over storage 0 (FloatStorage, {@code numel} claimed). */
    static Path oneTensor(Path file, long numel, long offset, long[] size, long[] stride, byte[] storage) throws IOException {
        String top = file.getFileName().toString().replaceFirst("\\.pt$", "");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(top + "/data.pkl", pickle("w", "FloatStorage", numel, offset, size, stride));
        entries.put(top + "/data/0", storage);
        entries.put(top + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(file, entries);
    }

    /** {@code {key: _rebuild_tensor_v2(storage 0, offset, size, stride, False, OrderedDict())}}, protocol 2. */
    static byte[] pickle(String key, String storageType, long numel, long offset, long[] size, long[] stride) {
        return pickle(new String[] {key}, storageType, numel, offset, size, stride);
    }

    /** The same view of storage 0 under each key. */
    static byte[] pickle(String[] keys, String storageType, long numel, long offset, long[] size, long[] stride) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2, '}', '('});
        for (String key : keys) view(p, key, storageType, numel, offset, size, stride);
        p.writeBytes(new byte[] {'u', '.'});
        return p.toByteArray();
    }

    /** A file holding the same view of storage 0 under each key. */
    static Path sameView(Path file, String[] keys, long numel, long offset, long[] size, long[] stride, byte[] storage)
            throws IOException {
        String top = file.getFileName().toString().replaceFirst("\\.pt$", "");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(top + "/data.pkl", pickle(keys, "FloatStorage", numel, offset, size, stride));
        entries.put(top + "/data/0", storage);
        entries.put(top + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(file, entries);
    }

    /** A file where each key is {@code value} expanded (stride 0) to its size, all over one one-element storage. */
    static Path expanded(Path file, Map<String, long[]> sizes, float value) throws IOException {
        String top = file.getFileName().toString().replaceFirst("\\.pt$", "");
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2, '}', '('});
        for (var e : sizes.entrySet()) view(p, e.getKey(), "FloatStorage", 1, 0, e.getValue(), new long[e.getValue().length]);
        p.writeBytes(new byte[] {'u', '.'});
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(top + "/data.pkl", p.toByteArray());
        entries.put(top + "/data/0", floats(value));
        entries.put(top + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(file, entries);
    }

    private static void view(ByteArrayOutputStream p, String key, String storageType, long numel, long offset,
                             long[] size, long[] stride) {
        unicode(p, key);
        global(p, "torch._utils", "_rebuild_tensor_v2");
        p.writeBytes(new byte[] {'(', '('});
        unicode(p, "storage");
        global(p, "torch", storageType);
        unicode(p, "0");
        unicode(p, "cpu");
        long1(p, numel);
        p.writeBytes(new byte[] {'t', 'Q'});
        long1(p, offset);
        p.write('(');
        for (long s : size) long1(p, s);
        p.write('t');
        p.write('(');
        for (long s : stride) long1(p, s);
        p.write('t');
        p.write(0x89);
        global(p, "collections", "OrderedDict");
        p.writeBytes(new byte[] {')', 'R', 't', 'R'});
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    private static void unicode(ByteArrayOutputStream p, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
        p.writeBytes(utf8);
    }

    private static void global(ByteArrayOutputStream p, String module, String name) {
        p.write('c');
        p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void long1(ByteArrayOutputStream p, long v) {
        p.write(0x8a);
        p.write(8);
        p.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}

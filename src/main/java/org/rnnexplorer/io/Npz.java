package org.rnnexplorer.io;

import org.rnnexplorer.engine.Tensor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz format: a zip archive (entries stored or deflated) holding one .npy file per array, the array named by
 * the entry name without its {@code .npy} suffix, as {@code np.load} names them.
 */
public final class Npz {

    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    /** Every array in the archive, in archive order, keyed by name without {@code .npy}. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (ZipEntry entry : arrayEntries(file, zip)) {
                arrays.put(key(entry), readEntry(file, zip, entry));
            }
            return arrays;
        }
    }

    /** One array of an archive being written. */
    public sealed interface Entry permits Floats, Characters {
    }

    /** A float32 array, written as {@code <f4} in the tensor's shape. */
    public record Floats(Tensor tensor) implements Entry {
    }

    /**
     * A one-dimensional array of characters, written as NumPy writes {@code np.array(list(text))}: dtype {@code <U1},
     * shape (n), one UTF-32 code point each, so {@code ''.join(a)} gives the text back.
     *
     * @param codePoints (n) the characters
     */
    public record Characters(int[] codePoints) implements Entry {
    }

    /**
     * Writes each tensor as a {@code <f4} .npy entry called {@code name.npy} (deflated), in the map's order, so that
     * {@code np.load(file)[name]} gives it back. Atomic: see {@link AtomicFiles}.
     */
    public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        arrays.forEach((name, tensor) -> entries.put(name, new Floats(tensor)));
        writeEntries(file, entries);
    }

    /** Writes each entry as {@code name.npy} (deflated), in the map's order. Atomic: see {@link AtomicFiles}. */
    public static void writeEntries(Path file, Map<String, ? extends Entry> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, ? extends Entry> array : arrays.entrySet()) {
                    zip.putNextEntry(new ZipEntry(array.getKey() + SUFFIX));
                    switch (array.getValue()) {
                        case Floats(Tensor t) ->
                                Npy.writeTo(zip, "<f4", t.shape(), body -> Elements.writeFloats(body, t.data(), DType.F32));
                        case Characters(int[] c) -> Npy.writeTo(zip, "<U1", new int[] {c.length}, body -> {
                            ByteBuffer bytes = ByteBuffer.allocate(4 * c.length).order(ByteOrder.LITTLE_ENDIAN);
                            for (int codePoint : c) bytes.putInt(codePoint);
                            body.write(bytes.array());
                        });
                    }
                    zip.closeEntry();
                }
            }
        });
    }

    /** The file an array argument ({@code FILE.npy}, {@code FILE.npz} or {@code FILE.npz:KEY}) reads. */
    public static Path fileOf(String spec) {
        int split = spec.toLowerCase(Locale.ROOT).lastIndexOf(".npz:");
        return Path.of(split >= 0 ? spec.substring(0, split + 4) : spec);
    }

    /**
     * The array a command-line argument names: {@code file.npz:key} (one entry of an archive), {@code file.npz}
     * (an archive that holds exactly one array) or any other path, read as .npy.
     */
    public static NpyArray readArray(String spec) throws IOException {
        return readArray(spec, Npy.ShapeCheck.ANY);
    }

    /** {@link #readArray(String)}, with {@code check} applied to the array's header before its data is read. */
    public static NpyArray readArray(String spec, Npy.ShapeCheck check) throws IOException {
        String lower = spec.toLowerCase(Locale.ROOT);
        int split = lower.lastIndexOf(".npz:");
        if (split >= 0) {
            Path file = Path.of(spec.substring(0, split + 4));
            String key = spec.substring(split + 5);
            if (key.isEmpty()) throw new FormatException(file, "no array named after ':' in '" + spec + "'");
            return readOne(file, key, check);
        }
        if (lower.endsWith(".npz")) return readOne(Path.of(spec), null, check);
        return Npy.read(Path.of(spec), check);
    }

    /** The entry called {@code key}; or, with key null, the only entry there is. */
    private static NpyArray readOne(Path file, String key, Npy.ShapeCheck check) throws IOException {
        try (ZipFile zip = open(file)) {
            List<ZipEntry> entries = arrayEntries(file, zip);
            List<String> keys = entries.stream().map(Npz::key).toList();
            if (key == null) {
                if (entries.size() == 1) return readEntry(file, zip, entries.getFirst(), check);
                if (entries.isEmpty()) throw new FormatException(file, "holds no arrays");
                throw new FormatException(file, "holds " + entries.size() + " arrays; name one as "
                        + file.getFileName() + ":KEY, with KEY one of: " + FormatException.names(keys));
            }
            int index = keys.indexOf(key);
            if (index < 0) {
                String held = keys.isEmpty() ? "no arrays" : FormatException.names(keys);
                throw new FormatException(file, "no array '" + key + "'; it holds " + held);
            }
            return readEntry(file, zip, entries.get(index), check);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        TextFiles.requireRegularFile(file);
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException | java.io.EOFException e) {
            // EOFException: ZipFile's answer to a file cut inside its end record (found by ParserFuzzTest).
            throw new FormatException(file, "not a valid .npz (zip) archive: " + e.getMessage());
        }
    }

    /** The names of an archive's arrays, in its order, without reading any of them. */
    public static List<String> keys(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return arrayEntries(file, zip).stream().map(Npz::key).toList();
        }
    }

    /**
     * The archive's entries that are not directories, in central-directory order; two entries of one name are refused
     * ({@code np.load} would silently give only the last of them).
     */
    private static List<ZipEntry> arrayEntries(Path file, ZipFile zip) throws FormatException {
        return ZipEntries.distinct(zip, name -> new FormatException(file, "the archive has two entries named '" + name
                        + "'; np.load would read only the last; save the arrays again with np.savez"))
                .stream().filter(entry -> !entry.isDirectory()).toList();
    }

    private static String key(ZipEntry entry) {
        String name = entry.getName();
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /**
     * Reads one entry, checking its CRC-32 as numpy's zipfile does ({@code Bad CRC-32}). The .npy header's shape
     * bounds how much is decompressed (a zip bomb is refused by what it claims, or stops a little past it), and the
     * entry's uncompressed size, from the central directory, bounds the claim: a header claiming more data than the
     * entry holds is refused before anything is allocated or inflated (a 400 MB entry claiming 1.6 GB took 1.6 GB of
     * heap and 7 s of inflating to be found truncated).
     */
    private static NpyArray readEntry(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        return readEntry(file, zip, entry, Npy.ShapeCheck.ANY);
    }

    private static NpyArray readEntry(Path file, ZipFile zip, ZipEntry entry, Npy.ShapeCheck check) throws IOException {
        String source = file + ":" + key(entry);
        CRC32 crc = new CRC32();
        NpyArray array;
        try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
            array = Npy.read(in, source, entry.getSize(), "zip entry", check);
        } catch (ZipException | EOFException e) {
            // EOFException: the inflater's answer to deflated data that ends early (found by ParserFuzzTest).
            throw new FormatException(source + ": damaged archive entry: " + e.getMessage());
        }
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new FormatException(source + ": Bad CRC-32 for entry " + entry.getName() + " (the archive is damaged)");
        }
        return array;
    }
}

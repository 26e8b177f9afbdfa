package org.rnnexplorer.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnexplorer.engine.MemoryBudget;
import org.rnnexplorer.engine.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian u64 header length N, then N bytes of UTF-8 JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data that follows the
 * header) plus an optional {@code "__metadata__"} map of string to string, then the data: every tensor little-endian,
 * row-major (C order), the tensors together covering the data contiguously.
 *
 * <p>Reading accepts every {@link DType} and returns float32: F16 and BF16 widen exactly, F64 and integers round to
 * the nearest float, BOOL becomes 0 or 1; {@link SafetensorsFile#dtypes()} tells what was stored. Dtypes outside
 * {@link DType} (F8 variants, unsigned wider than a byte, complex) are an error naming the tensor.
 */
public final class Safetensors {

    /** Headers above this are not believed: the length prefix is probably garbage. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private static final String METADATA_KEY = SafetensorsHeader.METADATA_KEY;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Safetensors() {
    }

    /** One tensor's header entry: its offsets are relative to the data that follows the header. */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        String offsets() {
            return "[" + begin + ", " + end + "]";
        }
    }

    /** Reads every tensor; any deviation from the format is a {@link FormatException} naming the file. */
    public static SafetensorsFile read(Path file) throws IOException {
        return read(file, name -> true);
    }

    /**
     * Reads the header, checks the whole layout, then loads only the tensors {@code wanted} accepts: the others'
     * bytes are never read, so a large unused tensor costs nothing. Tensor data is memory-mapped, so loading one
     * takes its float32 size of heap, checked against the heap's budget first.
     */
    public static SafetensorsFile read(Path file, java.util.function.Predicate<String> wanted) throws IOException {
        TextFiles.requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel.size(), (position, length) -> map(channel, position, length), wanted);
        }
    }

    /**
     * Reads a safetensors blob held in memory (one embedded in a workspace file), with the checks of
     * {@link #read(Path)}; {@code source} names it in messages.
     */
    public static SafetensorsFile read(byte[] bytes, Path source) throws FormatException {
        try {
            return read(source, bytes.length, (position, length) -> ByteBuffer.wrap(bytes, (int) position, length).slice(),
                    name -> true);
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FormatException(source, e.getMessage());
        }
    }

    /** Random access to the bytes of a safetensors file or blob. */
    private interface Source {
        ByteBuffer read(long position, int length) throws IOException;
    }

    /**
     * The names, dtypes and shapes of a file's tensors and its metadata, from the header alone: no tensor's bytes are
     * read (what {@code rnnx info} shows). The header is checked as {@link #read(Path)} checks it, but not against the
     * file's length, so a truncated file, or one whose data is too large to load, is still described.
     */
    public static TensorHeaders readHeaders(Path file) throws IOException {
        TextFiles.requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, channel.size(), (position, length) -> map(channel, position, length), false);
            LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
            Map<String, DType> dtypes = new HashMap<>();
            for (Entry e : h.entries) {
                shapes.put(e.name, e.shape);
                dtypes.put(e.name, e.dtype);
            }
            return new TensorHeaders(file, shapes, h.metadata, dtypes);
        }
    }

    /** A parsed header: the tensors in file order (ascending offsets), the metadata, where the data starts. */
    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    /** Parses and checks the header; {@code checkDataSize}: also that the data is exactly as long as it says. */
    private static Header header(Path file, long fileSize, Source source, boolean checkDataSize) throws IOException {
        if (fileSize < 8) {
            throw new FormatException(file, "file is " + fileSize
                    + " bytes, too short for a safetensors file (it starts with an 8-byte header length)");
        }
        ByteBuffer first = source.read(0, 8).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = first.getLong(0);
        // A zip's local header (PK\3\4) or a legacy pickle (\x80\x02) reads as a length of hundreds of gigabytes:
        // say what the file is instead, and how to name it so that it is read as one.
        if (first.get(0) == 'P' && first.get(1) == 'K' && first.get(2) == 3 && first.get(3) == 4) {
            throw new FormatException(file, "a zip archive, as torch.save writes, not a safetensors file; name it .pt"
                    + " or .pth to read it as a torch.save file");
        }
        if ((first.get(0) & 0xff) == 0x80 && first.get(1) == 2) {
            throw new FormatException(file, "a pickle, as torch.save wrote before PyTorch 1.6, not a safetensors file;"
                    + " load it in PyTorch and save it again with torch.save(state_dict, 'model.pt')");
        }
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " is absurd (limit " + MAX_HEADER_BYTES + " bytes); is this a safetensors file?");
        }
        if (headerLength > fileSize - 8) {
            throw new FormatException(file, "truncated: header length says " + headerLength
                    + " bytes of header, file has " + (fileSize - 8) + " after the length");
        }
        try {
            SafetensorsHeader.Parsed parsed = SafetensorsHeader.parse(file, source.read(8, (int) headerLength));
            long dataStart = 8 + headerLength;
            checkLayout(file, parsed.entries(), checkDataSize ? fileSize - dataStart : -1);
            return new Header(parsed.entries(), parsed.metadata(), dataStart);
        } catch (OutOfMemoryError e) {
            // Within the parser's caps, a header of very many small tensors can still outgrow a small heap: say which
            // file, and what to do, rather than the CLI's general out-of-memory line.
            throw new FormatException(file, "its header of " + String.format(java.util.Locale.ROOT, "%,d", headerLength) + " bytes does not"
                    + " fit the heap (at most " + MemoryBudget.format(Runtime.getRuntime().maxMemory())
                    + ", java -Xmx); run with a larger -Xmx");
        }
    }

    private static SafetensorsFile read(Path file, long fileSize, Source source, java.util.function.Predicate<String> wanted)
            throws IOException {
        Header h = header(file, fileSize, source, true);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, DType> dtypes = new HashMap<>();
        for (Entry e : h.entries) {
            if (!wanted.test(e.name)) continue;
            int count = (int) ((e.end - e.begin) / e.dtype.byteSize());
            try {
                MemoryBudget.require(4L * count, file + ": tensor '" + e.name + "' " + Tensor.formatList(e.shape), "");
            } catch (MemoryBudget.MemoryLimitException ex) {
                throw new FormatException(ex.getMessage());
            }
            tensors.put(e.name, new Tensor(e.shape, toFloat(file, e.name, source, h.dataStart + e.begin, e.dtype, count)));
            dtypes.put(e.name, e.dtype);
        }
        return new SafetensorsFile(file, tensors, h.metadata, dtypes);
    }

    /**
     * Writes {@code tensors} in the given order as {@code dtype} (F32, or F64 widening each float exactly), with
     * {@code metadata} as {@code __metadata__} unless it is empty; the header is padded with spaces to a multiple of 8
     * bytes as the reference implementation does. Atomic: see {@link AtomicFiles}.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        AtomicFiles.write(file, writer(tensors, metadata, dtype));
    }

    /** What {@link #write} writes, as a body for {@link OutputPlan#stage}. */
    public static IoWriter writer(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype) {
        byte[] prefix = header(tensors, metadata, dtype);
        return out -> {
            out.write(prefix);
            for (Tensor t : tensors.values()) Elements.writeFloats(out, t.data(), dtype);
        };
    }

    /** The bytes {@link #write} would write, for embedding a safetensors blob in another file. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype) {
        byte[] prefix = header(tensors, metadata, dtype);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        try {
            for (Tensor t : tensors.values()) Elements.writeFloats(out, t.data(), dtype);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The 8-byte length and the space-padded JSON header. */
    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F64) {
            throw new IllegalArgumentException("safetensors writing supports F32 and F64, not " + dtype);
        }
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
            if (t.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be called " + METADATA_KEY);
            }
            long bytes = (long) t.getValue().size() * dtype.byteSize();
            ObjectNode info = header.putObject(t.getKey());
            info.put("dtype", dtype.safetensorsName());
            ArrayNode shape = info.putArray("shape");
            for (int d : t.getValue().shape()) shape.add(d);
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) prefix.put((byte) ' ');
        return prefix.array();
    }

    /**
     * Sorts the entries into file order and checks that they tile the data exactly: no overlap, no gap, nothing
     * past the end, and nothing left over of {@code dataBytes} (unless that is -1: the size is not known yet).
     */
    private static void checkLayout(Path file, List<Entry> entries, long dataBytes) throws FormatException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin < covered) {
                throw new FormatException(file, "tensors '" + previous.name + "' " + previous.offsets() + " and '"
                        + e.name + "' " + e.offsets() + " overlap");
            }
            if (e.begin > covered) {
                throw new FormatException(file, "data bytes [" + covered + ", " + e.begin
                        + "] belong to no tensor (the spec requires tensors to cover the data contiguously)");
            }
            covered = e.end;
            previous = e;
        }
        if (dataBytes < 0) return;
        if (covered > dataBytes) {
            throw new FormatException(file, "truncated: header says " + covered + " bytes of data, file has "
                    + dataBytes);
        }
        if (covered < dataBytes) {
            throw new FormatException(file, "file has " + dataBytes + " bytes of data but the header accounts for only "
                    + covered);
        }
    }

    /** Elements per conversion: a tensor's bytes may exceed 2 GB (F64, I64) while its float32 copy fits. */
    private static final int CHUNK_ELEMENTS = 1 << 26;

    /** {@code count} elements at {@code position}, as float32, read in chunks of at most 512 MB. */
    private static float[] toFloat(Path file, String name, Source source, long position, DType dtype, int count)
            throws IOException {
        if ((long) count * dtype.byteSize() <= Integer.MAX_VALUE - 8) {
            return narrowed(file, name, source.read(position, count * dtype.byteSize()), dtype, count, 0);
        }
        float[] out = new float[count];
        for (int start = 0; start < count; start += CHUNK_ELEMENTS) {
            int n = Math.min(CHUNK_ELEMENTS, count - start);
            ByteBuffer bytes = source.read(position + (long) start * dtype.byteSize(), n * dtype.byteSize());
            System.arraycopy(narrowed(file, name, bytes, dtype, n, start), 0, out, start, n);
        }
        return out;
    }

    /**
     * {@code count} elements as float32, refusing a finite float64 beyond float32's range: it would become ±∞ and
     * every output NaN, from a file that holds finite numbers. {@code first}: the chunk's first element.
     */
    private static float[] narrowed(Path file, String name, ByteBuffer bytes, DType dtype, int count, int first)
            throws FormatException {
        float[] out = Elements.toFloat(bytes, dtype, count);
        int beyond = Elements.firstBeyondFloat32(bytes, dtype, out);
        if (beyond >= 0) {
            throw new FormatException(file, "tensor '" + name + "': " + Elements.beyondFloat32(bytes, beyond, first));
        }
        return out;
    }

    /** Small reads (the length, the header) are copied; tensor data is mapped, off the heap. */
    private static ByteBuffer map(FileChannel channel, long position, int length) throws IOException {
        if (length < 1 << 16) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            return buffer.flip();
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, position, length);
    }

}

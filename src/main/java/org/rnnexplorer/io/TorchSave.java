package org.rnnexplorer.io;

import org.rnnexplorer.engine.MemoryBudget;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads {@code torch.save(model.state_dict(), "m.pt")} files without running any of their code. The layout, as
 * PyTorch 1.6+ writes it (learnt from 1.13's output; see src/test/python/make_torchsave_fixtures.py): a zip of
 * uncompressed entries under one top folder ({@code m/} after the file name in 1.13, {@code archive/} in later
 * versions): {@code m/data.pkl} (a protocol-2 pickle of the state_dict, read by {@link TorchPickle}),
 * {@code m/data/KEY} (each storage's raw little-endian elements), {@code m/version}, and in newer files
 * {@code m/byteorder}.
 *
 * <p>Tensors come back as float32 in C order with their shapes; strides and storage offsets are applied, storages
 * shared by several tensors are read once, and only storages a tensor uses are read. Refused with one line naming
 * the file: the legacy format ({@code _use_new_zipfile_serialization=False} or PyTorch before 1.6), a pickled
 * model, a pickle naming anything outside the allow-list, TorchScript archives, compressed or missing entries, and
 * entries whose size differs from what their tensors need.
 */
public final class TorchSave {

    /** A state_dict's pickle holds names and shapes only; 64 MB is thousands of times a large model's. */
    static final int MAX_PICKLE_BYTES = 64 << 20;
    /** Java arrays: a storage is read into one byte array. */
    static final long MAX_STORAGE_BYTES = Integer.MAX_VALUE - 8;

    private TorchSave() {
    }

    /**
     * Every tensor of the state_dict, in the file's order, as float32; no metadata (a state_dict has none).
     *
     * @throws FormatException naming the file and what was found, for anything but a plain state_dict of tensors
     */
    public static SafetensorsFile read(Path file) throws IOException {
        return read(file, name -> true);
    }

    /**
     * The tensors {@code wanted} accepts, as {@link #read(Path)}: every tensor's shape is checked from the pickle, but
     * only the wanted ones are priced and read, so a large unused tensor (an expanded {@code fc.weight}) costs nothing.
     */
    public static SafetensorsFile read(Path file, Predicate<String> wanted) throws IOException {
        return open(file, zip -> read(file, zip, wanted));
    }

    /**
     * Each tensor's shape and dtype from the pickle alone: no storage entry is read (what {@code rnnx info} shows),
     * so a file whose storages are too large to load, or do not match their tensors, is still described.
     *
     * @throws FormatException naming the file, as {@link #read(Path)} for the zip and the pickle
     */
    public static TensorHeaders readHeaders(Path file) throws IOException {
        return open(file, zip -> {
            LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
            Map<String, DType> dtypes = new HashMap<>();
            for (var e : stateDict(file, zip, topFolder(file, zip)).entrySet()) {
                shapes.put(e.getKey(), shape(file, e.getKey(), e.getValue()));
                dtypes.put(e.getKey(), e.getValue().storage().dtype());
            }
            return new TensorHeaders(file, shapes, Map.of(), dtypes);
        });
    }

    /** Reads what it needs from the open zip. */
    private interface ZipReader<T> {
        T read(ZipFile zip) throws IOException;
    }

    /** Checks that {@code file} is a zip (not the legacy format) and hands it, open, to {@code reader}. */
    private static <T> T open(Path file, ZipReader<T> reader) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FormatException(file, Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "not a regular file" : "no such file");
        }
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(9);
        }
        if (looksLikeSafetensors(magic)) {
            throw new FormatException(file, "a safetensors file, not a torch.save zip; name it .safetensors to read it"
                    + " as one");
        }
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x80 && magic[1] == 2) {
            throw new FormatException(file, "saved by PyTorch before 1.6 or with _use_new_zipfile_serialization=False;"
                    + " load it in PyTorch and save it again with torch.save(state_dict, f)");
        }
        if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
            throw new FormatException(file, "not a torch.save file (it does not start with a zip header)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return reader.read(zip);
        } catch (MemoryBudget.MemoryLimitException | MemoryBudget.ArraySizeException tooLarge) {
            throw tooLarge; // a readable file too large for the heap, not a broken one
        } catch (ZipException | java.io.EOFException | IllegalArgumentException e) {
            // EOFException: a file cut inside the zip's end record; IllegalArgumentException: an entry name that is
            // not UTF-8. Both are how ZipFile says the zip is broken (found by ParserFuzzTest).
            throw new FormatException(file, "not a torch.save file: broken zip (" + e.getMessage() + ")");
        }
    }

    /** An 8-byte little-endian header length within safetensors' limit, then the JSON header's '{'. */
    private static boolean looksLikeSafetensors(byte[] start) {
        if (start.length < 9 || start[8] != '{') return false;
        long length = ByteBuffer.wrap(start, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return length >= 2 && length <= Safetensors.MAX_HEADER_BYTES;
    }

    private static SafetensorsFile read(Path file, ZipFile zip, Predicate<String> wanted) throws IOException {
        String top = topFolder(file, zip);
        Map<TorchPickle.Storage, float[]> decoded = new HashMap<>();
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, DType> dtypes = new HashMap<>();
        LinkedHashMap<String, TorchPickle.TensorView> views = new LinkedHashMap<>();
        for (var e : stateDict(file, zip, top).entrySet()) {
            shape(file, e.getKey(), e.getValue()); // a size no Java array holds is named, not cast
            if (wanted.test(e.getKey())) views.put(e.getKey(), e.getValue());
        }
        requireHeap(file, views);
        for (var e : views.entrySet()) {
            TorchPickle.Storage s = e.getValue().storage();
            float[] elements = decoded.get(s);
            if (elements == null) {
                ByteBuffer bytes = ByteBuffer.wrap(storage(file, zip, top, s));
                elements = Elements.toFloat(bytes, s.dtype(), (int) s.numel());
                int beyond = Elements.firstBeyondFloat32(bytes, s.dtype(), elements);
                if (beyond >= 0) {
                    // A finite float64 that float32 cannot hold would load as ±∞ and make every output NaN.
                    throw new FormatException(file, "tensor '" + e.getKey() + "': its float64 storage's "
                            + Elements.beyondFloat32(bytes, beyond, 0));
                }
                decoded.put(s, elements);
            }
            tensors.put(e.getKey(), gather(e.getValue(), elements));
            dtypes.put(e.getKey(), s.dtype());
        }
        return new SafetensorsFile(file, tensors, Map.of(), dtypes);
    }

    /**
     * Refuses, before any storage is read, tensors the heap cannot hold as float32: a view may be far larger than
     * its storage (a stride-0 expand of one number to 2·10^9), so the views' sizes count, not the file's.
     */
    private static void requireHeap(Path file, Map<String, TorchPickle.TensorView> views) {
        long bytes = 0;
        Set<TorchPickle.Storage> storages = new HashSet<>();
        String largest = null;
        long largestElements = -1;
        for (var e : views.entrySet()) {
            long n = 1;
            for (long d : e.getValue().size()) n = Math.multiplyExact(n, d); // TorchPickle bounded each count
            bytes = saturatingAdd(bytes, 4 * n);
            // A storage too large to read is refused when it is read, by name.
            long storage = e.getValue().storage().numel();
            if (storages.add(e.getValue().storage()) && storage <= MAX_STORAGE_BYTES) bytes = saturatingAdd(bytes, 4 * storage);
            if (n > largestElements) {
                largestElements = n;
                largest = e.getKey();
            }
        }
        if (largest == null) return;
        MemoryBudget.require(bytes, file + ": its tensors as float32 (the largest, '" + largest + "', "
                + shapeOf(views.get(largest).size()) + ")", "");
    }

    /** {@code (2000000000,)}, {@code (4, 3)}: PyTorch's way of writing a shape. */
    private static String shapeOf(long[] size) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < size.length; d++) sb.append(d == 0 ? "" : ", ").append(size[d]);
        return sb.append(size.length == 1 ? ",)" : ")").toString();
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** The state_dict's tensors by name, in the file's order, as the pickle describes them (no storage is read). */
    private static LinkedHashMap<String, TorchPickle.TensorView> stateDict(Path file, ZipFile zip, String top)
            throws IOException {
        ZipEntry byteorder = zip.getEntry(top + "byteorder");
        if (byteorder != null) {
            String order = new String(entryBytes(file, zip, byteorder, 16), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new FormatException(file, "byteorder is '" + order + "'; only little-endian files are read");
            }
        }
        ZipEntry pickle = zip.getEntry(top + "data.pkl");
        Object root;
        String source = file + ": " + pickle.getName();
        try {
            root = TorchPickle.load(source, entryBytes(file, zip, pickle, MAX_PICKLE_BYTES));
        } catch (FormatException e) {
            // Keep the file apart from the problem, so the window's banner can name the file by its name alone.
            String m = e.getMessage();
            throw m.startsWith(file + ": ") ? new FormatException(file, m.substring(file.toString().length() + 2)) : e;
        }
        if (!(root instanceof TorchPickle.Dict(LinkedHashMap<Object, Object> rootEntries))) {
            throw new FormatException(file, "holds " + TorchPickle.describe(root) + ", not a state_dict (a dict of tensors)");
        }
        LinkedHashMap<Object, Object> entries = checkpointsStateDict(file, rootEntries);
        LinkedHashMap<String, TorchPickle.TensorView> views = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : entries.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new FormatException(file, "a state_dict key is " + TorchPickle.describe(e.getKey()) + ", not a name");
            }
            if (!(e.getValue() instanceof TorchPickle.TensorView view)) {
                throw new FormatException(file, "'" + name + "' is " + TorchPickle.describe(e.getValue())
                        + ", not a tensor; this file is not a state_dict (save model.state_dict() on its own)");
            }
            views.put(name, view);
        }
        return views;
    }

    /**
     * The dict to read as the state_dict: {@code entries} itself, or, for a training checkpoint
     * ({@code torch.save({'epoch': 3, 'model_state_dict': model.state_dict(), 'optimizer_state_dict': ...})}, the
     * way PyTorch's tutorials save one), the one dict of tensors in it that holds an RNN's weights (a key ending in
     * {@code weight_ih_l0}). Several such dicts (a model and its moving average) are refused by name: which one is
     * meant is the user's to say.
     */
    private static LinkedHashMap<Object, Object> checkpointsStateDict(Path file, LinkedHashMap<Object, Object> entries)
            throws FormatException {
        if (entries.values().stream().allMatch(v -> v instanceof TorchPickle.TensorView)) return entries;
        List<String> found = new ArrayList<>();
        LinkedHashMap<Object, Object> chosen = null;
        for (Map.Entry<Object, Object> e : entries.entrySet()) {
            if (e.getKey() instanceof String key && e.getValue() instanceof TorchPickle.Dict(LinkedHashMap<Object, Object> inner)
                    && !inner.isEmpty() && inner.values().stream().allMatch(v -> v instanceof TorchPickle.TensorView)
                    && inner.keySet().stream().anyMatch(k -> k instanceof String n && n.endsWith("weight_ih_l0"))) {
                found.add(key);
                chosen = inner;
            }
        }
        if (found.size() > 1) {
            throw new FormatException(file, "a checkpoint holding " + found.size() + " RNN state_dicts ('"
                    + String.join("', '", found) + "'); save the one to open on its own (torch.save(checkpoint['"
                    + found.getFirst() + "'], f))");
        }
        return chosen != null ? chosen : entries;
    }

    /** The one folder holding {@code data.pkl}, with its slash: {@code "m/"}. */
    private static String topFolder(Path file, ZipFile zip) throws FormatException {
        List<String> pickles = new ArrayList<>();
        boolean torchScript = false;
        for (ZipEntry e : ZipEntries.distinct(zip, name -> new FormatException(file, "the zip has two entries named '"
                + name + "'; torch.load would read only one of them; save the state_dict again with torch.save"))) {
            String n = e.getName();
            int slash = n.indexOf('/');
            if (slash > 0 && n.substring(slash + 1).equals("data.pkl")) pickles.add(n.substring(0, slash + 1));
            if (slash > 0 && (n.substring(slash + 1).equals("constants.pkl") || n.substring(slash + 1).startsWith("code/"))) {
                torchScript = true;
            }
        }
        if (torchScript) {
            throw new FormatException(file, "holds a TorchScript model (torch.jit.save), not a state_dict;"
                    + " save model.state_dict() with torch.save");
        }
        if (pickles.size() != 1) {
            throw new FormatException(file, pickles.isEmpty() ? "a zip without data.pkl, not a torch.save file"
                    : "a zip with " + pickles.size() + " data.pkl entries, not a torch.save file");
        }
        return pickles.getFirst();
    }

    /** The storage's bytes: entry {@code data/KEY}, uncompressed, exactly numel × element size long. */
    private static byte[] storage(Path file, ZipFile zip, String top, TorchPickle.Storage s) throws IOException {
        String name = top + "data/" + s.key();
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) throw new FormatException(file, "storage " + s.key() + " has no entry " + name);
        long need;
        try {
            need = Math.multiplyExact(s.numel(), s.dtype().byteSize());
        } catch (ArithmeticException ex) {
            need = Long.MAX_VALUE;
        }
        if (need > MAX_STORAGE_BYTES) {
            throw new FormatException(file, "storage " + s.key() + " of " + s.numel() + " " + s.dtype()
                    + " elements is larger than this program can hold");
        }
        if (entry.getMethod() != ZipEntry.STORED) {
            throw new FormatException(file, "entry " + name + " is compressed; torch.save stores its entries uncompressed");
        }
        if (entry.getSize() != need) {
            throw new FormatException(file, "entry " + name + " holds " + entry.getSize() + " bytes but its tensors need "
                    + need + " (" + s.numel() + " × " + s.dtype() + ")");
        }
        return entryBytes(file, zip, entry, (int) need);
    }

    /** At most {@code limit} bytes of an entry; a longer one is refused before it is read. */
    private static byte[] entryBytes(Path file, ZipFile zip, ZipEntry entry, int limit) throws IOException {
        if (entry.getSize() > limit) {
            throw new FormatException(file, "entry " + entry.getName() + " is " + entry.getSize() + " bytes (limit " + limit + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(limit);
            if (in.read() != -1) {
                throw new FormatException(file, "entry " + entry.getName() + " is longer than " + limit + " bytes");
            }
            if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
                throw new FormatException(file, "entry " + entry.getName() + " is truncated");
            }
            // ZipFile does not check a stored entry's CRC-32: a flipped bit in a weight read as a weight. (torch.load
            // does not check it either; numpy's zipfile, and this tool's .npz and workspace readers, do.)
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                throw new FormatException(file, "Bad CRC-32 for entry " + entry.getName() + " (the archive is damaged)");
            }
            return bytes;
        } catch (ZipException | java.io.EOFException e) {
            throw new FormatException(file, "entry " + entry.getName() + ": " + e.getMessage());
        }
    }

    /** The view's size as a shape (TorchPickle has checked that its element count fits a Java array). */
    private static int[] shape(Path file, String name, TorchPickle.TensorView view) throws FormatException {
        long[] size = view.size();
        int[] shape = new int[size.length];
        for (int d = 0; d < size.length; d++) {
            if (size[d] > Integer.MAX_VALUE - 8) {
                throw new FormatException(file, "'" + name + "' has a dimension of " + size[d] + ", larger than this"
                        + " program can hold");
            }
            shape[d] = (int) size[d];
        }
        return shape;
    }

    /** The view's elements in C order: element (i_0..i_k) is {@code storage[offset + Σ i_j·stride_j]}. */
    static Tensor gather(TorchPickle.TensorView view, float[] storage) {
        long[] size = view.size();
        long[] stride = view.stride();
        int rank = size.length;
        int[] shape = new int[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = (int) size[d];
            numel *= size[d];
        }
        float[] out = new float[(int) numel];
        if (numel == 0) return new Tensor(shape, out);
        if (isContiguous(size, stride)) {
            System.arraycopy(storage, (int) view.offset(), out, 0, out.length);
            return new Tensor(shape, out);
        }
        int[] index = new int[rank];
        long at = view.offset();
        for (int k = 0; k < out.length; k++) {
            out[k] = storage[(int) at];
            // Odometer over the index, last dimension fastest, moving `at` by the strides.
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    at += stride[d];
                    break;
                }
                at -= (size[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
        return new Tensor(shape, out);
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) return false;
            expected *= size[d];
        }
        return true;
    }
}

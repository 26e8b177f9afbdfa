package org.rnnexplorer.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle interpreter that understands exactly what {@code torch.save(model.state_dict(), f)} writes into
 * {@code data.pkl} and executes nothing. It never calls a constructor or function by name: the only GLOBALs it
 * accepts are {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} (and
 * {@code _rebuild_parameter}, for {@code state_dict(keep_vars=True)}) and the {@code torch.*Storage} types, and
 * REDUCE on them builds plain Java values ({@link Dict}, {@link TensorView}). A storage arrives as BINPERSID
 * {@code ('storage', torch.FloatStorage, key, location, numel)}; its bytes are read by {@link TorchSave}.
 *
 * <p>Every resource is bounded: the memo, the stack, MARK nesting, string lengths and tensor ranks, so a hostile
 * pickle costs at most a few times its own size. Any other opcode or GLOBAL is a {@link FormatException}.
 */
final class TorchPickle {

    /** Memo entries; a state_dict of N tensors needs about 10·N. */
    static final int MAX_MEMO = 1 << 20;
    /** Values on the stack at once (MARKed items included). */
    static final int MAX_STACK = 1 << 20;
    /** Nested MARKs; a state_dict nests three deep. */
    static final int MAX_MARK_DEPTH = 64;
    /** Dimensions of one tensor. */
    static final int MAX_RANK = 64;
    /** Characters of a GLOBAL's module or name line. */
    private static final int MAX_GLOBAL_LINE = 256;

    private static final String PICKLED_MODEL = "this file holds a pickled model, not a state_dict; save model.state_dict()";

    /** A Python dict or OrderedDict with string or other keys, in insertion order. */
    record Dict(LinkedHashMap<Object, Object> entries) {
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
    }

    /** A Python list. */
    record PyList(List<Object> items) {
    }

    /** Python's None. */
    enum None { NONE }

    /** A GLOBAL we accept, not yet called. */
    enum Callable { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER }

    /** A {@code torch.XStorage} class named by a GLOBAL. */
    record StorageType(DType dtype, String name) {
    }

    /**
     * A storage named by BINPERSID: the zip entry {@code data/KEY} holds {@code numel} elements of {@code dtype}.
     */
    record Storage(String key, DType dtype, long numel) {
    }

    /**
     * What {@code _rebuild_tensor_v2} describes: element {@code (i_0, ..., i_k)} is storage element
     * {@code offset + Σ i_j·stride_j}.
     *
     * @param size   the shape, each ≥ 0
     * @param stride in elements, each ≥ 0, same length as size
     */
    record TensorView(Storage storage, long offset, long[] size, long[] stride) {
    }

    private static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.F32, "DoubleStorage", DType.F64, "HalfStorage", DType.F16,
            "BFloat16Storage", DType.BF16, "LongStorage", DType.I64, "IntStorage", DType.I32,
            "ShortStorage", DType.I16, "CharStorage", DType.I8, "ByteStorage", DType.U8, "BoolStorage", DType.BOOL);

    private static final Object MARK = new Object();

    private final String source;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, Storage> storages = new HashMap<>();

    private TorchPickle(String source, byte[] pickle) {
        this.source = source;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Interprets {@code pickle} and returns the object STOP leaves: {@link Dict}, {@link Tuple}, {@link PyList},
     * {@link TensorView}, String, Long, Double, Boolean or {@link None}.
     *
     * @param source names the pickle in messages, e.g. {@code m.pt: data.pkl}
     */
    static Object load(String source, byte[] pickle) throws FormatException {
        try {
            return new TorchPickle(source, pickle).run();
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new FormatException(source + ": the pickle ends early (truncated file?)");
        }
    }

    private Object run() throws FormatException {
        while (true) {
            int at = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = in.get() & 0xff;
                    if (protocol < 2 || protocol > 5) throw fail("pickle protocol " + protocol + " (torch.save writes 2)");
                }
                case '.' -> { // STOP
                    Object result = pop();
                    if (!marks.isEmpty() || !stack.isEmpty()) throw fail("the pickle stops with values left over");
                    return result;
                }
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) throw fail("STACK_GLOBAL needs two strings");
                    push(global(m, n));
                }
                case 'q' -> memoize(in.get() & 0xff); // BINPUT
                case 'r' -> memoize(in.getInt() & 0xffffffffL); // LONG_BINPUT
                case 0x94 -> memoize(memo.size()); // MEMOIZE
                case 'h' -> push(recall(in.get() & 0xff)); // BINGET
                case 'j' -> push(recall(in.getInt() & 0xffffffffL)); // LONG_BINGET
                case '(' -> { // MARK
                    if (marks.size() >= MAX_MARK_DEPTH) throw fail("the pickle nests deeper than " + MAX_MARK_DEPTH);
                    marks.add(stack.size());
                }
                case ')' -> push(new Tuple(List.of()));
                case 't' -> push(new Tuple(popToMark()));
                case 0x85 -> push(new Tuple(popN(1)));
                case 0x86 -> push(new Tuple(popN(2)));
                case 0x87 -> push(new Tuple(popN(3)));
                case ']' -> push(new PyList(new ArrayList<>()));
                case 'a' -> { // APPEND
                    Object x = pop();
                    list(peek()).add(x);
                }
                case 'e' -> { // APPENDS
                    List<Object> xs = popToMark();
                    list(peek()).addAll(xs);
                }
                case '}' -> push(new Dict(new LinkedHashMap<>()));
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    put(peek(), key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> kv = popToMark();
                    if (kv.size() % 2 != 0) throw fail("SETITEMS with an odd number of values");
                    Object dict = peek();
                    for (int k = 0; k < kv.size(); k += 2) put(dict, kv.get(k), kv.get(k + 1));
                }
                case 'X' -> push(utf8(length(in.getInt() & 0xffffffffL))); // BINUNICODE
                case 0x8c -> push(utf8(in.get() & 0xff)); // SHORT_BINUNICODE
                case 'J' -> push((long) in.getInt()); // BININT
                case 'K' -> push((long) (in.get() & 0xff)); // BININT1
                case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                case 0x8a -> push(long1(in.get() & 0xff)); // LONG1
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT, big-endian
                case 'N' -> push(None.NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'Q' -> push(persistent(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 'b' -> { // BUILD: only an OrderedDict's attributes (_metadata), which a state_dict carries
                    Object state = pop();
                    if (!(peek() instanceof Dict) || !(state instanceof Dict || state == None.NONE)) {
                        throw fail("BUILD on " + describe(peek()) + " (only a state_dict's _metadata is accepted)");
                    }
                }
                default -> throw fail("unsupported pickle opcode 0x" + Integer.toHexString(op) + " at byte " + at
                        + " (a state_dict needs none)");
            }
        }
    }

    private Object global(String module, String name) throws FormatException {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict" -> { return Callable.ORDERED_DICT; }
            case "torch._utils._rebuild_tensor_v2" -> { return Callable.REBUILD_TENSOR_V2; }
            case "torch._utils._rebuild_parameter" -> { return Callable.REBUILD_PARAMETER; }
            default -> { }
        }
        if (module.equals("torch") && STORAGES.containsKey(name)) return new StorageType(STORAGES.get(name), name);
        if (module.equals("__main__") || module.startsWith("torch.nn.")) throw new FormatException(source + ": " + PICKLED_MODEL);
        throw new FormatException(source + ": refusing to load: the pickle names " + printable(full));
    }

    private Object reduce(Object callable, Object args) throws FormatException {
        if (!(args instanceof Tuple(List<Object> a))) throw fail("REDUCE with " + describe(args) + " as arguments");
        if (callable == Callable.ORDERED_DICT) {
            if (!a.isEmpty()) throw fail("OrderedDict called with arguments");
            return new Dict(new LinkedHashMap<>());
        }
        if (callable == Callable.REBUILD_PARAMETER) {
            if (a.size() != 3 || !(a.getFirst() instanceof TensorView t)) throw fail("_rebuild_parameter needs a tensor");
            return t;
        }
        if (callable == Callable.REBUILD_TENSOR_V2) return tensor(a);
        throw fail("REDUCE calls " + describe(callable) + " (only OrderedDict and _rebuild_tensor_v2 are called)");
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TensorView tensor(List<Object> a) throws FormatException {
        if (a.size() != 6 && a.size() != 7) throw fail("_rebuild_tensor_v2 with " + a.size() + " arguments, expected 6 or 7");
        if (!(a.get(0) instanceof Storage storage)) throw fail("_rebuild_tensor_v2 on " + describe(a.get(0)) + ", not a storage");
        long offset = nonNegative(a.get(1), "storage offset");
        long[] size = longs(a.get(2), "size");
        long[] stride = longs(a.get(3), "stride");
        if (size.length != stride.length) {
            throw fail("a tensor has " + size.length + " sizes but " + stride.length + " strides");
        }
        long numel = 1;
        long last = offset;
        try {
            for (int d = 0; d < size.length; d++) numel = Math.multiplyExact(numel, size[d]);
            if (numel > 0) {
                for (int d = 0; d < size.length; d++) last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
            }
        } catch (ArithmeticException e) {
            throw fail("a tensor's size " + java.util.Arrays.toString(size) + " overflows");
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw fail("a tensor of " + numel + " elements is larger than this program can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        if (numel > 0 && last >= storage.numel()) {
            throw fail("a tensor of size " + java.util.Arrays.toString(size) + ", stride " + java.util.Arrays.toString(stride)
                    + " at offset " + offset + " reaches element " + last + " of storage " + storage.key() + ", which holds "
                    + storage.numel());
        }
        return new TensorView(storage, offset, size, stride);
    }

    /** {@code ('storage', torch.FloatStorage, key, location, numel)}; one key always names the same storage. */
    private Storage persistent(Object pid) throws FormatException {
        if (!(pid instanceof Tuple(List<Object> t)) || t.size() != 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof StorageType type) || !(t.get(2) instanceof String key) || !(t.get(3) instanceof String)) {
            throw fail("a persistent id that is not ('storage', type, key, location, numel): " + describe(pid));
        }
        if (!key.matches("[A-Za-z0-9_]{1,64}")) throw fail("storage key '" + printable(key) + "' is not a plain name");
        long numel = nonNegative(t.get(4), "storage size");
        Storage s = new Storage(key, type.dtype(), numel);
        Storage before = storages.putIfAbsent(key, s);
        if (before != null && !before.equals(s)) {
            throw fail("storage " + key + " is named as " + before.dtype() + "×" + before.numel() + " and as "
                    + s.dtype() + "×" + s.numel());
        }
        return s;
    }

    private long[] longs(Object tuple, String what) throws FormatException {
        if (!(tuple instanceof Tuple(List<Object> items))) throw fail("a tensor's " + what + " is " + describe(tuple) + ", not a tuple");
        if (items.size() > MAX_RANK) throw fail("a tensor of " + items.size() + " dimensions (at most " + MAX_RANK + ")");
        long[] out = new long[items.size()];
        for (int k = 0; k < out.length; k++) out[k] = nonNegative(items.get(k), what);
        return out;
    }

    private long nonNegative(Object x, String what) throws FormatException {
        if (!(x instanceof Long v) || v < 0) throw fail("a tensor's " + what + " is " + describe(x) + ", not a size");
        return v;
    }

    private void put(Object dict, Object key, Object value) throws FormatException {
        if (!(dict instanceof Dict(LinkedHashMap<Object, Object> entries))) throw fail("SETITEM on " + describe(dict));
        if (!(key instanceof String || key instanceof Long || key instanceof Boolean || key == None.NONE)) {
            throw fail("a dict key that is " + describe(key));
        }
        entries.put(key, value);
    }

    private List<Object> list(Object x) throws FormatException {
        if (!(x instanceof PyList(List<Object> items))) throw fail("APPEND to " + describe(x));
        return items;
    }

    private void memoize(long index) throws FormatException {
        if (stack.isEmpty()) throw fail("memo put with an empty stack");
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) throw fail("the pickle memo exceeds " + MAX_MEMO + " entries");
        memo.put(index, stack.getLast());
    }

    private Object recall(long index) throws FormatException {
        Object x = memo.get(index);
        if (x == null) throw fail("memo entry " + index + " is read before it is written");
        return x;
    }

    private void push(Object x) throws FormatException {
        if (stack.size() >= MAX_STACK) throw fail("the pickle's stack exceeds " + MAX_STACK + " values");
        stack.add(x);
    }

    private Object pop() throws FormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw fail("the pickle pops an empty stack");
        return stack.removeLast();
    }

    private Object peek() throws FormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw fail("the pickle reads an empty stack");
        return stack.getLast();
    }

    private List<Object> popN(int n) throws FormatException {
        Object[] items = new Object[n];
        for (int k = n - 1; k >= 0; k--) items[k] = pop();
        return List.of(items);
    }

    private List<Object> popToMark() throws FormatException {
        if (marks.isEmpty()) throw fail("the pickle closes a MARK it never opened");
        int from = marks.removeLast();
        List<Object> tail = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private int length(long n) throws FormatException {
        if (n > in.remaining()) throw fail("a string of " + n + " bytes where " + in.remaining() + " remain");
        return (int) n;
    }

    private String utf8(int n) throws FormatException {
        if (n > in.remaining()) throw fail("a string of " + n + " bytes where " + in.remaining() + " remain");
        ByteBuffer bytes = in.slice(in.position(), n);
        in.position(in.position() + n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw fail("a string that is not UTF-8");
        }
    }

    /** A GLOBAL's newline-terminated module or name, printable ASCII. */
    private String line() throws FormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.get() & 0xff;
            if (c == '\n') return sb.toString();
            if (c < 0x20 || c > 0x7e || sb.length() >= MAX_GLOBAL_LINE) throw fail("a GLOBAL whose name is not a Python name");
            sb.append((char) c);
        }
    }

    /** LONG1: n little-endian two's-complement bytes; a size or offset fits in 8. */
    private long long1(int n) throws FormatException {
        if (n > 8) throw fail("an integer of " + n + " bytes (sizes fit in 8)");
        long v = 0;
        for (int k = 0; k < n; k++) v |= (in.get() & 0xffL) << (8 * k);
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) v |= -1L << (8 * n);
        return v;
    }

    private FormatException fail(String what) {
        return new FormatException(source + ": " + what);
    }

    /** What a value is, in Python's words, for messages. */
    static String describe(Object x) {
        return switch (x) {
            case null -> "nothing";
            case Dict d -> "a dict";
            case Tuple t -> "a tuple of " + t.items().size();
            case PyList l -> "a list";
            case TensorView v -> "a tensor";
            case Storage s -> "a storage";
            case String s -> "the string '" + printable(s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
            case Long v -> "the integer " + v;
            case Double v -> "the float " + v;
            case Boolean b -> b ? "True" : "False";
            case None n -> "None";
            case Callable c -> c.name();
            case StorageType t -> "torch." + t.name();
            default -> x.getClass().getSimpleName();
        };
    }

    /** Control characters escaped, so a hostile name cannot break the one-line message. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", c));
            else sb.appendCodePoint(c);
        });
        return sb.toString();
    }
}

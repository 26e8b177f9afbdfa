package org.rnnexplorer.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file's JSON header, parsed as a stream of tokens into its entries and metadata: no JSON tree is built
 * (a tree costs 15 to 20 times the header's size in heap: a valid 80 MB header, a shape of 40 million zeros or five
 * million metadata keys, ran a 1 GB heap out after 19 to 45 s). What a real file never needs is refused as soon as
 * it is seen: a shape of more than {@link #MAX_RANK} dimensions, a data_offsets of more than {@link #MAX_RANK}
 * values, metadata beyond {@link #MAX_METADATA_ENTRIES} entries or {@link #MAX_METADATA_CHARS} characters.
 */
final class SafetensorsHeader {

    static final String METADATA_KEY = "__metadata__";

    /** The most dimensions a shape may have: numpy 2's NPY_MAXDIMS, more than PyTorch's kernels handle. */
    static final int MAX_RANK = 64;

    /**
     * Bounds on {@code __metadata__}. Real files hold a handful of short strings (safetensors' own {@code format: pt},
     * this app's {@code mode}, {@code nonlinearity}, {@code batch_first}; at most a config of some kilobytes), which
     * these bounds exceed a thousandfold. Without them the 100 MB header limit lets a file put millions of strings in
     * the map, which is then copied (the file's contents, its headers, {@link WeightsMetadata}) and listed by
     * {@code rnnx info}: hundreds of megabytes of heap from one field nobody reads.
     */
    static final int MAX_METADATA_ENTRIES = 100_000;
    /** Keys' and values' characters together: see {@link #MAX_METADATA_ENTRIES}. */
    static final long MAX_METADATA_CHARS = 10_000_000;

    /** How much of an offending value a message quotes (FormatException keeps about 2,000 characters of it anyway). */
    private static final int QUOTED_CHARS = 4_096;

    /** The second pass's parser: a name twice in one object is bad JSON. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** The first pass's: see {@link #parse}. */
    private static final JsonFactory PLAIN = new JsonFactory();

    private SafetensorsHeader() {
    }

    /** The tensors' entries in header order, and the metadata. */
    record Parsed(List<Safetensors.Entry> entries, Map<String, String> metadata) {
    }

    /**
     * Parses and checks the header in {@code bytes} (UTF-8 JSON): each entry on its own (dtype known, shape
     * non-negative, offsets sized for the shape), the metadata strings to strings. Two passes over the tokens, neither
     * keeping more than one token: the first finds bad UTF-8 and bad JSON anywhere (a header cut short is "not valid
     * JSON", whatever its start holds), the second reads the entries.
     *
     * @throws FormatException naming {@code file}
     */
    static Parsed parse(Path file, ByteBuffer bytes) throws FormatException {
        tokens(PLAIN, file, bytes, p -> {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                // Duplicates are found here among the top-level names only (so that a repeated name is bad JSON, as
                // json.loads-and-check would have it, before its entries are judged); the second pass finds them
                // inside the entries and the metadata, which it bounds. Jackson's own detection, here, would keep
                // every metadata key of a hostile header (5 million: 700 MB).
                Set<String> names = new HashSet<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if (!names.add(p.currentName())) {
                        throw new FormatException(file, "header is not valid JSON" + at(p.currentTokenLocation())
                                + ": Duplicate field '" + p.currentName() + "'");
                    }
                    p.nextToken();
                    p.skipChildren();
                }
            } else if (first != null) {
                p.skipChildren(); // the second pass says it is not an object
            }
            if (first != null && p.nextToken() != null) {
                throw new FormatException(file, "header is not valid JSON" + at(p.currentTokenLocation())
                        + ": more follows the header's value");
            }
            return null;
        });
        return tokens(STRICT, file, bytes, p -> {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new FormatException(file, "header is not a JSON object");
            List<Safetensors.Entry> entries = new ArrayList<>();
            Map<String, String> metadata = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(METADATA_KEY)) {
                    readMetadata(file, p, value, metadata);
                } else {
                    entries.add(entry(file, name, p, value));
                }
            }
            return new Parsed(entries, metadata);
        });
    }

    /** What one pass over the header's tokens does. */
    private interface Pass<T> {
        T run(JsonParser p) throws IOException;
    }

    private static <T> T tokens(JsonFactory json, Path file, ByteBuffer bytes, Pass<T> pass) throws FormatException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (JsonParser p = json.createParser(new InputStreamReader(new BufferInput(bytes), utf8))) {
            return pass.run(p);
        } catch (CharacterCodingException e) {
            throw new FormatException(file, "header is not valid UTF-8");
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("");
            throw new FormatException(file, "header is not valid JSON" + at(e.getLocation()) + ": " + why);
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FormatException(file, "header cannot be read: " + e.getMessage()); // a buffer does not fail
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getCharOffset() < 0 ? ""
                : " (at character " + location.getCharOffset() + ")";
    }

    private static void readMetadata(Path file, JsonParser p, JsonToken value, Map<String, String> metadata)
            throws IOException {
        if (value != JsonToken.START_OBJECT) throw new FormatException(file, METADATA_KEY + " is not a JSON object");
        long chars = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw new FormatException(file, METADATA_KEY + " must map strings to strings, but '" + key + "' is "
                        + kind(v));
            }
            String text = p.getText();
            chars += key.length() + text.length();
            if (metadata.size() >= MAX_METADATA_ENTRIES || chars > MAX_METADATA_CHARS) {
                String over = metadata.size() >= MAX_METADATA_ENTRIES
                        ? String.format(Locale.ROOT, "more than %,d entries", MAX_METADATA_ENTRIES)
                        : String.format(Locale.ROOT, "more than %,d characters", MAX_METADATA_CHARS);
                throw new FormatException(file, METADATA_KEY + " holds " + over + String.format(Locale.ROOT, " (limit: %,d entries,"
                        + " %,d characters of keys and values); no weights file needs so much", MAX_METADATA_ENTRIES,
                        MAX_METADATA_CHARS));
            }
            metadata.put(key, text);
        }
    }

    /** The JSON type of the value at {@code token}, as the message names it. */
    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.toString().toLowerCase(Locale.ROOT);
        };
    }

    /** A list of integers as read: the values, or the problem with it (the message quoting the value). */
    private record Integers(long[] values, String problem) {
    }

    /**
     * One tensor's entry, its value at {@code value}: the fields are gathered as they come and then checked in a
     * fixed order (all three present, dtype, shape, offsets), whatever their order in the file.
     */
    private static Safetensors.Entry entry(Path file, String name, JsonParser p, JsonToken value) throws IOException {
        String where = "tensor '" + name + "': ";
        if (value != JsonToken.START_OBJECT) throw new FormatException(file, where + "entry is not a JSON object");
        boolean hasDtype = false;
        String dtypeName = null;
        Integers shapeList = null;
        Integers offsetList = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    hasDtype = true;
                    if (v == JsonToken.VALUE_STRING) dtypeName = p.getText();
                    else p.skipChildren();
                }
                case "shape" -> shapeList = integers(file, where, "shape", p, v);
                case "data_offsets" -> offsetList = integers(file, where, "data_offsets", p, v);
                default -> p.skipChildren();
            }
        }
        if (!hasDtype) throw new FormatException(file, where + "entry has no \"dtype\"");
        if (shapeList == null) throw new FormatException(file, where + "entry has no \"shape\"");
        if (offsetList == null) throw new FormatException(file, where + "entry has no \"data_offsets\"");
        if (dtypeName == null) throw new FormatException(file, where + "\"dtype\" is not a string");
        DType dtype = DType.fromSafetensorsName(dtypeName);
        if (dtype == null) {
            throw new FormatException(file, where + "unsupported dtype '" + dtypeName
                    + "' (readable: " + DType.allNames() + ")");
        }
        if (shapeList.problem != null) throw new FormatException(file, where + shapeList.problem);
        long[] shape = shapeList.values;
        int[] dims = new int[shape.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new FormatException(file, where + "negative dimension in shape " + list(shape));
            if (shape[i] > Integer.MAX_VALUE) {
                throw new FormatException(file, where + "dimension " + shape[i] + " in shape " + list(shape)
                        + " is too large");
            }
            dims[i] = (int) shape[i];
            count = Math.min(count * dims[i], 1L << 31); // saturates above any loadable size; a later 0 still gives 0
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new FormatException(file, where + "shape " + list(shape) + " holds more elements than can be loaded");
        }
        if (offsetList.problem != null) throw new FormatException(file, where + offsetList.problem);
        long[] offsets = offsetList.values;
        if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) {
            throw new FormatException(file, where + "data_offsets " + list(offsets)
                    + " is not a pair [begin, end] with 0 <= begin <= end");
        }
        Safetensors.Entry e = new Safetensors.Entry(name, dtype, dims, offsets[0], offsets[1]);
        long needed = count * dtype.byteSize();
        if (e.end() - e.begin() != needed) {
            throw new FormatException(file, where + "data_offsets " + e.offsets() + " hold " + (e.end() - e.begin())
                    + " bytes but " + dtype + " shape " + list(shape) + " needs " + needed);
        }
        return e;
    }

    /**
     * A JSON list of integers that fit a long, its value at {@code v}; more than {@link #MAX_RANK} of them is refused
     * at once (a shape of 40 million zeros is a valid tensor of no elements, and was 1.6 GB of JSON tree).
     */
    private static Integers integers(Path file, String where, String key, JsonParser p, JsonToken v)
            throws IOException {
        if (v != JsonToken.START_ARRAY) return new Integers(null, mustBe(key, quote(p, new long[0], 0, false)));
        long[] values = new long[MAX_RANK];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            boolean integral = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
            if (!integral) return new Integers(null, mustBe(key, quote(p, values, n, true)));
            if (n == MAX_RANK) {
                throw new FormatException(file, where + "\"" + key + "\" has more than " + MAX_RANK + " values"
                        + (key.equals("shape") ? " (a tensor has at most " + MAX_RANK + " dimensions)"
                        : "; expected a pair [begin, end]"));
            }
            values[n++] = p.getLongValue();
        }
        return new Integers(java.util.Arrays.copyOf(values, n), null);
    }

    private static String mustBe(String key, String got) {
        return "\"" + key + "\" must be a list of integers, got " + got;
    }

    /**
     * The value being read, as compact JSON of at most about {@link #QUOTED_CHARS} characters: the current token's
     * value, or (inArray) the array it is in from its first {@code n} integers, the current element and the rest.
     * Whatever the quote leaves out is still read through, so the parser ends after the value.
     */
    private static String quote(JsonParser p, long[] before, int n, boolean inArray) throws IOException {
        BoundedWriter out = new BoundedWriter(QUOTED_CHARS);
        try (JsonGenerator g = PLAIN.createGenerator(out)) {
            if (inArray) {
                g.writeStartArray();
                for (int i = 0; i < n; i++) g.writeNumber(before[i]);
                g.copyCurrentStructure(p);
                while (p.nextToken() != JsonToken.END_ARRAY) g.copyCurrentStructure(p);
                g.writeEndArray();
            } else {
                g.copyCurrentStructure(p);
            }
        }
        return out.text();
    }

    /** Keeps the first {@code limit} characters written, then "..." for the rest. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int limit;
        private boolean cut;

        BoundedWriter(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            int room = limit - text.length();
            if (length > room) cut = true;
            text.append(chars, offset, Math.max(0, Math.min(length, room)));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String text() {
            return cut ? text + "..." : text.toString();
        }
    }

    /** The bytes of a buffer (mapped from the file, or a blob's), as a stream. */
    private static final class BufferInput extends InputStream {
        private final ByteBuffer buffer;

        BufferInput(ByteBuffer buffer) {
            this.buffer = buffer.duplicate();
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!buffer.hasRemaining()) return -1;
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }

    static String list(long[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? ", " : "").append(values[i]);
        return sb.append(']').toString();
    }
}

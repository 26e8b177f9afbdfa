package org.rnnexplorer.io;

import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionary in a .npy header, a Python literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Parses the literal subset numpy writes
 * (strings, True/False, integers, tuples and lists) and formats headers byte-for-byte as numpy 1.24 does.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    /** numpy aligns the array data to this many bytes from the start of the file. */
    private static final int ALIGN = 64;
    /** numpy leaves room for the first axis to grow to this many digits so headers can be rewritten in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** Parses {@code text}; {@code source} names the file in messages. */
    static NpyHeader parse(String text, String source) throws FormatException {
        Object literal = new Parser(text, source).document();
        if (!(literal instanceof Map<?, ?> dict)) throw malformed(source, "header is not a dict", text);
        if (!dict.keySet().equals(KEYS)) {
            throw malformed(source, "header keys are " + dict.keySet() + ", expected descr, fortran_order, shape",
                    text);
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new FormatException(source + ": structured dtypes (descr " + pythonRepr(descr)
                    + ") are not supported; save a plain numeric array");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw malformed(source, "'fortran_order' is not True or False", text);
        }
        if (!(dict.get("shape") instanceof List<?> dims)) throw malformed(source, "'shape' is not a tuple", text);
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
                throw malformed(source, "'shape' must hold non-negative integers that fit in an int", text);
            }
            shape[i] = (int) (long) dim;
        }
        return new NpyHeader(d, fortran, shape);
    }

    /** The header dictionary with numpy's spaces and trailing newline, so that the data starts 64-byte aligned. */
    String format(int prefixBytes) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': ")
                .append(Tensor.formatTuple(shape)).append(", }");
        if (shape.length > 0) {
            int growthAxis = fortranOrder ? shape.length - 1 : 0;
            sb.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[growthAxis]).length())));
        }
        int unpadded = prefixBytes + sb.length() + 1;
        sb.append(" ".repeat(ALIGN - unpadded % ALIGN)).append('\n');
        return sb.toString();
    }

    private static FormatException malformed(String source, String problem, String header) {
        String shown = header.strip();
        if (shown.length() > 120) shown = shown.substring(0, 117) + "...";
        return new FormatException(source + ": malformed header: " + problem + " in " + shown);
    }

    private static String pythonRepr(Object value) {
        if (value instanceof String s) return "'" + s + "'";
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) parts.add(pythonRepr(o));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(value);
    }

    /** Recursive descent over the literal subset; every value is a String, Boolean, Long, List or Map. */
    private static final class Parser {
        private final String text;
        private final String source;
        private int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Object document() throws FormatException {
            Object value = value();
            skipSpace();
            if (pos != text.length()) throw error("unexpected text after the dict");
            return value;
        }

        private Object value() throws FormatException {
            skipSpace();
            if (pos >= text.length()) throw error("header ends early");
            char c = text.charAt(pos);
            if (c == '{') return dict();
            if (c == '(') return sequence('(', ')');
            if (c == '[') return sequence('[', ']');
            if (c == '\'' || c == '"') return string();
            if (c == '-' || Character.isDigit(c)) return integer();
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected character '" + c + "'");
        }

        private Map<String, Object> dict() throws FormatException {
            Map<String, Object> dict = new LinkedHashMap<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek('}')) return dict;
                Object key = value();
                if (!(key instanceof String name)) throw error("dict key is not a string");
                skipSpace();
                expect(':', "':'");
                if (dict.put(name, value()) != null) throw error("key '" + name + "' appears twice");
                skipSpace();
                if (peek('}')) return dict;
                expect(',', "',' or '}'");
            }
        }

        /** A tuple or list; {@code (3,)} and {@code (3, 4, )} allowed, as Python allows. */
        private List<Object> sequence(char open, char close) throws FormatException {
            List<Object> items = new ArrayList<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek(close)) return items;
                items.add(value());
                skipSpace();
                if (peek(close)) return items;
                expect(',', "',' or '" + close + "'");
            }
        }

        private String string() throws FormatException {
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) throw error("unterminated string");
            String s = text.substring(pos, end);
            if (s.indexOf('\\') >= 0) throw error("escapes in strings are not supported");
            pos = end + 1;
            return s;
        }

        private Long integer() throws FormatException {
            int start = pos;
            if (text.charAt(pos) == '-') pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') pos++; // Python 2 wrote long integers as 3L
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("'" + digits + "' is not an integer that fits in 64 bits");
            }
        }

        private boolean peek(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c, String what) throws FormatException {
            if (peek(c)) return;
            throw error(pos < text.length() ? "expected " + what + " at character " + (pos + 1) : "header ends early");
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private FormatException error(String problem) {
            return malformed(source, problem, text);
        }
    }
}

package org.rnnexplorer.engine;

import java.util.Locale;

/**
 * What the Java heap can still give, checked before a large allocation so that a run too big for the heap is refused
 * in one line instead of ending in an {@link OutOfMemoryError} half-way through building it.
 *
 * <p>The budget is {@value #HEAP_FRACTION} of {@code -Xmx} less what is in use: the rest is headroom for the
 * collector and for the small objects every run makes. When a request does not fit, one full collection runs and the
 * request is checked again, so that garbage (a previous run's buffers) does not refuse a run that would fit.
 * {@code -Drnnx.memoryCheck=off} skips this check (not the array-size check) for a user who knows better.
 */
public final class MemoryBudget {
    /** The largest element count of a Java array on HotSpot (a few header words below Integer.MAX_VALUE). */
    public static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;
    static final double HEAP_FRACTION = 0.8;

    private MemoryBudget() {
    }

    /** Bytes a new allocation may take now: 80% of the heap's maximum less what is in use. */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        long used = r.totalMemory() - r.freeMemory();
        return Math.max(0, (long) (HEAP_FRACTION * r.maxMemory()) - used);
    }

    /**
     * Refuses an allocation of {@code bytes} that the heap cannot give.
     *
     * @param subject  what needs it, e.g. {@code --hidden-size 30000} or {@code x.npy: array (1000, 1000)}
     * @param detail   the estimate's parts, e.g. {@code parameters 7.2 GB, activations 1.1 GB}, or empty
     * @throws MemoryLimitException with the subject, the estimate and the heap in its message
     */
    public static void require(long bytes, String subject, String detail) {
        if (bytes <= available() || "off".equals(System.getProperty("rnnx.memoryCheck"))) return;
        if (bytes <= (long) (HEAP_FRACTION * Runtime.getRuntime().maxMemory())) {
            System.gc(); // what is "in use" may be garbage; a collection tells
            if (bytes <= available()) return;
        }
        throw new MemoryLimitException(subject + " needs about " + format(bytes)
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")") + "; the heap can give "
                + format(available()) + " (" + format(Runtime.getRuntime().maxMemory()) + " maximum, java -Xmx)");
    }

    /**
     * The element count of a shape in exact arithmetic, refused when no Java array can hold it.
     *
     * @param what names the tensor in the message, e.g. {@code weight_hh_l0}
     * @throws ArraySizeException naming the tensor and its shape
     */
    public static int elements(String what, long... shape) {
        long n = 1;
        try {
            for (long d : shape) {
                if (d < 0) throw new IllegalArgumentException(what + ": negative dimension in shape " + tuple(shape));
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException overflow) {
            throw new ArraySizeException(what + " of shape " + tuple(shape) + " would hold more than 2^63 elements; a "
                    + "Java array holds at most " + MAX_ARRAY_ELEMENTS);
        }
        if (n > MAX_ARRAY_ELEMENTS) {
            throw new ArraySizeException(what + " of shape " + tuple(shape) + " would hold " + n + " elements; a Java "
                    + "array holds at most " + MAX_ARRAY_ELEMENTS);
        }
        return (int) n;
    }

    /** {@code 21.6 GB}, {@code 640 MB}, {@code 12 KB}: decimal units, as a user compares with -Xmx. */
    public static String format(long bytes) {
        if (bytes >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        if (bytes >= 1_000_000L) return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        if (bytes >= 1_000L) return String.format(Locale.ROOT, "%.0f KB", bytes / 1e3);
        return bytes + " bytes";
    }

    static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /** A request the heap cannot give; the message says how much, for what, and what the heap has. */
    public static final class MemoryLimitException extends IllegalArgumentException {
        public MemoryLimitException(String message) {
            super(message);
        }
    }

    /** A tensor with more elements than a Java array can hold; the message names it and its shape. */
    public static final class ArraySizeException extends IllegalArgumentException {
        public ArraySizeException(String message) {
            super(message);
        }
    }
}

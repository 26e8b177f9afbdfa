package org.rnnexplorer.engine.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The device buffers of one kernel, by key, reused while shapes repeat; uploads (through page-locked staging when
 * large), downloads, and the record of which caller array each input buffer last came from. Owner thread only.
 *
 * @param <K> what names a buffer (a kernel's slot and layer)
 */
final class DeviceBuffers<K> {
    private static final int F = 4;  // bytes per float
    /** Uploads of at least this many bytes go through page-locked staging ({@code -Drnnx.cuda.pinnedBytes} to tune). */
    private static final long PINNED_THRESHOLD = Long.getLong("rnnx.cuda.pinnedBytes", 1L << 20);

    private final CudaDevice device;
    private final CudaDriver driver;
    private final Map<K, long[]> buffers = new HashMap<>();
    /** Input buffers and the caller's array last uploaded into each (compared by identity). */
    private final Map<K, Object> uploadedFrom = new HashMap<>();
    private boolean assumeUnchanged;
    /** Page-locked staging for large uploads; regions are handed out per call and reused after it synchronises. */
    private MemorySegment staging;
    private long stagingUsed;

    DeviceBuffers(CudaDevice device) {
        this.device = device;
        this.driver = device.driver();
    }

    /** Starts a call: staging regions of the last one are free again (it synchronised before returning). */
    void beginCall() {
        stagingUsed = 0;
    }

    /** The buffer, (re)allocated when it is missing or smaller than {@code floats} floats (at least 16 bytes). */
    long allocate(K key, long floats) {
        long[] b = buffers.get(key);
        long bytes = Math.max(16, floats * F);
        if (b != null && b[1] >= bytes) return b[0];
        if (b != null) driver.free(b[0]);
        buffers.remove(key);
        uploadedFrom.remove(key);
        long ptr = driver.allocate(bytes);
        buffers.put(key, new long[] {ptr, bytes});
        return ptr;
    }

    /** A buffer an earlier step of this pass allocated, as it is. */
    long existing(K key) {
        long[] b = buffers.get(key);
        if (b == null) throw new IllegalStateException("device buffer " + key + " was never allocated");
        return b[0];
    }

    /** See {@code RnnKernel.assumeUnchangedInputs}: forgets which arrays the buffers came from either way. */
    void assumeUnchanged(boolean unchanged) {
        assumeUnchanged = unchanged;
        uploadedFrom.clear();
    }

    /**
     * The named input buffer holding {@code src}: uploaded, unless inputs may be assumed unchanged and this very
     * array was the last one uploaded into it.
     */
    long uploadInput(K key, float[] src, long count) {
        long dst = allocate(key, count);
        if (!unchangedCopy(key, src)) upload(dst, src, count);
        return dst;
    }

    /** Whether buffer {@code key} already holds {@code src}; records it as the buffer's source either way. */
    boolean unchangedCopy(K key, Object src) {
        boolean same = assumeUnchanged && uploadedFrom.get(key) == src;
        uploadedFrom.put(key, src);
        return same;
    }

    /**
     * Copies {@code count} floats to the device. Small arrays go straight from the Java heap (the driver stages
     * them); large ones are first copied into page-locked memory by several threads, which is several times faster
     * than the driver's single-threaded staging, and then transferred asynchronously.
     */
    void upload(long dst, float[] src, long count) {
        if (count == 0) return;
        long bytes = count * F;
        if (bytes < PINNED_THRESHOLD) {
            driver.copyToDevice(dst, MemorySegment.ofArray(src), bytes, device.stream());
            return;
        }
        if (staging == null || staging.byteSize() - stagingUsed < bytes) {
            driver.synchronize(device.stream());  // earlier transfers from the old region must finish first
            long need = Math.max(bytes, staging == null ? 0 : staging.byteSize()) * 2;
            if (staging != null) driver.freeHost(staging);
            staging = null;
            staging = driver.allocateHost(need);
            stagingUsed = 0;
        }
        MemorySegment region = staging.asSlice(stagingUsed, bytes);
        stagingUsed += (bytes + 255) & ~255L;
        MemorySegment heap = MemorySegment.ofArray(src);
        long chunk = 1L << 22;
        int chunks = (int) ((bytes + chunk - 1) / chunk);
        IntStream.range(0, chunks).parallel().forEach(i -> {
            long off = i * chunk;
            MemorySegment.copy(heap, off, region, off, Math.min(chunk, bytes - off));
        });
        driver.copyToDevice(dst, region, bytes, device.stream());
    }

    /** Copies {@code count} floats from the device into {@code dst}, which must hold exactly that many. */
    void download(float[] dst, long src, long count) {
        // Not the seam's contract (checked before a call arrives): this guards the native copy against the kernels' own sizes.
        if (dst.length != count) {
            throw new IllegalArgumentException("destination holds " + dst.length + " elements, expected " + count);
        }
        if (count == 0) return;
        driver.copyToHost(MemorySegment.ofArray(dst), src, count * F);
    }

    /**
     * Columns [offset, offset + width) of every row of a (rows, rowWidth) device buffer into dst (rows, width): one
     * direction's or one gate's block of a buffer that holds them side by side.
     */
    void downloadColumns(long src, long rows, int rowWidth, int offset, int width, float[] dst) {
        if (rows == 0) return;
        if (width == rowWidth) {
            download(dst, src, rows * width);
            return;
        }
        float[] all = new float[Math.toIntExact(rows * rowWidth)];
        download(all, src, all.length);
        for (int r = 0; r < rows; r++) System.arraycopy(all, r * rowWidth + offset, dst, r * width, width);
    }

    /** Frees every buffer and the staging memory; a poisoned context refuses frees, and its memory goes with it. */
    void freeAll() {
        for (long[] b : buffers.values()) {
            try {
                driver.free(b[0]);
            } catch (CudaException ignored) {
                // as above
            }
        }
        buffers.clear();
        if (staging != null) {
            try {
                driver.freeHost(staging);
            } catch (CudaException ignored) {
                // as above
            }
            staging = null;
        }
    }
}

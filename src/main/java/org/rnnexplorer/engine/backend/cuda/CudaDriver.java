package org.rnnexplorer.engine.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API (libcuda.so.1) through java.lang.foreign: one downcall handle per function, every CUresult
 * checked and turned into a {@link CudaException} naming the function and the error (cuGetErrorName).
 *
 * <p>Handles (CUcontext, CUmodule, CUfunction, CUstream, CUevent) and device pointers (CUdeviceptr) travel as
 * {@code long}: on the 64-bit ABIs the driver exists for, a pointer and a 64-bit integer are passed the same way.
 * Out-parameters go through a small scratch segment, so an instance must be used by one thread at a time; the
 * backend confines every call to its owner thread anyway, because the current context is per thread.
 *
 * <p>Symbols are the ones cuda.h maps its public names to (cuMemAlloc is cuMemAlloc_v2, and so on), without the
 * per-thread-default-stream suffixes.
 */
final class CudaDriver {
    static final int CUDA_SUCCESS = 0;
    static final int CUDA_ERROR_NO_DEVICE = 100;

    // CUdevice_attribute values, cuda.h (CUDA 13.0) lines 724-849.
    static final int ATTR_MAX_THREADS_PER_BLOCK = 1;
    static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;
    static final int ATTR_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR = 81;
    static final int ATTR_COOPERATIVE_LAUNCH = 95;
    static final int ATTR_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;
    static final int ATTR_CLUSTER_LAUNCH = 120;

    // CUfunction_attribute values, cuda.h lines 933-1072.
    static final int FUNC_ATTR_MAX_THREADS_PER_BLOCK = 0;
    static final int FUNC_ATTR_NUM_REGS = 4;
    static final int FUNC_ATTR_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
    static final int FUNC_ATTR_NON_PORTABLE_CLUSTER_SIZE_ALLOWED = 14;

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup library;
    private final MemorySegment scratch = Arena.ofAuto().allocate(64, 16);

    private final MethodHandle cuGetErrorName;
    private final MethodHandle cuGetErrorString;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private MethodHandle cuDeviceGetCount;
    private MethodHandle cuDeviceGet;
    private MethodHandle cuDeviceGetName;
    private MethodHandle cuDeviceGetAttribute;
    private MethodHandle cuDevicePrimaryCtxRetain;
    private MethodHandle cuCtxSetCurrent;
    private MethodHandle cuModuleLoadData;
    private MethodHandle cuModuleGetFunction;
    private MethodHandle cuFuncSetAttribute;
    private MethodHandle cuOccupancyMaxActiveBlocksPerMultiprocessor;
    private MethodHandle cuOccupancyMaxActiveClusters;
    private MethodHandle cuLaunchKernel;
    private MethodHandle cuLaunchCooperativeKernel;
    private MethodHandle cuLaunchKernelEx;
    private MethodHandle cuMemAlloc;
    private MethodHandle cuMemFree;
    private MethodHandle cuMemAllocHost;
    private MethodHandle cuMemFreeHost;
    private MethodHandle cuMemcpyHtoDAsync;
    private MethodHandle cuMemcpyDtoH;
    private MethodHandle cuMemcpyDtoDAsync;
    private MethodHandle cuMemsetD32Async;
    private MethodHandle cuStreamCreate;
    private MethodHandle cuStreamSynchronize;
    private MethodHandle cuEventCreate;
    private MethodHandle cuEventRecord;
    private MethodHandle cuEventSynchronize;
    private MethodHandle cuStreamWaitEvent;
    private MethodHandle cuEventElapsedTime;
    private MethodHandle cuEventDestroy;

    /** A symbol the loaded library lacks (a driver older than this binding expects). */
    static final class MissingSymbolException extends RuntimeException {
        MissingSymbolException(String symbol) {
            super(symbol);
        }
    }

    private CudaDriver(SymbolLookup library) {
        this.library = library;
        cuGetErrorName = fn("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuGetErrorString = fn("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuInit = fn("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuDriverGetVersion = fn("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /**
     * Opens the driver library: {@code libcuda.so.1} through the dynamic linker's search path, or the file named by
     * {@code libraryPath} (for tests against another implementation of the API).
     *
     * @throws IllegalArgumentException when the library cannot be opened
     * @throws MissingSymbolException   when it lacks one of the first four functions
     */
    static CudaDriver open(String libraryPath) {
        Arena arena = Arena.global();
        SymbolLookup lookup = libraryPath == null ? SymbolLookup.libraryLookup("libcuda.so.1", arena)
                : SymbolLookup.libraryLookup(Path.of(libraryPath), arena);
        return new CudaDriver(lookup);
    }

    /**
     * Binds every other function. Called after the version check, so that an old driver is reported by its version
     * rather than by the first symbol it happens to lack.
     *
     * @throws MissingSymbolException naming the first missing symbol
     */
    void bindAll() {
        cuDeviceGetCount = fn("cuDeviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuDeviceGet = fn("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDeviceGetName = fn("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetAttribute = fn("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDevicePrimaryCtxRetain = fn("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuCtxSetCurrent = fn("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuModuleLoadData = fn("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuModuleGetFunction = fn("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuFuncSetAttribute = fn("cuFuncSetAttribute", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
        cuOccupancyMaxActiveBlocksPerMultiprocessor = fn("cuOccupancyMaxActiveBlocksPerMultiprocessor",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG));
        cuOccupancyMaxActiveClusters = fn("cuOccupancyMaxActiveClusters",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuLaunchKernel = fn("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        cuLaunchCooperativeKernel = fn("cuLaunchCooperativeKernel", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
        cuLaunchKernelEx = fn("cuLaunchKernelEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        cuMemAlloc = fn("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFree = fn("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuMemAllocHost = fn("cuMemAllocHost_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFreeHost = fn("cuMemFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // Critical with heap access: the copies read and write Java arrays in place (the GC keeps them still for the
        // call). Pageable host-to-device copies return once the source is consumed; cuMemcpyDtoH is synchronous.
        cuMemcpyHtoDAsync = fn("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG,
                JAVA_LONG), Linker.Option.critical(true));
        cuMemcpyDtoH = fn("cuMemcpyDtoH_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.critical(true));
        cuMemcpyDtoDAsync = fn("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG));
        cuMemsetD32Async = fn("cuMemsetD32Async", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        cuStreamCreate = fn("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuStreamSynchronize = fn("cuStreamSynchronize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuEventCreate = fn("cuEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuEventRecord = fn("cuEventRecord", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        cuEventSynchronize = fn("cuEventSynchronize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuStreamWaitEvent = fn("cuStreamWaitEvent", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        cuEventElapsedTime = fnEither("cuEventElapsedTime_v2", "cuEventElapsedTime",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        cuEventDestroy = fn("cuEventDestroy_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    }

    private MethodHandle fn(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = library.find(name).orElseThrow(() -> new MissingSymbolException(name));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    private MethodHandle fnEither(String preferred, String fallback, FunctionDescriptor descriptor) {
        return library.find(preferred).or(() -> library.find(fallback))
                .map(s -> linker.downcallHandle(s, descriptor))
                .orElseThrow(() -> new MissingSymbolException(preferred));
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    /** The enum name of a CUresult, e.g. CUDA_ERROR_INVALID_VALUE, or "CUresult N" when the driver does not know it. */
    String errorName(int code) {
        return cString(cuGetErrorName, code, "CUresult " + code);
    }

    private String errorDescription(int code) {
        return cString(cuGetErrorString, code, "");
    }

    private String cString(MethodHandle getter, int code, String fallback) {
        try {
            scratch.set(ADDRESS, 0, MemorySegment.NULL);
            int r = (int) getter.invokeExact(code, scratch);
            MemorySegment p = scratch.get(ADDRESS, 0);
            if (r != CUDA_SUCCESS || p.address() == 0) return fallback;
            return p.reinterpret(512).getString(0);
        } catch (Throwable t) {
            return fallback;
        }
    }

    /** Throws a CudaException for a failed call. */
    void check(int result, String function) {
        if (result != CUDA_SUCCESS) throw new CudaException(function, result, errorName(result), errorDescription(result));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    // ---- initialisation and devices ---------------------------------------------------------------------------------

    /** cuInit(0); returns the raw CUresult so that the caller can tell "no device" from other failures. */
    int init() {
        try {
            return (int) cuInit.invokeExact(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The CUDA version the driver supports, 1000*major + 10*minor (13000 for CUDA 13.0). */
    int driverVersion() {
        try {
            check((int) cuDriverGetVersion.invokeExact(scratch), "cuDriverGetVersion");
            return scratch.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int deviceCount() {
        try {
            check((int) cuDeviceGetCount.invokeExact(scratch), "cuDeviceGetCount");
            return scratch.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int device(int ordinal) {
        try {
            check((int) cuDeviceGet.invokeExact(scratch, ordinal), "cuDeviceGet");
            return scratch.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check((int) cuDeviceGetName.invokeExact(name, 256, device), "cuDeviceGetName");
            return name.getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int attribute(int attribute, int device) {
        try {
            check((int) cuDeviceGetAttribute.invokeExact(scratch, attribute, device), "cuDeviceGetAttribute");
            return scratch.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long primaryContextRetain(int device) {
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check((int) cuDevicePrimaryCtxRetain.invokeExact(scratch, device), "cuDevicePrimaryCtxRetain");
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void setCurrentContext(long context) {
        try {
            check((int) cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- modules and functions ----------------------------------------------------------------------------------------

    /** Loads a cubin/fatbin/PTX image held in native memory; the image must stay alive while the module is used. */
    long loadModule(MemorySegment image) {
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check((int) cuModuleLoadData.invokeExact(scratch, image), "cuModuleLoadData");
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long function(long module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            scratch.set(JAVA_LONG, 0, 0L);
            check((int) cuModuleGetFunction.invokeExact(scratch, module, cName), "cuModuleGetFunction(" + name + ")");
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void setFunctionAttribute(long function, int attribute, int value) {
        try {
            check((int) cuFuncSetAttribute.invokeExact(function, attribute, value), "cuFuncSetAttribute");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int maxActiveBlocksPerMultiprocessor(long function, int blockSize, long dynamicSharedBytes) {
        try {
            check((int) cuOccupancyMaxActiveBlocksPerMultiprocessor.invokeExact(scratch, function, blockSize,
                    dynamicSharedBytes), "cuOccupancyMaxActiveBlocksPerMultiprocessor");
            return scratch.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @param config a CUlaunchConfig with a cluster-dimension attribute (see {@link LaunchConfig}) */
    int maxActiveClusters(long function, MemorySegment config) {
        try {
            check((int) cuOccupancyMaxActiveClusters.invokeExact(scratch, function, config), "cuOccupancyMaxActiveClusters");
            return scratch.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- launches ---------------------------------------------------------------------------------------------------

    /** Returns the raw CUresult: the caller decides whether a launch-configuration error means "take another path". */
    int launchKernel(long function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, long stream,
                     MemorySegment params) {
        try {
            return (int) cuLaunchKernel.invokeExact(function, gx, gy, gz, bx, by, bz, sharedBytes, stream, params,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int launchCooperativeKernel(long function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
                                long stream, MemorySegment params) {
        try {
            return (int) cuLaunchCooperativeKernel.invokeExact(function, gx, gy, gz, bx, by, bz, sharedBytes, stream,
                    params);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int launchKernelEx(MemorySegment config, long function, MemorySegment params) {
        try {
            return (int) cuLaunchKernelEx.invokeExact(config, function, params, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- memory -----------------------------------------------------------------------------------------------------

    long allocate(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("device allocation of " + bytes + " bytes");
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check((int) cuMemAlloc.invokeExact(scratch, bytes), "cuMemAlloc_v2");
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void free(long pointer) {
        try {
            check((int) cuMemFree.invokeExact(pointer), "cuMemFree_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Page-locked host memory of {@code bytes}, which asynchronous copies read without staging. */
    MemorySegment allocateHost(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("host allocation of " + bytes + " bytes");
        try {
            scratch.set(ADDRESS, 0, MemorySegment.NULL);
            check((int) cuMemAllocHost.invokeExact(scratch, bytes), "cuMemAllocHost_v2");
            MemorySegment p = scratch.get(ADDRESS, 0);
            if (p.address() == 0) throw new IllegalStateException("cuMemAllocHost_v2 returned NULL");
            return p.reinterpret(bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void freeHost(MemorySegment pinned) {
        try {
            check((int) cuMemFreeHost.invokeExact(pinned), "cuMemFreeHost");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Copies {@code bytes} from a host segment (heap or native) into device memory, ordered in {@code stream}. */
    void copyToDevice(long dst, MemorySegment src, long bytes, long stream) {
        if (bytes > src.byteSize()) throw new IllegalArgumentException("copy of " + bytes + " bytes from " + src.byteSize());
        try {
            check((int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Copies {@code bytes} of device memory into a host segment (heap or native); returns when the copy is done. */
    void copyToHost(MemorySegment dst, long src, long bytes) {
        if (bytes > dst.byteSize()) throw new IllegalArgumentException("copy of " + bytes + " bytes into " + dst.byteSize());
        try {
            check((int) cuMemcpyDtoH.invokeExact(dst, src, bytes), "cuMemcpyDtoH_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void copyDeviceToDevice(long dst, long src, long bytes, long stream) {
        try {
            check((int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets {@code count} 32-bit words; 0 gives float zeros. */
    void fill32(long dst, int value, long count, long stream) {
        try {
            check((int) cuMemsetD32Async.invokeExact(dst, value, count, stream), "cuMemsetD32Async");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- streams and events -----------------------------------------------------------------------------------------

    long createStream() {
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check((int) cuStreamCreate.invokeExact(scratch, 0), "cuStreamCreate");
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void synchronize(long stream) {
        try {
            check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long createEvent() {
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check((int) cuEventCreate.invokeExact(scratch, 0), "cuEventCreate");
            return scratch.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void recordEvent(long event, long stream) {
        try {
            check((int) cuEventRecord.invokeExact(event, stream), "cuEventRecord");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Work submitted to {@code stream} after this call waits until {@code event}'s recorded work has finished. */
    void waitEvent(long stream, long event) {
        try {
            check((int) cuStreamWaitEvent.invokeExact(stream, event, 0), "cuStreamWaitEvent");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void synchronizeEvent(long event) {
        try {
            check((int) cuEventSynchronize.invokeExact(event), "cuEventSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Milliseconds between two recorded, completed events. */
    float elapsedMillis(long start, long end) {
        try {
            check((int) cuEventElapsedTime.invokeExact(scratch, start, end), "cuEventElapsedTime");
            return scratch.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void destroyEvent(long event) {
        try {
            check((int) cuEventDestroy.invokeExact(event), "cuEventDestroy_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}

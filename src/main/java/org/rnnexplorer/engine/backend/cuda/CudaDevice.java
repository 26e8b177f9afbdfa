package org.rnnexplorer.engine.backend.cuda;

import org.rnnexplorer.engine.Availability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The GPU as the backend sees it: the driver, device 0's primary context, the kernel module, a main and a side
 * stream, and the one thread every CUDA call runs on (the context is current per thread, and the driver binding
 * keeps per-call scratch memory). One instance per process, created on first use; it never throws: whatever goes wrong while
 * starting (no library, no device, an old driver, a binary that does not load) becomes {@link #availability()}.
 */
final class CudaDevice implements RecurrencePlan.Occupancy {
    /** Path of a driver library to use instead of libcuda.so.1 (tests against another implementation of the API). */
    static final String LIBRARY_PROPERTY = "rnnx.cuda.library";
    /** Device ordinal, default 0. */
    static final String DEVICE_PROPERTY = "rnnx.cuda.device";
    /** CUDA 13.0 as cuDriverGetVersion reports it: the binary is built by nvcc 13. */
    static final int REQUIRED_DRIVER_VERSION = 13000;
    static final String BINARY_RESOURCE = "rnnx_kernels.fatbin";
    private static final int DEFAULT_SHARED_LIMIT = 48 * 1024;

    private static final Object LOCK = new Object();
    private static volatile CudaDevice instance;

    private final OwnerThread owner;
    private final Thread ownerThread;
    private final Availability availability;
    private CudaDriver driver;
    private int device;
    private long stream;
    private long side;
    private long active;
    private DeviceCaps caps;
    private LaunchConfig launchConfig;
    private final Map<String, Long> functions = new HashMap<>();
    /** Autotuning's choices by layer shape, shared by every kernel on this device (owner thread). */
    private final Map<String, RecurrencePlan> tunedPlans = new HashMap<>();
    private final Map<String, GatedPlan> tunedGatedPlans = new HashMap<>();
    private final Map<Long, Integer> sharedLimitSet = new HashMap<>();
    private final Map<Long, Boolean> nonPortableSet = new HashMap<>();

    static CudaDevice get() {
        CudaDevice d = instance;
        if (d == null) {
            synchronized (LOCK) {
                d = instance;
                if (d == null) {
                    d = new CudaDevice();
                    instance = d;
                }
            }
        }
        return d;
    }

    private CudaDevice() {
        owner = new OwnerThread("rnnx-cuda");
        ownerThread = owner.thread();
        Availability a;
        try {
            a = run(this::start);
        } catch (Throwable t) {
            a = Availability.no(CudaDevice.describe(t));
        }
        availability = a;
    }

    Availability availability() {
        return availability;
    }

    DeviceCaps caps() {
        return caps;
    }

    CudaDriver driver() {
        return driver;
    }

    /** The stream work goes to now: the main stream, or the side stream inside {@link #onSideStream}. */
    long stream() {
        return active;
    }

    /**
     * Runs {@code work} (owner thread) with launches and fills going to the side stream, after waiting for
     * {@code after} (an event recorded on the main stream): for work off the critical path that can overlap the
     * main stream's next kernels, such as weight gradients beside the next layer's recurrence.
     */
    void onSideStream(long after, Runnable work) {
        driver.waitEvent(side, after);
        active = side;
        try {
            work.run();
        } finally {
            active = stream;
        }
    }

    /** The main stream waits for everything submitted to the side stream so far ({@code scratchEvent} is reused). */
    void joinSideStream(long scratchEvent) {
        driver.recordEvent(scratchEvent, side);
        driver.waitEvent(stream, scratchEvent);
    }

    /** Runs {@code work} on the owner thread and waits for it; exceptions come back unwrapped. */
    <T> T run(Callable<T> work) {
        if (Thread.currentThread() == ownerThread) {
            try {
                return work.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return owner.call(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (OwnerThread.ErrorCarrier e) {
            throw (Error) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }

    // ---- start-up ---------------------------------------------------------------------------------------------------

    private Availability start() {
        String libraryPath = System.getProperty(LIBRARY_PROPERTY);
        try {
            driver = CudaDriver.open(libraryPath);
        } catch (IllegalArgumentException e) {
            return Availability.no(libraryPath == null ? "no NVIDIA driver (libcuda.so.1 not found)"
                    : "CUDA driver library " + libraryPath + " not found");
        } catch (CudaDriver.MissingSymbolException e) {
            return Availability.no("libcuda.so.1 lacks " + e.getMessage() + " (driver too old)");
        } catch (IllegalCallerException e) {
            return Availability.no("native access is disabled (run java with --enable-native-access=ALL-UNNAMED)");
        }
        int r = driver.init();
        if (r == CudaDriver.CUDA_ERROR_NO_DEVICE) return Availability.no("no CUDA device");
        if (r != CudaDriver.CUDA_SUCCESS) return Availability.no("cuInit failed: " + driver.errorName(r));
        int version = driver.driverVersion();
        if (version < REQUIRED_DRIVER_VERSION) {
            return Availability.no("NVIDIA driver supports CUDA " + version / 1000 + "." + (version % 1000) / 10
                    + "; this build needs CUDA 13.0 (driver R580 or newer)");
        }
        try {
            driver.bindAll();
        } catch (CudaDriver.MissingSymbolException e) {
            return Availability.no("libcuda.so.1 lacks " + e.getMessage() + " (driver too old)");
        }
        try {
            return open();
        } catch (CudaException e) {
            return Availability.no(e.getMessage());
        }
    }

    private Availability open() {
        int count = driver.deviceCount();
        if (count == 0) return Availability.no("no CUDA device");
        int ordinal = Integer.getInteger(DEVICE_PROPERTY, 0);
        if (ordinal < 0 || ordinal >= count) {
            return Availability.no("CUDA device " + ordinal + " requested, " + count + " present");
        }
        device = driver.device(ordinal);
        String name = driver.deviceName(device);
        int major = driver.attribute(CudaDriver.ATTR_COMPUTE_CAPABILITY_MAJOR, device);
        int minor = driver.attribute(CudaDriver.ATTR_COMPUTE_CAPABILITY_MINOR, device);
        if (major * 10 + minor < 75) {
            return Availability.no("GPU " + name + " has compute capability " + major + "." + minor
                    + "; this build needs 7.5 (Turing) or newer");
        }
        long context = driver.primaryContextRetain(device);
        driver.setCurrentContext(context);

        MemorySegment image = loadBinary();
        long module;
        try {
            module = driver.loadModule(image);
        } catch (CudaException e) {
            return Availability.no("cannot load the kernel binary: " + e.errorName());
        }
        for (String fn : kernelNames()) {
            try {
                functions.put(fn, driver.function(module, fn));
            } catch (CudaException e) {
                return Availability.no("the kernel binary lacks " + fn + " (" + e.errorName()
                        + "); regenerate it with src/main/cuda/build.sh");
            }
        }
        for (String fn : Stream.concat(DeviceProducts.TENSOR_CORE_KERNELS.stream(), GatedPlan.residentKernels().stream()).toList()) {
            try {
                functions.put(fn, driver.function(module, fn));
            } catch (CudaException e) {
                // Optional: a binary built before a family (or the register-resident gated kernels) was added lacks
                // it; the plain products (the other gated plans) run instead.
            }
        }
        stream = driver.createStream();
        side = driver.createStream();
        active = stream;
        launchConfig = new LaunchConfig(Arena.global());

        int codeArch = probe();
        if (codeArch < 0) return Availability.no("the probe kernel returned a wrong value: the GPU does not run our code");
        caps = new DeviceCaps(name, driver.attribute(CudaDriver.ATTR_MULTIPROCESSOR_COUNT, device), major, minor, codeArch,
                driver.attribute(CudaDriver.ATTR_MAX_THREADS_PER_BLOCK, device),
                driver.attribute(CudaDriver.ATTR_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, device),
                driver.attribute(CudaDriver.ATTR_COOPERATIVE_LAUNCH, device) != 0,
                driver.attribute(CudaDriver.ATTR_CLUSTER_LAUNCH, device) != 0);
        return Availability.yes();
    }

    /** Launches rnnx_arch_probe and returns the __CUDA_ARCH__ of the code the driver chose, or -1 if it misbehaved. */
    private int probe() {
        long out = driver.allocate(8);
        try (Arena arena = Arena.ofConfined()) {
            driver.fill32(out, 0, 2, stream);
            KernelArgs args = new KernelArgs(KernelArgs.PROBE, arena);
            args.set("out", out);
            launch("rnnx_arch_probe", 1, 1, 1, 32, 1, 1, 0, args);
            driver.synchronize(stream);
            int[] result = new int[2];
            driver.copyToHost(MemorySegment.ofArray(result), out, 8);
            return result[1] == 32 * 1000 + 1 ? result[0] : -1;
        } finally {
            driver.free(out);
        }
    }

    /**
     * Overrides the kernel image with a file (a fatbin, cubin or PTX built by src/main/cuda/build.sh or by hand):
     * for trying a freshly compiled or differently compressed binary without rebuilding the jar.
     */
    static final String BINARY_PROPERTY = "rnnx.cuda.binary";

    /** The fatbin from the class path, in native memory that lives as long as the process (the module refers to it). */
    private static MemorySegment loadBinary() {
        String override = System.getProperty(BINARY_PROPERTY);
        try (InputStream in = override != null ? Files.newInputStream(Path.of(override))
                : CudaDevice.class.getResourceAsStream(BINARY_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the kernel binary " + BINARY_RESOURCE + " is missing from the jar");
            byte[] bytes = in.readAllBytes();
            // Zero-filled tail: a PTX image must end with a NUL.
            MemorySegment image = Arena.global().allocate(bytes.length + 16L, 16);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, image, 0, bytes.length);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entry point of rnnx_kernels.cu the host uses. */
    static List<String> kernelNames() {
        List<String> names = new ArrayList<>();
        for (RecurrencePlan.Variant v : RecurrencePlan.VARIANTS) {
            for (String dir : new String[] {"fwd", "bwd"}) {
                for (String path : new String[] {"block", "cluster", "grid"}) names.add("rnnx_rec_" + dir + "_" + path + "_" + v.suffix());
            }
        }
        names.addAll(List.of("rnnx_step_fwd", "rnnx_step_bwd", "rnnx_mask_mul", "rnnx_gather", "rnnx_bias_grad",
                "rnnx_arch_probe", "rnnx_gated_step_fwd", "rnnx_gated_step_bwd"));
        for (String path : new String[] {"block", "cluster", "grid"}) {
            for (String dir : new String[] {"fwd", "bwd"}) names.add("rnnx_gated_" + path + "_" + dir);
        }
        for (String op : new String[] {"nt", "tn", "nn"}) {
            for (int tile : new int[] {128, 64}) names.add("rnnx_gemm_" + op + "_" + tile);
        }
        return names;
    }

    // ---- autotuning's memory (owner thread) --------------------------------------------------------------------------

    /** The plan autotuning chose for a layer shape on this device, or null. */
    RecurrencePlan tunedPlan(String shapeKey) {
        return tunedPlans.get(shapeKey);
    }

    void rememberTunedPlan(String shapeKey, RecurrencePlan plan) {
        tunedPlans.put(shapeKey, plan);
    }

    /** The gated plan autotuning chose for a layer shape on this device, or null. */
    GatedPlan tunedGatedPlan(String shapeKey) {
        return tunedGatedPlans.get(shapeKey);
    }

    void rememberTunedGatedPlan(String shapeKey, GatedPlan plan) {
        tunedGatedPlans.put(shapeKey, plan);
    }

    // ---- launches (owner thread) ------------------------------------------------------------------------------------

    /** Whether the loaded kernel binary provides this entry point (the optional tensor-core products may be absent). */
    boolean hasFunction(String name) {
        return functions.containsKey(name);
    }

    long function(String name) {
        Long f = functions.get(name);
        if (f == null) throw new IllegalArgumentException("no kernel " + name);
        return f;
    }

    /** Raises the function's dynamic shared-memory limit and allows 16-block clusters where a launch needs them. */
    void prepare(long function, int sharedBytes, int clusterSize) {
        if (sharedBytes > DEFAULT_SHARED_LIMIT && sharedLimitSet.getOrDefault(function, DEFAULT_SHARED_LIMIT) < sharedBytes) {
            driver.setFunctionAttribute(function, CudaDriver.FUNC_ATTR_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes);
            sharedLimitSet.put(function, sharedBytes);
        }
        if (clusterSize > 8 && !nonPortableSet.getOrDefault(function, false)) {
            driver.setFunctionAttribute(function, CudaDriver.FUNC_ATTR_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1);
            nonPortableSet.put(function, true);
        }
    }

    /** An ordinary launch; any error is thrown. */
    void launch(String kernel, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, KernelArgs args) {
        long f = function(kernel);
        prepare(f, sharedBytes, 0);
        driver.check(driver.launchKernel(f, gx, gy, gz, bx, by, bz, sharedBytes, active, args.params()),
                "cuLaunchKernel(" + kernel + ")");
    }

    /** A cooperative launch (grid-wide barriers); returns the CUresult so the caller can fall back. */
    int launchCooperative(String kernel, int gx, int gy, int threads, int sharedBytes, KernelArgs args) {
        long f = function(kernel);
        prepare(f, sharedBytes, 0);
        return driver.launchCooperativeKernel(f, gx, gy, 1, threads, 1, 1, sharedBytes, active, args.params());
    }

    /** A launch in thread-block clusters of (clusterSize, 1, 1); returns the CUresult so the caller can fall back. */
    int launchClusters(String kernel, int gx, int gy, int threads, int sharedBytes, int clusterSize, KernelArgs args) {
        long f = function(kernel);
        prepare(f, sharedBytes, clusterSize);
        MemorySegment config = launchConfig.set(gx, gy, threads, sharedBytes, active, clusterSize);
        return driver.launchKernelEx(config, f, args.params());
    }

    // ---- occupancy (owner thread) -----------------------------------------------------------------------------------

    @Override
    public int blocksPerMultiprocessor(String kernel, int threads, int sharedBytes) {
        if (!hasFunction(kernel)) return 0;  // an optional kernel the loaded binary lacks
        try {
            long f = function(kernel);
            prepare(f, sharedBytes, 0);
            return driver.maxActiveBlocksPerMultiprocessor(f, threads, sharedBytes);
        } catch (CudaException e) {
            return 0;
        }
    }

    @Override
    public int activeClusters(String kernel, int clusterSize, int threads, int sharedBytes) {
        if (!hasFunction(kernel)) return 0;  // an optional kernel the loaded binary lacks
        try {
            long f = function(kernel);
            prepare(f, sharedBytes, clusterSize);
            return driver.maxActiveClusters(f, launchConfig.set(clusterSize, 1, threads, sharedBytes, stream, clusterSize));
        } catch (CudaException e) {
            return 0;
        }
    }

    /** "CUDA_ERROR_X: detail" from an exception chain, for availability reasons. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }
}

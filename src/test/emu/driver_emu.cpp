/*
 * An emulated libcuda.so.1: the driver API functions the Java backend binds (with the prototypes of the toolkit's
 * cuda.h, so the symbol names and types are the real ones), running kernels on the CPU through kernels_emu.cpp.
 *
 * Besides running the code, it checks what a real driver checks and a bit more, to catch host-side mistakes before
 * they meet a GPU: launch bounds, grid limits, the dynamic shared-memory opt-in above 48 KB, cooperative grids that
 * cannot be co-resident, cluster shapes, copies and fills that leave their allocation, and CUDA calls from a thread
 * other than the one that made the context current. Device allocations end at a guard page (overruns crash), start
 * filled with NaN bit patterns, and a failed kernel makes the context sticky-failed as on hardware.
 *
 * Environment: RNNX_EMU_SMS (multiprocessors, default 16), RNNX_EMU_CC (compute capability, default 90),
 * RNNX_EMU_DRIVER (cuDriverGetVersion, default 13000), RNNX_EMU_NO_DEVICE=1 (cuInit reports no device),
 * RNNX_EMU_OPTIN (opt-in shared memory per block, default 232448), RNNX_EMU_TRACE=1 (print every launch).
 */
#include <cuda.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "emu_api.h"

namespace {

struct Function {
    const EmuKernel *kernel;
    int maxDynamicShared = 48 * 1024;
    bool nonPortableCluster = false;
};

struct Allocation {
    void *mapBase;
    size_t mapBytes;
    size_t bytes;
};

int optinShared() { return atoi(getenv("RNNX_EMU_OPTIN") ? getenv("RNNX_EMU_OPTIN") : "232448"); }  // 227 KB: H100/H200
#define OPTIN_SHARED optinShared()
const int SHARED_PER_SM = 233472;    // 228 KB
const int REGISTERS_PER_SM = 65536;

std::mutex lock;
bool initialised = false;
pthread_t owner;
bool ownerSet = false;
CUresult sticky = CUDA_SUCCESS;
std::map<uintptr_t, Allocation> allocations;
std::map<std::string, Function *> functions;
int contextToken = 0;
int moduleToken = 0;

int envInt(const char *name, int fallback) {
    const char *v = getenv(name);
    return v == nullptr || *v == 0 ? fallback : atoi(v);
}

int sms() { return envInt("RNNX_EMU_SMS", 16); }
int cc() { return envInt("RNNX_EMU_CC", 90); }

void complain(const char *what, const std::string &detail) {
    fprintf(stderr, "[cuda-emu] %s: %s\n", what, detail.c_str());
    fflush(stderr);
}

/** Checks that the call comes from the thread that made the context current, and that no kernel has failed. */
CUresult enter(const char *fn) {
    if (ownerSet && !pthread_equal(owner, pthread_self())) {
        complain(fn, "called from a thread other than the context's owner thread");
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    return sticky;
}

const Allocation *find(CUdeviceptr p, size_t bytes) {
    auto it = allocations.upper_bound((uintptr_t)p);
    if (it == allocations.begin()) return nullptr;
    --it;
    uintptr_t start = it->first;
    if ((uintptr_t)p < start || (uintptr_t)p + bytes > start + it->second.bytes) return nullptr;
    return &it->second;
}

CUresult checkRange(const char *fn, CUdeviceptr p, size_t bytes) {
    if (find(p, bytes) == nullptr) {
        char buf[160];
        snprintf(buf, sizeof buf, "device range [0x%llx, +%zu) is not inside one allocation", (unsigned long long)p, bytes);
        complain(fn, buf);
        return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}

int registersPerThread(const EmuKernel *k) {
    int r = REGISTERS_PER_SM / k->maxThreads;
    return r > 255 ? 255 : r;
}

int blocksPerSm(const Function *f, int threads, size_t shared) {
    if (threads > f->kernel->maxThreads || threads <= 0) return 0;
    if ((long)shared > f->maxDynamicShared) return 0;
    int byRegisters = REGISTERS_PER_SM / (threads * registersPerThread(f->kernel));
    int byShared = (int)(SHARED_PER_SM / (shared + 1024));
    int byThreads = 2048 / threads;
    int n = byRegisters < byShared ? byRegisters : byShared;
    n = n < byThreads ? n : byThreads;
    return n > 32 ? 32 : n;
}

CUresult run(const char *fn, Function *f, EmuDim grid, EmuDim block, unsigned shared, void **params, bool cooperative,
             EmuDim cluster) {
    if (f == nullptr || params == nullptr || params[0] == nullptr) {
        complain(fn, "null function or kernelParams");
        return CUDA_ERROR_INVALID_VALUE;
    }
    unsigned threads = block.x * block.y * block.z;
    if (threads == 0 || threads > 1024 || (int)threads > f->kernel->maxThreads) {
        complain(fn, std::string(f->kernel->name) + ": " + std::to_string(threads) + " threads exceed its launch bounds "
                + std::to_string(f->kernel->maxThreads));
        return CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES;
    }
    if (grid.x == 0 || grid.y == 0 || grid.z == 0 || grid.y > 65535 || grid.z > 65535) {
        complain(fn, std::string(f->kernel->name) + ": invalid grid");
        return CUDA_ERROR_INVALID_VALUE;
    }
    if ((int)shared > f->maxDynamicShared) {
        complain(fn, std::string(f->kernel->name) + ": " + std::to_string(shared)
                + " bytes of dynamic shared memory without raising CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES");
        return CUDA_ERROR_INVALID_VALUE;
    }
    size_t blocks = (size_t)grid.x * grid.y * grid.z;
    if (cooperative && blocks > (size_t)blocksPerSm(f, threads, shared) * sms()) {
        complain(fn, std::string(f->kernel->name) + ": cooperative grid of " + std::to_string(blocks)
                + " blocks cannot be co-resident");
        return CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE;
    }
    if (getenv("RNNX_EMU_TRACE") != nullptr) {
        fprintf(stderr, "[cuda-emu] %s %s grid (%u,%u,%u) block (%u,%u,%u) smem %u%s cluster %u\n", fn, f->kernel->name,
                grid.x, grid.y, grid.z, block.x, block.y, block.z, shared, cooperative ? " cooperative" : "", cluster.x);
    }
    std::vector<char> args(f->kernel->argsSize);
    memcpy(args.data(), params[0], args.size());  // the driver copies arguments at launch
    const char *err = emu_run(f->kernel, grid, block, shared, args.data(), cooperative, cluster);
    if (err != nullptr) {
        complain(fn, std::string(f->kernel->name) + " failed: " + err);
        sticky = CUDA_ERROR_LAUNCH_FAILED;
        return sticky;
    }
    return CUDA_SUCCESS;
}

struct ErrorName {
    CUresult code;
    const char *name;
    const char *text;
};

const ErrorName ERRORS[] = {
    {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
    {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {CUDA_ERROR_INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"},
    {CUDA_ERROR_LAUNCH_FAILED, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE, "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE", "too many blocks in cooperative launch"},
    {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
    {CUDA_ERROR_INVALID_CLUSTER_SIZE, "CUDA_ERROR_INVALID_CLUSTER_SIZE", "invalid cluster size"},
};

}  // namespace

extern "C" {

CUresult CUDAAPI cuGetErrorName(CUresult error, const char **pStr) {
    for (const ErrorName &e : ERRORS) {
        if (e.code == error) {
            *pStr = e.name;
            return CUDA_SUCCESS;
        }
    }
    *pStr = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult CUDAAPI cuGetErrorString(CUresult error, const char **pStr) {
    for (const ErrorName &e : ERRORS) {
        if (e.code == error) {
            *pStr = e.text;
            return CUDA_SUCCESS;
        }
    }
    *pStr = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult CUDAAPI cuInit(unsigned int flags) {
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    if (envInt("RNNX_EMU_NO_DEVICE", 0) != 0) return CUDA_ERROR_NO_DEVICE;
    initialised = true;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDriverGetVersion(int *v) {
    if (v == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *v = envInt("RNNX_EMU_DRIVER", 13000);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetCount(int *count) {
    if (!initialised) return CUDA_ERROR_NOT_INITIALIZED;
    *count = 1;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGet(CUdevice *device, int ordinal) {
    if (!initialised) return CUDA_ERROR_NOT_INITIALIZED;
    if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE;
    *device = 0;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetName(char *name, int len, CUdevice dev) {
    if (dev != 0 || name == nullptr || len <= 0) return CUDA_ERROR_INVALID_VALUE;
    snprintf(name, (size_t)len, "Emulated GPU on the CPU (rnnx cuda-emu)");
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev) {
    if (dev != 0 || pi == nullptr) return CUDA_ERROR_INVALID_VALUE;
    switch (attrib) {
        case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *pi = 1024; break;
        case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *pi = sms(); break;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *pi = cc() / 10; break;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *pi = cc() % 10; break;
        case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR: *pi = SHARED_PER_SM; break;
        case CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH: *pi = 1; break;
        case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: *pi = OPTIN_SHARED; break;
        case CU_DEVICE_ATTRIBUTE_CLUSTER_LAUNCH: *pi = cc() >= 90 ? 1 : 0; break;
        default: return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
    if (!initialised) return CUDA_ERROR_NOT_INITIALIZED;
    if (dev != 0 || pctx == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *pctx = reinterpret_cast<CUcontext>(&contextToken);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDevicePrimaryCtxRelease(CUdevice dev) { return dev == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE; }

CUresult CUDAAPI cuCtxSetCurrent(CUcontext ctx) {
    if (ctx != reinterpret_cast<CUcontext>(&contextToken)) return CUDA_ERROR_INVALID_CONTEXT;
    if (ownerSet && !pthread_equal(owner, pthread_self())) {
        complain("cuCtxSetCurrent", "a second thread makes the context current");
    }
    owner = pthread_self();
    ownerSet = true;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuCtxSynchronize(void) { return enter("cuCtxSynchronize"); }

CUresult CUDAAPI cuMemGetInfo(size_t *free, size_t *total) {
    *free = (size_t)8 << 30;
    *total = (size_t)16 << 30;
    return enter("cuMemGetInfo_v2");
}

CUresult CUDAAPI cuModuleLoadData(CUmodule *module, const void *image) {
    if (CUresult r = enter("cuModuleLoadData")) return r;
    if (module == nullptr || image == nullptr) return CUDA_ERROR_INVALID_VALUE;
    unsigned magic;
    memcpy(&magic, image, 4);
    if (magic != 0xBA55ED50u) {
        complain("cuModuleLoadData", "the image does not start with the fatbin magic 0xBA55ED50");
        return CUDA_ERROR_INVALID_IMAGE;
    }
    *module = reinterpret_cast<CUmodule>(&moduleToken);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuModuleUnload(CUmodule) { return enter("cuModuleUnload"); }

CUresult CUDAAPI cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
    if (CUresult r = enter("cuModuleGetFunction")) return r;
    if (hmod != reinterpret_cast<CUmodule>(&moduleToken) || hfunc == nullptr || name == nullptr) return CUDA_ERROR_INVALID_VALUE;
    const EmuKernel *k = emu_find_kernel(name);
    if (k == nullptr) return CUDA_ERROR_NOT_FOUND;
    Function *&f = functions[name];
    if (f == nullptr) f = new Function{k};
    *hfunc = reinterpret_cast<CUfunction>(f);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuFuncSetAttribute(CUfunction hfunc, CUfunction_attribute attrib, int value) {
    if (CUresult r = enter("cuFuncSetAttribute")) return r;
    Function *f = reinterpret_cast<Function *>(hfunc);
    if (f == nullptr) return CUDA_ERROR_INVALID_VALUE;
    switch (attrib) {
        case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
            if (value < 0 || value > OPTIN_SHARED) return CUDA_ERROR_INVALID_VALUE;
            f->maxDynamicShared = value;
            return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED:
            if (cc() < 90) return CUDA_ERROR_NOT_SUPPORTED;
            f->nonPortableCluster = value != 0;
            return CUDA_SUCCESS;
        default:
            return CUDA_ERROR_INVALID_VALUE;
    }
}

CUresult CUDAAPI cuFuncGetAttribute(int *pi, CUfunction_attribute attrib, CUfunction hfunc) {
    if (CUresult r = enter("cuFuncGetAttribute")) return r;
    Function *f = reinterpret_cast<Function *>(hfunc);
    if (f == nullptr || pi == nullptr) return CUDA_ERROR_INVALID_VALUE;
    switch (attrib) {
        case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *pi = f->kernel->maxThreads; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_NUM_REGS: *pi = registersPerThread(f->kernel); return CUDA_SUCCESS;
        default: return CUDA_ERROR_INVALID_VALUE;
    }
}

CUresult CUDAAPI cuOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, CUfunction func, int blockSize,
                                                             size_t dynamicSMemSize) {
    if (CUresult r = enter("cuOccupancyMaxActiveBlocksPerMultiprocessor")) return r;
    Function *f = reinterpret_cast<Function *>(func);
    if (f == nullptr || numBlocks == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *numBlocks = blocksPerSm(f, blockSize, dynamicSMemSize);
    return CUDA_SUCCESS;
}

/** Reads the cluster size from a CUlaunchConfig's attributes (1 when none), validating the struct as the driver would. */
static CUresult clusterOf(const char *fn, const CUlaunchConfig *config, unsigned *cluster) {
    *cluster = 1;
    if (config->numAttrs > 0 && config->attrs == nullptr) {
        complain(fn, "numAttrs > 0 with a null attrs pointer");
        return CUDA_ERROR_INVALID_VALUE;
    }
    for (unsigned i = 0; i < config->numAttrs; i++) {
        const CUlaunchAttribute &a = config->attrs[i];
        if (a.id == CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION) {
            if (a.value.clusterDim.y != 1 || a.value.clusterDim.z != 1 || a.value.clusterDim.x == 0) {
                complain(fn, "cluster dimensions other than (n, 1, 1)");
                return CUDA_ERROR_INVALID_CLUSTER_SIZE;
            }
            *cluster = a.value.clusterDim.x;
        } else if (a.id != CU_LAUNCH_ATTRIBUTE_IGNORE) {
            complain(fn, "unexpected launch attribute " + std::to_string((int)a.id));
            return CUDA_ERROR_INVALID_VALUE;
        }
    }
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuOccupancyMaxActiveClusters(int *numClusters, CUfunction func, const CUlaunchConfig *config) {
    if (CUresult r = enter("cuOccupancyMaxActiveClusters")) return r;
    Function *f = reinterpret_cast<Function *>(func);
    if (f == nullptr || numClusters == nullptr || config == nullptr) return CUDA_ERROR_INVALID_VALUE;
    if (cc() < 90) return CUDA_ERROR_NOT_SUPPORTED;
    unsigned cs;
    if (CUresult r = clusterOf("cuOccupancyMaxActiveClusters", config, &cs)) return r;
    if (cs > 16 || (cs > 8 && !f->nonPortableCluster)) return CUDA_ERROR_INVALID_CLUSTER_SIZE;
    int perSm = blocksPerSm(f, (int)config->blockDimX, config->sharedMemBytes);
    *numClusters = perSm * sms() / (int)cs;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
                                unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
                                unsigned int sharedMemBytes, CUstream, void **kernelParams, void **extra) {
    if (CUresult r = enter("cuLaunchKernel")) return r;
    if (extra != nullptr) return CUDA_ERROR_INVALID_VALUE;
    return run("cuLaunchKernel", reinterpret_cast<Function *>(f), EmuDim{gridDimX, gridDimY, gridDimZ},
               EmuDim{blockDimX, blockDimY, blockDimZ}, sharedMemBytes, kernelParams, false, EmuDim{1, 1, 1});
}

CUresult CUDAAPI cuLaunchCooperativeKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
                                           unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY,
                                           unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream,
                                           void **kernelParams) {
    if (CUresult r = enter("cuLaunchCooperativeKernel")) return r;
    return run("cuLaunchCooperativeKernel", reinterpret_cast<Function *>(f), EmuDim{gridDimX, gridDimY, gridDimZ},
               EmuDim{blockDimX, blockDimY, blockDimZ}, sharedMemBytes, kernelParams, true, EmuDim{1, 1, 1});
}

CUresult CUDAAPI cuLaunchKernelEx(const CUlaunchConfig *config, CUfunction f, void **kernelParams, void **extra) {
    if (CUresult r = enter("cuLaunchKernelEx")) return r;
    if (config == nullptr || extra != nullptr) return CUDA_ERROR_INVALID_VALUE;
    unsigned cs;
    if (CUresult r = clusterOf("cuLaunchKernelEx", config, &cs)) return r;
    Function *fn = reinterpret_cast<Function *>(f);
    if (cs > 1) {
        if (cc() < 90) return CUDA_ERROR_NOT_SUPPORTED;
        if (cs > 16 || (cs > 8 && (fn == nullptr || !fn->nonPortableCluster)) || config->gridDimX % cs != 0) {
            complain("cuLaunchKernelEx", "cluster of " + std::to_string(cs) + " for a grid of "
                    + std::to_string(config->gridDimX));
            return CUDA_ERROR_INVALID_CLUSTER_SIZE;
        }
        int perSm = fn == nullptr ? 0 : blocksPerSm(fn, (int)(config->blockDimX * config->blockDimY * config->blockDimZ),
                                                    config->sharedMemBytes);
        if (perSm * sms() < (int)cs) return CUDA_ERROR_INVALID_CLUSTER_SIZE;
    }
    return run("cuLaunchKernelEx", fn, EmuDim{config->gridDimX, config->gridDimY, config->gridDimZ},
               EmuDim{config->blockDimX, config->blockDimY, config->blockDimZ}, config->sharedMemBytes, kernelParams,
               false, EmuDim{cs, 1, 1});
}

CUresult CUDAAPI cuMemAlloc(CUdeviceptr *dptr, size_t bytesize) {
    if (CUresult r = enter("cuMemAlloc_v2")) return r;
    if (dptr == nullptr || bytesize == 0) return CUDA_ERROR_INVALID_VALUE;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t rounded = (bytesize + 15) / 16 * 16;
    size_t mapBytes = (rounded + page - 1) / page * page + page;
    void *base = mmap(nullptr, mapBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
    char *guard = static_cast<char *>(base) + mapBytes - page;
    mprotect(guard, page, PROT_NONE);  // overruns past the end fault
    char *p = guard - rounded;
    memset(p, 0xff, rounded);          // NaN bit patterns until written
    allocations[(uintptr_t)p] = Allocation{base, mapBytes, bytesize};
    *dptr = (CUdeviceptr)(uintptr_t)p;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemFree(CUdeviceptr dptr) {
    if (ownerSet && !pthread_equal(owner, pthread_self())) {
        complain("cuMemFree_v2", "called from a thread other than the context's owner thread");
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    auto it = allocations.find((uintptr_t)dptr);
    if (it == allocations.end()) {
        complain("cuMemFree_v2", "not an allocation");
        return CUDA_ERROR_INVALID_VALUE;
    }
    munmap(it->second.mapBase, it->second.mapBytes);
    allocations.erase(it);
    return sticky;
}

CUresult CUDAAPI cuMemAllocHost(void **pp, size_t bytesize) {
    if (CUresult r = enter("cuMemAllocHost_v2")) return r;
    if (pp == nullptr || bytesize == 0) return CUDA_ERROR_INVALID_VALUE;
    *pp = aligned_alloc(4096, (bytesize + 4095) / 4096 * 4096);
    return *pp == nullptr ? CUDA_ERROR_OUT_OF_MEMORY : CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemFreeHost(void *p) {
    if (CUresult r = enter("cuMemFreeHost")) return r;
    free(p);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemcpyHtoDAsync(CUdeviceptr dst, const void *src, size_t n, CUstream) {
    if (CUresult r = enter("cuMemcpyHtoDAsync_v2")) return r;
    if (CUresult r = checkRange("cuMemcpyHtoDAsync_v2", dst, n)) return r;
    if (src == nullptr && n > 0) return CUDA_ERROR_INVALID_VALUE;
    memcpy(reinterpret_cast<void *>(dst), src, n);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemcpyDtoH(void *dst, CUdeviceptr src, size_t n) {
    if (CUresult r = enter("cuMemcpyDtoH_v2")) return r;
    if (CUresult r = checkRange("cuMemcpyDtoH_v2", src, n)) return r;
    if (dst == nullptr && n > 0) return CUDA_ERROR_INVALID_VALUE;
    memcpy(dst, reinterpret_cast<const void *>(src), n);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemcpyDtoDAsync(CUdeviceptr dst, CUdeviceptr src, size_t n, CUstream) {
    if (CUresult r = enter("cuMemcpyDtoDAsync_v2")) return r;
    if (CUresult r = checkRange("cuMemcpyDtoDAsync_v2 (destination)", dst, n)) return r;
    if (CUresult r = checkRange("cuMemcpyDtoDAsync_v2 (source)", src, n)) return r;
    memmove(reinterpret_cast<void *>(dst), reinterpret_cast<const void *>(src), n);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemsetD32Async(CUdeviceptr dst, unsigned int value, size_t count, CUstream) {
    if (CUresult r = enter("cuMemsetD32Async")) return r;
    if (CUresult r = checkRange("cuMemsetD32Async", dst, count * 4)) return r;
    unsigned *p = reinterpret_cast<unsigned *>(dst);
    for (size_t i = 0; i < count; i++) p[i] = value;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuStreamCreate(CUstream *phStream, unsigned int) {
    if (CUresult r = enter("cuStreamCreate")) return r;
    static int streamToken;
    *phStream = reinterpret_cast<CUstream>(&streamToken);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuStreamDestroy(CUstream) { return enter("cuStreamDestroy_v2"); }
CUresult CUDAAPI cuStreamSynchronize(CUstream) { return enter("cuStreamSynchronize"); }

CUresult CUDAAPI cuEventCreate(CUevent *phEvent, unsigned int) {
    if (CUresult r = enter("cuEventCreate")) return r;
    *phEvent = reinterpret_cast<CUevent>(new std::chrono::steady_clock::time_point());
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuEventRecord(CUevent e, CUstream) {
    if (CUresult r = enter("cuEventRecord")) return r;
    *reinterpret_cast<std::chrono::steady_clock::time_point *>(e) = std::chrono::steady_clock::now();
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuEventSynchronize(CUevent) { return enter("cuEventSynchronize"); }
/* Launches run to completion when made, so every stream is already ordered after every event. */
CUresult CUDAAPI cuStreamWaitEvent(CUstream, CUevent, unsigned int) { return enter("cuStreamWaitEvent"); }

CUresult CUDAAPI cuEventElapsedTime(float *ms, CUevent start, CUevent end) {
    if (CUresult r = enter("cuEventElapsedTime_v2")) return r;
    auto a = *reinterpret_cast<std::chrono::steady_clock::time_point *>(start);
    auto b = *reinterpret_cast<std::chrono::steady_clock::time_point *>(end);
    *ms = std::chrono::duration<float, std::milli>(b - a).count();
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuEventDestroy(CUevent e) {
    delete reinterpret_cast<std::chrono::steady_clock::time_point *>(e);
    return enter("cuEventDestroy_v2");
}

}  // extern "C"

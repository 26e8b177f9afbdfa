/*
 * Stand-in for CUDA's <cooperative_groups.h> under the emulator (emu_runtime.h): the cluster and grid groups the
 * recurrence kernels use, with the semantics of the real ones.
 */
#ifndef RNNX_EMU_COOPERATIVE_GROUPS_H
#define RNNX_EMU_COOPERATIVE_GROUPS_H

#include "emu_runtime.h"

namespace cooperative_groups {

struct cluster_group {
    unsigned block_rank() const {
        unsigned cs = emu::L->clustered ? emu::L->cluster.x : 1;
        return blockIdx.x % cs;
    }

    void sync() const {
        __cluster_barrier_arrive();
        __cluster_barrier_wait();
    }

    /** The same offset in the shared memory of block {@code rank} of this cluster. */
    template <class T>
    T *map_shared_rank(T *p, int rank) const {
        emu::Block &me = emu::L->blocks[emu::cur->block];
        unsigned cs = emu::L->clustered ? emu::L->cluster.x : 1;
        if (rank < 0 || (unsigned)rank >= cs) emu::fail("map_shared_rank: rank outside the cluster");
        char *base = reinterpret_cast<char *>(me.smem);
        char *addr = reinterpret_cast<char *>(p);
        if (base == nullptr || addr < base || addr + sizeof(T) > base + me.smemBytes) {
            emu::fail("map_shared_rank: address outside the block's dynamic shared memory");
        }
        int target = emu::cur->block - (int)(me.idx.x % cs) + rank;  // blocks run in x-fastest order
        emu::Block &other = emu::L->blocks[target];
        return reinterpret_cast<T *>(reinterpret_cast<char *>(other.smem) + (addr - base));
    }
};

struct grid_group {
    void sync() const {
        if (!emu::L->cooperative) emu::fail("grid.sync() in a launch that is not cooperative");
        emu::wait(emu::L->gridBar);
    }
};

inline cluster_group this_cluster() { return cluster_group{}; }
inline grid_group this_grid() { return grid_group{}; }

}  // namespace cooperative_groups

#endif

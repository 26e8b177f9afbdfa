/*
 * Tiled float32 matrix product for everything that is not a recurrence: the input projection of all T*B rows at
 * once (proj = X W_ih^T + b, both directions in one product), the weight gradients over the whole sequence
 * (dW_ih = delta^T X, dW_hh = delta^T hprev per direction) and the gradient of the layer input (delta W_ih, times
 * the dropout mask of the layer below). Plain TF32 would miss the 1e-4 parity bound; the tensor-core version at the
 * end (rnnx_gemm_tf32x3) keeps float32 accuracy with three TF32 products per multiply.
 *
 * Mapping. A block of (BM/TM)*(BN/TN) = 256 threads computes a BM x BN tile of C; thread (ty, tx) owns TM x TN
 * outputs. With TM = TN = 8 they are rows ty*4..+3 and BM/2+ty*4..+3 (columns likewise), so that the float4 reads
 * of the shared tiles are conflict-free; with TM = TN = 4 the rows ty*4..+3. K advances BK at a time through two
 * shared-memory buffers: the next tile is loaded into registers while the current one is multiplied, one
 * __syncthreads per tile. Tiles are stored k-major (As[k][m], Bs[k][n]) whatever the layout in global memory.
 * blockIdx.z covers batches (one per direction) and K splits (atomicAdd into a zeroed C when there are several).
 */
#ifndef RNNX_GEMM_CUH
#define RNNX_GEMM_CUH

#include "common.cuh"

/*
 * The part of a product one block owns: blockIdx.z = batch * splits + split picks the batch's matrices and the K range
 * [kbeg, kend) of the split; the tile starts at row m0, column n0 of C.
 */
struct RnnxGemmBlock {
    const float *a;
    const float *b;
    float *c;
    int split, kbeg, kend, m0, n0;

    __device__ __forceinline__ RnnxGemmBlock(const GemmArgs &p, int bm, int bn) {
        const int zb = blockIdx.z / p.splits;
        split = blockIdx.z % p.splits;
        a = p.a + (size_t)zb * p.stride_a;
        b = p.b + (size_t)zb * p.stride_b;
        c = p.c + (size_t)zb * p.stride_c;
        kbeg = split * p.k_per_split;
        kend = min(p.k, kbeg + p.k_per_split);
        m0 = blockIdx.y * bm;
        n0 = blockIdx.x * bn;
    }

    /* BK-deep tiles in the block's K range. */
    __device__ __forceinline__ int tiles(int bk) const { return kend > kbeg ? (kend - kbeg + bk - 1) / bk : 0; }

    /* Output (m, n), in range: + bias (split 0 only, so that the splits add it once), * mask, stored or added. */
    __device__ __forceinline__ void put(const GemmArgs &p, int m, int n, float v) const {
        if (p.bias != nullptr && split == 0) v += p.bias[n];
        const size_t ci = (size_t)m * p.ldc + n;
        if (p.mask != nullptr) v *= p.mask[ci];
        if (p.atomic) atomicAdd(c + ci, v);
        else c[ci] = v;
    }
};

/*
 * One operand's part of the staging below: what thread tid reads of each BK-deep slice of an R x K operand (R = M for
 * A, N for B) whose tile is BR rows (r) by BK. Element idx = tid + l * NT of the slice is at (r, k) = (idx % BR, idx /
 * BR) when the operand is k-major in global memory (at k * ld + r: A of tn, B of tn and nn) and at (idx / BK, idx % BK)
 * when it is row-major (r * ld + k: A of nt and nn, B of nt), so that consecutive threads read consecutive addresses.
 * NT being a multiple of BR (of BK), element l is element 0 moved SPAN = NT / BR further along k (NT / BK rows
 * further): at ptr + l * step for one step per operand, in range when l * SPAN is less than the k (rows) left after
 * element 0's.
 *
 * Why the addresses are kept this way. Written out per element, a 64-bit (size_t)gk * ld + gm for each with its own
 * bounds checks, the tn and nn tensor-core kernels (the 64 accumulators and split fragments taking most registers)
 * reached 255 registers and spilled 16-128 bytes a thread on sm_80 to sm_90, the k-major operands apparently keeping
 * up to eight 64-bit addresses each live across the main loop. Now a thread keeps a pointer, a step and two ints an
 * operand, plus the K left (RnnxGemmStage::kleft), and a slice is the pointer moved BK along k: no kernel spills, and
 * the float32 kernels with a k-major operand need fewer registers (rnnx_gemm_tn_128: 121 on sm_80 and 127 on sm_90
 * instead of 163 and 173, two blocks a multiprocessor instead of one). The loaded values, and so the products, are
 * the same as before. The step stays 64-bit: l * step reaches (BK - SPAN) * ld k-major and (BR - SPAN) * ld
 * row-major, which need not fit in 31 bits, and a k-major pointer moves BK * ld a slice.
 */
template <int BR, int BK, int NT, bool KMAJOR>
struct RnnxGemmOperand {
    static_assert(NT % (KMAJOR ? BR : BK) == 0 && (BR * BK) % NT == 0, "tile not divisible by the thread count");
    static constexpr int PER = BR * BK / NT;
    static constexpr int SPAN = NT / (KMAJOR ? BR : BK);  // k (k-major) or rows (row-major) from element l to l + 1
    const float *ptr;  // element 0 of the next slice
    long long step;    // from element l to l + 1: SPAN * ld
    int rrem;          // rows from element 0's row to R (in range: l * SPAN < rrem, row-major; rrem > 0, k-major)
    int k;             // element 0's k within the slice

    __device__ __forceinline__ RnnxGemmOperand(const float *base, int ld, int r0, int rows, int kbeg, int kend,
                                               int tid) {
        const int r = KMAJOR ? tid % BR : tid / BK;
        k = KMAJOR ? tid / BR : tid % BK;
        rrem = rows - r0 - r;
        ptr = base + (KMAJOR ? (size_t)(kbeg + k) * ld + (r0 + r) : (size_t)(r0 + r) * ld + (kbeg + k));
        step = (long long)SPAN * ld;
    }

    /* The next slice's elements, zero outside R and the K range (kleft: k left from the slice's first one); then moves
     * the pointer on to the slice after it. */
    __device__ __forceinline__ void load(float (&v)[PER], int kleft) {
        const int krem = kleft - k;
#pragma unroll
        for (int l = 0; l < PER; l++) {
            const bool in = KMAJOR ? rrem > 0 && l * SPAN < krem : l * SPAN < rrem && krem > 0;
            v[l] = in ? ptr[l * step] : 0.0f;
        }
        ptr += KMAJOR ? PER * step : BK;  // k-major: PER * SPAN = BK
    }
};

/*
 * Global memory -> registers -> shared memory staging of one BK-deep slice of op(A) (BM x BK) and op(B) (BK x BN) by
 * NT threads, zero outside M, N and the block's K range. Consecutive threads read consecutive addresses in global
 * memory whichever layout it has; the shared tiles are k-major (As[k][m], Bs[k][n]) with PAD floats per row. load()
 * reads the block's slices in order, the first at kbeg.
 */
template <int BM, int BN, int BK, int PAD, int NT, bool TA, bool TB>
struct RnnxGemmStage {
    static constexpr int A_PER = BM * BK / NT;
    static constexpr int B_PER = BN * BK / NT;
    static_assert(A_PER * NT == BM * BK && B_PER * NT == BN * BK, "tile not divisible by the thread count");
    RnnxGemmOperand<BM, BK, NT, TA> opa;   // A is k-major in global memory in tn
    RnnxGemmOperand<BN, BK, NT, !TB> opb;  // B is k-major in tn and nn
    int kleft;                             // k left in the block's range from the next slice's first one
    float ra[A_PER], rb[B_PER];

    __device__ __forceinline__ RnnxGemmStage(const GemmArgs &p, const RnnxGemmBlock &blk, int tid)
        : opa(blk.a, p.lda, blk.m0, p.m, blk.kbeg, blk.kend, tid),
          opb(blk.b, p.ldb, blk.n0, p.n, blk.kbeg, blk.kend, tid),
          kleft(blk.kend - blk.kbeg) {}

    __device__ __forceinline__ void load() {
        opa.load(ra, kleft);
        opb.load(rb, kleft);
        kleft -= BK;
    }

    __device__ __forceinline__ void store(float (&As)[BK][BM + PAD], float (&Bs)[BK][BN + PAD], int tid) const {
#pragma unroll
        for (int l = 0; l < A_PER; l++) {
            const int idx = tid + l * NT;
            As[TA ? idx / BM : idx % BK][TA ? idx % BM : idx / BK] = ra[l];
        }
#pragma unroll
        for (int l = 0; l < B_PER; l++) {
            const int idx = tid + l * NT;
            Bs[TB ? idx % BK : idx / BN][TB ? idx / BK : idx % BN] = rb[l];
        }
    }
};

template <int BM, int BN, int BK, int TM, int TN, bool TA, bool TB>
__device__ __forceinline__ void rnnx_gemm(const GemmArgs &p) {
    constexpr int NT = (BM / TM) * (BN / TN);
    constexpr int TX = BN / TN;
    __shared__ __align__(16) float As[2][BK][BM + 4];
    __shared__ __align__(16) float Bs[2][BK][BN + 4];

    const int tid = threadIdx.x;
    const int tx = tid % TX, ty = tid / TX;
    const RnnxGemmBlock blk(p, BM, BN);
    RnnxGemmStage<BM, BN, BK, 4, NT, TA, TB> stage(p, blk, tid);

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
        for (int j = 0; j < TN; j++) acc[i][j] = 0.0f;

    const int tiles = blk.tiles(BK);
    if (tiles > 0) {
        stage.load();
        stage.store(As[0], Bs[0], tid);
        __syncthreads();
    }
    for (int t = 0; t < tiles; t++) {
        const int buf = t & 1;
        if (t + 1 < tiles) stage.load();
#pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            float a[TM], b[TN];
#pragma unroll
            for (int h = 0; h < TM / 4; h++) {
                const float4 v = *reinterpret_cast<const float4 *>(&As[buf][kk][h * (BM / 2) + ty * 4]);
                a[h * 4 + 0] = v.x;
                a[h * 4 + 1] = v.y;
                a[h * 4 + 2] = v.z;
                a[h * 4 + 3] = v.w;
            }
#pragma unroll
            for (int h = 0; h < TN / 4; h++) {
                const float4 v = *reinterpret_cast<const float4 *>(&Bs[buf][kk][h * (BN / 2) + tx * 4]);
                b[h * 4 + 0] = v.x;
                b[h * 4 + 1] = v.y;
                b[h * 4 + 2] = v.z;
                b[h * 4 + 3] = v.w;
            }
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        if (t + 1 < tiles) stage.store(As[buf ^ 1], Bs[buf ^ 1], tid);
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < TM; i++) {
        const int m = blk.m0 + (i / 4) * (BM / 2) + ty * 4 + (i % 4);
        if (m >= p.m) continue;
#pragma unroll
        for (int j = 0; j < TN; j++) {
            const int n = blk.n0 + (j / 4) * (BN / 2) + tx * 4 + (j % 4);
            if (n < p.n) blk.put(p, m, n, acc[i][j]);
        }
    }
}

/*
 * The same product on the tensor cores (sm_80 and later; the CPU emulator models the two instructions, see
 * src/test/emu/emu_runtime.h), at
 * float32 accuracy by the 3xTF32 split: each operand x = x_hi + x_lo with x_hi = tf32(x) (10 mantissa bits, rounded)
 * and x_lo = tf32(x - x_hi), and C += a_lo b_hi + a_hi b_lo + a_hi b_hi with float32 accumulation. The dropped
 * a_lo b_lo and the rounding of x_lo are about 2^-22 of |a b|, below float32's own rounding of the sum.
 *
 * Mapping. A block of 256 threads (8 warps, 2 along M by 4 along N) computes a 128 x 128 tile of C; each warp a
 * 64 x 32 piece of it as 4 x 4 m16n8k8 products. K advances 16 at a time through two shared buffers as in rnnx_gemm
 * (the next slice loaded into registers while the current one is multiplied). Rows are padded by 8 floats so that
 * the fragment reads (lane = 4 * row + k within a fragment) hit 32 different banks. The split is done as fragments
 * are read from shared memory.
 */
#if !defined(RNNX_EMULATION)  // the emulator defines both helpers from the PTX ISA's description
__device__ __forceinline__ void rnnx_split_tf32(float x, unsigned &hi, unsigned &lo) {
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(hi) : "f"(x));
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(lo) : "f"(x - __uint_as_float(hi)));
}

/* d += a b for one m16n8k8 tile: a is the 16 x 8 fragment (row-major), b the 8 x 8 one (column-major). */
__device__ __forceinline__ void rnnx_mma_tf32(float (&d)[4], const unsigned (&a)[4], const unsigned (&b)[2]) {
    asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
                 "{%0, %1, %2, %3};\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
#endif

/* A warp's FM x FN m16n8 accumulator tiles into C (warp tile at row wm, column wn of the block's tile): accumulator r
 * of tile (i, j) is C's (row group + 8*(r>>1), column 2*quad + (r&1)) within the m16n8 tile. */
template <int FM, int FN>
__device__ __forceinline__ void rnnx_tf32_put(const GemmArgs &p, const RnnxGemmBlock &blk, int wm, int wn, int lane,
                                              const float (&acc)[FM][FN][4]) {
    const int group = lane >> 2, quad = lane & 3;
#pragma unroll
    for (int i = 0; i < FM; i++)
#pragma unroll
        for (int r = 0; r < 4; r++) {
            const int m = blk.m0 + wm + i * 16 + group + 8 * (r >> 1);
            if (m >= p.m) continue;
#pragma unroll
            for (int j = 0; j < FN; j++) {
                const int n = blk.n0 + wn + j * 8 + 2 * quad + (r & 1);
                if (n < p.n) blk.put(p, m, n, acc[i][j][r]);
            }
        }
}

template <bool TA, bool TB>
__device__ __forceinline__ void rnnx_gemm_tf32x3(const GemmArgs &p) {
    constexpr int BM = 128, BN = 128, BK = 16, PAD = 8, NT = 256;
    constexpr int WM = 64, WN = 32;              // warp tile
    constexpr int FM = WM / 16, FN = WN / 8;     // m16n8 tiles per warp
    __shared__ __align__(16) float As[2][BK][BM + PAD];
    __shared__ __align__(16) float Bs[2][BK][BN + PAD];

    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const int wm = (warp / (BN / WN)) * WM, wn = (warp % (BN / WN)) * WN;
    const int group = lane >> 2, quad = lane & 3;  // fragment row (or column of B) and k within the fragment
    const RnnxGemmBlock blk(p, BM, BN);
    RnnxGemmStage<BM, BN, BK, PAD, NT, TA, TB> stage(p, blk, tid);

    float acc[FM][FN][4];
#pragma unroll
    for (int i = 0; i < FM; i++)
#pragma unroll
        for (int j = 0; j < FN; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) acc[i][j][r] = 0.0f;

    const int tiles = blk.tiles(BK);
    if (tiles > 0) {
        stage.load();
        stage.store(As[0], Bs[0], tid);
        __syncthreads();
    }
    for (int t = 0; t < tiles; t++) {
        const int buf = t & 1;
        if (t + 1 < tiles) stage.load();
#pragma unroll
        for (int k8 = 0; k8 < BK; k8 += 8) {
            // Fragment registers (PTX ISA, mma.m16n8k8 .tf32): a[r] is (row group + 8*(r&1), k quad + 4*(r>>1)),
            // b[r] is (k quad + 4*r, column group). B's fragments are split once for the warp's 4 column tiles,
            // A's one row tile at a time (fewer live registers: all of them at once spilled).
            unsigned bhi[FN][2], blo[FN][2];
#pragma unroll
            for (int j = 0; j < FN; j++)
#pragma unroll
                for (int r = 0; r < 2; r++)
                    rnnx_split_tf32(Bs[buf][k8 + quad + 4 * r][wn + j * 8 + group], bhi[j][r], blo[j][r]);
#pragma unroll
            for (int i = 0; i < FM; i++) {
                unsigned ahi[4], alo[4];
#pragma unroll
                for (int r = 0; r < 4; r++)
                    rnnx_split_tf32(As[buf][k8 + quad + 4 * (r >> 1)][wm + i * 16 + group + 8 * (r & 1)], ahi[r], alo[r]);
#pragma unroll
                for (int j = 0; j < FN; j++) {
                    // The tensor cores add into C without rounding to nearest (the error grew with K: 3.4e-6 of
                    // sum |a b| at K = 6400 on an H200, against 2.5e-7 for plain float32), so each 8-deep slice is
                    // summed from zero there and added to the running sum with an ordinary float32 add. Small terms
                    // first, so that they are not lost against the large one.
                    float part[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                    rnnx_mma_tf32(part, alo, bhi[j]);
                    rnnx_mma_tf32(part, ahi, blo[j]);
                    rnnx_mma_tf32(part, ahi, bhi[j]);
#pragma unroll
                    for (int r = 0; r < 4; r++) acc[i][j][r] += part[r];
                }
            }
        }
        if (t + 1 < tiles) stage.store(As[buf ^ 1], Bs[buf ^ 1], tid);
        __syncthreads();
    }

    rnnx_tf32_put(p, blk, wm, wn, lane, acc);
}

/*
 * A second 3xTF32 product that does the split once per element instead of once per fragment read: the staging
 * registers are split as they are stored to shared memory, which then holds (hi, lo) pairs, and the inner loop is
 * 64-bit shared loads and mma.sync only. rnnx_gemm_tf32x3 splits each element of A once per warp column (4 times)
 * and each element of B once per warp row (2 times) per tile, three instructions a split: 144 of the about 450
 * instructions a warp issues per 16-deep tile, against 48 here. CHUNK is how deep the tensor cores add before the
 * sum goes to the float32 accumulator (8 as rnnx_gemm_tf32x3; 16 halves those adds and keeps a second set of 64
 * accumulators). gemm_check (src/test/gpu) measures both against the first kernel's error and speed.
 *
 * Shared memory (dynamic, RNNX_TF32S_SHARED bytes): As[2][16][132] and Bs[2][16][132] pairs. A row of 132 pairs is
 * 264 words, 8 banks further on per row, so that each half-warp's fragment read (4 rows of 4 consecutive pairs)
 * covers the 32 banks once.
 *
 * BN = 64 (the tf32s64 family, CHUNK 8) halves the block's tile along N: 128 x 64 outputs, the 8 warps 4 along M
 * by 2 along N with 32 x 32 warp tiles (2 x 4 m16n8 products). Each output's sum is formed exactly as with BN = 128
 * (the same 8-deep slices in the same order, three mma.sync each from zero, the same float32 adds), so the outputs
 * are bitwise those of tf32s wherever the K ranges are the same (a split-K launch may cut K differently, the product
 * having more tiles). What changes is the register count: 32 accumulators and 4 staged values of B instead of 64
 * and 8, so that ptxas fits a thread in 128 registers (sm_80 and sm_90, no spills) and two blocks share a
 * multiprocessor, 16 warps to hide the shared-memory and mma latency instead of 8 (the 128 x 128 kernels take 168 to
 * 250 registers: one block). Why 4 x 2 warps rather than 2 x 4 with 64 x 16 warp tiles (which fit 128 registers too):
 * a warp reads 8 A and 8 B fragment pairs a lane per 8-deep slice instead of 16 and 4, 20% fewer shared-memory loads
 * for the same 8 products (the 128 x 128 kernels: 24 for 16). B's rows are 64 + 4 = 68 pairs, 136 words: again 8
 * banks further on per row (136 = 4 * 32 + 8), so the fragment reads stay conflict-free. Shared memory:
 * RNNX_TF32S64_SHARED bytes, 51200 (two blocks: 100 KiB, which sm_80 and sm_90 have; sm_86 and sm_89, 100 KiB a
 * multiprocessor less 1 KiB a block, hold one).
 */
struct __align__(8) RnnxTf32Pair {
    unsigned hi, lo;
};

/* RNNX_TF32S_PITCH, RNNX_TF32S64_PITCH_B and the shared-memory sizes: kernel_args.h (the host launches with them). */

template <bool TA, bool TB, int CHUNK, int BN = 128>
__device__ __forceinline__ void rnnx_gemm_tf32x3_split_once(const GemmArgs &p) {
    constexpr int BM = 128, BK = 16, NT = 256, PITCH = RNNX_TF32S_PITCH;
    constexpr int PITCH_B = BN == 128 ? RNNX_TF32S_PITCH : RNNX_TF32S64_PITCH_B;
    constexpr int WM = BN == 128 ? 64 : 32, WN = 32, FM = WM / 16, FN = WN / 8;  // 2 x 4 or 4 x 2 warps
    static_assert(CHUNK == 8 || CHUNK == BK, "the tensor cores sum 8 or a whole tile deep");
    static_assert(BN == 128 || BN == 64, "a 128 x 128 or 128 x 64 block tile");
    typedef RnnxTf32Pair Tile[BK][PITCH];
    typedef RnnxTf32Pair TileB[BK][PITCH_B];
    Tile *As = reinterpret_cast<Tile *>(rnnx_dynamic_shared());  // As[0], As[1], then Bs[0], Bs[1]
    TileB *Bs = reinterpret_cast<TileB *>(As + 2);

    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const int wm = (warp / (BN / WN)) * WM, wn = (warp % (BN / WN)) * WN;
    const int group = lane >> 2, quad = lane & 3;
    const RnnxGemmBlock blk(p, BM, BN);
    RnnxGemmStage<BM, BN, BK, 0, NT, TA, TB> stage(p, blk, tid);

    float acc[FM][FN][4];
    float part[CHUNK == 8 ? 1 : FM][CHUNK == 8 ? 1 : FN][4];  // the tile's sum on the tensor cores (CHUNK 16)
#pragma unroll
    for (int i = 0; i < FM; i++)
#pragma unroll
        for (int j = 0; j < FN; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) acc[i][j][r] = 0.0f;

    // Stores the staged slice split into (hi, lo) pairs, k-major as rnnx_gemm's tiles.
    auto storeSplit = [&](Tile &a, TileB &b) {
#pragma unroll
        for (int l = 0; l < stage.A_PER; l++) {
            const int idx = tid + l * NT;
            RnnxTf32Pair v;
            rnnx_split_tf32(stage.ra[l], v.hi, v.lo);
            a[TA ? idx / BM : idx % BK][TA ? idx % BM : idx / BK] = v;
        }
#pragma unroll
        for (int l = 0; l < stage.B_PER; l++) {
            const int idx = tid + l * NT;
            RnnxTf32Pair v;
            rnnx_split_tf32(stage.rb[l], v.hi, v.lo);
            b[TB ? idx % BK : idx / BN][TB ? idx / BK : idx % BN] = v;
        }
    };

    const int tiles = blk.tiles(BK);
    if (tiles > 0) {
        stage.load();
        storeSplit(As[0], Bs[0]);
        __syncthreads();
    }
    for (int t = 0; t < tiles; t++) {
        const int buf = t & 1;
        if (t + 1 < tiles) stage.load();
        if (CHUNK != 8) {
#pragma unroll
            for (int i = 0; i < FM; i++)
#pragma unroll
                for (int j = 0; j < FN; j++)
#pragma unroll
                    for (int r = 0; r < 4; r++) part[CHUNK == 8 ? 0 : i][CHUNK == 8 ? 0 : j][r] = 0.0f;
        }
#pragma unroll
        for (int k8 = 0; k8 < BK; k8 += 8) {
            // Fragment positions as in rnnx_gemm_tf32x3.
            unsigned bhi[FN][2], blo[FN][2];
#pragma unroll
            for (int j = 0; j < FN; j++)
#pragma unroll
                for (int r = 0; r < 2; r++) {
                    const RnnxTf32Pair v = Bs[buf][k8 + quad + 4 * r][wn + j * 8 + group];
                    bhi[j][r] = v.hi;
                    blo[j][r] = v.lo;
                }
#pragma unroll
            for (int i = 0; i < FM; i++) {
                unsigned ahi[4], alo[4];
#pragma unroll
                for (int r = 0; r < 4; r++) {
                    const RnnxTf32Pair v = As[buf][k8 + quad + 4 * (r >> 1)][wm + i * 16 + group + 8 * (r & 1)];
                    ahi[r] = v.hi;
                    alo[r] = v.lo;
                }
#pragma unroll
                for (int j = 0; j < FN; j++) {
                    if (CHUNK == 8) {  // summed from zero per 8-deep slice, as rnnx_gemm_tf32x3 (why: there)
                        float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                        rnnx_mma_tf32(s, alo, bhi[j]);
                        rnnx_mma_tf32(s, ahi, blo[j]);
                        rnnx_mma_tf32(s, ahi, bhi[j]);
#pragma unroll
                        for (int r = 0; r < 4; r++) acc[i][j][r] += s[r];
                    } else {
                        float(&s)[4] = part[CHUNK == 8 ? 0 : i][CHUNK == 8 ? 0 : j];
                        rnnx_mma_tf32(s, alo, bhi[j]);
                        rnnx_mma_tf32(s, ahi, blo[j]);
                        rnnx_mma_tf32(s, ahi, bhi[j]);
                    }
                }
            }
        }
        if (CHUNK != 8) {
#pragma unroll
            for (int i = 0; i < FM; i++)
#pragma unroll
                for (int j = 0; j < FN; j++)
#pragma unroll
                    for (int r = 0; r < 4; r++) acc[i][j][r] += part[CHUNK == 8 ? 0 : i][CHUNK == 8 ? 0 : j][r];
        }
        if (t + 1 < tiles) storeSplit(As[buf ^ 1], Bs[buf ^ 1]);
        __syncthreads();
    }

    rnnx_tf32_put(p, blk, wm, wn, lane, acc);
}

#endif

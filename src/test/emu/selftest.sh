#!/usr/bin/env bash
# The CUDA kernels checked without a GPU: builds the CPU emulator of the driver API (build.sh) and runs
# `rnnx selftest --backend cuda` against it, every configuration axis and every autotuning candidate forced one at a
# time, each compared with the scalar reference. The LSTM/GRU cases run once on the automatic plan and once per
# forced gated path (block, cluster, grid, step: selftest's `gated-*:` rows, n/a with the reason where a path cannot
# run a case), plus, for H >= 64, the autotuning candidates no forced path covers (`gated-plan:` rows). About five
# minutes on 2 cores (298 s for both runs below, measured on a machine shared with other builds).
# Needs target/rnnx.jar (mvn package), g++ and cuda.h (CUDA_HOME, default /usr/local/cuda); without them it says
# why and exits 0, as the GPU tests skip on machines without a GPU.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
if ! command -v g++ >/dev/null || [ ! -f "$cuda_home/include/cuda.h" ]; then
    echo "emulator selftest: skipped (needs g++ and $cuda_home/include/cuda.h)"
    exit 0
fi
if [ ! -f target/rnnx.jar ]; then
    echo "emulator selftest: target/rnnx.jar is missing (run mvn package first)" >&2
    exit 1
fi
# A Java 25 runtime: the one the installer would use (RNNX_JDK, JAVA_HOME or /usr/lib/jvm), not whatever is on PATH.
source "$root/installer/common/lib.sh"
find_jdk
java_bin="$JDK/bin/java"
bash "$here/build.sh"
start=$(date +%s)
# Autotuning off: the emulator's timings mean nothing, and selftest forces every candidate plan anyway.
"$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Drnnx.cuda.library="$root/target/emu/libcuda.so.1" -Drnnx.cuda.autotune=false \
    -jar target/rnnx.jar selftest --backend cuda > target/emu/selftest.log 2>&1 || {
    grep -E 'FAIL|rror' target/emu/selftest.log | head -20
    tail -3 target/emu/selftest.log
    echo "emulator selftest: FAILED (target/emu/selftest.log)" >&2
    exit 1
}
echo "emulator selftest: $(grep -E '^selftest: [0-9]' target/emu/selftest.log) in $(( $(date +%s) - start )) s"

# The gated cases once more on the per-step path with the step kernel's own recurrent products
# (-Drnnx.cuda.gated.stepProducts=kernel; --quick: without the variants, which the run above covers): the per-step
# path above takes them from the tiled GEMM, and both stay checked.
start=$(date +%s)
"$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Drnnx.cuda.library="$root/target/emu/libcuda.so.1" -Drnnx.cuda.autotune=false -Drnnx.cuda.gated.path=step \
    -Drnnx.cuda.gated.stepProducts=kernel \
    -jar target/rnnx.jar selftest --backend cuda --quick --filter 'lstm|gru' > target/emu/selftest-gated-step.log 2>&1 || {
    grep -E 'FAIL|rror' target/emu/selftest-gated-step.log | head -20
    tail -3 target/emu/selftest-gated-step.log
    echo "emulator selftest (gated, step products): FAILED (target/emu/selftest-gated-step.log)" >&2
    exit 1
}
echo "emulator selftest (gated, step products): $(grep -E '^selftest: [0-9]' target/emu/selftest-gated-step.log) in $(( $(date +%s) - start )) s"

# The 3xTF32 tensor-core products, which the emulator runs with its model of mma.sync and cvt.rna.tf32
# (emu_runtime.h). First each kernel family alone against a float64 reference (gemm_check.cpp --small: the layouts of
# bigbi's products at small sizes, odd sizes, bias, mask, split K), then whole models with every product on the
# tensor cores (minMacs 0) in the default family: the RNN cases with odd sizes (M, N and K crossing tile edges,
# bidirectional, lengths, dropout, 3 layers), a bidirectional two-layer case with lengths of each cell, and two odd
# LSTM-with-projection and GRU cases (14 cases, about a minute; the whole --quick selftest also passes this way).
# gemm_check covers all four families (tf32s64 with its 128 x 64 tiles and grid too); the 14 cases also pass with
# -Drnnx.cuda.tf32.kernel=tf32s64 (38 s), which this script does not repeat.
start=$(date +%s)
g++ -std=c++17 -O2 -I "$cuda_home/include" -I src/main/cuda src/test/gpu/gemm_check.cpp -L target/emu -l:libcuda.so.1 \
    -Wl,-rpath,'$ORIGIN' -o target/emu/gemm_check
if ! target/emu/gemm_check --small > target/emu/gemm_check.log 2>&1; then
    cat target/emu/gemm_check.log
    echo "emulator gemm_check: FAILED (target/emu/gemm_check.log)" >&2
    exit 1
fi
echo "emulator gemm_check: $(tail -1 target/emu/gemm_check.log | sed 's/^gemm_check: //') in $(( $(date +%s) - start )) s"

start=$(date +%s)
"$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Drnnx.cuda.library="$root/target/emu/libcuda.so.1" -Drnnx.cuda.autotune=false \
    -Drnnx.cuda.tf32=true -Drnnx.cuda.tf32.minMacs=0 \
    -jar target/rnnx.jar selftest --backend cuda --quick \
    --filter '^(tanh|relu)-H|^(tanh|lstmp|gru)-bi-L2-(h0|states)-lengths|lstmp-H70|gru-H45' \
    > target/emu/selftest-tf32.log 2>&1 || {
    grep -E 'FAIL|rror' target/emu/selftest-tf32.log | head -20
    tail -3 target/emu/selftest-tf32.log
    echo "emulator selftest (3xTF32 products): FAILED (target/emu/selftest-tf32.log)" >&2
    exit 1
}
echo "emulator selftest (3xTF32 products): $(grep -E '^selftest: [0-9]' target/emu/selftest-tf32.log) in $(( $(date +%s) - start )) s"

#!/usr/bin/env bash
# GPU check of the CUDA backend, for a machine with an NVIDIA GPU, a Java 25 runtime and PyTorch, but possibly no
# Maven or JDK. Run from the repository root:
#
#   bash src/test/gpu/check.sh            # machine info, rnnx backends, rnnx selftest, bench vs PyTorch, ratios,
#                                         # and a short training run on cuda against simd
#   SWEEP=1 bash src/test/gpu/check.sh    # also times the planner's default plans with autotuning off
#   PATHS=1 ...                           # also times each forced recurrence path on long, mid and wide
#   SKIP_SELFTEST=1 ...                   # timings only
#   RNN=0 ...                             # skips nn.RNN's timings and training run (GATED=0 skips LSTM/GRU's)
#   BENCH_SHAPE=tiny TORCH_DEVICE=cpu ...  # the gated timings on one shape, PyTorch on the CPU (trying the script
#                                         # against the CPU emulator)
#   JUNIT=1 ...                           # also CudaConformanceTest and GatedPyTorchParityTest, with the JUnit
#                                         # console (.device/junit.jar) on .device/gputests.jar (prepare_device.sh)
#   NCU=1 ...                             # also stall reasons of a few recurrence plans (needs ncu)
#   NCU=1 NCU_SOURCE=1 OUT=dir ...        # and per-instruction stall samples as CSV files in dir
#   BEFORE=path/to/other/rnnx.jar ...     # also times that build's CUDA backend on each shape, in the same run
#   PERSISTENT=1 ...                      # auto also chooses and autotunes the persistent LSTM/GRU kernels
#   TF32=1 ...                            # every rnnx run with -Drnnx.cuda.tf32=true (3xTF32 tensor-core products),
#                                         # in the family the matrix-product check timed fastest (or TF32_KERNEL=...)
#   GEMM_CHECK=0 ...                      # skips the matrix-product check (3xTF32 against plain; needs g++, cuda.h)
#   FP32_SHAPES=bigbi ...                 # shapes also timed against cuDNN with TF32 off (default bigbi,wide; none)
#
# Needs: target/rnnx.jar (mvn package; or .device/rnnx.jar, see prepare_device.sh) and a Java 25 runtime: .jre/bin/java if present (a jlink image of java.base
# and jdk.incubator.vector, about 44 MB), else java on the PATH; python3 with torch for the PyTorch side.
# Everything printed also goes to $OUT/check.log when OUT is set, with the raw JSON lines beside it.
# Exit status: 0 when selftest passed and every ratio met its target, 1 otherwise.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../../.." || exit 2

JAVA=java
[ -x .jre/bin/java ] && JAVA=.jre/bin/java
JAR=target/rnnx.jar
# RNNX_JAVA_OPTS adds JVM options, e.g. -Drnnx.cuda.library=... to try the script against the CPU emulator.
JOPTS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED ${RNNX_JAVA_OPTS:-})
# TF32=1: the large products on the tensor cores (3xTF32, opt-in until a run of this script has checked them).
[ -n "${TF32:-}" ] && JOPTS+=(-Drnnx.cuda.tf32=true)
# TF32_KERNEL=tf32|tf32s|tf32s16|tf32s64: which 3xTF32 kernel family (DeviceProducts.TensorCoreFamily); unset with TF32=1,
# the one the matrix-product check below found fastest.
[ -n "${TF32_KERNEL:-}" ] && JOPTS+=(-Drnnx.cuda.tf32.kernel="$TF32_KERNEL")
# PERSISTENT=1: auto may choose and autotune the persistent LSTM/GRU kernels (opt-in until a run of this script has
# checked them; selftest forces every gated path either way).
[ -n "${PERSISTENT:-}" ] && JOPTS+=(-Drnnx.cuda.gated.persistent=true)
if [ ! -f "$JAR" ] && [ -f .device/rnnx.jar ]; then
    # prepare_device.sh's jar leaves out the kernel image, which travels anyway as a tracked source file.
    JAR=.device/rnnx.jar
    JOPTS+=(-Drnnx.cuda.binary=src/main/resources/org/rnnexplorer/engine/backend/cuda/rnnx_kernels.fatbin)
fi
WORK="$(mktemp -d)"
LOG="$WORK/check.log"
if [ -n "${OUT:-}" ]; then
    # Straight into OUT, so that the log so far comes back even when an outer timeout stops this script.
    mkdir -p "$OUT"
    LOG="$OUT/check.log"
fi
status=0

# Each heading carries the seconds since the script started, so that a log cut by an outer timeout still says how long
# every part took (device time is scarce: plan the next run's parts from these).
section() { printf '\n=== [%d s] %s\n' "$SECONDS" "$*"; }

# compare_losses SIMD.csv CUDA.csv FIRST: the per-step losses of two training logs, relative difference
# |a - b| / max(1, |a|); fails when any of the first FIRST steps (0: every step) differs by more than 1e-4.
compare_losses() {
    python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
def losses(path):
    try:
        with open(path) as f:
            return [float(r["loss"]) for r in csv.DictReader(f)]
    except OSError as e:
        print("training: %s" % e)
        return []
simd, cuda = losses(sys.argv[1]), losses(sys.argv[2])
if not simd or len(simd) != len(cuda):
    print("training: %d simd steps against %d cuda steps" % (len(simd), len(cuda)))
    sys.exit(1)
# Float32 rounding differs between the backends and optimisation amplifies it slowly: FIRST > 0 holds only the
# first steps to the conformance bound and reports the whole run.
first = int(sys.argv[3]) or len(simd)
first = min(first, len(simd))
dev = [abs(a - b) / max(1.0, abs(a)) for a, b in zip(simd, cuda)]
worst = max(range(len(dev)), key=dev.__getitem__)
print("steps %d, loss %.6f -> %.6f (simd), %.6f -> %.6f (cuda)" % (len(simd), simd[0], simd[-1], cuda[0], cuda[-1]))
print("largest relative loss difference: first %d steps %.2e, whole run %.2e (step %d)" % (first, max(dev[:first]),
      max(dev), worst + 1))
over = [i for i, v in enumerate(dev) if v > 1e-4]
print("first step past 1e-4: %s; largest in steps 1-100 %.2e, 1-500 %.2e" % (over[0] + 1 if over else "none",
      max(dev[:100]), max(dev[:500])))
sys.exit(0 if max(dev[:first]) <= 1e-4 else 1)
PY
}

# fp32_against RNNX.jsonl CELL: cuDNN again with TF32 off (torch_cuda_bench.py --no-tf32), on the shapes whose time is
# mostly large products (FP32_SHAPES: default bigbi,wide, or BENCH_SHAPE when set; none skips it), and rnnx's ratio
# to it. PyTorch's default lets cuDNN use TF32, which is not float32-accurate; the targets are against the default,
# this table says what float32 costs cuDNN.
fp32_against() {
    local shapes="${FP32_SHAPES:-${BENCH_SHAPE:-bigbi,wide}}"
    [ "$shapes" = none ] && return 0
    section "PyTorch nn.${2^^} on CUDA with TF32 off (cudnn.allow_tf32=False), and the ratio to it"
    timeout 120 python3 src/test/gpu/torch_cuda_bench.py --mode "$2" --shape "$shapes" --no-tf32 \
        --device "${TORCH_DEVICE:-cuda}" > "$WORK/torch-fp32-$2.jsonl"
    echo "torch bench ($2, no TF32) exit status $?"
    python3 src/test/gpu/compare.py fp32 "$1" "$WORK/torch-fp32-$2.jsonl"
}

main() {
    section "machine"
    date -u +%Y-%m-%dT%H:%M:%SZ
    uname -sr
    nvidia-smi || echo "nvidia-smi failed"
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv || true

    if [ "${GEMM_CHECK:-1}" != 0 ]; then
        # The products' kernels alone, from the committed binary, no Java: each family's error against float64 and
        # TFLOP/s (gemm_check.cpp; the CPU emulator runs the same program in CI), < 60 s with the build.
        section "matrix products: plain float32 and the 3xTF32 tensor-core kernels (src/test/gpu/gemm_check.cpp)"
        cuda_home="${CUDA_HOME:-/usr/local/cuda}"
        if command -v g++ >/dev/null && [ -f "$cuda_home/include/cuda.h" ]; then
            g++ -std=c++17 -O2 -I "$cuda_home/include" -I src/main/cuda src/test/gpu/gemm_check.cpp \
                -L "$cuda_home/lib64/stubs" -L "$cuda_home/targets/x86_64-linux/lib/stubs" -lcuda -o "$WORK/gemm_check" \
                && timeout 150 "$WORK/gemm_check" --binary src/main/resources/org/rnnexplorer/engine/backend/cuda/rnnx_kernels.fatbin \
                    > "$WORK/gemm_check.out" 2>&1 || status=1
            cat "$WORK/gemm_check.out"
            # TF32=1 without TF32_KERNEL: the whole-model runs below use the family that was fastest here.
            fastest=$(sed -n 's/^gemm_check: fastest tensor-core family: \([a-z0-9]*\).*/\1/p' "$WORK/gemm_check.out")
            if [ -n "${TF32:-}" ] && [ -z "${TF32_KERNEL:-}" ] && [ -n "$fastest" ]; then
                JOPTS+=(-Drnnx.cuda.tf32.kernel="$fastest")
                echo "check.sh: the runs below use the $fastest tensor-core kernels (-Drnnx.cuda.tf32.kernel=$fastest)"
            fi
        else
            echo "check.sh: no g++ or $cuda_home/include/cuda.h; matrix-product check not run"
        fi
    fi

    section "java runtime ($JAVA)"
    "$JAVA" -version 2>&1
    if [ ! -f "$JAR" ]; then echo "check.sh: $JAR is missing (run mvn package first)"; return 1; fi
    "$JAVA" -jar "$JAR" --version 2>&1; ls -l "$JAR"; sha256sum "$JAR" 2>/dev/null

    section "rnnx backends"
    "$JAVA" "${JOPTS[@]}" -jar "$JAR" backends 2>&1
    # If the committed (size-compressed) fatbin does not load, try an uncompressed sm_90 build when one was carried.
    if ! "$JAVA" "${JOPTS[@]}" -jar "$JAR" backends 2>/dev/null | grep -q '^cuda available' && [ -f .gpu/rnnx_kernels_sm90_plain.fatbin ]; then
        echo "check.sh: retrying with -Drnnx.cuda.binary=.gpu/rnnx_kernels_sm90_plain.fatbin"
        JOPTS+=(-Drnnx.cuda.binary=.gpu/rnnx_kernels_sm90_plain.fatbin)
        "$JAVA" "${JOPTS[@]}" -jar "$JAR" backends 2>&1
    fi
    if ! "$JAVA" "${JOPTS[@]}" -jar "$JAR" backends 2>/dev/null | grep -q '^cuda available'; then
        echo "check.sh: the CUDA backend is unavailable (reason above); nothing more to check"
        return 1
    fi

    section "smoke: one small case per recurrence path (a hang here is a kernel deadlock; 124 = timed out)"
    for path in block cluster grid step; do
        RNNX_DEBUG=1 timeout 60 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.path=$path -jar "$JAR" selftest --backend cuda --quick \
            --filter '^tanh-bi-L2-h0-lengths$' 2>&1 | grep -E 'tanh-bi|error|rror:|Exception|^\s+at ' | head -12
        echo "$path: exit status ${PIPESTATUS[0]}"
    done

    if [ -z "${SKIP_SELFTEST:-}" ]; then
        section "rnnx selftest --backend cuda --shapes"
        start=$(date +%s)
        # -Drnnx.cuda.profile: each row's "how" ends with the GPU milliseconds per phase of its last forward/backward.
        # Rows print as cases finish, in ConformanceCases order: after a timeout (124) the hung case is the next one.
        RNNX_DEBUG=1 timeout 300 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.profile=true -jar "$JAR" selftest --backend cuda --shapes 2>&1
        rc=$?
        echo "selftest exit status $rc after $(( $(date +%s) - start )) s"
        [ $rc -eq 0 ] || status=1
    fi

    if [ "${RNN:-1}" != 0 ]; then
        section "rnnx bench --shape all --backend cuda --json"
        if "$JAVA" "${JOPTS[@]}" -jar "$JAR" --help 2>/dev/null | grep -qE '^ +bench +'; then
            # Autotuning's log (every candidate plan timed at the first call of each shape) goes to cuda.err.
            timeout 300 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.autotune.log=true -jar "$JAR" bench --shape all --backend cuda --json \
                > "$WORK/cuda.jsonl" 2> "$WORK/cuda.err"
            echo "bench exit status $?"
            cat "$WORK/cuda.jsonl" "$WORK/cuda.err"
        else
            echo "this rnnx.jar has no bench command (merge the bench branch); no CUDA timings"
            : > "$WORK/cuda.jsonl"
            status=1
        fi

        section "GPU time per phase of bench's last passes (-Drnnx.cuda.profile=true; events add a little time)"
        # With resident inputs: proj is the input projection alone, rec the recurrence, grads the input gradient, wait
        # how long the main stream waits for the side stream's weight gradients. Times from these runs are not the bench's.
        for shape in long mid; do
            timeout 90 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.profile=true -jar "$JAR" bench --shape $shape --backend cuda --warmup 3 --repeat 3 2>&1 \
                | grep -vE '^WARNING|^shape'
        done

        section "PyTorch nn.RNN on CUDA (default cuDNN settings)"
        timeout 200 python3 src/test/gpu/torch_cuda_bench.py > "$WORK/torch.jsonl"
        echo "torch bench exit status $?"
        cat "$WORK/torch.jsonl"

        section "ratios (PyTorch time / rnnx time; > 1 means rnnx is faster)"
        python3 src/test/gpu/compare.py ratios "$WORK/cuda.jsonl" "$WORK/torch.jsonl" || status=1
        fp32_against "$WORK/cuda.jsonl" rnn

        section "training: rnnx train on cuda against simd (same seed, batches and steps; losses compared step by step)"
        # TRAIN_ARGS replaces the run (e.g. a smaller one against the CPU emulator).
        train_args=(${TRAIN_ARGS:---task adding --seq-len 200 --hidden-size 128 --batch-size 32 --steps 100 --seed 1})
        for backend in simd cuda; do
            t0=$(date +%s.%N)
            timeout 300 "$JAVA" "${JOPTS[@]}" -jar "$JAR" train "${train_args[@]}" --backend $backend \
                --log "$WORK/train-$backend.csv" 2>&1 | grep -vE '^WARNING' | tail -1
            echo "$backend: exit status ${PIPESTATUS[0]}, $(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)") s wall"
        done
        compare_losses "$WORK/train-simd.csv" "$WORK/train-cuda.csv" 20 || status=1
    fi

    if [ "${GATED:-1}" != 0 ]; then
        # LSTM and GRU (issue 17): the same timings beside nn.LSTM/nn.GRU with cuDNN, and the remedy's training run.
        for cell in lstm gru; do
            section "rnnx bench --mode $cell --shape all --backend cuda --json"
            timeout 300 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.autotune.log=true -jar "$JAR" bench --mode $cell --shape "${BENCH_SHAPE:-all}" \
                --backend cuda --json > "$WORK/cuda-$cell.jsonl" 2> "$WORK/cuda-$cell.err"
            echo "bench ($cell) exit status $?"
            cat "$WORK/cuda-$cell.jsonl"; grep -vE '^WARNING' "$WORK/cuda-$cell.err" | tail -40
            section "PyTorch nn.${cell^^} on CUDA (default cuDNN settings)"
            timeout 200 python3 src/test/gpu/torch_cuda_bench.py --mode $cell --shape "${BENCH_SHAPE:-all}" \
                --device "${TORCH_DEVICE:-cuda}" > "$WORK/torch-$cell.jsonl"
            echo "torch bench ($cell) exit status $?"
            cat "$WORK/torch-$cell.jsonl"
            section "ratios, $cell (PyTorch time / rnnx time; > 1 means rnnx is faster)"
            python3 src/test/gpu/compare.py ratios "$WORK/cuda-$cell.jsonl" "$WORK/torch-$cell.jsonl" $cell || status=1
            fp32_against "$WORK/cuda-$cell.jsonl" $cell
        done
        # The remedy preset's runs B and C: adding problem, T 100, H 32, batch 32, Adam lr 0.01, no clipping.
        remedy_args=(${REMEDY_ARGS:---task adding --seq-len 100 --hidden-size 32 --batch-size 32 --optimizer adam --lr 0.01 --steps 1500 --seed 1})
        for cell in lstm gru; do
            section "training: the remedy's $cell on cuda against simd (same seed, batches and steps)"
            for backend in simd cuda; do
                t0=$(date +%s.%N)
                timeout 300 "$JAVA" "${JOPTS[@]}" -jar "$JAR" train "${remedy_args[@]}" --mode $cell --backend $backend \
                    --log "$WORK/train-$cell-$backend.csv" 2>&1 | grep -vE '^WARNING' | tail -1
                echo "$backend: exit status ${PIPESTATUS[0]}, $(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)") s wall"
            done
            # Issue 17 asks for 1e-4 at every step. The LSTM's run has a transition near step 1100 (the loss falls
            # from 0.14 to 0.01 in 30 steps while the gradient norm jumps 30x) that amplifies float32 rounding: there
            # the two CPU backends part too (scalar against simd: 2e-8 up to step 1112, 3.4e-2 at step 1133). So the
            # first 1000 steps are held to 1e-4 and the whole run is reported.
            compare_losses "$WORK/train-$cell-simd.csv" "$WORK/train-$cell-cuda.csv" 1000 || status=1
        done
    fi

    if [ -n "${JUNIT:-}" ]; then
        section "JUnit on the GPU: CudaConformanceTest and GatedPyTorchParityTest"
        if [ -f .device/junit.jar ] && [ -f .device/gputests.jar ]; then
            timeout 400 "$JAVA" "${JOPTS[@]}" -jar .device/junit.jar execute -cp "$JAR:.device/gputests.jar" \
                --select-class org.rnnexplorer.engine.backend.cuda.CudaConformanceTest \
                --select-class org.rnnexplorer.engine.GatedPyTorchParityTest \
                --disable-banner --details=summary --details-theme=ascii 2>&1 | grep -vE '^WARNING' | tail -60
            rc=${PIPESTATUS[0]}
            echo "junit exit status $rc"
            [ $rc -eq 0 ] || status=1
        else
            echo "check.sh: .device/junit.jar or .device/gputests.jar missing (run src/test/gpu/prepare_device.sh here first)"
            status=1
        fi
    fi

    if [ -n "${BEFORE:-}" ]; then
        section "this build against $BEFORE (rnnx bench, CUDA, same run; BEFORE_OPTS: $BEFORE_OPTS)"
        timeout 300 "$JAVA" "${JOPTS[@]}" ${BEFORE_OPTS:-} -jar "$BEFORE" bench --shape all --backend cuda --json \
            > "$WORK/before.jsonl" 2> /dev/null
        echo "bench (before) exit status $?"
        python3 src/test/gpu/compare.py before "$WORK/cuda.jsonl" "$WORK/before.jsonl"
    fi
    if [ -n "${SWEEP:-}" ]; then
        section "the planner's default plans, autotuning off (rnnx bench -Drnnx.cuda.autotune=false)"
        timeout 120 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.autotune=false -jar "$JAR" bench --shape all --backend cuda --json 2>&1 \
            | grep -E '^\{|rror'
    fi
    if [ -n "${PATHS:-}" ]; then
        section "forced recurrence paths (rnnx bench per shape and path)"
        for shape in long mid wide; do
            for path in block cluster grid step; do
                printf '%-5s %-8s ' "$shape" "$path"
                timeout 60 "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.path=$path -jar "$JAR" bench --shape $shape --backend cuda --json 2>&1 | grep -E '^\{|rror|unavailable' | head -2 | tr '\n' ' '
                echo
            done
        done
    fi
    if [ -n "${NCU:-}" ] && command -v ncu >/dev/null; then
        # Stall reasons of one forward recurrence launch per plan (kernel replay; autotuning off so the plan is fixed).
        stalls='regex:smsp__average_warps_issue_stalled_.*_per_issue_active\.ratio'
        # NCU_PLANS: "shape path variant cluster" entries separated by semicolons.
        IFS=';' read -r -a plans <<< "${NCU_PLANS:-long block s4_k32_e1 0;long block s2_k64_e1 0;mid cluster s4_k64_e1 8}"
        for spec in "${plans[@]}"; do
            set -- $spec
            section "ncu: $1 forward, $2 $3 cluster $4"
            timeout 120 ncu --kernel-name "regex:rnnx_rec_fwd_$2_$3" --launch-skip 3 --launch-count 1 \
                --metrics "$stalls,smsp__inst_executed.sum,smsp__cycles_active.avg,sm__cycles_elapsed.max,gpu__time_duration.sum" \
                "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.autotune=false -Drnnx.cuda.path=$2 -Drnnx.cuda.variant=$3 \
                -Drnnx.cuda.cluster=$4 -jar "$JAR" bench --shape $1 --backend cuda --warmup 3 --repeat 1 2>&1 \
                | grep -vE '^==PROF==|WARNING' | grep -E 'rnnx_rec|stalled|inst_executed|cycles|duration|shape|^long|^mid|rror' \
                | awk '$NF != "0" && $NF != "0.00"'
            if [ -n "${NCU_SOURCE:-}" ] && [ -n "${OUT:-}" ]; then
                # Per-instruction stall samples (SASS) of the same launch, as CSV beside the log.
                mkdir -p "$OUT"
                timeout 180 ncu --kernel-name "regex:rnnx_rec_fwd_$2_$3" --launch-skip 3 --launch-count 1 \
                    --section WarpStateStats --section SourceCounters --page source --print-source sass --csv \
                    "$JAVA" "${JOPTS[@]}" -Drnnx.cuda.autotune=false -Drnnx.cuda.path=$2 -Drnnx.cuda.variant=$3 \
                    -Drnnx.cuda.cluster=$4 -jar "$JAR" bench --shape $1 --backend cuda --warmup 3 --repeat 1 \
                    > "$OUT/ncu-source-$1-$2-$3-$4.csv" 2>&1
                echo "ncu source page: exit status $?, $(wc -l < "$OUT/ncu-source-$1-$2-$3-$4.csv") lines in ncu-source-$1-$2-$3-$4.csv"
            fi
        done
    fi
    return $status
}

main 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
if [ -n "${OUT:-}" ]; then
    mkdir -p "$OUT"
    cp "$WORK"/*.jsonl "$OUT"/ 2>/dev/null
fi
echo "check.sh: exit status $rc"
exit "$rc"

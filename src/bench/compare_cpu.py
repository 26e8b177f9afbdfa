#!/usr/bin/python3
"""PyTorch's nn.RNN, nn.LSTM or nn.GRU against `rnnx bench --mode rnn|lstm|gru` on the standard shapes, on this
machine's CPU, in one run.

For each round and each shape, PyTorch and rnnx are timed one after the other (alternating, so that both see the
same machine load), and the medians of the rounds are compared. Prints a markdown table with the ratio
PyTorch time / our time (above 1: we are faster) and our GFLOP/s as a fraction of the measured FMA peak.

Run from the repository root after `mvn -q -B -DskipTests package`:

    /usr/bin/python3 src/bench/compare_cpu.py [--mode rnn|lstm|gru] [--shapes tiny,long,mid,bigbi,wide] [--rounds 3]

PyTorch runs in a child process (this script with --torch-worker) whose environment has every OPENBLAS_* variable
removed, so that OpenBLAS picks its own kernels for this CPU (a variable such as OPENBLAS_CORETYPE left over from
another tool would pin older ones and flatter us). Needs Debian's python3-torch with libopenblas0-pthread (checked
in the child: without OpenBLAS torch falls back to the reference BLAS and the comparison would flatter us).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

MODULES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}  # --mode: the torch.nn class, as `rnnx bench --mode` times
SHAPES = {  # name: (T, B, I, H, layers, bidirectional), as in shared/spec/performance.md
    "tiny": (100, 1, 1, 32, 1, False),
    "long": (1000, 1, 8, 128, 1, False),
    "mid": (200, 32, 64, 256, 2, False),
    "bigbi": (100, 64, 512, 1024, 2, True),
    "wide": (1000, 16, 128, 512, 1, False),
}
FLOORS = {"tiny": 3.0, "long": 3.0, "mid": 1.5, "wide": 1.5, "bigbi": 1.0}  # shared/spec/performance.md, both columns
WARMUP_SECONDS = 1.5
MEASURE_SECONDS = 6.0


def blas_library(torch):
    """The BLAS shared library torch has loaded (after one matmul), from this process's memory map."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted(libs)


def median_ms(fn):
    """Median wall time of fn() in ms, as rnnx bench does it: warm-up for at least WARMUP_SECONDS (3 rounds, or 1
    when a round takes over a second: PyTorch has no JIT to warm), then rounds filling MEASURE_SECONDS (3 to 51)."""
    start = time.perf_counter()
    rounds = 0
    last = 0.0
    while rounds < 1 or (rounds < 3 and last < 1.0) or time.perf_counter() - start < WARMUP_SECONDS:
        t0 = time.perf_counter()
        fn()
        last = time.perf_counter() - t0
        rounds += 1
    repeat = int(max(3, min(51, MEASURE_SECONDS / max(last, 1e-6))))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def openblas_core(libs):
    """The kernel set OpenBLAS chose for this CPU (openblas_get_corename of the loaded library that has it: Debian's
    libblas.so.3 is a wrapper around libopenblas), or '?' where none says."""
    import ctypes
    for lib in libs:
        try:
            name = ctypes.CDLL(lib).openblas_get_corename
            name.restype = ctypes.c_char_p
            return name().decode()
        except (OSError, AttributeError):
            continue
    return "?"


def torch_times(torch, mode, shape):
    """(forward ms, forward+backward ms) of nn.RNN, nn.LSTM or nn.GRU on a shape, timed as rnnx bench times itself:
    forward under no_grad; forward+backward with gradients of ones on output and h_n (an LSTM's c_n gets none, as
    `rnnx bench` passes none), reaching every parameter and the input."""
    t, b, i, h, layers, bidi = SHAPES[shape]
    torch.manual_seed(0)
    rnn = getattr(torch.nn, MODULES[mode])(i, h, num_layers=layers, bidirectional=bidi)
    x = torch.rand(t, b, i) * 2 - 1

    def forward():
        with torch.no_grad():
            rnn(x)

    xg = x.clone().requires_grad_(True)

    def forward_backward():
        rnn.zero_grad(set_to_none=True)
        xg.grad = None
        out, state = rnn(xg)
        hn = state[0] if mode == "lstm" else state
        torch.autograd.backward([out, hn], [torch.ones_like(out), torch.ones_like(hn)])

    return median_ms(forward), median_ms(forward_backward)


def torch_worker(threads):
    """The child's loop: one JSON request per line on stdin ({"mode", "shape"}, or {"info": true}), one JSON answer
    per line on stdout."""
    import torch
    torch.set_num_threads(threads)
    libs = blas_library(torch)
    openblas = next((lib for lib in libs if "openblas" in lib), None)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("info"):
            answer = {"torch": torch.__version__, "blas": libs, "openblas": openblas,
                      "core": openblas_core([lib for lib in libs if "openblas" in lib]), "threads": torch.get_num_threads(),
                      "openblas_env": sorted(k for k in os.environ if k.startswith("OPENBLAS_"))}
        else:
            fwd, fwd_bwd = torch_times(torch, request["mode"], request["shape"])
            answer = {"fwd_ms": fwd, "fwdbwd_ms": fwd_bwd}
        print(json.dumps(answer), flush=True)


class TorchProcess:
    """PyTorch in a child process whose environment has no OPENBLAS_* variable (OpenBLAS reads them when loaded)."""

    def __init__(self, threads):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENBLAS_")}
        self.child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--torch-worker",
                                       "--threads", str(threads)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def ask(self, request):
        self.child.stdin.write(json.dumps(request) + "\n")
        self.child.stdin.flush()
        line = self.child.stdout.readline()
        if not line:
            sys.exit(f"compare_cpu.py: the PyTorch child process ended (exit {self.child.wait()})")
        return json.loads(line)

    def close(self):
        self.child.stdin.close()
        self.child.wait()


def rnnx(java, jar, args):
    cmd = [java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", jar] + args
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def measure_peaks(args):
    """{threads: GFLOP/s} from `rnnx bench --peak` (best short window on 1 thread and on all cores)."""
    return {p["peak_threads"]: p["gflops"] for p in rnnx(args.java, args.jar, ["bench", "--peak", "--json"])}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", default="rnn", choices=sorted(MODULES),
                    help="cell: nn.RNN (tanh), nn.LSTM or nn.GRU against rnnx bench --mode (default rnn)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shape names (default: all)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians over rounds (default 3)")
    ap.add_argument("--backend", default="simd", help="rnnx backend (default simd)")
    ap.add_argument("--java", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
    ap.add_argument("--jar", default="target/rnnx.jar")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--torch-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.torch_worker:
        torch_worker(args.threads)
        return
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    for s in shapes:
        if s not in SHAPES:
            sys.exit(f"compare_cpu.py: unknown shape '{s}' (expected {', '.join(SHAPES)})")
    if not os.path.exists(args.jar):
        sys.exit(f"compare_cpu.py: {args.jar} not found; build it with mvn -q -B -DskipTests package")

    pytorch = TorchProcess(args.threads)
    info = pytorch.ask({"info": True})
    if info["openblas"] is None:
        sys.exit("compare_cpu.py: torch is not using OpenBLAS (loaded: %s); install libopenblas0-pthread"
                 % (info["blas"] or "none"))
    if info["openblas_env"]:
        sys.exit("compare_cpu.py: OPENBLAS_* variables reached the PyTorch process: %s" % info["openblas_env"])
    load_before = os.getloadavg()
    peaks = measure_peaks(args)

    torch_fwd = {s: [] for s in shapes}
    torch_fb = {s: [] for s in shapes}
    ours_fwd = {s: [] for s in shapes}
    ours_fb = {s: [] for s in shapes}
    ours_gflops = {s: [] for s in shapes}
    for r in range(args.rounds):
        for s in shapes:
            tt = pytorch.ask({"mode": args.mode, "shape": s})
            f, fb = tt["fwd_ms"], tt["fwdbwd_ms"]
            torch_fwd[s].append(f)
            torch_fb[s].append(fb)
            o = rnnx(args.java, args.jar, ["bench", "--shape", s, "--mode", args.mode, "--backend", args.backend,
                                           "--json"])[0]
            ours_fwd[s].append(o["fwd_ms"])
            ours_fb[s].append(o["fwdbwd_ms"])
            ours_gflops[s].append(o["gflops"])
            print(f"round {r + 1}/{args.rounds} {args.mode} {s}: torch {f:.3f} / {fb:.3f} ms, rnnx {o['fwd_ms']:.3f} / "
                  f"{o['fwdbwd_ms']:.3f} ms; load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    load_after = os.getloadavg()
    pytorch.close()
    # The peak is a property of the machine: keep the best of a measurement before and after the run.
    for threads, gflops in measure_peaks(args).items():
        peaks[threads] = max(peaks.get(threads, 0.0), gflops)
    # On a shared machine both cores are rarely free at once for a whole window, so the all-core measurement can
    # fall short of the hardware; the cores are identical, so cores × the 1-thread peak bounds it too. Use the
    # larger (the smaller, more conservative fraction).
    cores = max(peaks)
    peak_all = max(peaks[cores], cores * peaks.get(1, 0.0))

    med = statistics.median
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores. nn.{MODULES[args.mode]} in torch {info['torch']} with "
          f"{info['openblas']} (OpenBLAS kernels: {info['core']}; no OPENBLAS_* variable in its environment), "
          f"torch.set_num_threads({info['threads']}); rnnx bench --mode {args.mode} --backend {args.backend}.")
    print(f"FMA peak (rnnx bench --peak, best of before/after): {peaks.get(1, float('nan')):.1f} GFLOP/s on 1 thread, "
          f"{peaks[cores]:.1f} GFLOP/s measured on {cores} threads; % of peak below is of {peak_all:.1f} GFLOP/s. "
          f"Load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f}. "
          f"Medians of {args.rounds} alternating rounds.")
    print()
    print("| shape | torch fwd ms | ours fwd ms | ratio | torch fwd+bwd ms | ours fwd+bwd ms | ratio | our GFLOP/s | % of peak |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in shapes:
        tf, of = med(torch_fwd[s]), med(ours_fwd[s])
        tb, ob = med(torch_fb[s]), med(ours_fb[s])
        g = med(ours_gflops[s])
        print(f"| {s} | {tf:.3f} | {of:.3f} | {tf / of:.2f}× | {tb:.3f} | {ob:.3f} | {tb / ob:.2f}× | {g:.1f} | "
              f"{100 * g / peak_all:.1f}% |")
    print()
    short = [f"{s} {col} {t / o:.2f}× < {FLOORS[s]}×" for s in shapes
             for col, t, o in (("fwd", med(torch_fwd[s]), med(ours_fwd[s])), ("fwd+bwd", med(torch_fb[s]), med(ours_fb[s])))
             if t / o < FLOORS[s]]
    print("Floors (3× tiny and long, 1.5× mid and wide, 1× bigbi, both columns): "
          + ("met on every shape run." if not short else "NOT met: " + "; ".join(short) + "."))


if __name__ == "__main__":
    main()

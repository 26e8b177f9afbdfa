"""Tables of check.sh from `rnnx bench --json` / torch_cuda_bench.py output (JSON lines, one per shape).

    python3 compare.py ratios CUDA.jsonl TORCH.jsonl [rnn|lstm|gru]
                                                       PyTorch time / rnnx time per shape against the cell's targets;
                                                       exit status 1 when a shape is missing or short of its target
    python3 compare.py before NOW.jsonl BEFORE.jsonl   speed-up of this build over another, per shape
    python3 compare.py fp32 CUDA.jsonl TORCH_FP32.jsonl
                                                       the same ratios against cuDNN held to float32 (--no-tf32),
                                                       for the shapes timed that way; reported, no targets
"""
import json
import sys

# Floors: forward and forward+backward both at least this many times faster than PyTorch with cuDNN. nn.RNN: issue
# 6's; nn.LSTM and nn.GRU: issue 17's (wide only 1x: cuDNN's gated kernels are relatively stronger there).
TARGETS = {"tiny": 1.0, "long": 2.0, "mid": 2.0, "bigbi": 0.5, "wide": 2.0}
GATED_TARGETS = {"tiny": 1.0, "long": 2.0, "mid": 2.0, "bigbi": 0.5, "wide": 1.0}


def load(path):
    """The rows of a JSON-lines file by shape; other lines (warnings, log text) are skipped."""
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    row = json.loads(line)
                    rows[row["shape"]] = row
                except (ValueError, KeyError):
                    pass
    return rows


def ratios(cuda, torch, mode="rnn"):
    ok = True
    targets = TARGETS if mode == "rnn" else GATED_TARGETS
    print("%-6s %12s %12s %8s %14s %14s %8s %7s  %s" % ("shape", "rnnx fwd ms", "torch fwd ms", "fwd x",
          "rnnx f+b ms", "torch f+b ms", "f+b x", "target", "verdict"))
    for shape, target in targets.items():
        c, t = cuda.get(shape), torch.get(shape)
        if c is None or t is None:
            print("%-6s missing %s" % (shape, "rnnx" if c is None else "torch"))
            ok = False
            continue
        fx = t["fwd_ms"] / c["fwd_ms"]
        bx = t["fwdbwd_ms"] / c["fwdbwd_ms"]
        verdict = "meets" if min(fx, bx) >= target else "SHORT by %.2fx" % (target / min(fx, bx))
        ok = ok and min(fx, bx) >= target
        print("%-6s %12.4f %12.4f %8.2f %14.4f %14.4f %8.2f %7.1f  %s" % (shape, c["fwd_ms"], t["fwd_ms"], fx,
              c["fwdbwd_ms"], t["fwdbwd_ms"], bx, target, verdict))
    return ok


def speedups(now, other, other_label, ratio_label):
    """other's time over now's, per shape present in both (no targets)."""
    print("%-6s %12s %12s %8s %14s %14s %8s" % ("shape", other_label + " fwd", "rnnx fwd", ratio_label,
                                                other_label + " f+b", "rnnx f+b", ratio_label))
    for shape, n in now.items():
        o = other.get(shape)
        if o is not None:
            print("%-6s %12.4f %12.4f %8.2f %14.4f %14.4f %8.2f" % (shape, o["fwd_ms"], n["fwd_ms"],
                  o["fwd_ms"] / n["fwd_ms"], o["fwdbwd_ms"], n["fwdbwd_ms"], o["fwdbwd_ms"] / n["fwdbwd_ms"]))
    return True


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in ("ratios", "before", "fp32"):
        sys.exit(__doc__)
    if sys.argv[1] == "ratios":
        mode = sys.argv[4] if len(sys.argv) == 5 else "rnn"
        if mode not in ("rnn", "lstm", "gru"):
            sys.exit("compare.py: the cell must be rnn, lstm or gru, got '%s'" % mode)
        sys.exit(0 if ratios(load(sys.argv[2]), load(sys.argv[3]), mode) else 1)
    if sys.argv[1] == "fp32":
        sys.exit(0 if speedups(load(sys.argv[2]), load(sys.argv[3]), "fp32", "x") else 1)
    sys.exit(0 if speedups(load(sys.argv[2]), load(sys.argv[3]), "before", "speedup") else 1)

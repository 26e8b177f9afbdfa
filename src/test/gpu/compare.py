"""Tables of check.sh from `rnnx bench --json` / torch_cuda_bench.py output (JSON lines, one per shape).

    python3 compare.py ratios CUDA.jsonl TORCH.jsonl   PyTorch time / rnnx time per shape against the targets;
                                                       exit status 1 when a shape is missing or short of its target
    python3 compare.py before NOW.jsonl BEFORE.jsonl   speed-up of this build over another, per shape
"""
import json
import sys

# Issue 6's floors: forward and forward+backward both at least this many times faster than PyTorch with cuDNN.
TARGETS = {"tiny": 1.0, "long": 2.0, "mid": 2.0, "bigbi": 0.5, "wide": 2.0}


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


def ratios(cuda, torch):
    ok = True
    print("%-6s %12s %12s %8s %14s %14s %8s %7s  %s" % ("shape", "rnnx fwd ms", "torch fwd ms", "fwd x",
          "rnnx f+b ms", "torch f+b ms", "f+b x", "target", "verdict"))
    for shape, target in TARGETS.items():
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


def before(now, old):
    print("%-6s %12s %12s %8s %14s %14s %8s" % ("shape", "before fwd", "now fwd", "speedup", "before f+b", "now f+b",
                                                "speedup"))
    for shape, n in now.items():
        b = old.get(shape)
        if b is not None:
            print("%-6s %12.4f %12.4f %8.2f %14.4f %14.4f %8.2f" % (shape, b["fwd_ms"], n["fwd_ms"],
                  b["fwd_ms"] / n["fwd_ms"], b["fwdbwd_ms"], n["fwdbwd_ms"], b["fwdbwd_ms"] / n["fwdbwd_ms"]))
    return True


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("ratios", "before"):
        sys.exit(__doc__)
    table = ratios if sys.argv[1] == "ratios" else before
    sys.exit(0 if table(load(sys.argv[2]), load(sys.argv[3])) else 1)

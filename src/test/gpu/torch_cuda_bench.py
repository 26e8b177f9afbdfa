#!/usr/bin/env python3
"""Times torch.nn.RNN, nn.LSTM or nn.GRU on CUDA (default cuDNN settings) on the standard shapes, as
`rnnx bench --mode rnn|lstm|gru` times the engine.

Prints one JSON line per shape: {"shape", "backend": "torch-cuda", "mode" (gated cells only), "fwd_ms", "fwdbwd_ms",
"gflops"}, medians of wall-clock times with torch.cuda.synchronize() around each run. Forward runs under no_grad;
forward+backward gives the input requires_grad and back-propagates ones on output and h_n (an LSTM's c_n gets none,
as rnnx bench passes none). gflops counts the forward pass, 2*B*G*H*(H+in_k) per step per layer and direction (G
gate blocks: 1, 4 or 3), over the forward median. Info goes to stderr.

With --no-tf32 cuDNN and matmul may not use TF32 (torch.backends.cudnn.allow_tf32 = False, as
torch.backends.cuda.matmul.allow_tf32): cuDNN then computes in float32 as rnnx does, and the rows say
"backend": "torch-cuda-fp32". PyTorch's default lets cuDNN's RNNs use TF32 (10-bit mantissa products), which is
faster but not float32-accurate; check.sh reports both.

Usage: python3 src/test/gpu/torch_cuda_bench.py [--mode rnn|lstm|gru] [--shape NAME[,NAME...]|all] [--budget SECONDS]
       [--device cuda] [--no-tf32]
"""
import argparse
import json
import statistics
import sys
import time

import torch

SHAPES = {  # T, B, I, H, layers, bidirectional (performance.md)
    "tiny": (100, 1, 1, 32, 1, False),
    "long": (1000, 1, 8, 128, 1, False),
    "mid": (200, 32, 64, 256, 2, False),
    "bigbi": (100, 64, 512, 1024, 2, True),
    "wide": (1000, 16, 128, 512, 1, False),
}


MODULES = {"rnn": ("RNN", 1), "lstm": ("LSTM", 4), "gru": ("GRU", 3)}  # --mode: torch.nn class, gate blocks G


def forward_flops(t, b, i, h, layers, bidi, gates=1):
    d = 2 if bidi else 1
    total = 0
    for k in range(layers):
        inp = i if k == 0 else d * h
        total += d * t * 2 * b * gates * h * (inp + h)
    return total


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def median_ms(fn, budget, min_runs=10, max_runs=300, warmup=5):
    for _ in range(warmup):
        fn()
    sync()
    times = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < budget):
        sync()
        t0 = time.perf_counter()
        fn()
        sync()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def bench(name, budget, device, mode="rnn", label=None):
    t, b, i, h, layers, bidi = SHAPES[name]
    module, gates = MODULES[mode]
    dev = torch.device(device)
    torch.manual_seed(0)
    rnn = getattr(torch.nn, module)(i, h, num_layers=layers, bidirectional=bidi).to(dev)
    x = torch.randn(t, b, i, device=dev)

    def fwd():
        with torch.no_grad():
            rnn(x)

    xg = x.clone().requires_grad_(True)

    def fwdbwd():
        out, state = rnn(xg)
        hn = state[0] if mode == "lstm" else state
        torch.autograd.backward([out, hn], [torch.ones_like(out), torch.ones_like(hn)])
        rnn.zero_grad(set_to_none=True)
        xg.grad = None

    fwd_ms = median_ms(fwd, budget)
    fwdbwd_ms = median_ms(fwdbwd, budget)
    gflops = forward_flops(t, b, i, h, layers, bidi, gates) / (fwd_ms * 1e6)
    row = {"shape": name, "backend": label or "torch-" + device}
    if mode != "rnn":
        row["mode"] = mode
    return {**row, "fwd_ms": round(fwd_ms, 4), "fwdbwd_ms": round(fwdbwd_ms, 4),
            "gflops": round(gflops, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="rnn", choices=sorted(MODULES), help="nn.RNN (tanh), nn.LSTM or nn.GRU")
    ap.add_argument("--shape", default="all")
    ap.add_argument("--budget", type=float, default=1.5)
    ap.add_argument("--device", default="cuda", help="cuda (default); cpu only to try the script out")
    ap.add_argument("--no-tf32", action="store_true", help="cuDNN and matmul in strict float32 (no TF32)")
    args = ap.parse_args()
    label = None
    if args.no_tf32:
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
        label = "torch-%s-fp32" % args.device
    if args.device == "cuda" and not torch.cuda.is_available():
        print("torch_cuda_bench: torch sees no CUDA device", file=sys.stderr)
        return 1
    if args.device == "cuda":
        print("torch %s, cuDNN %s, %s, cudnn.allow_tf32=%s" % (torch.__version__, torch.backends.cudnn.version(),
              torch.cuda.get_device_name(0), torch.backends.cudnn.allow_tf32), file=sys.stderr)
    names = list(SHAPES) if args.shape == "all" else args.shape.split(",")
    unknown = [n for n in names if n not in SHAPES]
    if unknown:
        print("torch_cuda_bench: unknown shape %s (expected %s or all)" % (", ".join(unknown), ", ".join(SHAPES)),
              file=sys.stderr)
        return 2
    for n in names:
        print(json.dumps(bench(n, args.budget, args.device, args.mode, label)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

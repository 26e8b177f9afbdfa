#!/usr/bin/python3
"""Checks `rnnx forward` against PyTorch on random configurations beyond the committed fixtures.

Usage (after `mvn -q -B -DskipTests package`):
    /usr/bin/python3 src/test/python/check_cli_against_torch.py [--cases 40] [--backend auto] [--seed 1]

For each case it builds a random nn.RNN (any nonlinearity, bias, batch_first, bidirectional, 1-3 layers, unbatched
or batched, variable lengths, h0), saves weights (.safetensors, optionally under a module prefix), input and upstream
gradients (.npy), runs `rnnx forward` and compares output, h_n and every gradient with PyTorch's (error measure:
max|ours - torch| / max(1, max|torch|), bounds 1e-5 forward and 1e-4 gradients). Cases whose float32 and float64
PyTorch results disagree by more than 1e-6 are chaotic and are reported as skipped, not compared.
"""
import argparse
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

JAVA = os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
JAR = os.path.join(ROOT, "target", "rnnx.jar")


def save_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata} if metadata else {}
    blobs, off = [], 0
    for name, t in tensors.items():
        b = np.ascontiguousarray(t.detach().numpy().astype("<f4")).tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        off += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").reshape(v["shape"]).copy())
    return out


def run_torch(rnn, x, h0, lengths, bf, gy, ghn, dtype):
    rnn = rnn.to(dtype)
    for p in rnn.parameters():
        p.grad = None
    xx = x.to(dtype).clone().requires_grad_(True)
    hh = h0.to(dtype).clone().requires_grad_(True) if h0 is not None else None
    if lengths is not None:
        T = x.shape[1] if bf else x.shape[0]
        packed = pack_padded_sequence(xx, torch.tensor(lengths), batch_first=bf, enforce_sorted=False)
        out, hn = rnn(packed, hh)
        out, _ = pad_packed_sequence(out, batch_first=bf, total_length=T)
    else:
        out, hn = rnn(xx, hh)
    res = {"output": out, "h_n": hn}
    if gy is not None:
        ((out * gy.to(dtype)).sum() + (hn * ghn.to(dtype)).sum()).backward()
        res["grad_input"] = xx.grad
        if hh is not None:
            res["grad_h0"] = hh.grad
        for n, p in rnn.named_parameters():
            res["grad." + n] = p.grad
    return {k: v.detach().float() for k, v in res.items()}


def err(a, b):
    return (a.double() - b.double()).abs().max().item() / max(1.0, b.double().abs().max().item())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=40)
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    failures = skipped = 0
    with tempfile.TemporaryDirectory() as d:
        for c in range(args.cases):
            I, H, L = rng.randint(1, 9), rng.randint(1, 40), rng.randint(1, 3)
            f, bias, bf, bidi = rng.choice(["tanh", "relu"]), rng.random() < .7, rng.random() < .5, rng.random() < .5
            T, N = rng.randint(1, 30), rng.randint(1, 6)
            unbatched = rng.random() < .2
            D = 2 if bidi else 1
            rnn = nn.RNN(I, H, num_layers=L, nonlinearity=f, bias=bias, batch_first=bf, bidirectional=bidi)
            x = torch.randn((T, I) if unbatched else ((N, T, I) if bf else (T, N, I)))
            h0 = torch.randn((D * L, H) if unbatched else (D * L, N, H)) * 0.5 if rng.random() < .5 else None
            lengths = None
            if not unbatched and rng.random() < .4:
                lengths = [rng.randint(1, T) for _ in range(N)]
                lengths[rng.randrange(N)] = T
            with torch.no_grad():
                out_shape = rnn(x, h0)[0].shape if lengths is None else None
            probe = run_torch(rnn, x, h0, lengths, bf, None, None, torch.float32)
            gy, ghn = torch.randn(probe["output"].shape), torch.randn(probe["h_n"].shape)
            r32 = run_torch(rnn, x, h0, lengths, bf, gy, ghn, torch.float32)
            r64 = run_torch(rnn, x, h0, lengths, bf, gy, ghn, torch.float64)
            rnn = rnn.float()
            name = f"case{c}: RNN({I},{H},L={L},{f},bias={bias},bf={bf},bidi={bidi}) T={T} N={N} unbatched={unbatched} h0={h0 is not None} lengths={lengths}"
            if max(err(r32[k], r64[k]) for k in r32) > 1e-6:
                print("SKIP (chaotic: float32 vs float64 torch differ) " + name)
                skipped += 1
                continue
            prefix = rng.choice(["", "rnn."])
            sd = {prefix + n: p for n, p in rnn.named_parameters()}
            sd["head.weight"] = torch.zeros(2, D * H)
            meta = {"nonlinearity": f, "batch_first": str(bf)}
            w = os.path.join(d, "w.safetensors")
            save_safetensors(w, sd, meta)
            files = {}
            for k, t in [("x", x), ("h0", h0), ("gy", gy), ("ghn", ghn)]:
                if t is not None:
                    files[k] = os.path.join(d, k + ".npy")
                    np.save(files[k], t.numpy().astype(rng.choice(["<f4", "<f8"])))
            out = os.path.join(d, "out.safetensors")
            cmd = [JAVA, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", JAR,
                   "forward", "--weights", w, "--input", files["x"], "--grad-output", files["gy"], "--grad-hn",
                   files["ghn"], "--backend", args.backend, "--out", out]
            if h0 is not None:
                cmd += ["--h0", files["h0"]]
            if lengths is not None:
                cmd += ["--lengths", ",".join(map(str, lengths))]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                print("FAIL " + name + ": rnnx exited " + str(p.returncode) + ": " + p.stderr.strip())
                failures += 1
                continue
            ours = load_safetensors(out)
            bad = []
            for k, v in r32.items():
                if k not in ours:
                    bad.append(k + " missing")
                    continue
                if tuple(ours[k].shape) != tuple(v.shape):
                    bad.append(f"{k} shape {tuple(ours[k].shape)} vs {tuple(v.shape)}")
                    continue
                e = err(ours[k], v)
                if e > (1e-5 if k in ("output", "h_n") else 1e-4):
                    bad.append(f"{k} error {e:.2e}")
            if bad:
                failures += 1
                print("FAIL " + name + ": " + "; ".join(bad))
            else:
                print("ok   " + name)
    print(f"{args.cases - failures - skipped} passed, {failures} failed, {skipped} skipped as chaotic")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

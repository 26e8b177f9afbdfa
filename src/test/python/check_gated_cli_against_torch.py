#!/usr/bin/python3
"""Checks `rnnx forward` on nn.LSTM and nn.GRU against PyTorch on random configurations beyond the fixtures.

Usage (after `mvn -q -B -DskipTests package`):
    /usr/bin/python3 src/test/python/check_gated_cli_against_torch.py [--cases 30] [--backend auto] [--seed 1]

For each case it builds a random nn.LSTM (proj_size 0 or random below H) or nn.GRU (bias, batch_first,
bidirectional, 1-3 layers, unbatched or batched, variable lengths, h0 and c0 each given or not), saves its weights
under a module prefix, the input, states and upstream gradients (output, h_n, c_n), runs `rnnx forward` and compares
output, h_n, c_n and every gradient with PyTorch's (max|ours - torch| / max(1, max|torch|) <= 1e-5 forward, 1e-4
gradients). Cases whose float32 and float64 PyTorch results differ by more than 1e-6 are reported as skipped.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_cli_against_torch import JAR, JAVA, load_safetensors, save_safetensors  # noqa: E402


def run_torch(case, params, x, states, grads, dtype):
    lstm = case["mode"] == "LSTM"
    kw = dict(num_layers=case["L"], bias=case["bias"], batch_first=case["bf"], bidirectional=case["bidi"])
    rnn = (nn.LSTM(case["I"], case["H"], proj_size=case["P"], **kw) if lstm else nn.GRU(case["I"], case["H"], **kw))
    rnn = rnn.to(dtype)
    with torch.no_grad():
        for n, t in rnn.named_parameters():
            t.copy_(params[n].to(dtype))
    xx = x.to(dtype).clone().requires_grad_(True)
    given = {k: v.to(dtype).clone().requires_grad_(True) for k, v in states.items()}
    D, L, N = (2 if case["bidi"] else 1), case["L"], case["N"]
    Hout = case["P"] or case["H"]
    zeros = lambda w: torch.zeros((D * L, w) if case["unbatched"] else (D * L, N, w), dtype=dtype)
    if lstm:
        state = (given.get("h0", zeros(Hout)), given.get("c0", zeros(case["H"])))
    else:
        state = given.get("h0", zeros(case["H"]))
    inp = xx
    if case["lengths"] is not None:
        inp = pack_padded_sequence(xx, torch.tensor(case["lengths"]), batch_first=case["bf"], enforce_sorted=False)
    out, st = rnn(inp, state)
    if case["lengths"] is not None:
        out, _ = pad_packed_sequence(out, batch_first=case["bf"], total_length=case["T"])
    hn, cn = st if lstm else (st, None)
    loss = (out * grads["grad_output"].to(dtype)).sum() + (hn * grads["grad_h_n"].to(dtype)).sum()
    if lstm:
        loss = loss + (cn * grads["grad_c_n"].to(dtype)).sum()
    loss.backward()
    res = {"output": out.detach(), "h_n": hn.detach(), "grad_input": xx.grad}
    if lstm:
        res["c_n"] = cn.detach()
    for k, v in given.items():
        res["grad_" + k] = v.grad
    for n, t in rnn.named_parameters():
        res["grad." + n] = t.grad
    return res


def rel(a, b):
    return (a.double() - b.double()).abs().max().item() / max(1.0, b.double().abs().max().item())


def random_case(rng):
    mode = rng.choice(["LSTM", "GRU"])
    H = rng.randint(1, 40)
    P = rng.randint(1, H - 1) if mode == "LSTM" and H > 1 and rng.random() < 0.5 else 0
    case = dict(mode=mode, I=rng.randint(1, 20), H=H, P=P, L=rng.randint(1, 3), bias=rng.random() < 0.8,
                bf=rng.random() < 0.5, bidi=rng.random() < 0.5, T=rng.randint(1, 12), N=rng.randint(1, 6),
                unbatched=rng.random() < 0.2)
    if case["unbatched"]:
        case["N"] = 1
    lens = None
    if not case["unbatched"] and rng.random() < 0.5:
        lens = [rng.randint(1, case["T"]) for _ in range(case["N"])]
        lens[rng.randrange(case["N"])] = case["T"]
    case["lengths"] = lens
    case["h0"], case["c0"] = rng.random() < 0.6, mode == "LSTM" and rng.random() < 0.6
    return case


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=30)
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    torch.manual_seed(a.seed)
    passed = failed = skipped = 0
    for i in range(a.cases):
        c = random_case(rng)
        D, Hout = (2 if c["bidi"] else 1), c["P"] or c["H"]
        mod = (nn.LSTM(c["I"], c["H"], proj_size=c["P"], num_layers=c["L"], bias=c["bias"], bidirectional=c["bidi"])
               if c["mode"] == "LSTM" else
               nn.GRU(c["I"], c["H"], num_layers=c["L"], bias=c["bias"], bidirectional=c["bidi"]))
        params = {n: t.detach().clone() for n, t in mod.named_parameters()}
        xs = (c["T"], c["I"]) if c["unbatched"] else ((c["N"], c["T"], c["I"]) if c["bf"] else (c["T"], c["N"], c["I"]))
        x = torch.rand(xs, dtype=torch.float64) * 2 - 1
        sshape = lambda w: (D * c["L"], w) if c["unbatched"] else (D * c["L"], c["N"], w)
        states = {}
        if c["h0"]:
            states["h0"] = torch.rand(sshape(Hout), dtype=torch.float64) - 0.5
        if c["c0"]:
            states["c0"] = torch.rand(sshape(c["H"]), dtype=torch.float64) * 2 - 1
        outW = D * Hout
        oshape = (c["T"], outW) if c["unbatched"] else ((c["N"], c["T"], outW) if c["bf"] else (c["T"], c["N"], outW))
        grads = {"grad_output": torch.rand(oshape, dtype=torch.float64) * 2 - 1,
                 "grad_h_n": torch.rand(sshape(Hout), dtype=torch.float64) * 2 - 1}
        if c["mode"] == "LSTM":
            grads["grad_c_n"] = torch.rand(sshape(c["H"]), dtype=torch.float64) * 2 - 1
        r32 = run_torch(c, params, x, states, grads, torch.float32)
        r64 = run_torch(c, params, x, states, grads, torch.float64)
        name = f"case {i}: {c}"
        if max(rel(r32[k], r64[k]) for k in r32) > 1e-6:
            print(f"{name}: skipped (float32 and float64 PyTorch disagree)")
            skipped += 1
            continue
        with tempfile.TemporaryDirectory() as d:
            w = os.path.join(d, "w.safetensors")
            save_safetensors(w, {"rnn." + n: t for n, t in params.items()},
                             {"batch_first": str(c["bf"]), "mode": c["mode"]})
            args = [JAVA, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", JAR,
                    "forward", "--weights", w, "--backend", a.backend, "--out", os.path.join(d, "out.safetensors")]
            for k, v in {"input": x, **states, **grads}.items():
                p = os.path.join(d, k + ".npy")
                np.save(p, v.numpy().astype(np.float32))
                flag = {"input": "--input", "h0": "--h0", "c0": "--c0", "grad_output": "--grad-output",
                        "grad_h_n": "--grad-hn", "grad_c_n": "--grad-cn"}[k]
                args += [flag, p]
            if c["lengths"] is not None:
                args += ["--lengths", ",".join(map(str, c["lengths"]))]
            p = subprocess.run(args, capture_output=True, text=True)
            if p.returncode != 0:
                print(f"{name}: FAIL rnnx exited {p.returncode}: {p.stderr.strip().splitlines()[-1]}")
                failed += 1
                continue
            ours = load_safetensors(os.path.join(d, "out.safetensors"))
        bad = []
        for k, v in r32.items():
            bound = 1e-4 if k.startswith("grad") else 1e-5
            if k not in ours:
                bad.append(f"{k} missing")
            elif tuple(ours[k].shape) != tuple(v.shape) or rel(ours[k], v) > bound:
                bad.append(f"{k}: {rel(ours[k], v) if tuple(ours[k].shape) == tuple(v.shape) else 'shape'}")
        if bad:
            print(f"{name}: FAIL {bad}")
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

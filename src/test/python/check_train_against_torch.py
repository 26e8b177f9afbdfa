#!/usr/bin/python3
"""Checks `rnnx train`'s fixed-batch form against a PyTorch training loop, step for step.

Usage (after `mvn -q -B -DskipTests package`):
    /usr/bin/python3 src/test/python/check_train_against_torch.py [--cases 24] [--steps 6] [--backend auto]

Each case draws a model (nn.RNN, optionally a linear head under head.*, optionally under an `rnn.` prefix), a batch,
an optimiser with random settings, and a clipping mode; PyTorch runs K steps of
`zero_grad; loss = L(model(x), y); loss.backward(); clip; step`, logging the loss and the total 2-norm of the
gradients before clipping. rnnx must reproduce both logs and the final parameters: per tensor
max|ours - torch| / max(1, max|torch|) <= 1e-4 for the parameters, relative 1e-4 for losses and norms.
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
import torch.nn.functional as F

JAVA = os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
JAR = os.path.join(ROOT, "target", "rnnx.jar")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_cli_against_torch import save_safetensors, load_safetensors  # noqa: E402


class Net(nn.Module):
    def __init__(self, rnn, head, readout, bf):
        super().__init__()
        self.rnn = rnn
        self.head = head
        self.readout, self.bf = readout, bf

    def forward(self, x):
        out, _ = self.rnn(x)
        if self.readout == "last":
            out = out[:, -1] if (self.bf and out.dim() == 3) else out[-1]
        return self.head(out) if self.head is not None else out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=24)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory() as d:
        for c in range(args.cases):
            I, H, L = rng.randint(1, 5), rng.randint(2, 12), rng.randint(1, 2)
            f, bias, bf, bidi = rng.choice(["tanh", "relu"]), rng.random() < .8, rng.random() < .5, rng.random() < .4
            T, N = rng.randint(2, 12), rng.randint(1, 4)
            D = 2 if bidi else 1
            readout = rng.choice(["all", "last"])
            loss_kind = rng.choice(["mse", "ce"])
            with_head = loss_kind == "ce" or rng.random() < .6
            O = rng.randint(2, 4)
            rnn = nn.RNN(I, H, num_layers=L, nonlinearity=f, bias=bias, batch_first=bf, bidirectional=bidi)
            head = nn.Linear(D * H, O) if with_head else None
            net = Net(rnn, head, readout, bf)
            x = torch.randn((N, T, I) if bf else (T, N, I))
            with torch.no_grad():
                pred = net(x)
            if loss_kind == "mse":
                y = torch.randn(pred.shape)
            else:
                y = torch.randint(0, pred.shape[-1], pred.shape[:-1])
            opt_name = rng.choice(["sgd", "adam", "rmsprop", "adagrad"])
            kw, flags = {}, []
            if opt_name == "sgd":
                kw["lr"] = rng.choice([0.1, 0.05])
                if rng.random() < .5:
                    kw["momentum"] = 0.9
                    if rng.random() < .5:
                        kw["nesterov"] = True
                    elif rng.random() < .5:
                        kw["dampening"] = 0.3
                if rng.random() < .3:
                    kw["weight_decay"] = 0.01
            elif opt_name == "adam":
                kw["lr"] = rng.choice([0.01, 0.003])
                if rng.random() < .4:
                    kw["betas"] = (0.8, 0.99)
                if rng.random() < .4:
                    kw["amsgrad"] = True
                if rng.random() < .3:
                    kw["weight_decay"] = 0.01
            elif opt_name == "rmsprop":
                kw["lr"] = 0.01
                if rng.random() < .4:
                    kw["centered"] = True
                if rng.random() < .4:
                    kw["momentum"] = 0.5
            else:
                kw["lr"] = 0.05
                if rng.random() < .4:
                    kw["lr_decay"] = 0.01
            clip = rng.choice(["none", "norm2", "norminf", "value"])
            prefix = "rnn." if (with_head or rng.random() < .5) else ""
            sd = {prefix + n: p.detach().clone() for n, p in rnn.named_parameters()}
            if with_head:
                sd["head.weight"] = head.weight.detach().clone()
                sd["head.bias"] = head.bias.detach().clone()
            wpath = os.path.join(d, "init.safetensors")
            save_safetensors(wpath, sd, {"nonlinearity": f, "batch_first": str(bf), "note": "kept"})
            np.save(os.path.join(d, "x.npy"), x.numpy())
            np.save(os.path.join(d, "y.npy"), y.numpy())
            # PyTorch's loop.
            opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop,
                   "adagrad": torch.optim.Adagrad}[opt_name](net.parameters(), **kw)
            losses, norms = [], []
            for _ in range(args.steps):
                opt.zero_grad()
                p = net(x)
                loss = F.mse_loss(p, y) if loss_kind == "mse" else F.cross_entropy(p.reshape(-1, p.shape[-1]), y.reshape(-1))
                loss.backward()
                grads = [q.grad for q in net.parameters() if q.grad is not None]
                norms.append(torch.norm(torch.stack([torch.norm(g, 2) for g in grads]), 2).item())
                losses.append(loss.item())
                if clip == "norm2":
                    torch.nn.utils.clip_grad_norm_(net.parameters(), 0.5)
                elif clip == "norminf":
                    torch.nn.utils.clip_grad_norm_(net.parameters(), 0.1, norm_type=float("inf"))
                elif clip == "value":
                    torch.nn.utils.clip_grad_value_(net.parameters(), 0.05)
                opt.step()
            final = {prefix + n: p.detach() for n, p in rnn.named_parameters()}
            if with_head:
                final["head.weight"], final["head.bias"] = head.weight.detach(), head.bias.detach()
            out, logp = os.path.join(d, "final.safetensors"), os.path.join(d, "log.json")
            cmd = [JAVA, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", JAR,
                   "train", "--weights", wpath, "--input", os.path.join(d, "x.npy"), "--target", os.path.join(d, "y.npy"),
                   "--readout", readout, "--loss", loss_kind, "--optimizer", opt_name, "--steps", str(args.steps),
                   "--backend", args.backend, "--out", out, "--log", logp, "--quiet"]
            for k, v in kw.items():
                if v is True:
                    cmd.append("--" + k.replace("_", "-"))
                elif isinstance(v, tuple):
                    cmd += ["--" + k, ",".join(map(str, v))]
                else:
                    cmd += ["--" + k.replace("_", "-"), str(v)]
            if clip == "norm2":
                cmd += ["--clip-norm", "0.5"]
            elif clip == "norminf":
                cmd += ["--clip-norm", "0.1", "--clip-norm-type", "inf"]
            elif clip == "value":
                cmd += ["--clip-value", "0.05"]
            name = (f"case{c}: RNN({I},{H},L={L},{f},bias={bias},bf={bf},bidi={bidi}) T={T} N={N} {readout}/{loss_kind}"
                    f" head={with_head} {opt_name}{kw} clip={clip}")
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                failures += 1
                print("FAIL " + name + ": exit " + str(r.returncode) + ": " + r.stderr.strip())
                continue
            ours = load_safetensors(out)
            logj = json.load(open(logp))
            bad = []
            if list(ours.keys()) != list(sd.keys()):
                bad.append(f"names {list(ours.keys())} vs {list(sd.keys())}")
            for k, v in final.items():
                e = (ours[k].double() - v.double()).abs().max().item() / max(1.0, v.double().abs().max().item())
                if e > 1e-4:
                    bad.append(f"{k} error {e:.2e}")
            for key, ref in (("loss", losses), ("grad_norm", norms)):
                for i, (a, b) in enumerate(zip(logj[key], ref)):
                    if abs(a - b) > 1e-4 * max(1.0, abs(b)):
                        bad.append(f"{key}[{i}] {a} vs {b}")
                        break
            if bad:
                failures += 1
                print("FAIL " + name + ": " + "; ".join(bad))
            else:
                print("ok   " + name)
    print(f"{args.cases - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

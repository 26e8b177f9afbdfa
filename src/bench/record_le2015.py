#!/usr/bin/env python3
"""Condenses two `rnnx train --log` CSVs of Le, Jaitly & Hinton (2015)'s adding-problem setting (an IRNN against a
tanh RNN, T = 100, H = 100, plain SGD) into sample-data/recorded/le2015-adding-t100.json, the recorded run the
window's "IRNN against tanh" preset shows beside its live one: the mean loss over each window of WINDOW iterations.

    mvn -q -B -DskipTests package
    rnnx train --task adding --seq-len 100 --hidden-size 100 --optimizer sgd --lr 0.01 --clip-norm 1 \
        --batch-size 16 --steps 100000 --backend simd --seed 1 --nonlinearity relu --init identity --log irnn.csv
    rnnx train ... --nonlinearity tanh --init default --log tanh.csv
    /usr/bin/python3 src/bench/record_le2015.py irnn.csv tanh.csv

Standard library only.
"""
import csv
import json
import os
import sys
import tempfile

WINDOW = 100
COMMAND = ("rnnx train --task adding --seq-len 100 --hidden-size 100 --optimizer sgd --lr 0.01 --clip-norm 1 "
           "--batch-size 16 --steps 100000 --backend simd --seed 1")


def windows(path):
    steps, means = [], []
    with open(path, newline="") as f:
        rows = [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(f)]
    for i in range(0, len(rows) - WINDOW + 1, WINDOW):
        chunk = rows[i:i + WINDOW]
        steps.append(chunk[-1][0])
        means.append(round(sum(l for _, l in chunk) / WINDOW, 6))
    return steps, means


def main():
    irnn, tanh = sys.argv[1], sys.argv[2]
    out = sys.argv[3] if len(sys.argv) > 3 else "sample-data/recorded/le2015-adding-t100.json"
    runs = []
    for name, flags, path in (("IRNN: ReLU, W_hh = I", "--nonlinearity relu --init identity", irnn),
                              ("tanh, PyTorch default init", "--nonlinearity tanh --init default", tanh)):
        steps, means = windows(path)
        runs.append({"name": name, "command": COMMAND + " " + flags, "iteration": steps, "loss": means})
    doc = {
        "title": "Recorded: Le, Jaitly & Hinton (2015)'s setting, T = 100, H = 100, plain SGD",
        "setting": "the adding problem at T = 100 with 100 units, plain SGD (lr 0.01), gradient norm clipped at 1, "
                   "batches of 16, seed 1, " + format(len(runs[0]["loss"]) * WINDOW, ",") + " iterations",
        "window": WINDOW,
        "chance": 1 / 6,
        "runs": runs,
    }
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out) or ".", prefix=".le2015-")
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()

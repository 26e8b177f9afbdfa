#!/usr/bin/python3
"""Plots training losses logged by `rnnx train --log X.csv` against the adding problem's 1/6 baseline.

Usage: plot_training.py OUT.png "LABEL=LOG.csv" ...   (each curve: mean loss over windows of 500 steps)
Also prints, per log, the mean loss over each tenth of the run.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    out, runs = sys.argv[1], sys.argv[2:]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    for run in runs:
        label, path = run.rsplit("=", 1)
        steps, losses = [], []
        with open(path) as f:
            for row in csv.DictReader(f):
                steps.append(int(float(row["step"])))
                losses.append(float(row["loss"]))
        w = 500
        xs = [steps[i + w // 2] for i in range(0, len(losses) - w + 1, w)]
        ys = [sum(losses[i:i + w]) / w for i in range(0, len(losses) - w + 1, w)]
        ax.plot(xs, ys, label=label, linestyle="--" if "tanh" in label else "-")
        tenth = max(1, len(losses) // 10)
        print(f"{label}: " + " ".join(f"{sum(losses[i:i + tenth]) / len(losses[i:i + tenth]):.4f}"
                                      for i in range(0, len(losses), tenth)))
    ax.axhline(1 / 6, color="grey", linewidth=1, label="chance level: MSE 1/6 (always predict 1)")
    ax.set_xlabel("SGD step (batch 16)")
    ax.set_ylabel("MSE, mean over 500 steps")
    ax.set_ylim(0, 0.25)
    ax.set_title("Adding problem, T = 100, H = 100: IRNN against tanh\nplain SGD, lr 0.01, clip_grad_norm_(1), batch 16", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    main()

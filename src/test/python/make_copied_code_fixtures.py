"""Runs the scripts the window's Copy writes in PyTorch and keeps their output and h_n as fixtures.

For every NAME.py in the directory (default src/test/resources/copied-code), written with the NAME.npz it loads by
CopiedCodeFixturesTest.main, runs the script there and writes NAME.torch.npz with output and h_n (float32), and c_n
for an LSTM (its script unpacks output, (h_n, c_n)).
CopiedCodeFixturesTest compares the window's explore pass with them (1e-5). Used with Debian's PyTorch 1.13.1.
"""
import os
import runpy
import sys
import warnings

import numpy as np
import torch

warnings.simplefilter("ignore")
directory = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/copied-code"
os.chdir(directory)
for script in sorted(f for f in os.listdir(".") if f.endswith(".py")):
    ns = runpy.run_path(script)
    name = script[:-3]
    arrays = {k: ns[k].detach().numpy().astype(np.float32) for k in ("output", "h_n", "c_n") if k in ns}
    np.savez(name + ".torch.npz", **arrays)
    print(name, tuple(ns["output"].shape), tuple(ns["h_n"].shape), "torch", torch.__version__)

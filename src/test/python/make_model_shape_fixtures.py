#!/usr/bin/python3
"""Writes src/test/resources/fixtures/engine/model_shapes.json: for a few nn.RNN, nn.LSTM and nn.GRU modules, the
mode, the constructor arguments, named_parameters() names and shapes in order, and the parameter count.

Run with Debian's PyTorch 1.13.1:  /usr/bin/python3 src/test/python/make_model_shape_fixtures.py
"""
import json
import os

import torch

CASES = [
    ("RNN", dict(input_size=3, hidden_size=5, num_layers=2, bidirectional=True)),
    ("RNN", dict(input_size=4, hidden_size=6, num_layers=1, bias=False, nonlinearity='relu')),
    ("LSTM", dict(input_size=3, hidden_size=6, num_layers=2, proj_size=2, bidirectional=True)),
    ("LSTM", dict(input_size=7, hidden_size=4, num_layers=1, bias=False)),
    ("GRU", dict(input_size=2, hidden_size=5, num_layers=3, bidirectional=True)),
]

out = []
for cls, kwargs in CASES:
    module = getattr(torch.nn, cls)(**kwargs)
    out.append(dict(mode=module.mode, kwargs=kwargs,
                    params=[[n, list(p.shape)] for n, p in module.named_parameters()],
                    count=sum(p.numel() for p in module.parameters())))
path = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "engine", "model_shapes.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")

"""Writes the window's LSTM/GRU fixtures with PyTorch 1.13.1 (Debian's python3-torch).

- lstm_proj.pt, gru.pt: torch.save(module.state_dict()) of nn.LSTM(3, 6, proj_size=2, num_layers=2,
  bidirectional=True) and nn.GRU(4, 5, bias=False), seed 0: File > Open must set the form from them.
- named_parameters.json: for a few configurations, PyTorch's named_parameters() names and shapes, which the
  Model & shapes table must list in the same order.
Run from the repository root: /usr/bin/python3 src/test/python/make_window_gated_fixtures.py
"""
import json

import torch
import torch.nn as nn

out = "src/test/resources/fixtures/window/"
torch.manual_seed(0)
torch.save(nn.LSTM(3, 6, proj_size=2, num_layers=2, bidirectional=True).state_dict(), out + "lstm_proj.pt")
torch.save(nn.GRU(4, 5, bias=False).state_dict(), out + "gru.pt")

configs = [
    dict(mode="LSTM", input_size=3, hidden_size=6, num_layers=2, bias=True, bidirectional=True, proj_size=2),
    dict(mode="LSTM", input_size=5, hidden_size=4, num_layers=1, bias=False, bidirectional=False, proj_size=0),
    dict(mode="GRU", input_size=2, hidden_size=7, num_layers=3, bias=True, bidirectional=True, proj_size=0),
    dict(mode="RNN_TANH", input_size=10, hidden_size=20, num_layers=2, bias=True, bidirectional=False, proj_size=0),
]
cases = []
for c in configs:
    kw = dict(num_layers=c["num_layers"], bias=c["bias"], bidirectional=c["bidirectional"])
    if c["mode"] == "LSTM":
        m = nn.LSTM(c["input_size"], c["hidden_size"], proj_size=c["proj_size"], **kw)
    elif c["mode"] == "GRU":
        m = nn.GRU(c["input_size"], c["hidden_size"], **kw)
    else:
        m = nn.RNN(c["input_size"], c["hidden_size"], **kw)
    cases.append(dict(config=c, parameters=[[n, list(p.shape)] for n, p in m.named_parameters()]))
with open(out + "named_parameters.json", "w") as f:
    json.dump(dict(torch=torch.__version__, cases=cases), f, indent=1)
print("torch", torch.__version__)

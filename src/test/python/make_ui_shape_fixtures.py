"""Shapes PyTorch gives for the Model & shapes form's settings: the truth the shapes table is tested against.

Run with the interpreter that has torch: /usr/bin/python3 src/test/python/make_ui_shape_fixtures.py
Writes src/test/resources/fixtures/ui/shapes.json. Each case runs a real forward call (packed when lengths are
given, padded back to total_length=L) and records every tensor's shape and every parameter under its name.
"""
import json
import pathlib
import warnings

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

CASES = [
    # name, constructor kwargs, input: L, N, unbatched, lengths, h0
    ("default_layout", dict(input_size=10, hidden_size=20), dict(L=5, N=3, unbatched=False, lengths=None, h0=True)),
    ("batch_first_two_layers", dict(input_size=10, hidden_size=20, num_layers=2, batch_first=True),
     dict(L=5, N=3, unbatched=False, lengths=None, h0=True)),
    ("bidirectional_two_layers", dict(input_size=4, hidden_size=6, num_layers=2, bidirectional=True),
     dict(L=7, N=2, unbatched=False, lengths=None, h0=True)),
    ("bidirectional_three_layers_batch_first_no_bias",
     dict(input_size=3, hidden_size=5, num_layers=3, bidirectional=True, batch_first=True, bias=False),
     dict(L=4, N=2, unbatched=False, lengths=None, h0=False)),
    ("unbatched_with_h0", dict(input_size=8, hidden_size=16, num_layers=2), dict(L=9, N=1, unbatched=True, lengths=None, h0=True)),
    ("unbatched_bidirectional_batch_first", dict(input_size=2, hidden_size=3, bidirectional=True, batch_first=True),
     dict(L=6, N=1, unbatched=True, lengths=None, h0=True)),
    ("packed_lengths_batch_first", dict(input_size=10, hidden_size=20, num_layers=2, batch_first=True),
     dict(L=5, N=3, unbatched=False, lengths=[5, 3, 2], h0=True)),
    ("packed_lengths_bidirectional_relu", dict(input_size=3, hidden_size=4, nonlinearity="relu", bidirectional=True),
     dict(L=6, N=4, unbatched=False, lengths=[2, 6, 1, 4], h0=False)),
    ("dropout_three_layers", dict(input_size=5, hidden_size=7, num_layers=3, dropout=0.25),
     dict(L=3, N=2, unbatched=False, lengths=None, h0=False)),
]


def run(kwargs, spec):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rnn = nn.RNN(**kwargs)
    rnn.eval()
    d = 2 if kwargs.get("bidirectional") else 1
    layers = kwargs.get("num_layers", 1)
    h = kwargs["hidden_size"]
    bf = kwargs.get("batch_first", False)
    L, N = spec["L"], spec["N"]
    if spec["unbatched"]:
        x = torch.randn(L, kwargs["input_size"])
        h0 = torch.zeros(d * layers, h)
    else:
        x = torch.randn(N, L, kwargs["input_size"]) if bf else torch.randn(L, N, kwargs["input_size"])
        h0 = torch.zeros(d * layers, N, h)
    args = (h0,) if spec["h0"] else ()
    if spec["lengths"] is not None:
        packed = pack_padded_sequence(x, torch.tensor(spec["lengths"]), batch_first=bf, enforce_sorted=False)
        packed_out, h_n = rnn(packed, *args)
        output, _ = pad_packed_sequence(packed_out, batch_first=bf, total_length=L)
    else:
        output, h_n = rnn(x, *args)
    tensors = {"input": list(x.shape), "h_0": list(h0.shape), "output": list(output.shape), "h_n": list(h_n.shape)}
    if spec["lengths"] is not None:
        tensors["lengths"] = [len(spec["lengths"])]
    parameters = [[name, list(p.shape)] for name, p in rnn.named_parameters()]
    return {"tensors": tensors, "parameters": parameters,
            "parameter_count": sum(p.numel() for p in rnn.parameters()), "repr": repr(rnn)}


out = []
for name, kwargs, spec in CASES:
    torch.manual_seed(0)
    out.append({"name": name, "args": kwargs, "input": spec, **run(kwargs, spec)})

path = pathlib.Path(__file__).resolve().parents[3] / "src/test/resources/fixtures/ui/shapes.json"
path.write_text(json.dumps({"torch_version": torch.__version__, "cases": out}, indent=1) + "\n")
print("wrote", path, len(out), "cases")

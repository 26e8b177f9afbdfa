#!/usr/bin/python3
"""Writes the PyTorch parity fixtures for the engine: src/test/resources/fixtures/engine/*.safetensors.

Run with Debian's PyTorch 1.13.1:  /usr/bin/python3 src/test/python/make_engine_fixtures.py
CI never runs this; it only reads the committed fixtures.

Each fixture holds the module's parameters under their state_dict names, the input, the optional h0, lengths and
dropout masks, upstream gradients, and what PyTorch computed: output, h_n, grad_input, grad_h0, grad.<param>.
The configuration is in __metadata__. Every case is checked to be well-conditioned: float32 and float64 PyTorch
agree to 1e-6 on every tensor, so a correct float32 implementation must agree with these numbers too.
"""
import itertools
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, PackedSequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "engine")


def write_safetensors(path, tensors, metadata):
    """Minimal safetensors writer (F32 only): 8-byte LE header length, JSON header, raw little-endian data."""
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def packed_to_padded_mask(mask_data, packed, total_length):
    """A dropout mask drawn on packed data (sum_len, F) laid out as (T, B, F) time-major, zeros in the padding."""
    ps = PackedSequence(mask_data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
    padded, _ = pad_packed_sequence(ps, batch_first=False, total_length=total_length)
    return padded


def run(rnn, x, h0, lengths, batch_first, unbatched):
    """Runs the module as a user would; returns output (user layout) and h_n."""
    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        out, hn = rnn(packed, h0) if h0 is not None else rnn(packed)
        T = x.shape[1] if batch_first else x.shape[0]
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=T)
        return out, hn, packed
    out, hn = rnn(x, h0) if h0 is not None else rnn(x)
    return out, hn, None


def compute(case, dtype, params=None, x=None, h0=None, gy=None, ghn=None, seed=0):
    I, H, L, f, bias, bf, bidi, T, N, unbatched, lengths, with_h0, p = (
        case[k] for k in ["I", "H", "layers", "f", "bias", "batch_first", "bidi", "T", "N", "unbatched", "lengths",
                          "h0", "dropout"])
    D = 2 if bidi else 1
    torch.manual_seed(seed)
    rnn = nn.RNN(I, H, num_layers=L, nonlinearity=f, bias=bias, batch_first=bf, dropout=p, bidirectional=bidi)
    rnn = rnn.to(dtype)
    if params is not None:
        with torch.no_grad():
            for n, t in rnn.named_parameters():
                t.copy_(params[n].to(dtype))
    if x is None:
        shape = (T, I) if unbatched else ((N, T, I) if bf else (T, N, I))
        x = torch.rand(shape, dtype=torch.float64) * 2 - 1
        if with_h0:
            h0 = (torch.rand((D * L, H) if unbatched else (D * L, N, H), dtype=torch.float64) - 0.5)
    xx = x.to(dtype).clone().requires_grad_(True)
    hh = h0.to(dtype).clone().requires_grad_(True) if h0 is not None else None
    training = p > 0
    rnn.train(training)
    mask_seed = seed + 1000
    torch.manual_seed(mask_seed)
    out, hn, packed = run(rnn, xx, hh, lengths, bf, unbatched)
    masks = []
    if training:
        # Re-draw the masks the module drew: same seed, same shapes, in layer order (verified below).
        torch.manual_seed(mask_seed)
        for k in range(L - 1):
            if packed is not None:
                m = torch.empty(packed.data.shape[0], D * H, dtype=dtype).bernoulli_(1 - p).div_(1 - p)
                masks.append(packed_to_padded_mask(m, packed, T))
            else:
                rows = (T, 1 if unbatched else N, D * H)
                masks.append(torch.empty(rows, dtype=dtype).bernoulli_(1 - p).div_(1 - p))
    if gy is None:
        gy = torch.rand(out.shape, dtype=torch.float64) * 2 - 1
        ghn = torch.rand(hn.shape, dtype=torch.float64) * 2 - 1
    loss = (out * gy.to(dtype)).sum() + (hn * ghn.to(dtype)).sum()
    loss.backward()
    result = {"output": out.detach(), "h_n": hn.detach(), "grad_input": xx.grad.detach()}
    if hh is not None:
        result["grad_h0"] = hh.grad.detach()
    for n, t in rnn.named_parameters():
        result["grad." + n] = t.grad.detach()
    params_out = {n: t.detach().clone() for n, t in rnn.named_parameters()}
    return result, params_out, x, h0, gy, ghn, masks


def manual_forward(case, params, x, h0, masks):
    """Plain-loop reference in float64, to prove the re-drawn masks are the ones the module used."""
    I, H, L, f, bias, bf, bidi, T, N, unbatched, lengths = (
        case[k] for k in ["I", "H", "layers", "f", "bias", "batch_first", "bidi", "T", "N", "unbatched", "lengths"])
    D = 2 if bidi else 1
    act = torch.tanh if f == "tanh" else torch.relu
    xs = x.double()
    if unbatched:
        xs = xs.unsqueeze(1)
    elif bf:
        xs = xs.transpose(0, 1)
    n = xs.shape[1]
    lens = lengths if lengths is not None else [T] * n
    hinit = torch.zeros(D * L, n, H, dtype=torch.float64) if h0 is None else (h0.double().unsqueeze(1) if unbatched else h0.double())
    layer_in = xs
    for k in range(L):
        out = torch.zeros(T, n, D * H, dtype=torch.float64)
        for d in range(D):
            s = "_reverse" if d else ""
            wih = params[f"weight_ih_l{k}{s}"].double()
            whh = params[f"weight_hh_l{k}{s}"].double()
            bih = params[f"bias_ih_l{k}{s}"].double() if bias else 0
            bhh = params[f"bias_hh_l{k}{s}"].double() if bias else 0
            for b in range(n):
                h = hinit[k * D + d, b]
                order = range(lens[b]) if d == 0 else reversed(range(lens[b]))
                for t in order:
                    h = act(h @ whh.T + bhh + layer_in[t, b] @ wih.T + bih)
                    out[t, b, d * H:(d + 1) * H] = h
        layer_in = out if k == L - 1 or not masks else out * masks[k].double()
    if unbatched:
        return layer_in.squeeze(1)
    return layer_in.transpose(0, 1) if bf else layer_in


def max_rel(a, b):
    return (a.double() - b.double()).abs().max().item() / max(1.0, b.double().abs().max().item())


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".safetensors"):
            os.remove(os.path.join(OUT, old))
    variants = ["plain", "h0", "lengths_h0", "unbatched_h0", "dropout", "lengths"]
    count = 0
    for i, (f, bias, bf, bidi, L) in enumerate(itertools.product(["tanh", "relu"], [True, False], [False, True],
                                                                  [False, True], [1, 2, 3])):
        # Two variants per configuration, rotating so that every variant meets every axis.
        for v in (variants[i % len(variants)], variants[(i + 3) % len(variants)]):
            if v == "dropout" and L == 1:
                v = "lengths_h0"
            case = dict(I=3, H=4, layers=L, f=f, bias=bias, batch_first=bf, bidi=bidi, T=5, N=3,
                        unbatched=v.startswith("unbatched"), lengths=None, h0="h0" in v,
                        dropout=0.4 if v == "dropout" else 0.0)
            if v.startswith("lengths") or v == "dropout":
                case["lengths"] = [5, 2, 4] if v != "dropout" else [3, 5, 1]
            name = f"{f}_{'bias' if bias else 'nobias'}_{'bf' if bf else 'tf'}_{'bi' if bidi else 'uni'}_L{L}_{v}"
            seed = 1234 + count
            r32, p32, x, h0, gy, ghn, masks = compute(case, torch.float32, seed=seed)
            # The same module and data in float64: the case must be well-conditioned.
            r64, _, _, _, _, _, masks64 = compute(case, torch.float64, params=p32, x=x, h0=h0, gy=gy, ghn=ghn, seed=seed)
            worst = max(max_rel(r32[k], r64[k]) for k in r32)
            if worst > 1e-6:
                sys.exit(f"{name}: float32 and float64 PyTorch differ by {worst}; pick another seed")
            if masks:
                manual = manual_forward(case, p32, x, h0, masks64)
                err = max_rel(manual, r64["output"])
                if err > 1e-9:
                    sys.exit(f"{name}: re-drawn dropout masks do not reproduce the module ({err})")
            tensors = dict(p32)
            tensors["input"] = x.float()
            if h0 is not None:
                tensors["h0"] = h0.float()
            if case["lengths"] is not None:
                tensors["lengths"] = torch.tensor(case["lengths"], dtype=torch.float32)
            for k, m in enumerate(masks):
                tensors[f"dropout_mask.{k}"] = m.float()
            tensors["grad_output"] = gy.float()
            tensors["grad_h_n"] = ghn.float()
            tensors.update({k: v.float() for k, v in r32.items()})
            meta = dict(input_size=3, hidden_size=4, num_layers=L, nonlinearity=f, bias=bias, batch_first=bf,
                        dropout=case["dropout"], bidirectional=bidi, unbatched=case["unbatched"],
                        torch_version=torch.__version__, float64_agreement=f"{worst:.2e}")
            write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors, meta)
            count += 1
    print(f"wrote {count} fixtures to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()

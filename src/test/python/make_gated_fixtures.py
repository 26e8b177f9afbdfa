#!/usr/bin/python3
"""Writes the PyTorch parity fixtures for nn.LSTM and nn.GRU: src/test/resources/fixtures/gated/*.safetensors.

Run with Debian's PyTorch 1.13.1:  /usr/bin/python3 src/test/python/make_gated_fixtures.py
CI never runs this; it only reads the committed fixtures.

Each fixture holds the module's parameters under their state_dict names (weight_hr_l{k} for an LSTM with proj_size),
the input, the optional h0 and c0, lengths and dropout masks, upstream gradients (grad_output, grad_h_n and, for an
LSTM, grad_c_n), and what PyTorch computed: output, h_n, c_n, grad_input, grad_h0, grad_c0, grad.<param>. Beside
them, per layer and direction, the traces of a plain float64 loop (h.l{k}, c.l{k}, gate_<name>.l{k}, suffix
_reverse) and the per-step gradients grad_h.l{k}, grad_c.l{k} (autograd through that loop), proven to be
PyTorch's computation by reproducing its output, h_n, c_n and grad_input to 1e-9. The configuration is in
__metadata__ ("mode" is PyTorch's mode name). Every case is checked to be well-conditioned: float32 and float64
PyTorch agree to 1e-6 on every tensor, so a correct float32 implementation must agree with these numbers too.
The variant "h0only" gives an LSTM h0 but no c0 (PyTorch is given zeros): the CLI's missing state is zeros.
"""
import itertools
import os
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_engine_fixtures import write_safetensors, packed_to_padded_mask, max_rel  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "gated")
GATES = {"LSTM": ["i", "f", "g", "o"], "GRU": ["r", "z", "n"]}


def build(case, dtype):
    kw = dict(num_layers=case["layers"], bias=case["bias"], batch_first=case["batch_first"], dropout=case["dropout"],
              bidirectional=case["bidi"])
    if case["mode"] == "LSTM":
        return nn.LSTM(case["I"], case["H"], proj_size=case["P"], **kw).to(dtype)
    return nn.GRU(case["I"], case["H"], **kw).to(dtype)


def compute(case, dtype, params=None, inputs=None, seed=0):
    I, H, P, L, bf, bidi, T, N, unbatched, lengths, p = (
        case[k] for k in ["I", "H", "P", "layers", "batch_first", "bidi", "T", "N", "unbatched", "lengths", "dropout"])
    lstm = case["mode"] == "LSTM"
    D = 2 if bidi else 1
    Hout = P if P > 0 else H
    torch.manual_seed(seed)
    rnn = build(case, dtype)
    if params is not None:
        with torch.no_grad():
            for n, t in rnn.named_parameters():
                t.copy_(params[n].to(dtype))
    if inputs is None:
        shape = (T, I) if unbatched else ((N, T, I) if bf else (T, N, I))
        sshape = (lambda w: (D * L, w) if unbatched else (D * L, N, w))
        inputs = {"input": torch.rand(shape, dtype=torch.float64) * 2 - 1}
        if case["h0"]:
            inputs["h0"] = torch.rand(sshape(Hout), dtype=torch.float64) - 0.5
        if case["c0"]:
            inputs["c0"] = torch.rand(sshape(H), dtype=torch.float64) * 2 - 1
    xx = inputs["input"].to(dtype).clone().requires_grad_(True)
    hh = inputs["h0"].to(dtype).clone().requires_grad_(True) if "h0" in inputs else None
    cc = inputs["c0"].to(dtype).clone().requires_grad_(True) if "c0" in inputs else None
    if lstm and (hh is not None or cc is not None):
        zeros = lambda w: torch.zeros((D * L, w) if unbatched else (D * L, N, w), dtype=dtype)
        state = (hh if hh is not None else zeros(Hout), cc if cc is not None else zeros(H))
    else:
        state = hh
    training = p > 0
    rnn.train(training)
    mask_seed = seed + 1000
    torch.manual_seed(mask_seed)
    packed = None
    x_in = xx
    if lengths is not None:
        packed = pack_padded_sequence(xx, torch.tensor(lengths), batch_first=bf, enforce_sorted=False)
        x_in = packed
    out, st = rnn(x_in, state) if state is not None else rnn(x_in)
    if packed is not None:
        out, _ = pad_packed_sequence(out, batch_first=bf, total_length=T)
    hn, cn = st if lstm else (st, None)
    masks = []
    if training:
        # Re-draw the masks the module drew: same seed, same shapes, in layer order (verified below).
        torch.manual_seed(mask_seed)
        for k in range(L - 1):
            if packed is not None:
                m = torch.empty(packed.data.shape[0], D * Hout, dtype=dtype).bernoulli_(1 - p).div_(1 - p)
                masks.append(packed_to_padded_mask(m, packed, T))
            else:
                rows = (T, 1 if unbatched else N, D * Hout)
                masks.append(torch.empty(rows, dtype=dtype).bernoulli_(1 - p).div_(1 - p))
    if "grad_output" not in inputs:
        inputs["grad_output"] = torch.rand(out.shape, dtype=torch.float64) * 2 - 1
        inputs["grad_h_n"] = torch.rand(hn.shape, dtype=torch.float64) * 2 - 1
        if lstm:
            inputs["grad_c_n"] = torch.rand(cn.shape, dtype=torch.float64) * 2 - 1
    loss = (out * inputs["grad_output"].to(dtype)).sum() + (hn * inputs["grad_h_n"].to(dtype)).sum()
    if lstm:
        loss = loss + (cn * inputs["grad_c_n"].to(dtype)).sum()
    loss.backward()
    result = {"output": out.detach(), "h_n": hn.detach(), "grad_input": xx.grad.detach()}
    if lstm:
        result["c_n"] = cn.detach()
    if hh is not None:
        result["grad_h0"] = hh.grad.detach()
    if cc is not None:
        result["grad_c0"] = cc.grad.detach()
    for n, t in rnn.named_parameters():
        result["grad." + n] = t.grad.detach()
    params_out = {n: t.detach().clone() for n, t in rnn.named_parameters()}
    return result, params_out, inputs, masks


def manual_forward(case, params, inputs, masks):
    """Plain float64 loops with PyTorch's equations; returns output, h_n, c_n and the traces (L, N, .) per layer,
    among them grad_h and grad_c: autograd's total derivative of the fixture's loss with respect to each step's h_t
    and c_t (through the output, the next step and h_n/c_n)."""
    I, H, P, L, bf, bidi, T, unbatched, lengths = (
        case[k] for k in ["I", "H", "P", "layers", "batch_first", "bidi", "T", "unbatched", "lengths"])
    lstm = case["mode"] == "LSTM"
    D = 2 if bidi else 1
    Hout = P if P > 0 else H
    xs = inputs["input"].double().clone().requires_grad_(True)
    x_leaf = xs
    xs = xs.unsqueeze(1) if unbatched else (xs.transpose(0, 1) if bf else xs)
    n = xs.shape[1]
    lens = lengths if lengths is not None else [T] * n

    def state(key, w):
        if key not in inputs:
            return torch.zeros(D * L, n, w, dtype=torch.float64)
        s = inputs[key].double()
        return s.unsqueeze(1) if unbatched else s

    h_init, c_init = state("h0", Hout), state("c0", H)
    hn = torch.zeros(D * L, n, Hout, dtype=torch.float64)
    cn = torch.zeros(D * L, n, H, dtype=torch.float64)
    traces = {}
    steps_hc = []  # (suffix, t, b, h_t, c_t) of every computed step, their gradients retained
    layer_in = xs
    for k in range(L):
        out = torch.zeros(T, n, D * Hout, dtype=torch.float64)
        for d in range(D):
            s = "_reverse" if d else ""
            wih = params[f"weight_ih_l{k}{s}"].double()
            whh = params[f"weight_hh_l{k}{s}"].double()
            bih = params[f"bias_ih_l{k}{s}"].double() if case["bias"] else 0
            bhh = params[f"bias_hh_l{k}{s}"].double() if case["bias"] else 0
            whr = params[f"weight_hr_l{k}{s}"].double() if P > 0 else None
            tr_h = torch.zeros(T, n, Hout, dtype=torch.float64)
            tr_c = torch.zeros(T, n, H, dtype=torch.float64)
            tr_g = {g: torch.zeros(T, n, H, dtype=torch.float64) for g in GATES[case["mode"]]}
            for b in range(n):
                h, c = h_init[k * D + d, b], c_init[k * D + d, b]
                order = range(lens[b]) if d == 0 else reversed(range(lens[b]))
                for t in order:
                    gi = layer_in[t, b] @ wih.T + bih
                    gh = h @ whh.T + bhh
                    if lstm:
                        i, f, g, o = (gi + gh).chunk(4)
                        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
                        c = f * c + i * g
                        m = o * torch.tanh(c)
                        h = m @ whr.T if whr is not None else m
                        gates = dict(i=i, f=f, g=g, o=o)
                        tr_c[t, b] = c
                    else:
                        ir, iz, inn = gi.chunk(3)
                        hr, hz, hnn = gh.chunk(3)
                        r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                        nn_ = torch.tanh(inn + r * hnn)
                        h = (h - nn_) * z + nn_
                        gates = dict(r=r, z=z, n=nn_)
                    for g, v in gates.items():
                        tr_g[g][t, b] = v
                    h.retain_grad()
                    if lstm:
                        c.retain_grad()
                    steps_hc.append((f".l{k}{s}", t, b, h, c if lstm else None))
                    tr_h[t, b] = h
                    out[t, b, d * Hout:(d + 1) * Hout] = h
                hn[k * D + d, b] = h
                cn[k * D + d, b] = c
            suffix = f".l{k}{s}"
            traces["h" + suffix] = tr_h
            if lstm:
                traces["c" + suffix] = tr_c
            for g, v in tr_g.items():
                traces[f"gate_{g}" + suffix] = v
        layer_in = out if k == L - 1 or not masks else out * masks[k].double()
    output = layer_in.squeeze(1) if unbatched else (layer_in.transpose(0, 1) if bf else layer_in)
    hn_user, cn_user = (hn.squeeze(1), cn.squeeze(1)) if unbatched else (hn, cn)
    loss = (output * inputs["grad_output"]).sum() + (hn_user * inputs["grad_h_n"]).sum()
    if lstm:
        loss = loss + (cn_user * inputs["grad_c_n"]).sum()
    loss.backward()
    for key in list(traces):
        if key.startswith("h."):
            sfx = key[1:]
            traces["grad_h" + sfx] = torch.zeros(T, n, Hout, dtype=torch.float64)
            if lstm:
                traces["grad_c" + sfx] = torch.zeros(T, n, H, dtype=torch.float64)
    for sfx, t, b, h, c in steps_hc:
        if h.grad is not None:
            traces["grad_h" + sfx][t, b] = h.grad
        if c is not None and c.grad is not None:
            traces["grad_c" + sfx][t, b] = c.grad
    traces = {key: v.detach() for key, v in traces.items()}
    if unbatched:
        traces = {key: v.squeeze(1) for key, v in traces.items()}
    return output.detach(), hn_user.detach(), cn_user.detach(), traces, x_leaf.grad


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".safetensors"):
            os.remove(os.path.join(OUT, old))
    variants = ["plain", "states", "lengths_states", "unbatched_states", "dropout", "h0only"]
    count = 0
    configs = list(itertools.product([("LSTM", 0), ("LSTM", 2), ("GRU", 0)], [True, False], [False, True],
                                     [False, True], [1, 2]))
    for i, ((mode, P), bias, bf, bidi, L) in enumerate(configs):
        # Two variants per configuration, rotating so that every variant meets every axis.
        for v in (variants[i % len(variants)], variants[(i + 3) % len(variants)]):
            if v == "dropout" and L == 1:
                v = "lengths_states"
            if v == "h0only" and mode == "GRU":
                v = "states"
            lstm = mode == "LSTM"
            case = dict(mode=mode, I=3, H=4, P=P, layers=L, bias=bias, batch_first=bf, bidi=bidi, T=5, N=3,
                        unbatched=v.startswith("unbatched"), lengths=None, h0="states" in v or v == "h0only",
                        c0=lstm and "states" in v, dropout=0.4 if v == "dropout" else 0.0)
            if v.startswith("lengths") or v == "dropout":
                case["lengths"] = [5, 2, 4] if v != "dropout" else [3, 5, 1]
            cell = "lstm" if P == 0 and lstm else ("lstmp" if lstm else "gru")
            name = f"{cell}_{'bias' if bias else 'nobias'}_{'bf' if bf else 'tf'}_{'bi' if bidi else 'uni'}_L{L}_{v}"
            seed = 4321 + count
            r32, p32, inputs, masks = compute(case, torch.float32, seed=seed)
            # The same module and data in float64: the case must be well-conditioned.
            r64, _, _, masks64 = compute(case, torch.float64, params=p32, inputs=inputs, seed=seed)
            worst = max(max_rel(r32[k], r64[k]) for k in r32)
            if worst > 1e-6:
                sys.exit(f"{name}: float32 and float64 PyTorch differ by {worst}; pick another seed")
            out, hn, cn, traces, grad_x = manual_forward(case, p32, inputs, masks64)
            err = max(max_rel(out, r64["output"]), max_rel(hn.reshape(r64["h_n"].shape), r64["h_n"]))
            if lstm:
                err = max(err, max_rel(cn.reshape(r64["c_n"].shape), r64["c_n"]))
            # The loop's backward agrees with the module's, so its per-step gradients are the module's too.
            err = max(err, max_rel(grad_x, r64["grad_input"]))
            if err > 1e-9:
                sys.exit(f"{name}: the plain loop (and the re-drawn dropout masks) do not reproduce the module ({err})")
            if not any(v.abs().max() > 0 for k, v in traces.items() if k.startswith("grad_")):
                sys.exit(f"{name}: no per-step gradient reached the traces")
            tensors = dict(p32)
            tensors.update({k: v.float() for k, v in inputs.items()})
            if case["lengths"] is not None:
                tensors["lengths"] = torch.tensor(case["lengths"], dtype=torch.float32)
            for k, m in enumerate(masks):
                tensors[f"dropout_mask.{k}"] = m.float()
            tensors.update({k: v.float() for k, v in r32.items()})
            tensors.update({"trace." + k: v.float() for k, v in traces.items()})
            meta = dict(mode=mode, input_size=3, hidden_size=4, proj_size=P, num_layers=L, bias=bias, batch_first=bf,
                        dropout=case["dropout"], bidirectional=bidi, unbatched=case["unbatched"],
                        torch_version=torch.__version__, float64_agreement=f"{worst:.2e}")
            write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors, meta)
            count += 1
    print(f"wrote {count} fixtures to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()

"""Writes the PyTorch fixtures for the explorer's lab studies (the seed article's pitfalls 1 and 3).

Run with Debian's torch 1.13.1:  /usr/bin/python3 src/test/python/make_lab_fixtures.py
Output: src/test/resources/train/detach.json, detach_lstm.json and batch_first.json (float32 values written exactly).

detach.json: a 2-layer tanh RNN (one nn.RNN per layer) fed a stream of K chunks of T steps, one step per call so
that every h_t can keep its gradient; the loss is 0.5 * mean(top layer's h_t ** 2) over the last chunk. Once with h carried as it is (what
the article warns about: backward then runs through every earlier chunk) and once with h.detach() at each chunk
boundary. Each case records dL/dh_t for every step and layer, (K*T, layers, N, H), and the parameter gradients.

batch_first.json: one batch-first tensor (N, L, I) fed to the same weights with batch_first=False (PyTorch reads it
as (L=N, N=L, I) without complaint) and with batch_first=True.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'train')


def short(v):
    v = float(v)
    return v if not math.isfinite(v) else float(str(np.float32(v)))


def tensor(t):
    return {'shape': list(t.shape), 'data': [short(v) for v in t.detach().reshape(-1).tolist()]}


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
    print('wrote', path, os.path.getsize(path), 'bytes')


def detach_case(layers, x, chunk, detach, lstm=False):
    """layers: one single-layer nn.RNN (or nn.LSTM) per layer, so that layer k+1 reads layer k's h_t itself and
    h_t.grad collects every path (the next step and the layer above); nn.RNN(num_layers=2) would hide that path.
    An LSTM carries (h, c) and detaches both, as a training loop over chunks does."""
    steps = x.shape[0]
    hs = [None] * len(layers)
    cs = [None] * len(layers)
    states = []
    for t in range(steps):
        if detach and t > 0 and t % chunk == 0:
            hs = [h.detach() for h in hs]
            cs = [c.detach() if c is not None else None for c in cs]
        below = x[t:t + 1]
        for k, rnn in enumerate(layers):
            if lstm:
                _, (hs[k], cs[k]) = rnn(below, None if hs[k] is None else (hs[k], cs[k]))
            else:
                _, hs[k] = rnn(below, hs[k])
            hs[k].retain_grad()
            below = hs[k]
        states.append(list(hs))
    top = torch.stack([s[-1][0] for s in states[-chunk:]])
    loss = 0.5 * (top ** 2).mean()
    for rnn in layers:
        rnn.zero_grad()
    loss.backward()
    grads = torch.stack([torch.cat([h.grad if h.grad is not None else torch.zeros_like(h) for h in s])
                         for s in states])
    return {
        'loss': short(loss.item()),
        'grad_hidden': tensor(grads),
        'grad_parameters': {name.replace('l0', 'l%d' % k): tensor(p.grad)
                            for k, rnn in enumerate(layers) for name, p in rnn.named_parameters()},
    }


def detach_fixture():
    torch.manual_seed(7)
    inputs, hidden, depth, batch, chunk, chunks = 3, 4, 2, 2, 5, 3
    layers = [nn.RNN(inputs if k == 0 else hidden, hidden) for k in range(depth)]
    x = torch.randn(chunks * chunk, batch, inputs)
    weights = {name.replace('l0', 'l%d' % k): tensor(v) for k, rnn in enumerate(layers)
               for name, v in rnn.state_dict().items()}
    write('detach.json', {
        'config': {'input_size': inputs, 'hidden_size': hidden, 'num_layers': depth, 'nonlinearity': 'tanh'},
        'chunk': chunk,
        'chunks': chunks,
        'weights': weights,
        'stream': tensor(x),
        'without_detach': detach_case(layers, x, chunk, False),
        'with_detach': detach_case(layers, x, chunk, True),
    })


def detach_lstm_fixture():
    """detach_lstm.json: the same study for a 2-layer nn.LSTM with proj_size, carrying (h, c) between chunks."""
    torch.manual_seed(9)
    inputs, hidden, proj, depth, batch, chunk, chunks = 3, 5, 3, 2, 2, 4, 3
    layers = [nn.LSTM(inputs if k == 0 else proj, hidden, proj_size=proj) for k in range(depth)]
    x = torch.randn(chunks * chunk, batch, inputs)
    weights = {name.replace('l0', 'l%d' % k): tensor(v) for k, rnn in enumerate(layers)
               for name, v in rnn.state_dict().items()}
    write('detach_lstm.json', {
        'config': {'mode': 'LSTM', 'input_size': inputs, 'hidden_size': hidden, 'proj_size': proj,
                   'num_layers': depth, 'nonlinearity': 'tanh'},
        'chunk': chunk,
        'chunks': chunks,
        'weights': weights,
        'stream': tensor(x),
        'without_detach': detach_case(layers, x, chunk, False, lstm=True),
        'with_detach': detach_case(layers, x, chunk, True, lstm=True),
    })


def batch_first_fixture():
    torch.manual_seed(11)
    inputs, hidden, batch, steps = 3, 5, 4, 6
    time_first = nn.RNN(inputs, hidden, nonlinearity='relu')
    batch_first = nn.RNN(inputs, hidden, nonlinearity='relu', batch_first=True)
    batch_first.load_state_dict(time_first.state_dict())
    x = torch.randn(batch, steps, inputs)
    with torch.no_grad():
        wrong, _ = time_first(x)
        right, _ = batch_first(x)
    write('batch_first.json', {
        'config': {'input_size': inputs, 'hidden_size': hidden, 'num_layers': 1, 'nonlinearity': 'relu'},
        'weights': {k: tensor(v) for k, v in time_first.state_dict().items()},
        'input': tensor(x),
        'output_batch_first_false': tensor(wrong),
        'output_batch_first_true': tensor(right),
    })


if __name__ == '__main__':
    detach_fixture()
    detach_lstm_fixture()
    batch_first_fixture()

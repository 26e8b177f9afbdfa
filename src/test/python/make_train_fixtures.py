"""Writes the PyTorch fixtures for org.rnnexplorer.train's tests.

Run with Debian's torch 1.13.1:  /usr/bin/python3 src/test/python/make_train_fixtures.py
Output: src/test/resources/train/*.json (float32 values written exactly, as Python floats).
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'train')
STEPS = 6


def short(v):
    """A float32 value as the Python float with the shortest text that still parses back to it as float32."""
    v = float(v)
    return v if not math.isfinite(v) else float(str(np.float32(v)))


def flat(t):
    return [short(v) for v in t.detach().reshape(-1).tolist()]


def tensor(t):
    return {'shape': list(t.shape), 'data': flat(t)}


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'), allow_nan=True)
    print('wrote', path, os.path.getsize(path), 'bytes')


# ---------------------------------------------------------------- model variants

class M(nn.Module):
    """nn.RNN plus an optional nn.Linear head, registered in that order (rnn.*, then head.*)."""

    def __init__(self, cfg, out):
        super().__init__()
        mode = cfg.get('mode', 'RNN')
        common = dict(num_layers=cfg['num_layers'], bias=cfg['bias'], batch_first=cfg['batch_first'],
                      bidirectional=cfg['bidirectional'])
        if mode == 'LSTM':
            self.rnn = nn.LSTM(cfg['input_size'], cfg['hidden_size'], proj_size=cfg['proj_size'], **common)
        elif mode == 'GRU':
            self.rnn = nn.GRU(cfg['input_size'], cfg['hidden_size'], **common)
        else:
            self.rnn = nn.RNN(cfg['input_size'], cfg['hidden_size'], nonlinearity=cfg['nonlinearity'], **common)
        d = 2 if cfg['bidirectional'] else 1
        h_out = cfg.get('proj_size') or cfg['hidden_size']
        self.head = nn.Linear(d * h_out, out) if out else None
        self.cfg = cfg

    def forward(self, x, lengths, readout):
        bf = self.cfg['batch_first'] and x.dim() == 3
        if lengths is not None:
            steps = x.shape[1] if bf else x.shape[0]
            packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=bf, enforce_sorted=False)
            out, hn = self.rnn(packed)
            out, _ = pad_packed_sequence(out, batch_first=bf, total_length=steps)
        else:
            out, hn = self.rnn(x)
        if readout == 'last':
            if x.dim() == 2:
                feat = out[-1]
            elif lengths is not None:
                idx = torch.tensor(lengths) - 1
                feat = out[torch.arange(len(lengths)), idx] if bf else out[idx, torch.arange(len(lengths))]
            else:
                feat = out[:, -1] if bf else out[-1]
        else:
            feat = out
        pred = self.head(feat) if self.head is not None else feat
        return pred, hn


def cfg(nonlinearity='tanh', layers=1, bidirectional=False, batch_first=False, bias=True):
    return dict(input_size=3, hidden_size=4, num_layers=layers, nonlinearity=nonlinearity, bias=bias,
                batch_first=batch_first, dropout=0.0, bidirectional=bidirectional)


def gcfg(mode, layers=1, bidirectional=False, batch_first=False, bias=True, proj_size=0):
    """An nn.LSTM or nn.GRU configuration; 'mode' is PyTorch's name (RNNBase.mode)."""
    return dict(mode=mode, input_size=3, hidden_size=4, num_layers=layers, bias=bias, batch_first=batch_first,
                dropout=0.0, bidirectional=bidirectional, proj_size=proj_size)


GATED_VARIANTS = [
    dict(name='lstm-all-mse', cfg=gcfg('LSTM'), out=2, readout='all', loss='mse', lengths=None, unbatched=False),
    dict(name='gru-last-ce', cfg=gcfg('GRU'), out=3, readout='last', loss='ce', lengths=None, unbatched=False),
    dict(name='lstm-proj2-2layer-bi-batchfirst-last-mse',
         cfg=gcfg('LSTM', layers=2, bidirectional=True, batch_first=True, proj_size=2), out=2, readout='last',
         loss='mse', lengths=None, unbatched=False),
    dict(name='gru-2layer-bi-lengths-last-ce', cfg=gcfg('GRU', layers=2, bidirectional=True), out=3, readout='last',
         loss='ce', lengths=[6, 4], unbatched=False),
    dict(name='lstm-proj3-nobias-lengths-all-mse', cfg=gcfg('LSTM', bias=False, proj_size=3), out=2, readout='all',
         loss='mse', lengths=[5, 6], unbatched=False),
    dict(name='gru-nohead-unbatched-all-mse', cfg=gcfg('GRU'), out=0, readout='all', loss='mse', lengths=None,
         unbatched=True),
    dict(name='lstm-2layer-nohead-lengths-all-ce', cfg=gcfg('LSTM', layers=2), out=0, readout='all', loss='ce',
         lengths=[3, 6], unbatched=False),
]

VARIANTS = [
    dict(name='tanh-all-mse', cfg=cfg(), out=2, readout='all', loss='mse', lengths=None, unbatched=False),
    dict(name='relu-last-ce', cfg=cfg('relu'), out=3, readout='last', loss='ce', lengths=None, unbatched=False),
    dict(name='tanh-nohead-all-mse', cfg=cfg(), out=0, readout='all', loss='mse', lengths=None, unbatched=False),
    dict(name='tanh-2layer-bi-batchfirst-last-mse', cfg=cfg(layers=2, bidirectional=True, batch_first=True), out=2,
         readout='last', loss='mse', lengths=None, unbatched=False),
    dict(name='relu-lengths-last-ce', cfg=cfg('relu'), out=3, readout='last', loss='ce', lengths=[6, 4],
         unbatched=False),
    dict(name='tanh-nobias-unbatched-all-ce', cfg=cfg(bias=False), out=3, readout='all', loss='ce', lengths=None,
         unbatched=True),
]


def make_data(v, gen):
    c = v['cfg']
    L, N = 6, 2
    if v['unbatched']:
        x_shape = (L, c['input_size'])
    elif c['batch_first']:
        x_shape = (N, L, c['input_size'])
    else:
        x_shape = (L, N, c['input_size'])
    x = torch.randn(x_shape, generator=gen)
    d = 2 if c['bidirectional'] else 1
    out = v['out'] or d * (c.get('proj_size') or c['hidden_size'])
    if v['readout'] == 'all':
        pred_shape = x_shape[:-1] + (out,)
    else:
        pred_shape = (out,) if v['unbatched'] else (N, out)
    if v['loss'] == 'mse':
        y = torch.randn(pred_shape, generator=gen)
    else:
        y = torch.randint(0, out, pred_shape[:-1], generator=gen)
    return x, y


def loss_fn(kind, pred, y):
    if kind == 'mse':
        return F.mse_loss(pred, y)
    c = pred.shape[-1]
    return F.cross_entropy(pred.reshape(-1, c), y.reshape(-1))


def total_norm(params, norm_type=2.0):
    grads = [p.grad for p in params if p.grad is not None]
    if norm_type == math.inf:
        return torch.max(torch.stack([g.detach().abs().max() for g in grads]))
    return torch.norm(torch.stack([torch.norm(g.detach(), norm_type) for g in grads]), norm_type)


def apply_clip(clip, params):
    if clip['kind'] == 'norm':
        nt = math.inf if clip['norm_type'] == 'inf' else clip['norm_type']
        return short(torch.nn.utils.clip_grad_norm_(params, clip['max_norm'], nt))
    if clip['kind'] == 'value':
        torch.nn.utils.clip_grad_value_(params, clip['clip_value'])
    return None


OPTIMIZERS = {
    'sgd': [
        ('sgd-plain', torch.optim.SGD, dict(lr=0.1)),
        ('sgd-momentum-dampening', torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.2)),
        ('sgd-nesterov', torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True)),
        ('sgd-weight-decay', torch.optim.SGD, dict(lr=0.1, momentum=0.5, weight_decay=0.01)),
    ],
    'adam': [
        ('adam-plain', torch.optim.Adam, dict(lr=0.01)),
        ('adam-amsgrad', torch.optim.Adam, dict(lr=0.01, amsgrad=True)),
        ('adam-weight-decay', torch.optim.Adam, dict(lr=0.01, weight_decay=0.1)),
        ('adam-betas-eps', torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.95), eps=1e-3)),
    ],
    'rmsprop': [
        # Small learning rates: RMSprop's first steps move every element by about 10·lr whatever its gradient.
        ('rmsprop-plain', torch.optim.RMSprop, dict(lr=0.002)),
        ('rmsprop-centered', torch.optim.RMSprop, dict(lr=0.002, centered=True)),
        ('rmsprop-momentum', torch.optim.RMSprop, dict(lr=0.002, momentum=0.9)),
        ('rmsprop-centered-momentum-decay', torch.optim.RMSprop,
         dict(lr=0.001, alpha=0.9, centered=True, momentum=0.5, weight_decay=0.01)),
    ],
    'adagrad': [
        # Adagrad's first step moves every element by lr·sign(g): keep it small.
        ('adagrad-plain', torch.optim.Adagrad, dict(lr=0.02)),
        ('adagrad-lr-decay', torch.optim.Adagrad, dict(lr=0.02, lr_decay=0.05)),
        ('adagrad-initial-accumulator', torch.optim.Adagrad, dict(lr=0.02, initial_accumulator_value=0.1)),
        ('adagrad-weight-decay', torch.optim.Adagrad, dict(lr=0.02, weight_decay=0.05, eps=1e-6)),
    ],
}

CLIPS = [
    dict(kind='none'),
    dict(kind='norm', max_norm=0.2, norm_type=2.0),
    dict(kind='norm', max_norm=0.05, norm_type='inf'),
    dict(kind='value', clip_value=0.02),
]


def run_case(family, index, opt_name, opt_cls, kwargs, clip_index, variant=None, seed_offset=0):
    clip = CLIPS[clip_index]
    v = variant or VARIANTS[(4 * index + clip_index) % len(VARIANTS)]
    seed = 1000 * index + 10 * clip_index + len(family) + seed_offset
    torch.manual_seed(seed)
    model = M(v['cfg'], v['out'])
    gen = torch.Generator().manual_seed(seed + 1)
    x, y = make_data(v, gen)
    initial = {n: tensor(p) for n, p in model.named_parameters()}
    opt = opt_cls(model.parameters(), **kwargs)
    params = list(model.parameters())
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        pred, _ = model(x, v['lengths'], v['readout'])
        loss = loss_fn(v['loss'], pred, y)
        loss.backward()
        gn = short(total_norm(params))
        before = [p.grad.clone() for p in params]
        clip_total = apply_clip(clip, params)
        clipped = any(not torch.equal(b, p.grad) for b, p in zip(before, params))
        opt.step()
        steps.append(dict(loss=short(loss), grad_norm=gn, clip_total=clip_total, clipped=clipped,
                          params={n: flat(p) for n, p in model.named_parameters()}))
    opt_kwargs = {k: (list(val) if isinstance(val, tuple) else val) for k, val in kwargs.items()}
    return dict(name=f'{opt_name}/{clip["kind"]}{"-" + str(clip.get("norm_type")) if clip["kind"] == "norm" else ""}/{v["name"]}',
                config=v['cfg'], readout=v['readout'], loss=v['loss'], lengths=v['lengths'],
                optimizer=dict(name=family, kwargs=opt_kwargs), clip=clip,
                initial=initial, input=tensor(x),
                target=tensor(y.float()) if v['loss'] == 'mse' else dict(shape=list(y.shape), classes=y.reshape(-1).tolist()),
                steps=steps)


def training_fixtures():
    for family, configs in OPTIMIZERS.items():
        cases = []
        for index, (opt_name, opt_cls, kwargs) in enumerate(configs):
            for clip_index in range(len(CLIPS)):
                cases.append(run_case(family, index, opt_name, opt_cls, kwargs, clip_index))
        write(f'training_{family}.json', dict(torch=torch.__version__, steps=STEPS, cases=cases))


def gated_training_fixtures():
    """nn.LSTM (with and without proj_size, 2 layers, bidirectional) and nn.GRU under every optimiser configuration,
    each with one of the four clipping modes (so every family meets every clipping mode once), the variants
    rotating. One case per configuration keeps the file small; the RNN's files cross every pair."""
    cases = []
    for family, configs in OPTIMIZERS.items():
        for index, (opt_name, opt_cls, kwargs) in enumerate(configs):
            v = GATED_VARIANTS[len(cases) % len(GATED_VARIANTS)]
            cases.append(run_case(family, index, opt_name, opt_cls, kwargs, index % len(CLIPS), v, 7))
    write('training_gated.json', dict(torch=torch.__version__, steps=STEPS, cases=cases))


# ---------------------------------------------------------------- optimisers alone, on given gradients

def isolated_fixture():
    cases = []
    gen = torch.Generator().manual_seed(7)
    for family, configs in OPTIMIZERS.items():
        for opt_name, opt_cls, kwargs in configs:
            p0 = torch.randn(5, generator=gen).requires_grad_()
            p1 = torch.randn(2, 3, generator=gen).requires_grad_()
            p2 = torch.randn(4, generator=gen).requires_grad_()  # never gets a gradient
            params = [p0, p1, p2]
            initial = [flat(p) for p in params]
            opt = opt_cls(params, **kwargs)
            steps = []
            for step in range(STEPS):
                g0 = torch.randn(5, generator=gen)
                g1 = torch.randn(2, 3, generator=gen) * 0.1
                p0.grad = g0.clone()
                p1.grad = None if step == 0 else g1.clone()  # p1 starts late: its own step count
                opt.step()
                steps.append(dict(grads=[flat(g0), None if step == 0 else flat(g1), None],
                                  params=[flat(p) for p in params]))
            opt_kwargs = {k: (list(val) if isinstance(val, tuple) else val) for k, val in kwargs.items()}
            cases.append(dict(name=opt_name, optimizer=dict(name=family, kwargs=opt_kwargs), initial=initial,
                              steps=steps))
    write('optimizers.json', dict(torch=torch.__version__, cases=cases))


# ---------------------------------------------------------------- losses and clipping alone

def losses_fixture():
    gen = torch.Generator().manual_seed(11)
    cases = []
    for shape in [(6, 2, 3), (4,), (5, 1)]:
        pred = torch.randn(shape, generator=gen).requires_grad_()
        y = torch.randn(shape, generator=gen)
        loss = F.mse_loss(pred, y)
        loss.backward()
        cases.append(dict(kind='mse', prediction=tensor(pred), target=tensor(y), loss=short(loss), grad=flat(pred.grad)))
    for shape, scale, ignore in [((6, 2, 5), 1.0, False), ((7, 4), 3.0, False), ((5,), 1.0, False),
                                 ((3, 4), 1000.0, False), ((4, 2, 3), 1.0, True)]:
        pred = (torch.randn(shape, generator=gen) * scale).requires_grad_()
        c = shape[-1]
        y = torch.randint(0, c, shape[:-1], generator=gen)
        if ignore:
            y.view(-1)[1] = -100
            y.view(-1)[4] = -100
        loss = F.cross_entropy(pred.reshape(-1, c), y.reshape(-1))
        loss.backward()
        cases.append(dict(kind='ce', prediction=tensor(pred), target=dict(shape=list(y.shape), classes=y.reshape(-1).tolist()),
                          loss=short(loss), grad=flat(pred.grad)))
    # float32's range: an exploding run's predictions reach 1e20. One square past the range, squares each within it
    # whose sum is not (inf, though the mean would be 1e38), a sum just within it, and one huge logit.
    for values in [[1.164e20, 1.0, 1.0, 1.0], [1.0e19] * 8, [1.0e19] * 3]:
        pred = torch.tensor(values).requires_grad_()
        y = torch.zeros(len(values))
        loss = F.mse_loss(pred, y)
        loss.backward()
        cases.append(dict(kind='mse', prediction=tensor(pred), target=tensor(y), loss=short(loss), grad=flat(pred.grad)))
    pred = torch.tensor([[1.0e20, 0.0], [0.0, 3.0e38]]).requires_grad_()
    y = torch.tensor([1, 0])
    loss = F.cross_entropy(pred, y)
    loss.backward()
    cases.append(dict(kind='ce', prediction=tensor(pred), target=dict(shape=[2], classes=y.tolist()), loss=short(loss),
                      grad=flat(pred.grad)))
    write('losses.json', dict(torch=torch.__version__, cases=cases))


def clipping_fixture():
    gen = torch.Generator().manual_seed(13)
    r = lambda *s: torch.randn(*s, generator=gen)
    specs = [
        ('norm-3-4-max-5', 'norm', [torch.tensor([3.0, 4.0])], dict(max_norm=5.0, norm_type=2.0)),
        ('norm-two-tensors-max-1', 'norm', [torch.tensor([3.0, 4.0]), torch.tensor([12.0])], dict(max_norm=1.0, norm_type=2.0)),
        ('norm-inf', 'norm', [torch.tensor([0.5, -2.0]), torch.tensor([1.5])], dict(max_norm=1.0, norm_type=math.inf)),
        ('norm-inf-random', 'norm', [r(4, 3), r(4)], dict(max_norm=0.3, norm_type=math.inf)),
        ('norm-below-max', 'norm', [r(4, 3), r(4), r(2)], dict(max_norm=100.0, norm_type=2.0)),
        ('norm-random', 'norm', [r(4, 3), r(4), r(2)], dict(max_norm=0.7, norm_type=2.0)),
        ('norm-type-1', 'norm', [r(4, 3), r(4)], dict(max_norm=0.5, norm_type=1.0)),
        ('norm-inf-grad', 'norm', [torch.tensor([float('inf'), 1.0]), torch.tensor([-2.0])], dict(max_norm=1.0, norm_type=2.0)),
        ('norm-nan-grad', 'norm', [torch.tensor([float('nan'), 1.0]), torch.tensor([-2.0])], dict(max_norm=1.0, norm_type=2.0)),
        ('value', 'value', [r(4, 3), r(4)], dict(clip_value=0.5)),
        ('value-negative', 'value', [r(3)], dict(clip_value=-0.5)),
    ]
    cases = []
    for name, op, grads, kwargs in specs:
        params = []
        for g in grads:
            p = torch.zeros_like(g, requires_grad=True)
            p.grad = g.clone()
            params.append(p)
        before = [flat(g) for g in grads]
        if op == 'norm':
            ret = short(torch.nn.utils.clip_grad_norm_(params, **kwargs))
        else:
            torch.nn.utils.clip_grad_value_(params, **kwargs)
            ret = None
        kw = {k: ('inf' if v == math.inf else v) for k, v in kwargs.items()}
        cases.append(dict(name=name, op=op, kwargs=kw, grads=before, result=[flat(p.grad) for p in params], total=ret))
    write('clipping.json', dict(torch=torch.__version__, cases=cases))


# ---------------------------------------------------------------- truncated BPTT with manual detach

def tbptt_fixture():
    cases = []
    for name, chunk, per_update, loss_kind in [('chunk4-every-chunk', 4, 1, 'mse'), ('chunk5-two-per-update', 5, 2, 'mse'),
                                               ('chunk3-ce', 3, 1, 'ce')]:
        torch.manual_seed(21 + chunk)
        c = cfg()
        out = 2 if loss_kind == 'mse' else 3
        model = M(c, out)
        gen = torch.Generator().manual_seed(5 + chunk)
        total, n = 12, 2
        x = torch.randn(total, n, 3, generator=gen)
        y = torch.randn(total, n, out, generator=gen) if loss_kind == 'mse' else torch.randint(0, out, (total, n), generator=gen)
        initial = {k: tensor(p) for k, p in model.named_parameters()}
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        params = list(model.parameters())
        h = None
        chunks, updates = [], []
        opt.zero_grad()
        count = 0
        starts = list(range(0, total, chunk))
        for i, s in enumerate(starts):
            xs, ys = x[s:s + chunk], y[s:s + chunk]
            out_seq, hn = model.rnn(xs, h)
            pred = model.head(out_seq)
            loss = loss_fn(loss_kind, pred, ys)
            loss.backward()
            h = hn.detach()
            chunks.append(dict(start=s, loss=short(loss), h_n=flat(hn)))
            count += 1
            if count == per_update or i == len(starts) - 1:
                gn = short(total_norm(params))
                clip_total = short(torch.nn.utils.clip_grad_norm_(params, 1.0))
                opt.step()
                opt.zero_grad()
                count = 0
                updates.append(dict(after_chunk=i, grad_norm=gn, clip_total=clip_total,
                                    params={k: flat(p) for k, p in model.named_parameters()}))
        cases.append(dict(name=name, chunk=chunk, chunks_per_update=per_update, config=c, loss=loss_kind,
                          optimizer=dict(name='sgd', kwargs=dict(lr=0.1, momentum=0.9)),
                          clip=dict(kind='norm', max_norm=1.0, norm_type=2.0), initial=initial, input=tensor(x),
                          target=tensor(y) if loss_kind == 'mse' else dict(shape=list(y.shape), classes=y.reshape(-1).tolist()),
                          chunks=chunks, updates=updates))
    write('tbptt.json', dict(torch=torch.__version__, cases=cases))


def tbptt_gated_fixture():
    """The same manual loop for nn.LSTM (with and without proj_size) and nn.GRU: an LSTM carries (h, c), both
    detached, into the next chunk: (h, c) = (hn.detach(), cn.detach())."""
    cases = []
    for name, c, chunk, per_update in [('lstm-chunk4', gcfg('LSTM'), 4, 1),
                                       ('lstm-proj2-2layer-chunk5-two-per-update', gcfg('LSTM', layers=2, proj_size=2), 5, 2),
                                       ('gru-chunk3', gcfg('GRU'), 3, 1)]:
        torch.manual_seed(31 + chunk)
        model = M(c, 2)
        gen = torch.Generator().manual_seed(9 + chunk)
        total, n = 12, 2
        x = torch.randn(total, n, 3, generator=gen)
        y = torch.randn(total, n, 2, generator=gen)
        initial = {k: tensor(p) for k, p in model.named_parameters()}
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        params = list(model.parameters())
        state = None
        chunks, updates = [], []
        opt.zero_grad()
        count = 0
        starts = list(range(0, total, chunk))
        for i, s in enumerate(starts):
            out_seq, hn = model.rnn(x[s:s + chunk], state)
            loss = loss_fn('mse', model.head(out_seq), y[s:s + chunk])
            loss.backward()
            if c['mode'] == 'LSTM':
                state = (hn[0].detach(), hn[1].detach())
                chunks.append(dict(start=s, loss=short(loss), h_n=flat(hn[0]), c_n=flat(hn[1])))
            else:
                state = hn.detach()
                chunks.append(dict(start=s, loss=short(loss), h_n=flat(hn)))
            count += 1
            if count == per_update or i == len(starts) - 1:
                gn = short(total_norm(params))
                clip_total = short(torch.nn.utils.clip_grad_norm_(params, 1.0))
                opt.step()
                opt.zero_grad()
                count = 0
                updates.append(dict(after_chunk=i, grad_norm=gn, clip_total=clip_total,
                                    params={k: flat(p) for k, p in model.named_parameters()}))
        cases.append(dict(name=name, chunk=chunk, chunks_per_update=per_update, config=c, loss='mse',
                          optimizer=dict(name='sgd', kwargs=dict(lr=0.1, momentum=0.9)),
                          clip=dict(kind='norm', max_norm=1.0, norm_type=2.0), initial=initial, input=tensor(x),
                          target=tensor(y), chunks=chunks, updates=updates))
    write('tbptt_gated.json', dict(torch=torch.__version__, cases=cases))


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    losses_fixture()
    clipping_fixture()
    isolated_fixture()
    training_fixtures()
    gated_training_fixtures()
    tbptt_fixture()
    tbptt_gated_fixture()

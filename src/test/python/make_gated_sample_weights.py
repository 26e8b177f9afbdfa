"""Writes sample-data/lstm-adding-t100.safetensors and sample-data/gru-adding-t100.safetensors: an nn.LSTM and an
nn.GRU trained by PyTorch on the adding problem, and src/test/resources/samples/*-check.npz: PyTorch's output for a
small input, which SampleGatedModelsTest compares with the engine's and rnnx forward's.

Run with Debian's torch 1.13.1:  /usr/bin/python3 src/test/python/make_gated_sample_weights.py
Each model is nn.LSTM(2, 32) or nn.GRU(2, 32) with PyTorch's default initialisation and an nn.Linear(32, 1) head,
trained with Adam (lr 1e-2, clip_grad_norm_ 1.0) on batches of 32 of the adding problem in its uniform form
(T = 100, inputs (value, marker), values U[0, 1], one marker in each half, target = the sum of the two marked values,
read at the last step), as the issue measured: the GRU falls below half the chance level within ~300 iterations,
the LSTM within ~750 (an nn.RNN(tanh) stays at chance for 3,000). Keys are those of a module holding self.rnn and
self.head; the cell is recorded as __metadata__ "mode" in PyTorch's names (LSTM, GRU), with batch_first.
About a minute per model on 2 cores.
"""
import os

import numpy as np
import torch
import torch.nn as nn

from make_sample_weights import write_safetensors

HERE = os.path.dirname(__file__)
SAMPLES = os.path.join(HERE, '..', '..', '..', 'sample-data')
CHECKS = os.path.join(HERE, '..', 'resources', 'samples')
T, HIDDEN, BATCH = 100, 32, 32


def adding_batch(generator, steps=T, batch=BATCH):
    values = torch.rand(steps, batch, generator=generator)
    markers = torch.zeros(steps, batch)
    first = torch.randint(0, steps // 2, (batch,), generator=generator)
    second = torch.randint(steps // 2, steps, (batch,), generator=generator)
    markers[first, torch.arange(batch)] = 1
    markers[second, torch.arange(batch)] = 1
    target = (values * markers).sum(0, keepdim=False).unsqueeze(1)
    return torch.stack([values, markers], dim=2), target


class Model(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(2, HIDDEN)
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        output, _ = self.rnn(x)
        return self.head(output[-1])


def train(name, cell, mode, iterations, seed):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed + 1)
    model = Model(cell)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for step in range(iterations):
        x, y = adding_batch(generator)
        loss = nn.functional.mse_loss(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        if step % 250 == 0:
            print(name, 'step', step, 'loss', loss.item())
    with torch.no_grad():
        tests = [nn.functional.mse_loss(model(x), y).item() for x, y in (adding_batch(generator) for _ in range(8))]
    test = sum(tests) / len(tests)
    print(name, 'held-out MSE over 8 batches', test, '(predicting 1 always: 1/6 = 0.1667)')
    path = os.path.join(SAMPLES, name + '.safetensors')
    write_safetensors(path, model.state_dict(), {
        'mode': mode, 'batch_first': 'false',
        'description': '%s on the adding problem, T=%d, uniform form; Adam 1e-2, %d iterations; held-out MSE %.4f'
                       % (mode, T, iterations, test)})
    print('wrote', os.path.normpath(path), os.path.getsize(path), 'bytes')

    # PyTorch's own numbers for a small input (L = 12, N = 3) from a given h_0 (and c_0), for the engine to match.
    check = torch.Generator().manual_seed(seed + 2)
    x, _ = adding_batch(check, steps=12, batch=3)
    h0 = torch.randn(1, 3, HIDDEN, generator=check) * 0.5
    arrays = {'input': x, 'h0': h0}
    with torch.no_grad():
        if mode == 'LSTM':
            c0 = torch.randn(1, 3, HIDDEN, generator=check) * 0.5
            output, (hn, cn) = model.rnn(x, (h0, c0))
            arrays.update(c0=c0, c_n=cn)
        else:
            output, hn = model.rnn(x, h0)
        arrays.update(output=output, h_n=hn, prediction=model.head(output[-1]))
    os.makedirs(CHECKS, exist_ok=True)
    check_path = os.path.join(CHECKS, name + '-check.npz')
    np.savez(check_path, **{k: v.numpy().astype(np.float32) for k, v in arrays.items()})
    print('wrote', os.path.normpath(check_path), os.path.getsize(check_path), 'bytes')


def main():
    torch.set_num_threads(2)
    train('gru-adding-t100', nn.GRU, 'GRU', 1000, 10)
    train('lstm-adding-t100', nn.LSTM, 'LSTM', 1500, 20)


if __name__ == '__main__':
    main()

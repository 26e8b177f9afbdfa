"""Writes sample-data/irnn-adding-t50.safetensors: an IRNN trained by PyTorch on the adding problem.

Run with Debian's torch 1.13.1:  /usr/bin/python3 src/test/python/make_sample_weights.py
The model is nn.RNN(2, 32, nonlinearity='relu') initialised as Le, Jaitly & Hinton (2015) do (W_hh = I, biases 0,
W_ih ~ N(0, 0.001^2)) with an nn.Linear(32, 1) head, trained on the adding problem in its uniform form (T = 50,
inputs (value, marker), values U[0, 1], one marker in each half, target = the sum of the two marked values, read
at the last step). Keys are those of a module holding self.rnn and self.head, written as safetensors by hand (the
format is an 8-byte header length, a JSON header, then the little-endian float32 data), with the nonlinearity and
batch_first in __metadata__ since a state_dict records neither.
"""
import json
import os
import struct

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'sample-data', 'irnn-adding-t50.safetensors')
T, HIDDEN, BATCH, STEPS = 50, 32, 32, 3000


def adding_batch(generator):
    values = torch.rand(T, BATCH, generator=generator)
    markers = torch.zeros(T, BATCH)
    first = torch.randint(0, T // 2, (BATCH,), generator=generator)
    second = torch.randint(T // 2, T, (BATCH,), generator=generator)
    markers[first, torch.arange(BATCH)] = 1
    markers[second, torch.arange(BATCH)] = 1
    target = (values * markers).sum(0, keepdim=False).unsqueeze(1)
    return torch.stack([values, markers], dim=2), target


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(2, HIDDEN, nonlinearity='relu')
        self.head = nn.Linear(HIDDEN, 1)
        with torch.no_grad():
            self.rnn.weight_hh_l0.copy_(torch.eye(HIDDEN))
            self.rnn.weight_ih_l0.normal_(0, 0.001)
            self.rnn.bias_ih_l0.zero_()
            self.rnn.bias_hh_l0.zero_()

    def forward(self, x):
        output, _ = self.rnn(x)
        return self.head(output[-1])


def write_safetensors(path, tensors, metadata):
    header = {'__metadata__': metadata}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(1)
    model = Model()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = None
    for step in range(STEPS):
        x, y = adding_batch(generator)
        loss = nn.functional.mse_loss(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        if step % 500 == 0:
            print('step', step, 'loss', loss.item())
    with torch.no_grad():
        x, y = adding_batch(generator)
        test = nn.functional.mse_loss(model(x), y).item()
    print('held-out batch MSE', test, '(predicting 1 always: 1/6 = 0.1667)')
    write_safetensors(OUT, model.state_dict(), {
        'nonlinearity': 'relu', 'batch_first': 'false',
        'description': 'IRNN on the adding problem, T=50, uniform form; held-out MSE %.4f' % test})
    print('wrote', os.path.normpath(OUT), os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()

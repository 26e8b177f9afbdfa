#!/usr/bin/python3
"""Writes the installer smoke test's fixture (installer/smoke/): a PyTorch nn.RNN's weights, an input and what
PyTorch returns for it.

    /usr/bin/python3 installer/smoke/make_fixture.py

  weights.safetensors   state_dict of nn.RNN(4, 6, num_layers=2, bidirectional=True), tanh, seeded
  input.npy             x, (L=7, N=3, I=4) float32
  expected.safetensors  output (7, 3, 12) and h_n (4, 3, 6) from PyTorch in eval mode, float32

Needs torch and numpy (not the safetensors package: the format is written here, 8-byte header length + JSON header
+ little-endian data).
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = np.ascontiguousarray(t.detach().numpy().astype("<f4")).tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def main():
    torch.manual_seed(20240611)
    rnn = nn.RNN(input_size=4, hidden_size=6, num_layers=2, nonlinearity="tanh", bidirectional=True).eval()
    x = torch.randn(7, 3, 4)
    with torch.no_grad():
        output, h_n = rnn(x)
    save_safetensors(os.path.join(HERE, "weights.safetensors"), dict(rnn.state_dict()))
    np.save(os.path.join(HERE, "input.npy"), x.numpy().astype("<f4"))
    save_safetensors(os.path.join(HERE, "expected.safetensors"), {"output": output, "h_n": h_n})
    print(f"torch {torch.__version__}: output {tuple(output.shape)}, h_n {tuple(h_n.shape)}")


if __name__ == "__main__":
    main()

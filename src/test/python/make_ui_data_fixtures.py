"""Writes PyTorch's output for inputs fed to the sample IRNN (sample-data/irnn-adding-t50.safetensors), for the
Data pane's tests: src/test/resources/fixtures/ui/data_*.npy and data_series.csv.

Run with Debian's torch 1.13.1:  /usr/bin/python3 src/test/python/make_ui_data_fixtures.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(__file__)
SAMPLE = os.path.join(HERE, '..', '..', '..', 'sample-data', 'irnn-adding-t50.safetensors')
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'ui')


def read_safetensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        begin, end = info['data_offsets']
        out[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype='<f4').reshape(info['shape']).copy())
    return out


def main():
    tensors = read_safetensors(SAMPLE)
    rnn = nn.RNN(2, 32, nonlinearity='relu')
    rnn.load_state_dict({k[len('rnn.'):]: v for k, v in tensors.items() if k.startswith('rnn.')})
    torch.manual_seed(3)
    x = torch.rand(7, 2, 2)
    with torch.no_grad():
        out, _ = rnn(x)
    np.save(os.path.join(OUT, 'data_input.npy'), x.numpy())
    np.save(os.path.join(OUT, 'data_output.npy'), out.numpy())
    series = torch.rand(9, 2)
    with torch.no_grad():
        out1, _ = rnn(series.unsqueeze(1))
    with open(os.path.join(OUT, 'data_series.csv'), 'w') as f:
        f.write('value,marker\n')
        for row in series.tolist():
            f.write('%r,%r\n' % (float(np.float32(row[0])), float(np.float32(row[1]))))
    np.save(os.path.join(OUT, 'data_series_output.npy'), out1.numpy())
    # What a state_dict does not record: the same weights built with batch_first=True, or nonlinearity='tanh'.
    state = rnn.state_dict()
    torch.manual_seed(4)
    x_bf = torch.rand(3, 5, 2)  # (N, L, H_in) under batch_first=True; (L, N, H_in) read the other way
    for name, module in [('bf', nn.RNN(2, 32, nonlinearity='relu', batch_first=True)),
                         ('bf_tanh', nn.RNN(2, 32, nonlinearity='tanh', batch_first=True))]:
        module.load_state_dict(state)
        with torch.no_grad():
            out_m, _ = module(x_bf)
        np.save(os.path.join(OUT, 'data_output_%s.npy' % name), out_m.numpy())
    np.save(os.path.join(OUT, 'data_input_bf.npy'), x_bf.numpy())
    tanh = nn.RNN(2, 32, nonlinearity='tanh')
    tanh.load_state_dict(state)
    with torch.no_grad():
        out_t, _ = tanh(x)
    np.save(os.path.join(OUT, 'data_output_tanh.npy'), out_t.numpy())
    print('wrote', OUT)


if __name__ == '__main__':
    main()

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# The window's weights, x and h_0 (written by Copy): PyTorch's random streams differ from the engine's.
data = np.load("batch_first_lengths_zero_h0.npz")
rnn = nn.RNN(
    input_size=2,
    hidden_size=3,
    num_layers=1,
    nonlinearity='tanh',
    bias=True,
    batch_first=True,
    dropout=0.0,
    bidirectional=False,
)
rnn.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in ("x", "h0")})

x = torch.from_numpy(data["x"])  # 2, 4, 2: (N, L, H_in)
lengths = torch.tensor([2, 4])  # valid steps per sequence
packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
packed_output, h_n = rnn(packed)
output, _ = pad_packed_sequence(packed_output, batch_first=True, total_length=4)
print(output.shape)  # torch.Size([2, 4, 3])
print(h_n.shape)  # torch.Size([1, 2, 3])
# The window's numbers: output holds the last layer's h_t at every step (directions side by side; zero past each length),
# h_n each layer's final h; the Hidden states pane shows every layer's h_t.
torch.set_printoptions(precision=6, linewidth=120)
print("output:", output)
print("h_n:", h_n)

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# The window's weights, x and h_0 (written by Copy): PyTorch's random streams differ from the engine's.
data = np.load("lstm_lengths_zero_h0.npz")
lstm = nn.LSTM(
    input_size=2,
    hidden_size=4,
    num_layers=1,
    bias=True,
    batch_first=False,
    dropout=0.0,
    bidirectional=False,
)
lstm.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in ("x", "h0", "c0")})

x = torch.from_numpy(data["x"])  # 5, 3, 2: (L, N, H_in)
lengths = torch.tensor([5, 2, 4])  # valid steps per sequence
packed = pack_padded_sequence(x, lengths, batch_first=False, enforce_sorted=False)
packed_output, (h_n, c_n) = lstm(packed)
output, _ = pad_packed_sequence(packed_output, batch_first=False, total_length=5)
print(output.shape)  # torch.Size([5, 3, 4])
print(h_n.shape)  # torch.Size([1, 3, 4])
print(c_n.shape)  # torch.Size([1, 3, 4])
# The window's numbers: output holds the last layer's h_t at every step (directions side by side; zero past each length),
# h_n each layer's final h, c_n its final c; the Hidden states pane shows every layer's h_t.
torch.set_printoptions(precision=6, linewidth=120)
print("output:", output)
print("h_n:", h_n)
print("c_n:", c_n)

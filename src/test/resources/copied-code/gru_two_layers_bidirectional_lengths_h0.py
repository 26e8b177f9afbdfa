import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# The window's weights, x and h_0 (written by Copy): PyTorch's random streams differ from the engine's.
data = np.load("gru_two_layers_bidirectional_lengths_h0.npz")
gru = nn.GRU(
    input_size=3,
    hidden_size=4,
    num_layers=2,
    bias=True,
    batch_first=False,
    dropout=0.0,
    bidirectional=True,
)
gru.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in ("x", "h0")})

x = torch.from_numpy(data["x"])  # 5, 3, 3: (L, N, H_in)
h0 = torch.from_numpy(data["h0"])  # 4, 3, 4: (D*num_layers, N, H)
lengths = torch.tensor([5, 2, 4])  # valid steps per sequence
packed = pack_padded_sequence(x, lengths, batch_first=False, enforce_sorted=False)
packed_output, h_n = gru(packed, h0)
output, _ = pad_packed_sequence(packed_output, batch_first=False, total_length=5)
print(output.shape)  # torch.Size([5, 3, 8])
print(h_n.shape)  # torch.Size([4, 3, 4])
# The window's numbers: output holds the last layer's h_t at every step (directions side by side; zero past each length),
# h_n each layer's final h; the Hidden states pane shows every layer's h_t.
torch.set_printoptions(precision=6, linewidth=120)
print("output:", output)
print("h_n:", h_n)

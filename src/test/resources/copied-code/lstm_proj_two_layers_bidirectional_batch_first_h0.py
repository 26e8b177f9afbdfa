import numpy as np
import torch
import torch.nn as nn

# The window's weights, x and h_0, c_0 (written by Copy): PyTorch's random streams differ from the engine's.
data = np.load("lstm_proj_two_layers_bidirectional_batch_first_h0.npz")
lstm = nn.LSTM(
    input_size=3,
    hidden_size=5,
    num_layers=2,
    bias=True,
    batch_first=True,
    dropout=0.0,
    bidirectional=True,
    proj_size=2,
)
lstm.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in ("x", "h0", "c0")})

x = torch.from_numpy(data["x"])  # 3, 4, 3: (N, L, H_in)
# h0 and c0 ignore batch_first
h0 = torch.from_numpy(data["h0"])  # 4, 3, 2: (D*num_layers, N, P)
c0 = torch.from_numpy(data["c0"])  # 4, 3, 5: (D*num_layers, N, H)
output, (h_n, c_n) = lstm(x, (h0, c0))
print(output.shape)  # torch.Size([3, 4, 4])
print(h_n.shape)  # torch.Size([4, 3, 2])
print(c_n.shape)  # torch.Size([4, 3, 5])
# The window's numbers: output holds the last layer's h_t at every step (directions side by side),
# h_n each layer's final h, c_n its final c; the Hidden states pane shows every layer's h_t.
torch.set_printoptions(precision=6, linewidth=120)
print("output:", output)
print("h_n:", h_n)
print("c_n:", c_n)

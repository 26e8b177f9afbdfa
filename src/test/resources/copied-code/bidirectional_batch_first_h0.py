import numpy as np
import torch
import torch.nn as nn

# The window's weights, x and h_0 (written by Copy): PyTorch's random streams differ from the engine's.
data = np.load("bidirectional_batch_first_h0.npz")
rnn = nn.RNN(
    input_size=2,
    hidden_size=3,
    num_layers=1,
    nonlinearity='tanh',
    bias=True,
    batch_first=True,
    dropout=0.0,
    bidirectional=True,
)
rnn.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in ("x", "h0")})

x = torch.from_numpy(data["x"])  # 3, 4, 2: (N, L, H_in)
# h0 ignores batch_first
h0 = torch.from_numpy(data["h0"])  # 2, 3, 3: (D*num_layers, N, H)
output, h_n = rnn(x, h0)
print(output.shape)  # torch.Size([3, 4, 6])
print(h_n.shape)  # torch.Size([2, 3, 3])
# The window's numbers: output holds the last layer's h_t at every step (directions side by side),
# h_n each layer's final h; the Hidden states pane shows every layer's h_t.
torch.set_printoptions(precision=6, linewidth=120)
print("output:", output)
print("h_n:", h_n)

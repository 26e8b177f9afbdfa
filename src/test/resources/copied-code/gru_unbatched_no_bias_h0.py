import numpy as np
import torch
import torch.nn as nn

# The window's weights, x and h_0 (written by Copy): PyTorch's random streams differ from the engine's.
data = np.load("gru_unbatched_no_bias_h0.npz")
gru = nn.GRU(
    input_size=2,
    hidden_size=3,
    num_layers=1,
    bias=False,
    batch_first=False,
    dropout=0.0,
    bidirectional=False,
)
gru.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files if k not in ("x", "h0")})

x = torch.from_numpy(data["x"])  # 6, 2: (L, H_in)
h0 = torch.from_numpy(data["h0"])  # 1, 3: (D*num_layers, H)
output, h_n = gru(x, h0)
print(output.shape)  # torch.Size([6, 3])
print(h_n.shape)  # torch.Size([1, 3])
# The window's numbers: output holds the last layer's h_t at every step (directions side by side),
# h_n each layer's final h; the Hidden states pane shows every layer's h_t.
torch.set_printoptions(precision=6, linewidth=120)
print("output:", output)
print("h_n:", h_n)

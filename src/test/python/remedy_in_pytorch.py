"""The article's remedy in PyTorch: a tanh RNN, an LSTM and a GRU on the adding problem (T = 100, H = 32, batch 32,
Adam lr 1e-2, no clipping), each from torch.manual_seed(seed) and trained on the same batches. It checks the numbers
behind the window's "The article's remedy" preset (its claims are asserted on the engine by PresetClaimsTest); the
task is the engine's `adding` (values U[0, 1], one marker in each half, target their sum; chance MSE 1/6).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 src/test/python/remedy_in_pytorch.py 1500 0

prints, per cell, the mean loss of the 250 iterations up to every 250th over the chance level, and the first
iteration (in steps of 50) where that mean falls below half of chance. Measured with PyTorch 1.13.1 on 2 cores:
  RNN  seed 0: never;  1500: 1.043      seed 1: never;  1500: 1.041
  GRU  seed 0: 400;     750: 0.005      seed 1: 400;     750: 0.005
  LSTM seed 0: 950;    1500: 0.006      seed 1: 1500;   1500: 0.391
"""
import torch, sys, time, math
torch.set_num_threads(1)
T, H, N, ITERS = 100, 32, 32, int(sys.argv[1]) if len(sys.argv) > 1 else 1500
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
def batch(g):
    v = torch.rand(N, T, generator=g)
    m = torch.zeros(N, T)
    half = T // 2
    p1 = torch.randint(0, half, (N,), generator=g)
    p2 = torch.randint(half, T, (N,), generator=g)
    m[torch.arange(N), p1] = 1
    m[torch.arange(N), p2] = 1
    x = torch.stack([v, m], -1).transpose(0, 1)  # (T, N, 2)
    y = (v * m).sum(1, keepdim=True)
    return x, y
chance = 1.0 / 6  # variance of the sum of two U(0,1): 2/12
res = {}
for mode in ["RNN", "GRU", "LSTM"]:
    torch.manual_seed(seed)
    rnn = getattr(torch.nn, mode)(2, H)
    head = torch.nn.Linear(H, 1)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=1e-2)
    g = torch.Generator().manual_seed(1000 + seed)
    losses = []
    t0 = time.time()
    for it in range(ITERS):
        x, y = batch(g)
        out, _ = rnn(x)
        loss = torch.nn.functional.mse_loss(head(out[-1]), y)
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
    w = 250
    marks = {k: sum(losses[k - w:k]) / w / chance for k in range(250, ITERS + 1, 250)}
    res[mode] = marks
    first = next((k for k in range(w, ITERS + 1, 50) if sum(losses[k - w:k]) / w / chance < 0.5), None)
    print(mode, "seed", seed, "%.1fs" % (time.time() - t0), "first<0.5 at", first,
          " ".join("%d:%.3f" % kv for kv in marks.items()), flush=True)

"""Writes the torch.save (.pt) files the weights-only reader is tested on, each beside its twin, with Debian's
PyTorch 1.13 as the independent implementation.

Run from the repository root with the interpreter that has torch and numpy:
    /usr/bin/python3 src/test/python/make_torchsave_fixtures.py
Outputs go to src/test/resources/io/torchsave/:
  NAME.pt   what torch.save wrote (or, for the refusals, a file crafted to be refused)
  NAME.npz  the twin: every tensor of NAME.pt under the same key, as float32 (numpy's cast of torch's values;
            float16/bfloat16 widen exactly), written by numpy, so the Java test compares against torch, not itself.
Debian's PyTorch has no safetensors module, hence npz twins; the tests write safetensors from them with the
project's own writer where they need one.
"""
import io
import os
import pickle
import zipfile

import numpy as np
import torch

OUT = os.path.join("src", "test", "resources", "io", "torchsave")


def twin(name, state):
    """NAME.npz holding each tensor as float32, with the shape torch reports."""
    arrays = {key: np.array(t.detach().to(torch.float32).numpy(), order="C") for key, t in state.items()}
    np.savez(os.path.join(OUT, name + ".npz"), **arrays)


def save(name, state):
    torch.save(state, os.path.join(OUT, name + ".pt"))
    twin(name, state)


def plain_rnn():
    """nn.RNN's own state_dict: keys weight_ih_l0, ..., contiguous float32."""
    torch.manual_seed(1)
    rnn = torch.nn.RNN(3, 4, num_layers=2)
    save("rnn_plain", rnn.state_dict())


class WithHead(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(3, 5, nonlinearity="relu", bidirectional=True)
        self.head = torch.nn.Linear(10, 2)


def module_with_head():
    """A module holding self.rnn and a head: keys rnn.weight_ih_l0, ..., head.weight, head.bias."""
    torch.manual_seed(2)
    save("module_rnn_head", WithHead().state_dict())


def noncontiguous_shared():
    """An RNN whose tensors are views of one storage: transposed, offset, strided; plus a 0-d and an empty tensor."""
    torch.manual_seed(3)
    rnn = torch.nn.RNN(2, 3)
    sd = rnn.state_dict()
    # One storage behind all four parameters, each at its own offset, W_hh transposed (column-major).
    flat = torch.cat([sd["weight_ih_l0"].reshape(-1), sd["weight_hh_l0"].t().reshape(-1),
                      sd["bias_ih_l0"], torch.zeros(3), sd["bias_hh_l0"]])
    state = {
        "weight_ih_l0": flat[0:6].view(3, 2),
        "weight_hh_l0": flat[6:15].view(3, 3).t(),       # strides (1, 3), offset 6
        "bias_ih_l0": flat[15:18],                         # offset 15
        "bias_hh_l0": flat[18:27:1][3:6],                  # offset 21, skipping three zeros
    }
    for key in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
        assert torch.equal(state[key], sd[key]), key
    assert not state["weight_hh_l0"].is_contiguous()
    save("rnn_noncontiguous_shared", state)

    torch.manual_seed(4)
    base = torch.randn(4, 6)
    views = {
        "base": base,
        "transposed": base.t(),                 # (6, 4), strides (1, 6)
        "every_other_column": base[:, ::2],     # (4, 3), strides (6, 2)
        "rows_1_to_3": base[1:3],               # offset 6
        "element": base[2, 3],                  # 0-d, offset 15
        "empty": base[:, 0:0],                  # (4, 0)
        "own": torch.arange(5, dtype=torch.float32),
    }
    save("views", views)


def dtypes():
    """float16, bfloat16, float64 and an int64 counter, as a state_dict with BatchNorm would have."""
    torch.manual_seed(5)
    values = torch.randn(3, 4, dtype=torch.float64) * 10
    values[0, 0] = 65504.0
    values[0, 1] = 1e-7
    state = {
        "f64": values,
        "f32": values.to(torch.float32),
        "f16": values.to(torch.float16),
        "bf16": values.to(torch.bfloat16),
        "f16_transposed": values.to(torch.float16).t(),
        "num_batches_tracked": torch.tensor(12345, dtype=torch.int64),
    }
    save("dtypes", state)

    torch.manual_seed(6)
    rnn = torch.nn.RNN(3, 4, num_layers=2, bidirectional=True).double()
    save("rnn_float64", rnn.state_dict())


def replace_pickle(source, target, pickle_bytes):
    """Copies the zip `source` to `target`, its data.pkl replaced by `pickle_bytes`, its top folder renamed."""
    old_top = os.path.splitext(os.path.basename(source))[0]
    new_top = os.path.splitext(os.path.basename(target))[0]
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            name = new_top + info.filename[len(old_top):]
            data = pickle_bytes if info.filename.endswith("/data.pkl") else zin.read(info)
            zout.writestr(name, data)


def refusals():
    """Files the reader must refuse: a GLOBAL naming os.system, a whole pickled model, the legacy format."""
    torch.manual_seed(7)
    rnn = torch.nn.RNN(2, 3)
    scratch = os.path.join(OUT, "scratch.pt")
    torch.save(rnn.state_dict(), scratch)
    # What `pickle.loads` would run: os.system("echo pwned"). Written by hand so the module is "os", as an attacker
    # writes it (the pickle module itself would write "posix" on Linux).
    evil = b"\x80\x02cos\nsystem\nq\x00X\x0a\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03."
    try:
        pickle.loads(evil.replace(b"echo pwned", b"true      "))  # proves the bytes are a real, working payload
    except Exception as e:  # pragma: no cover
        raise SystemExit("the crafted pickle does not load: %s" % e)
    replace_pickle(scratch, os.path.join(OUT, "refuse_os_system.pt"), evil)
    os.remove(scratch)

    torch.save(rnn, os.path.join(OUT, "refuse_pickled_model.pt"))
    torch.save(rnn.state_dict(), os.path.join(OUT, "refuse_legacy.pt"), _use_new_zipfile_serialization=False)


def checkpoints():
    """Training checkpoints as PyTorch's tutorials save them: the model's state_dict beside an optimizer's and numbers.
    The twin holds the model's state_dict alone (what the reader takes from the checkpoint); a checkpoint holding two
    RNN state_dicts (a model and its moving average) is refused by name."""
    torch.manual_seed(6)
    model = WithHead()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = model.head(model.rnn(torch.randn(4, 2, 3))[0]).pow(2).mean()
    loss.backward()
    optimizer.step()
    torch.save({"epoch": 3, "model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict(),
                "loss": float(loss)}, os.path.join(OUT, "checkpoint.pt"))
    twin("checkpoint", model.state_dict())
    torch.save({"model": model.state_dict(), "ema": WithHead().state_dict(), "step": 100},
               os.path.join(OUT, "refuse_two_models.pt"))


def main():
    os.makedirs(OUT, exist_ok=True)
    plain_rnn()
    module_with_head()
    noncontiguous_shared()
    dtypes()
    refusals()
    checkpoints()
    for name in sorted(os.listdir(OUT)):
        print("%8d  %s" % (os.path.getsize(os.path.join(OUT, name)), name))


if __name__ == "__main__":
    main()

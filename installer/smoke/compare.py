#!/usr/bin/env python3
"""Compares the tensors of an `rnnx forward` result with PyTorch's (installer/smoke/expected.safetensors).

    python3 installer/smoke/compare.py EXPECTED.safetensors ACTUAL.safetensors

Every tensor in EXPECTED must be in ACTUAL with the same shape and an error max|actual - expected| / max(1, max|expected|)
of at most 1e-5 (the project's forward bound). Standard library only: the machine that runs the smoke test needs no
NumPy. Prints one line per tensor; exits 1 on a mismatch.
"""
import json
import struct
import sys

TOLERANCE = 1e-5


def read_f32_tensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            sys.exit(f"{path}: {name} is {entry['dtype']}, expected F32")
        start, end = entry["data_offsets"]
        values = struct.unpack(f"<{(end - start) // 4}f", data[start:end])
        tensors[name] = (tuple(entry["shape"]), values)
    return tensors


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py EXPECTED.safetensors ACTUAL.safetensors")
    expected, actual = read_f32_tensors(sys.argv[1]), read_f32_tensors(sys.argv[2])
    failed = False
    for name, (shape, values) in expected.items():
        if name not in actual:
            print(f"{name}: missing from {sys.argv[2]}")
            failed = True
            continue
        got_shape, got = actual[name]
        if got_shape != shape:
            print(f"{name}: shape {got_shape}, expected {shape}")
            failed = True
            continue
        scale = max(1.0, max(abs(v) for v in values))
        error = max(abs(a - b) for a, b in zip(got, values)) / scale
        ok = error <= TOLERANCE
        failed |= not ok
        print(f"{name} {shape}: error {error:.2e} {'ok' if ok else f'> {TOLERANCE:g}'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Writes the reference files the io tests read, using numpy and torch as the independent implementation.

Run from the repository root with the interpreter that has numpy and torch:
    /usr/bin/python3 src/test/python/make_io_fixtures.py
Outputs go to src/test/resources/io/; expected.json records what each file holds:
  shape, dtype (our DType name), float32_bits (each element converted to float32 by numpy or torch, as uint32 bits,
  so NaN and infinities compare exactly), and where exact wider values matter float64 or int64.
safetensors files are written by hand here, following the format spec, because the safetensors package is not
installed: 8-byte little-endian header length, compact JSON header padded with spaces to a multiple of 8, data.
"""
import csv
import json
import os
import struct

import numpy as np
import torch

OUT = os.path.join("src", "test", "resources", "io")
expected = {}


def record(name, arr, dtype_name, float32_bits=None, **extra):
    """Notes what `name` holds; float32_bits defaults to numpy's own cast of arr to float32."""
    if float32_bits is None:
        with np.errstate(over="ignore"):  # float64 beyond float32's range becomes +-inf, as intended
            float32_bits = np.asarray(arr).astype(np.float32).reshape(-1).view(np.uint32)
    entry = {"shape": list(np.shape(arr)), "dtype": dtype_name,
             "float32_bits": [int(b) for b in np.asarray(float32_bits).reshape(-1)]}
    for key, values in extra.items():
        entry[key] = [v.item() for v in np.asarray(values).reshape(-1)]
    expected[name] = entry


def save_npy(name, arr, dtype_name, version=None, **extra):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, arr)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
    record(name, arr, dtype_name, **extra)


rng = np.random.default_rng(20240601)

# --- .npy files numpy writes, one per readable dtype, plus the header versions and edge shapes.
f4 = rng.standard_normal((3, 4)).astype(np.float32)
save_npy("f4_3x4.npy", f4, "F32")
f8 = rng.standard_normal((2, 3)) * 1e-3
f8[0, 0] = 1 / 3  # needs all 53 bits: checks toDouble is exact and toFloat rounds like numpy
save_npy("f8_2x3.npy", f8, "F64", float64=f8)
i8 = np.array([0, -1, 7, 2**53 + 1, -(2**62), 2**63 - 1], dtype=np.int64)
save_npy("i8_6.npy", i8, "I64", int64=i8)
i4 = np.array([[2**31 - 1, -(2**31)], [2**24 + 1, -5]], dtype=np.int32)
save_npy("i4_2x2.npy", i4, "I32", int64=i4, float64=i4)
save_npy("i2_3.npy", np.array([-32768, 12345, 32767], dtype=np.int16), "I16")
save_npy("i1_3.npy", np.array([-128, 0, 127], dtype=np.int8), "I8")
save_npy("u1_4.npy", np.array([0, 1, 200, 255], dtype=np.uint8), "U8")
save_npy("b1_2x2.npy", np.array([[True, False], [False, True]]), "BOOL")
f2 = np.array([1.0, -2.5, 65504.0, 6e-8, -0.0, np.inf, 0.1], dtype=np.float16)
save_npy("f2_7.npy", f2, "F16")
save_npy("f4_scalar.npy", np.array(3.25, dtype=np.float32), "F32")
save_npy("f4_0x3.npy", np.zeros((0, 3), dtype=np.float32), "F32")
f4_labels = np.array([0.0, 3.0, -2.0, 1.5], dtype=np.float32)  # 1.5 (index 3) is not an integer
save_npy("f4_labels_4.npy", f4_labels, "F32")
save_npy("f4_v2.npy", f4[:2], "F32", version=(2, 0))
save_npy("f4_v3.npy", f4[1:], "F32", version=(3, 0))

# numpy's own output for what Npy.write/writeDouble/writeLong must reproduce byte for byte.
save_npy("golden_f4_2x3x2.npy", rng.standard_normal((2, 3, 2)).astype(np.float32), "F32")
save_npy("golden_f8_4.npy", np.array([1 / 3, -1e300, 5e-324, 0.0]), "F64")
save_npy("golden_i8_2x2.npy", np.array([[1, -2], [2**40, -(2**63)]], dtype=np.int64), "I64")
save_npy("golden_f4_scalar.npy", np.array(-7.5, dtype=np.float32), "F32")

# --- Fortran-ordered arrays (what np.save writes for a transposed array) beside their C-order twins.
fortran_rng = np.random.default_rng(7)  # its own stream: the fixtures after these keep their values
np.save(os.path.join(OUT, "fortran_2x3.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
for name, a in [("fortran_f4_2x3x4", fortran_rng.standard_normal((2, 3, 4)).astype(np.float32)),
                ("fortran_f8_3x5", fortran_rng.standard_normal((3, 5))),
                ("fortran_i8_4x2", np.arange(8, dtype=np.int64).reshape(4, 2) * 1000003)]:
    np.save(os.path.join(OUT, name + ".npy"), np.asfortranarray(a))
    np.save(os.path.join(OUT, name + "_c.npy"), np.ascontiguousarray(a))

# --- .npy files numpy writes that we refuse.
np.save(os.path.join(OUT, "bad_big_endian.npy"), np.arange(4, dtype=">f4"))
np.save(os.path.join(OUT, "bad_object.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
np.save(os.path.join(OUT, "bad_complex.npy"), np.array([1 + 2j], dtype=np.complex64))
np.save(os.path.join(OUT, "bad_structured.npy"), np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))

# --- .npz archives: stored (np.savez) and deflated (np.savez_compressed).
npz_x = rng.standard_normal((2, 3)).astype(np.float32)
npz_y = np.array([4, 5, 6, 7], dtype=np.int64)
np.savez(os.path.join(OUT, "stored.npz"), x=npz_x, y=npz_y)
np.savez_compressed(os.path.join(OUT, "deflated.npz"), x=npz_x, y=npz_y)
np.savez(os.path.join(OUT, "single.npz"), only=npz_x)
record("npz:x", npz_x, "F32")
record("npz:y", npz_y, "I64", int64=npz_y)

# --- safetensors, written by hand per the spec.
def write_safetensors(name, tensors, metadata=None, header_order=None):
    """tensors: list of (name, dtype string, shape, raw little-endian bytes), laid out in list order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    entries, offset = {}, 0
    for tname, dtype, shape, raw in tensors:
        entries[tname] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    for tname in header_order or entries:
        header[tname] = entries[tname]
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, _, raw in tensors:
            f.write(raw)


st = []
st_f32 = rng.standard_normal((2, 3)).astype(np.float32)
st.append(("weight_ih_l0", "F32", st_f32.shape, st_f32.astype("<f4").tobytes()))
record("st:weight_ih_l0", st_f32, "F32")
st_f64 = np.array([[1 / 3, -2.0], [1e-40, 123456789.123]])  # 1e-40 rounds to a float32 subnormal
st.append(("bias_f64", "F64", st_f64.shape, st_f64.astype("<f8").tobytes()))
record("st:bias_f64", st_f64, "F64")
st_f16 = np.array([0.5, -65504.0, 6e-8, np.inf, -np.inf, np.nan], dtype=np.float16)
st.append(("half", "F16", st_f16.shape, st_f16.astype("<f2").tobytes()))
record("st:half", st_f16, "F16")
# bfloat16 through torch: its rounding makes the bytes; torch's widening back to float32 is the expected value.
bf = torch.tensor([1.0, -3.14159, 1e-20, 3e38, float("inf"), 0.0078125], dtype=torch.float32).to(torch.bfloat16)
bf_bits = bf.view(torch.int16).numpy().astype("<i2")
st.append(("brain", "BF16", [2, 3], bf_bits.tobytes()))
record("st:brain", np.zeros((2, 3)), "BF16", float32_bits=bf.float().numpy().view(np.uint32))
st_i64 = np.array([3, -4, 2**24 + 1, 2**53 + 1], dtype=np.int64)  # 2^24+1 is the first int float32 rounds
st.append(("steps", "I64", st_i64.shape, st_i64.astype("<i8").tobytes()))
record("st:steps", st_i64, "I64")
st_i32 = np.array([[-7], [2**31 - 1]], dtype=np.int32)
st.append(("i32", "I32", st_i32.shape, st_i32.astype("<i4").tobytes()))
record("st:i32", st_i32, "I32")
st_i16 = np.array([-300, 300], dtype=np.int16)
st.append(("i16", "I16", st_i16.shape, st_i16.astype("<i2").tobytes()))
record("st:i16", st_i16, "I16")
st_i8 = np.array([-128, 127, 0], dtype=np.int8)
st.append(("i8", "I8", st_i8.shape, st_i8.tobytes()))
record("st:i8", st_i8, "I8")
st_u8 = np.array([255, 0, 17], dtype=np.uint8)
st.append(("u8", "U8", st_u8.shape, st_u8.tobytes()))
record("st:u8", st_u8, "U8")
st_bool = np.array([True, False, True])
st.append(("mask", "BOOL", st_bool.shape, st_bool.tobytes()))
record("st:mask", st_bool, "BOOL")
st_scalar = np.array(2.5, dtype=np.float32)
st.append(("scalar", "F32", (), st_scalar.tobytes()))
record("st:scalar", st_scalar, "F32")
st.append(("empty", "F32", (0, 4), b""))
record("st:empty", np.zeros((0, 4), dtype=np.float32), "F32")
# The header lists the tensors in another order than their data, as the reference writer does (it sorts by dtype).
write_safetensors("all_dtypes.safetensors", st, metadata={"format": "pt", "note": "written by make_io_fixtures.py"},
                  header_order=sorted(t[0] for t in st))
expected["st:order"] = {"names": [t[0] for t in st]}

# What Safetensors.write must reproduce byte for byte: metadata first, then tensors in the order given, each entry's
# fields in the reference implementation's order (dtype, shape, data_offsets). F64 holds float32 values widened.
golden_a = rng.standard_normal((3, 2)).astype(np.float32)
golden_b = rng.standard_normal(4).astype(np.float32)
for dtype, np_dtype in (("F32", "<f4"), ("F64", "<f8")):
    write_safetensors("golden_%s.safetensors" % dtype.lower(),
                      [("weight_hh_l0", dtype, golden_a.shape, golden_a.astype(np_dtype).tobytes()),
                       ("bias_hh_l0", dtype, golden_b.shape, golden_b.astype(np_dtype).tobytes())],
                      metadata={"rnnx": "golden"})
write_safetensors("golden_nometa.safetensors", [("b", "F32", (2,), np.array([1, 2], dtype="<f4").tobytes())])

# --- CSV: Python's csv module with quoted names, CRLF, whitespace, trailing blank lines.
csv_values = rng.standard_normal((4, 3)).astype(np.float32)
with open(os.path.join(OUT, "series.csv"), "w", newline="") as f:
    writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(["temp", "pressure, hPa", 'say "hi"'])
    for row in csv_values:
        writer.writerow([float(v) for v in row])
    f.write("\r\n  \r\n")
record("csv:series", csv_values, "F32")
expected["csv:series"]["columns"] = ["temp", "pressure, hPa", 'say "hi"']
# np.savetxt with a header line, '%.9g' (enough digits for float32), nan and inf as numpy prints them.
txt = np.array([[1.5, -2.0], [np.nan, np.inf], [1e-7, -3.25e10]], dtype=np.float32)
np.savetxt(os.path.join(OUT, "savetxt.csv"), txt, delimiter=", ", fmt="%.9g", header="a,b", comments="")
record("csv:savetxt", txt, "F32")
expected["csv:savetxt"]["columns"] = ["a", "b"]

with open(os.path.join(OUT, "expected.json"), "w") as f:  # one entry per line: diffs stay readable
    f.write("{\n" + ",\n".join(json.dumps(k) + ": " + json.dumps(expected[k]) for k in sorted(expected)) + "\n}\n")

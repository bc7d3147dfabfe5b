#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses: a few valid and a few invalid inputs each.

    make_corpus.py SOURCE_DIR OUT_DIR     (OUT_DIR/<harness>/<seed>)

Generated rather than committed, so the repository holds no binary test files. Uses NumPy
(python3-numpy) for the .npy/.npz seeds when it is importable, hand-built bytes otherwise.
"""
import gzip
import io
import json
import os
import struct
import sys
import zipfile


def write(out, harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def experiments(src, out):
    path = os.path.join(src, "resources", "experiments", "fig2.json")
    with open(path, "rb") as f:
        raw = f.read()
    write(out, "fuzz_experiment_json", "fig2.json", raw)
    spec = json.loads(raw)
    small = dict(spec)
    small["name"] = "small"
    small["seeds"] = [0, 1]
    small["dataset"] = {"generator": {"preset": "fig2", "overlap": 2, "n_train": 20, "n_test": 10}}
    small["sweep"] = [{"param": "kd.w_kd", "values": [0, 0.5, 1]}]
    write(out, "fuzz_experiment_json", "small.json", json.dumps(small, indent=1))
    file_ds = {"name": "file", "dataset": {"file": "data.h5"}, "seeds": [3],
               "teacher": {"modalities": ["a", "b"], "model": {"type": "mlp", "hidden": [8]}},
               "student": {"modality": "b", "model": {"type": "linear"}},
               "intervention": {"type": "removal", "mode": "random", "ratio": 0.5}}
    write(out, "fuzz_experiment_json", "file.json", json.dumps(file_ds))
    for name in os.listdir(os.path.dirname(path)):
        if name.endswith(".json") and name != "fig2.json":
            with open(os.path.join(os.path.dirname(path), name), "rb") as f:
                write(out, "fuzz_experiment_json", name, f.read())
    write(out, "fuzz_experiment_json", "truncated.json", raw[: len(raw) // 2])
    write(out, "fuzz_experiment_json", "unknown-key.json", json.dumps(dict(spec, colour="red")))
    write(out, "fuzz_experiment_json", "wrong-type.json", json.dumps(dict(spec, seeds="many")))
    write(out, "fuzz_experiment_json", "empty.json", "")


def csvs(out):
    h = "fuzz_csv"
    # The first byte decides whether the harness asks for the split column (odd: yes).
    # 'l' (0x6c) and 'x' (0x78) are even; 's' (0x73) is odd.
    rows = "".join(f"{i * 0.5},{-i},{i % 3 * 1.5e-3},{i % 2}\n" for i in range(12))
    write(out, h, "numbers.csv", "x0,x1,x2,label\n" + rows)
    write(out, h, "names.csv", "label,x2,x1,x0\ncat,1,2,3\ndog,4,5,6\ncat,7,8,9\nbird,1e3,-2,0.25\n"
          "dog,0,0,0\n")
    splits = ["train", "train", "val", "test", "train", "test"]
    write(out, h, "split.csv", "split,x0,x1,x2,label\n" +
          "".join(f"{s},{i},{i + 1},{i + 2},{i % 2}\n" for i, s in enumerate(splits)))
    write(out, h, "blank-lines.csv", "x0,x1,x2,label,extra\r\n1,2,3,0,a\r\n\r\n4,5,6,1,b\r\n"
          " \n7,8,9,0,c\r\n1,1,1,1,d\r\n")
    write(out, h, "bad-number.csv", "x0,x1,x2,label\n1,2,three,0\n")
    write(out, h, "nan.csv", "x0,x1,x2,label\n1,nan,3,0\n1,2,3,1\n")
    write(out, h, "ragged.csv", "x0,x1,x2,label\n1,2,3\n")
    write(out, h, "bad-split.csv", "split,x0,x1,x2,label\nholdout,1,2,3,0\n")
    write(out, h, "no-label.csv", "x0,x1,x2\n1,2,3\n")
    write(out, h, "header-only.csv", "x0,x1,x2,label\n")
    write(out, h, "negative-label.csv", "x0,x1,x2,label\n1,2,3,-1\n4,5,6,0\n")


def npy_header(descr, fortran, shape, version=1, raw_descr=False):
    shape_s = "(" + "".join(f"{d}," if len(shape) == 1 else f"{d}, " for d in shape).rstrip(" ")
    if len(shape) > 1:
        shape_s = shape_s.rstrip(",")
    shape_s += ")"
    descr_s = descr if raw_descr else "'%s'" % descr
    d = "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr_s, fortran, shape_s)
    pre = 10 if version == 1 else 12
    d += " " * ((64 - (pre + len(d) + 1) % 64) % 64) + "\n"
    if version == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(d)) + d.encode("latin1")
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", len(d)) + d.encode("latin1")


def npys(out):
    h = "fuzz_npy"
    arrays = {}
    try:
        import numpy as np

        def save(a):
            b = io.BytesIO()
            np.save(b, a)
            return b.getvalue()

        arrays = {
            "f4": np.arange(12, dtype="<f4").reshape(3, 4),
            "f8-fortran": np.asfortranarray(np.linspace(0, 1, 6).reshape(2, 3)),
            "i8-be": np.arange(5, dtype=">i8"),
            "u1": np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
            "bool": np.array([True, False, True]),
            "f2": np.array([1.5, -2.0], dtype="<f2"),
            "i2-scalar": np.array(7, dtype="<i2"),
            "empty": np.zeros((0, 3), dtype="<f4"),
        }
        for name, a in arrays.items():
            write(out, h, name + ".npy", save(a))
        write(out, h, "object.npy", save(np.array([1, "a"], dtype=object)))
        for comp, name in ((zipfile.ZIP_STORED, "plain.npz"), (zipfile.ZIP_DEFLATED, "deflated.npz")):
            b = io.BytesIO()
            with zipfile.ZipFile(b, "w", comp) as z:
                z.writestr("a.npy", save(arrays["f4"]))
                z.writestr("labels.npy", save(np.array([0, 1, 0], dtype="<i8")))
            write(out, h, name, b.getvalue())
    except ImportError:
        write(out, h, "f4.npy", npy_header("<f4", False, (3, 4)) + struct.pack("<12f", *range(12)))
        write(out, h, "i8-be.npy", npy_header(">i8", False, (5,)) + struct.pack(">5q", *range(5)))
        write(out, h, "f8-fortran.npy",
              npy_header("<f8", True, (2, 3)) + struct.pack("<6d", *[i / 5 for i in range(6)]))
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a.npy", npy_header("<f4", False, (2,)) + struct.pack("<2f", 1, 2))
        write(out, h, "deflated.npz", b.getvalue())
    write(out, h, "v2.npy", npy_header("<i4", False, (2, 2), version=2) + struct.pack("<4i", 1, 2, 3, 4))
    write(out, h, "v3-u1.npy", npy_header("|u1", False, (3,), version=3) + b"\x01\x02\x03")
    write(out, h, "truncated.npy", npy_header("<f8", False, (100,)) + b"\x00" * 16)
    write(out, h, "structured.npy",
          npy_header("[('x', '<f4')]", False, (1,), raw_descr=True) + b"\x00" * 4)
    write(out, h, "bad-magic.npy", b"\x93NUMPX\x01\x00\x10\x00" + b" " * 16)
    write(out, h, "not-a-zip.npz", b"PK\x03\x04" + b"\x00" * 40)


def idx_bytes(code, fmt, dims, values):
    return bytes([0, 0, code, len(dims)]) + struct.pack(">%dI" % len(dims), *dims) + \
        struct.pack(">%d%s" % (len(values), fmt), *values)


def idxs(out):
    h = "fuzz_idx"
    images = idx_bytes(0x08, "B", (3, 4, 4), [i % 256 for i in range(48)])
    write(out, h, "images-u8.idx", images)
    write(out, h, "labels-u8.idx", idx_bytes(0x08, "B", (5,), [0, 1, 2, 3, 9]))
    write(out, h, "i8.idx", idx_bytes(0x09, "b", (2, 2), [-1, 2, -3, 4]))
    write(out, h, "i16.idx", idx_bytes(0x0B, "h", (3,), [-300, 0, 300]))
    write(out, h, "i32.idx", idx_bytes(0x0C, "i", (2,), [-70000, 70000]))
    write(out, h, "f32.idx", idx_bytes(0x0D, "f", (2, 3), [0.5 * i for i in range(6)]))
    write(out, h, "f64.idx", idx_bytes(0x0E, "d", (1, 2), [1e300, -1e-300]))
    write(out, h, "images-u8.idx.gz", gzip.compress(images))
    write(out, h, "truncated.idx", images[:-5])
    write(out, h, "bad-type.idx", bytes([0, 0, 0x0A, 1, 0, 0, 0, 1, 0]))
    write(out, h, "bad-magic.idx", bytes([1, 0, 8, 1, 0, 0, 0, 1, 0]))
    write(out, h, "zero-dims.idx", bytes([0, 0, 8, 0]))
    write(out, h, "truncated.gz", gzip.compress(images)[:30])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    experiments(src, out)
    csvs(out)
    npys(out)
    idxs(out)
    for h in sorted(os.listdir(out)):
        print(f"  {h}: {len(os.listdir(os.path.join(out, h)))} corpus files (seeds and earlier finds)")


if __name__ == "__main__":
    main()

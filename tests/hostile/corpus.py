#!/usr/bin/env python3
"""Hostile-input corpus: runs the real `mfh` binary on malformed inputs on every input path.

Usage: corpus.py MFH_BINARY WORKDIR [--only NAME_SUBSTRING] [--list] [--jobs N]

The promise under test (docs/cli.md): every malformed input gets ONE line on stderr that names
the file (or the option/key) and the problem, exit code 2, and leaves nothing behind (no output
file, no hidden temporary `.*.part-*`). A crash, a hang, "internal error" (exit 1), a stack
trace, a multi-line error or an unbounded allocation is a failure.

Every input is made here, in WORKDIR (nothing is committed): a few valid files first, with the
binary itself (`mfh generate`, `mfh run`), and corrupted copies of them. Each case runs in its
own folder WORKDIR/<case>, under RLIMIT_AS = 6 GiB (unless MFH_CORPUS_NO_RLIMIT is set, as
ASan builds do) and a 60 s limit (the process group is killed on a hang). The two ~4 GB
decompression bombs are cached in WORKDIR/_assets between runs.

Only the standard library, numpy and h5py (Debian's python3-numpy, python3-h5py).
"""
import argparse
import concurrent.futures
import glob
import gzip
import json
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import threading
import time
import zipfile

import h5py
import numpy as np

FORBIDDEN = ["internal error", "terminate called", "Exception raised from", "Traceback",
             "AddressSanitizer", "runtime error", "LeakSanitizer", "Segmentation fault",
             "core dumped", "HDF5-DIAG"]
ALLOC_SIGNS = ["bad_alloc", "MemoryError", "length_error", "out of memory",
               "Cannot allocate memory", "can't allocate memory", "DefaultCPUAllocator",
               "std::bad_array_new_length"]
AS_LIMIT = 6 << 30            # RLIMIT_AS of every child
RSS_LIMIT_MB = 3 * 1024       # a peak resident set above this is an unbounded allocation
MAX_LINE = 1000               # an error line longer than this echoes the input back
DEFAULT_TIMEOUT = 60
NO_RLIMIT = bool(os.environ.get("MFH_CORPUS_NO_RLIMIT"))
ASSET_VERSION = "1"

MISSING = r"missing|\bno\b|not found|lacks|absent|required|does not (exist|have)|has no"
NOSUCH = r"no such|not exist|missing|not found|cannot open|can't open|unable to open|cannot read"


def A(*patterns):
    """A regex that matches a line containing every pattern, in any order."""
    return "".join("(?=.*(?:%s))" % p for p in patterns)


def esc(name):
    return re.escape(name)


# ------------------------------------------------------------------------------------------
# Case model
# ------------------------------------------------------------------------------------------
class Case:
    def __init__(self, name, argv, regex=None, expect=2, absent=(), setup=None, exists=(),
                 empty_dirs=(), verify=None, timeout=DEFAULT_TIMEOUT, family="",
                 verify_always=False, rss_mb=None):
        self.name = name
        self.rss_mb = rss_mb or RSS_LIMIT_MB  # peak resident memory allowed
        self.argv = list(argv)      # "{d}" is the case folder, "{w}" WORKDIR; cwd is the case folder
        self.regex = regex
        self.expect = expect if isinstance(expect, tuple) else (expect,)
        self.absent = list(absent)  # relative to the case folder, or absolute; globs allowed
        self.setup = setup          # setup(ctx, d)
        self.exists = list(exists)  # must exist after a successful (exit 0) run
        self.empty_dirs = list(empty_dirs)
        self.verify = verify        # verify(d, stdout) -> None or a problem
        self.verify_always = verify_always  # also after a refusal or a crash, not only exit 0
        self.timeout = timeout
        self.family = family


CASES = []


def case(*args, **kw):
    CASES.append(Case(*args, **kw))


# ------------------------------------------------------------------------------------------
# Valid base inputs, made once per corpus run with the binary under test
# ------------------------------------------------------------------------------------------
class Ctx:
    def __init__(self, mfh, work):
        self.mfh = mfh
        self.work = work
        self.base = os.path.join(work, "_base")
        self.assets = os.path.join(work, "_assets")
        self._lock = threading.Lock()
        self._locks = {}
        self._memo = {}

    def _once(self, key, fn):
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._memo:
                try:
                    self._memo[key] = (True, fn())
                except Exception as e:  # reported by every case that needs it
                    self._memo[key] = (False, e)
            ok, v = self._memo[key]
            if not ok:
                raise RuntimeError(f"base input '{key}' could not be made: {v}")
            return v

    def _mfh(self, *argv, cwd=None):
        p = subprocess.run([self.mfh, *argv], cwd=cwd or self.base, capture_output=True,
                           text=True, timeout=300)
        return p

    def valid_h5(self):
        def make():
            os.makedirs(self.base, exist_ok=True)
            out = os.path.join(self.base, "valid.h5")
            p = self._mfh("generate", "--preset", "fig2", "--n-train", "60", "--n-test", "60",
                          "--out", out)
            if p.returncode != 0 or not os.path.exists(out):
                raise RuntimeError(f"mfh generate exited {p.returncode}: {p.stderr[:300]}")
            return out
        return self._once("valid.h5", make)

    def run_file(self):
        """A teacher run file (linear, 100 epochs) from `mfh run --out`."""
        def make():
            ds = self.valid_h5()
            exp = os.path.join(self.base, "tiny.json")
            with open(exp, "w") as f:
                json.dump(experiment(ds), f)
            runs = os.path.join(self.base, "runs")
            shutil.rmtree(runs, ignore_errors=True)
            p = self._mfh("run", exp, "--out", runs)
            found = sorted(glob.glob(os.path.join(runs, "teacher-*.h5")))
            if not found:  # a later crash of the same run is a finding of its own
                raise RuntimeError(f"mfh run exited {p.returncode} and wrote no teacher run: "
                                   f"{p.stderr[:300]}")
            return found[0]
        return self._once("run", make)

    def npz_bomb(self):
        return self._once("npz_bomb", lambda: cached_asset(self.assets, "bomb.npz",
                                                           build_npz_bomb))

    def idx_bomb(self):
        return self._once("idx_bomb", lambda: cached_asset(self.assets, "bomb-images.idx.gz",
                                                           build_idx_bomb))


def cached_asset(folder, name, build):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    marker = path + ".v" + ASSET_VERSION
    if not (os.path.exists(path) and os.path.exists(marker)):
        tmp = os.path.join(folder, "tmp-" + name)
        build(tmp)
        os.replace(tmp, path)
        open(marker, "w").close()
    return path


def experiment(ds_path, stream=False, epochs=100, **extra):
    e = {"name": "hostile", "dataset": {"path": ds_path}, "seeds": {"first": 0, "count": 1},
         "teacher": {"modalities": ["a"], "model": {"type": "linear"},
                     "train": {"epochs": epochs}},
         "student": {"modality": "b", "model": {"type": "linear"},
                     "train": {"epochs": epochs}}}
    if stream:
        e["dataset"]["stream"] = True
        e["teacher"]["train"]["batch_size"] = 32
        e["student"]["train"]["batch_size"] = 32
        e["engine"] = "torch"
    e.update(extra)
    return e


def write(path, data):
    with open(path, "wb" if isinstance(data, (bytes, bytearray)) else "w") as f:
        f.write(data)


# ------------------------------------------------------------------------------------------
# Byte-level writers: .npy, IDX, bombs
# ------------------------------------------------------------------------------------------
def npy_header(descr, shape, fortran=False, version=1, header=None):
    if header is None:
        if isinstance(shape, str):
            shape_s = shape
        else:
            shape_s = "(" + ", ".join(str(int(s)) for s in shape) + ("," if len(shape) == 1 else "") + ")"
        header = "{'descr': %r, 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape_s)
    pre = 10 if version == 1 else 12
    total = pre + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    h = header.encode("latin1")
    if version == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", len(h)) + h


def npy_bytes(arr):
    import io
    b = io.BytesIO()
    np.save(b, arr)
    return b.getvalue()


def idx_bytes(code, dims, data=b"", ndim=None):
    h = bytes([0, 0, code, len(dims) if ndim is None else ndim])
    for d in dims:
        h += struct.pack(">I", d)
    return h + data


def build_npz_bomb(path):
    """A deflated 'a.npy' of 4 GB of zeros ([1e6, 1000] float32) that compresses to ~20 MB,
    with matching 'b' and 'labels'."""
    n, w = 1_000_000, 1000
    chunk = bytes(16 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("a.npy", "w", force_zip64=True) as f:
            f.write(npy_header("<f4", (n, w)))
            left = n * w * 4
            while left > 0:
                k = min(left, len(chunk))
                f.write(chunk[:k])
                left -= k
        with zf.open("b.npy", "w", force_zip64=True) as f:
            f.write(npy_header("<f4", (n, 1)))
            f.write(bytes(n * 4))
        with zf.open("labels.npy", "w", force_zip64=True) as f:
            f.write(npy_header("<i8", (n,)))
            f.write(bytes(n * 8))


def build_idx_bomb(path):
    """gzip of a valid IDX header [1e6, 64, 64] uint8 followed by its 4.1 GB of zeros."""
    n = 1_000_000
    chunk = bytes(16 << 20)
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(idx_bytes(0x08, (n, 64, 64)))
        left = n * 64 * 64
        while left > 0:
            k = min(left, len(chunk))
            f.write(chunk[:k])
            left -= k


# ------------------------------------------------------------------------------------------
# HDF5 dataset corruptions: each makes F from a copy of the valid dataset
# ------------------------------------------------------------------------------------------
def h5_copy(ctx, path, mutate):
    shutil.copyfile(ctx.valid_h5(), path)
    with h5py.File(path, "r+") as f:
        mutate(f)


def replace(f, name, data=None, **kw):
    attrs = dict(f[name].attrs) if name in f else {}
    del f[name]
    d = f.create_dataset(name, data=data, **kw)
    for k, v in attrs.items():
        d.attrs[k] = v
    return d


def m_del(name):
    return lambda f: f.__delitem__(name)


def m_group(f):
    g = f.create_group("modalities/c")
    g.create_dataset("x", data=np.zeros((120, 2), np.float32))


def m_dangling(f):
    f["modalities/c"] = h5py.SoftLink("/nowhere/at/all")


def m_string(f):
    f.create_dataset("modalities/c", data=np.array([b"word%d" % i for i in range(120)]),
                     dtype=h5py.string_dtype())


def m_zero(f):
    replace(f, "modalities/a", np.zeros((0, 25), np.float32))


def m_mismatch(f):
    replace(f, "modalities/a", f["modalities/a"][:119])


def m_1d(f):
    replace(f, "modalities/a", f["modalities/a"][:, 0])


def m_value(v, at):
    def m(f):
        a = f["modalities/a"][:]
        a[at] = v
        f["modalities/a"][:] = a
    return m


def m_label(i, v):
    def m(f):
        y = f["labels"][:]
        y[i] = v
        f["labels"][:] = y
    return m


def m_labels_float(f):
    y = f["labels"][:].astype(np.float64) + 0.5
    replace(f, "labels", y)


def m_labels_string(f):
    replace(f, "labels", np.array([b"cat"] * 120), dtype=h5py.string_dtype())


def m_label_2_32(f):
    y = f["labels"][:]
    y[0] = 2 ** 32 + 1
    f["labels"][:] = y
    del f["labels"].attrs["class_names"]


def m_class_names_short(f):
    f["labels"].attrs["class_names"] = np.array(["zero"], dtype=h5py.string_dtype())


def m_split(name, values, dtype=np.int64):
    return lambda f: replace(f, "splits/" + name, np.array(values, dtype=dtype))


def m_huge_modality(f):
    del f["modalities/a"]
    d = f.create_dataset("modalities/a", shape=(2 ** 40, 25), dtype="f4", chunks=(1024, 25),
                         compression="gzip")
    d.attrs["kind"] = "vector"


def m_huge_labels(f):
    names = f["labels"].attrs["class_names"]
    del f["labels"]
    d = f.create_dataset("labels", shape=(2 ** 40,), dtype="i8", chunks=(65536,),
                         compression="gzip")
    d.attrs["class_names"] = names


def m_labels_2d(f):
    y = f["labels"][:]
    replace(f, "labels", np.stack([y, y], axis=1))


def m_attr(k, v):
    def m(f):
        f.attrs[k] = v
    return m


def bytes_of(fn):
    """A builder from a function of the valid file's bytes."""
    def build(ctx, path):
        write(path, fn(open(ctx.valid_h5(), "rb").read()))
    return build


def mut(m):
    return lambda ctx, path: h5_copy(ctx, path, m)


H5_CORRUPTIONS = [
    # key, builder(ctx, path), patterns of the problem (the file name is always required)
    ("not_hdf5", lambda ctx, p: write(p, "this is a text file, not HDF5\n" * 20),
     [r"hdf5|not an? mfh|unreadable|not a dataset"]),
    ("empty", lambda ctx, p: write(p, b""), [r"empty|hdf5|truncat|0 bytes"]),
    ("trunc10", bytes_of(lambda b: b[:len(b) // 10]), [r"truncat|corrupt|damaged|incomplete|unreadable|hdf5"]),
    ("trunc50", bytes_of(lambda b: b[:len(b) // 2]), [r"truncat|corrupt|damaged|incomplete|unreadable|hdf5"]),
    ("trunc90", bytes_of(lambda b: b[:len(b) * 9 // 10]), [r"truncat|corrupt|damaged|incomplete|unreadable|hdf5"]),
    ("no_modalities", mut(m_del("modalities")), [r"modalities", MISSING]),
    ("no_labels", mut(m_del("labels")), [r"labels", MISSING]),
    ("no_splits", mut(m_del("splits")), [r"splits", MISSING]),
    ("no_train_split", mut(m_del("splits/train")), [r"train", MISSING]),
    ("modality_group", mut(m_group), [r"\bc\b|modalities/c", r"group|not a data ?set|not an array"]),
    ("dangling_link", mut(m_dangling),
     [r"\bc\b|modalities/c|nowhere", r"link|dangling|missing|does not exist|not found|broken|unreadable|cannot open|not a data ?set"]),
    ("string_modality", mut(m_string), [r"\bc\b|modalities/c", r"string|text|numer|type|not a number"]),
    ("zero_samples", mut(m_zero), [r"\ba\b|modalities/a", r"\b0 samples|no samples|empty|samples|labels"]),
    ("count_mismatch", mut(m_mismatch), [r"\ba\b|modalities/a", r"119|samples|labels|mismatch|differ"]),
    ("modality_1d", mut(m_1d), [r"\ba\b|modalities/a", r"1-d|dimension|shape|features|axis|axes"]),
    ("nan", mut(m_value(np.nan, (3, 0))), [r"\bnan\b"]),
    ("inf", mut(m_value(np.inf, (5, 1))), [r"\binf"]),
    ("label_negative", mut(m_label(4, -1)), [r"label", r"negative|-1\b|range"]),
    ("labels_float", mut(m_labels_float), [r"label", r"integer|float|whole|type"]),
    ("labels_string", mut(m_labels_string), [r"label", r"integer|string|type|numer"]),
    ("label_2_32_no_class_names", mut(m_label_2_32),
     [r"label", r"4294967297|range|large|class|limit|exceed|too many"]),
    ("class_names_short", mut(m_class_names_short), [r"class|label", r"class_names|class names|names|range"]),
    ("split_out_of_range", mut(m_split("train", [0, 1, 1000])), [r"train|split", r"range|1000"]),
    ("split_negative", mut(m_split("train", [-1, 0, 1])), [r"train|split", r"negative|-1\b|range"]),
    ("split_duplicate", mut(m_split("train", [0, 0, 1, 2])),
     [r"train|split", r"duplicat|repeat|twice|more than once"]),
    ("split_empty", mut(m_split("test", [])), [r"test|split", r"empty|no samples"]),
    ("split_float", mut(m_split("train", [0.5, 1.5], np.float64)),
     [r"train|split", r"integer|float|index|indices|type"]),
    ("huge_declared_modality", mut(m_huge_modality),
     [r"\ba\b|modalities/a", r"large|limit|size|exceed|samples|labels|mismatch|1099511627776"]),
    ("huge_declared_labels", mut(m_huge_labels),
     [r"label", r"large|limit|size|exceed|too many|samples|mismatch|1099511627776"]),
    ("labels_2d", mut(m_labels_2d), [r"label", r"1-d|one-dimensional|dimension|shape|2-d|rank|axis|axes"]),
    ("other_format", mut(m_attr("format", "other-program")), [r"other-program|format|not an? mfh"]),
    ("version99", mut(m_attr("version", 99)), [r"version|\b99\b|newer"]),
]


def add_h5_cases():
    for key, build, pats in H5_CORRUPTIONS:
        fname = f"{key}.h5"
        regex = A(esc(fname), *pats)

        def setup_inspect(ctx, d, build=build, fname=fname):
            build(ctx, os.path.join(d, fname))
        case(f"h5.{key}.inspect", ["inspect", fname], regex, setup=setup_inspect,
             family="HDF5 dataset")
        for stream in (False, True):
            def setup_run(ctx, d, build=build, fname=fname, stream=stream):
                build(ctx, os.path.join(d, fname))
                write(os.path.join(d, "exp.json"),
                      json.dumps(experiment(os.path.join(d, fname), stream=stream)))
            case(f"h5.{key}.run" + (".stream" if stream else ""),
                 ["run", "exp.json", "--out", "out"], regex, absent=["out"], setup=setup_run,
                 family="HDF5 dataset")

    # The same three paths on the valid file (exit 0), to keep the corpus honest.
    def valid_copy(ctx, d):
        shutil.copyfile(ctx.valid_h5(), os.path.join(d, "valid.h5"))
    case("h5.valid.inspect", ["inspect", "valid.h5"], expect=0, setup=valid_copy, family="HDF5 dataset")
    for stream in (False, True):
        def setup_valid(ctx, d, stream=stream):
            valid_copy(ctx, d)
            write(os.path.join(d, "exp.json"),
                  json.dumps(experiment(os.path.join(d, "valid.h5"), stream=stream)))
        case("h5.valid.run" + (".stream" if stream else ""), ["run", "exp.json", "--out", "out"],
             expect=0, setup=setup_valid, exists=["out/summary.csv", "out/experiment.json"],
             family="HDF5 dataset")

    def fifo(ctx, d):
        os.mkfifo(os.path.join(d, "fifo.h5"))
    case("h5.fifo.inspect", ["inspect", "fifo.h5"],
         A(esc("fifo.h5"), r"not a (regular )?file|pipe|fifo|hdf5|special"), setup=fifo,
         timeout=20, family="HDF5 dataset")
    case("h5.dev_zero.inspect", ["inspect", "/dev/zero"],
         A(r"/dev/zero", r"not a (regular )?file|hdf5|device|special"), timeout=20, rss_mb=1024,
         family="HDF5 dataset")
    case("h5.missing.inspect", ["inspect", "nope.h5"], A(esc("nope.h5"), NOSUCH),
         family="HDF5 dataset")

    # A run file where a dataset is expected, a dataset where a run is expected.
    def run_as_dataset(ctx, d):
        shutil.copyfile(ctx.run_file(), os.path.join(d, "a_run.h5"))
        write(os.path.join(d, "exp.json"), json.dumps(experiment(os.path.join(d, "a_run.h5"))))
    case("h5.run_file_as_dataset.run", ["run", "exp.json", "--out", "out"],
         A(esc("a_run.h5"), r"not an? (mfh[- ])?data ?set|mfh-run|run file|format|modalities"),
         absent=["out"], setup=run_as_dataset, family="HDF5 dataset")

    def teacher_run(make, fname):
        def setup(ctx, d):
            make(ctx, os.path.join(d, fname))
            e = experiment(ctx.valid_h5())
            e["teacher"]["run"] = os.path.join(d, fname)
            write(os.path.join(d, "exp.json"), json.dumps(e))
        return setup
    case("run.dataset_as_teacher_run", ["run", "exp.json", "--out", "out"],
         A(esc("ds_as_run.h5"), r"not an? (mfh[- ])?run|mfh-dataset|data ?set|format"),
         absent=["out"], setup=teacher_run(lambda ctx, p: shutil.copyfile(ctx.valid_h5(), p),
                                           "ds_as_run.h5"), family="run file")
    case("run.truncated_teacher_run", ["run", "exp.json", "--out", "out"],
         A(esc("cut_run.h5"), r"truncat|corrupt|damaged|unreadable|hdf5"), absent=["out"],
         setup=teacher_run(lambda ctx, p: write(p, open(ctx.run_file(), "rb").read()[:3000]),
                           "cut_run.h5"), family="run file")
    case("run.missing_teacher_run", ["run", "exp.json", "--out", "out"],
         A(esc("gone_run.h5"), NOSUCH), absent=["out"],
         setup=teacher_run(lambda ctx, p: None, "gone_run.h5"), family="run file")

    def huge_weights(ctx, path):
        shutil.copyfile(ctx.run_file(), path)
        with h5py.File(path, "r+") as f:
            w = list(f["weights"].keys())[0]
            del f["weights/" + w]
            f.create_dataset("weights/" + w, shape=(2 ** 40,), dtype="f4", chunks=(65536,),
                             compression="gzip")
    case("run.huge_weights_teacher_run", ["run", "exp.json", "--out", "out"],
         A(esc("huge_run.h5"), r"large|limit|size|exceed|shape|weight"), absent=["out"],
         setup=teacher_run(huge_weights, "huge_run.h5"), family="run file")


# ------------------------------------------------------------------------------------------
# Run files (`mfh inspect run.h5`)
# ------------------------------------------------------------------------------------------
def add_run_file_cases():
    def runcopy(fname, mutate=None, cut=None):
        def setup(ctx, d):
            p = os.path.join(d, fname)
            if cut is not None:
                b = open(ctx.run_file(), "rb").read()
                write(p, b[:int(len(b) * cut)])
                return
            shutil.copyfile(ctx.run_file(), p)
            with h5py.File(p, "r+") as f:
                mutate(f)
        return setup

    deep_arrays = "[" * 100000 + "]" * 100000
    deep_objects = '{"a":' * 100000 + "1" + "}" * 100000
    J = r"config|json"
    for key, m, pats in [
        ("config_invalid_json", m_attr("config", '{"model": [1, 2'), [J, r"invalid|parse|malformed|syntax"]),
        ("config_deep_arrays", m_attr("config", deep_arrays), [J, r"deep|nest|depth|invalid|limit|object"]),
        ("config_deep_objects", m_attr("config", deep_objects), [J, r"deep|nest|depth|invalid|limit|unknown|model"]),
        ("config_not_string", m_attr("config", np.int64(5)), [J, r"string|text|type|json|invalid"]),
        ("config_not_object", m_attr("config", "[1, 2, 3]"), [J, r"object|invalid|model"]),
        ("version99", m_attr("version", 99), [r"version|\b99\b|newer"]),
    ]:
        fname = f"run_{key}.h5"
        case(f"runfile.{key}.inspect", ["inspect", fname], A(esc(fname), *pats),
             setup=runcopy(fname, m), family="run file")
    for cut in (0.5, 0.9):
        fname = f"run_trunc{int(cut * 100)}.h5"
        case(f"runfile.trunc{int(cut * 100)}.inspect", ["inspect", fname],
             A(esc(fname), r"truncat|corrupt|damaged|incomplete|unreadable|hdf5"),
             setup=runcopy(fname, cut=cut), family="run file")

    def huge(f):
        w = list(f["weights"].keys())[0]
        del f["weights/" + w]
        f.create_dataset("weights/" + w, shape=(2 ** 40,), dtype="f4", chunks=(65536,),
                         compression="gzip")
    # Printing shapes without reading the weights (exit 0) is as good as refusing them.
    case("runfile.huge_weights.inspect", ["inspect", "run_huge.h5"],
         A(esc("run_huge.h5"), r"large|limit|size|exceed|weight"), expect=(0, 2),
         setup=runcopy("run_huge.h5", huge), family="run file")

    # A folder of runs with an unreadable one and a hostile experiment.json: listed, exit 0.
    def folder(ctx, d):
        runs = os.path.join(d, "runs")
        os.makedirs(runs)
        shutil.copyfile(ctx.run_file(), os.path.join(runs, "teacher-good.h5"))
        b = open(ctx.run_file(), "rb").read()
        write(os.path.join(runs, "teacher-cut.h5"), b[:len(b) // 2])
        write(os.path.join(runs, "experiment.json"), deep_arrays)

    def names_cut(d, out):
        return None if "teacher-cut" in out else "stdout does not list teacher-cut.h5 as unreadable"
    case("runfile.folder_with_bad_run.inspect", ["inspect", "runs"], expect=0, setup=folder,
         verify=names_cut, family="run file")


# ------------------------------------------------------------------------------------------
# Experiment JSON (`mfh run F.json`)
# ------------------------------------------------------------------------------------------
def add_experiment_cases():
    def exp_case(name, content, pats, args=(), expect=2, absent=("out",), timeout=DEFAULT_TIMEOUT,
                 extra_setup=None, verify=None, verify_always=False):
        """content: a str/bytes written as exp.json, or fn(ctx, d) -> dict."""
        def setup(ctx, d):
            if extra_setup:
                extra_setup(ctx, d)
            c = content(ctx, d) if callable(content) else content
            write(os.path.join(d, "exp.json"), c if isinstance(c, (str, bytes)) else json.dumps(c))
        case(f"exp.{name}", ["run", "exp.json", "--out", "out", *args],
             A(*pats) if pats else None, expect=expect, absent=absent, setup=setup,
             timeout=timeout, verify=verify, verify_always=verify_always,
             family="experiment JSON")

    def base(**changes):
        """The tiny experiment with dotted-path changes; None deletes the key."""
        def make(ctx, d):
            e = experiment(ctx.valid_h5())
            for path, v in changes.items():
                keys = path.split("__")
                t = e
                for k in keys[:-1]:
                    t = t.setdefault(k, {})
                if v is None:
                    t.pop(keys[-1], None)
                else:
                    t[keys[-1]] = v
            return e
        return make

    F = esc("exp.json")
    exp_case("invalid_json", '{"name": "x", "dataset": ', [F, r"json|parse|syntax|invalid|unexpected"])
    exp_case("empty_file", "", [F, r"empty|json|parse|invalid"])
    exp_case("binary_garbage", bytes(range(256)) * 4, [F, r"json|parse|invalid|utf"])
    exp_case("invalid_utf8", b'{"name": "\xff\xfe\xfd"}', [F, r"utf|json|invalid|byte|encod"])
    exp_case("top_level_array", "[1, 2, 3]", [F, r"object|array|top"])
    exp_case("deep_arrays", "[" * 100000 + "]" * 100000, [F, r"deep|nest|depth|limit|object"])
    exp_case("deep_objects", '{"a":' * 100000 + "1" + "}" * 100000,
             [F, r"deep|nest|depth|limit|unknown|'a'"])
    exp_case("deep_in_key", lambda ctx, d: json.dumps(experiment(ctx.valid_h5()))[:-1] +
             ', "kd": ' + "[" * 100000 + "]" * 100000 + "}", [r"\bkd\b|deep|nest|depth", r"object|deep|nest|depth|limit"])
    exp_case("unknown_key", base(epochz=3), [r"epochz", r"unknown|not allowed|unexpected"])
    exp_case("unknown_nested_key", base(teacher__train__lr_=0.1), [r"lr_", r"unknown|not allowed|unexpected"])
    exp_case("lr_string", base(teacher__train__lr="0.1"), [r"\blr\b", r"number|type|string"])
    exp_case("epochs_negative", base(student__train__epochs=-5), [r"epochs", r"negative|range|-5"])
    exp_case("epochs_1e12_int", lambda ctx, d: json.dumps(experiment(ctx.valid_h5())).replace(
        '"epochs": 100}', '"epochs": 1000000000000}', 1), [r"epochs", r"range|large|limit|exceed|at most|must be in"])
    exp_case("epochs_1e12_float", lambda ctx, d: json.dumps(experiment(ctx.valid_h5())).replace(
        '"epochs": 100}', '"epochs": 1e12}', 1), [r"epochs", r"integer|range|large|limit"])
    exp_case("lr_1e999", lambda ctx, d: json.dumps(experiment(ctx.valid_h5())).replace(
        '"epochs": 100}', '"epochs": 100, "lr": 1e999}', 1), [r"exp\.json", r"1e999", r"overflow|range"])
    exp_case("lr_minus_1e999", lambda ctx, d: json.dumps(experiment(ctx.valid_h5())).replace(
        '"epochs": 100}', '"epochs": 100, "lr": -1e999}', 1), [r"exp\.json", r"1e999", r"overflow|range"])
    exp_case("missing_teacher", base(teacher=None), [r"teacher", MISSING])
    exp_case("missing_student", base(student=None), [r"student", MISSING])
    exp_case("missing_dataset", base(dataset=None), [r"dataset", MISSING])
    exp_case("unknown_teacher_modality", base(teacher__modalities=["zz"]), [r"\bzz\b", r"modalit|unknown|no |not"])
    exp_case("unknown_student_modality", base(student__modality="zz"), [r"\bzz\b", r"modalit|unknown|no |not"])
    exp_case("student_two_modalities", base(student__modality=["a", "b"]),
             [r"student", r"one|exactly|single"])
    exp_case("teacher_no_modalities", base(teacher__modalities=[]), [r"teacher|modalities", MISSING + r"|empty|at least"])

    def sweep3(ctx, d):
        e = experiment(ctx.valid_h5())
        e["kd"] = {"w_gt": 1, "w_kd": 1, "temperature": 1}
        e["sweep"] = [{"param": p, "values": [1 + i / 100 for i in range(100)]}
                      for p in ("kd.w_gt", "kd.w_kd", "kd.temperature")]
        return e
    exp_case("sweep_1e6_points", sweep3, [r"sweep|grid|points", r"large|limit|too many|exceed|1000000|at most|more than"],
             timeout=20)

    def sweep1(ctx, d):
        e = experiment(ctx.valid_h5())
        e["kd"] = {"w_kd": 1}
        e["sweep"] = [{"param": "kd.w_kd", "values": list(range(1, 10 ** 6 + 1))}]
        return e
    exp_case("sweep_1e6_values_one_axis", sweep1, [r"sweep|grid|points|values", r"large|limit|too many|exceed|1000000|at most|more than"],
             timeout=20)
    exp_case("sweep_param_names_nothing",
             base(sweep=[{"param": "nosuch.setting", "values": [1, 2]}]), [r"nosuch", r"setting|unknown|no |not"])
    exp_case("sweep_param_unknown_leaf",
             base(sweep=[{"param": "teacher.train.lrr", "values": [0.1]}]), [r"lrr", r"setting|unknown|no |not"])
    exp_case("sweep_not_list", base(sweep={"param": "kd.w_kd"}), [r"sweep", r"list|array"])
    exp_case("mlp_hidden_1e8", base(teacher__model={"type": "mlp", "hidden": [100000000]}),
             [r"hidden|teacher\.model", r"large|limit|size|exceed|parameters|too|memory|at most"])
    exp_case("mlp_hidden_zero", base(teacher__model={"type": "mlp", "hidden": [0]}),
             [r"hidden", r"positive|at least|range"])
    exp_case("cnn_on_vector", base(teacher__model={"type": "cnn", "channels": [4]}),
             [r"cnn|teacher", r"image|shape|vector|dimension"])
    exp_case("generator_n_train_1e9",
             base(dataset={"generator": {"preset": "fig2", "n_train": 1000000000, "n_test": 10}}),
             [r"n_train", r"large|limit|exceed|range|too|memory|at most"])
    exp_case("generator_noise_1e9",
             base(dataset={"generator": {"noise_a": 1000000000, "n_train": 10, "n_test": 10}}),
             [r"noise_a|exp\.json", r"large|limit|exceed|range|too|memory|at most"])
    exp_case("seeds_count_zero", base(seeds={"first": 0, "count": 0}), [r"seeds|count", r"range|positive|at least|empty|must be in"])
    exp_case("seeds_count_negative", base(seeds={"first": 0, "count": -3}), [r"seeds|count", r"range|positive|negative|at least|must be in"])
    exp_case("seeds_list_empty", base(seeds=[]), [r"seeds", r"empty|at least"])
    exp_case("seeds_2_32", base(seeds=[2 ** 32]), [r"seeds", r"range|2\^32|4294967296|large"])
    exp_case("threads_negative", base(threads=-1), [r"threads", r"negative|range"])
    exp_case("dataset_path_missing", lambda ctx, d: experiment(os.path.join(d, "nope.h5")),
             [esc("nope.h5"), NOSUCH])
    exp_case("dataset_path_folder", lambda ctx, d: experiment(os.path.join(d, "adir")),
             [esc("adir"), r"folder|directory|not a (regular )?file|not an? hdf5|cannot open"],
             extra_setup=lambda ctx, d: os.makedirs(os.path.join(d, "adir")))
    exp_case("dataset_path_and_generator",
             lambda ctx, d: dict(experiment(ctx.valid_h5()),
                                 dataset={"path": ctx.valid_h5(), "generator": {"preset": "fig2"}}),
             [r"dataset", r"exactly one|one of|both"])
    exp_case("dataset_path_not_string", base(dataset={"path": 5}), [r"path", r"string|text|type"])
    exp_case("best_val_without_val_split",
             base(teacher__train={"epochs": 100, "eval_every": 10, "selection": "best-val"}),
             [r"best-val|selection", r"split"])
    exp_case("stream_full_batch", lambda ctx, d: dict(experiment(ctx.valid_h5()),
                                                      dataset={"path": ctx.valid_h5(), "stream": True}),
             [r"stream", r"batch_size|batch"])
    exp_case("stream_not_bool", base(dataset={"path": "x.h5", "stream": "yes"}), [r"stream", r"true|false|bool"])
    exp_case("engine_kernel_mlp", base(engine="kernel", teacher__model={"type": "mlp", "hidden": [4]}),
             [r"kernel", r"linear"])
    exp_case("removal_unknown_tap",
             base(intervention={"type": "removal", "mode": "random", "ratio": 0.5,
                                "source": "pretrained",
                                "algorithm1": {"permutations": 2, "tap": "nosuchtap"}}),
             [r"nosuchtap", r"tap|unknown|no |not"])
    exp_case("intervention_bad_type", base(intervention={"type": "explode"}),
             [r"intervention\.type|explode", r"not one of|unknown|must be"])
    exp_case("kd_temperature_zero", base(kd={"temperature": 0}), [r"temperature", r"range|positive"])
    exp_case("train_not_object", base(teacher__train=[1, 2]), [r"teacher\.train", r"object"])
    exp_case("dev_zero_config", "", [r"/dev/zero", r"json|empty|invalid|not a (regular )?file|device"])
    CASES[-1].argv = ["run", "/dev/zero", "--out", "out"]
    CASES[-1].timeout = 20
    CASES[-1].rss_mb = 1024
    case("exp.config_missing", ["run", "nope.json", "--out", "out"], A(esc("nope.json"), NOSUCH),
         absent=["out"], family="experiment JSON")
    case("exp.config_is_folder", ["run", "adir", "--out", "out"],
         A(esc("adir"), r"folder|directory|not a (regular )?file|is a dir"), absent=["out"],
         setup=lambda ctx, d: os.makedirs(os.path.join(d, "adir")), family="experiment JSON")

    # A name with ../ must not write outside --out. Exit 0 (the name is free text) or 2.
    for i, evil in enumerate(["../../pwned_etc", "../../../../../../../../tmp/mfh_corpus_pwned"]):
        def check(d, out):
            work = os.path.dirname(d)
            bad = glob.glob(os.path.join(work, "pwned_etc*")) + glob.glob(os.path.join(d, "pwned*")) + \
                glob.glob("/tmp/mfh_corpus_pwned*")
            return ("wrote outside --out: " + ", ".join(bad)) if bad else None
        exp_case(f"name_traversal_{i}", base(name=evil), [r"name", r"\.\.|path|character"],
                 expect=(0, 2), absent=("pwned_etc", "/tmp/mfh_corpus_pwned*"), verify=check,
                 verify_always=True)


# ------------------------------------------------------------------------------------------
# CSV import
# ------------------------------------------------------------------------------------------
CSV_HEADER = ["label", "split", "a0", "a1", "a2", "b0", "b1"]


def csv_rows(n=40, seed=1):
    rng = np.random.RandomState(seed)
    rows = []
    for i in range(n):
        split = "train" if i < 24 else ("val" if i < 30 else "test")
        rows.append([str(i % 3), split] + ["%.4f" % v for v in rng.randn(5)])
    return rows


def csv_text(rows=None, header=CSV_HEADER, sep=",", eol="\n"):
    rows = csv_rows() if rows is None else rows
    return eol.join(sep.join(r) for r in [header] + rows) + eol


def add_csv_cases():
    MODS = ["--modality", "a=a0,a1,a2", "--modality", "b=b0,b1"]

    def csv_case(name, content, pats, args=None, extra=(), expect=2, verify=None, timeout=DEFAULT_TIMEOUT,
                 fname=None):
        fname = fname or f"{name}.csv"

        def setup(ctx, d):
            if content is not None:
                write(os.path.join(d, fname), content() if callable(content) else content)
        argv = ["dataset", "import", "--csv", fname] + (MODS if args is None else args) + \
            ["--label-column", "label", *extra, "--out", "out.h5"]
        case(f"csv.{name}", argv, A(esc(fname), *pats) if pats else None, expect=expect,
             absent=["out.h5"], setup=setup, exists=["out.h5"] if expect == 0 else [],
             verify=verify, timeout=timeout, family="CSV import")

    def with_cell(row, col, value):
        rows = csv_rows()
        rows[row][CSV_HEADER.index(col)] = value
        return csv_text(rows)

    def shape_is(shapes):
        def v(d, out):
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                got = {k: f["modalities"][k].shape for k in f["modalities"]}
            return None if got == shapes else f"imported shapes {got}, expected {shapes}"
        return v

    csv_case("valid", csv_text(), None, expect=0, verify=shape_is({"a": (40, 3), "b": (40, 2)}))
    csv_case("valid_crlf_semicolon", csv_text(sep=";", eol="\r\n"), None, extra=["--delimiter", ";"],
             expect=0, verify=shape_is({"a": (40, 3), "b": (40, 2)}))
    csv_case("empty", "", [r"empty|header"])
    csv_case("header_only", ",".join(CSV_HEADER) + "\n", [r"no samples|no rows|no data|empty|only a header"])
    rows = csv_rows()
    rows[3] = rows[3][:-1]
    csv_case("ragged_line", csv_text(rows), [r"line 5", r"field|column|ragged|cells"])
    csv_case("non_number", with_cell(2, "a1", "abc"), [r"line 4|abc|a1", r"number|numeric"])
    csv_case("nan_cell", with_cell(2, "a1", "nan"), [r"line 4|a1|nan", r"nan|finite"])
    csv_case("inf_cell", with_cell(2, "b0", "-inf"), [r"line 4|b0|inf", r"inf|finite"])
    csv_case("hex_float_cell", with_cell(2, "b0", "0x1p3"), [r"line 4|b0|0x1p3", r"number|numeric"],
             expect=(0, 2))
    csv_case("missing_label_column", csv_text(), [r"lbl", r"column|missing|no "], extra=[],
             args=MODS)
    CASES[-1].argv[CASES[-1].argv.index("label")] = "lbl"
    csv_case("missing_modality_column", csv_text(), [r"\bzz\b", r"column|missing|no "],
             args=["--modality", "a=a0,zz", "--modality", "b=b0,b1"])
    csv_case("prefix_matches_nothing", csv_text(), [r"q_", r"column|prefix|match|starts"],
             args=["--modality", "a=q_*", "--modality", "b=b0,b1"])
    csv_case("bad_split_value", with_cell(5, "split", "training"), [r"training", r"split|train, val|not train"],
             extra=["--split-column", "split"])
    csv_case("split_column_missing", csv_text(), [r"fold", r"column|missing|no "], extra=["--split-column", "fold"])

    def only_test():
        rows = csv_rows()
        for r in rows:
            r[1] = "test"
        return csv_text(rows)
    csv_case("split_column_without_train", only_test, [r"train", MISSING + r"|empty"], extra=["--split-column", "split"])
    csv_case("empty_label", with_cell(7, "label", ""), [r"label", r"empty|missing|blank"])
    csv_case("label_float", (lambda: csv_text([[("1.5" if i % 2 else "0.5")] + r[1:]
                                                for i, r in enumerate(csv_rows())])),
             [r"label", r"integer|1\.5|0\.5|whole|float|class"])
    case("csv.repeated_modality_name",
         ["dataset", "import", "--csv", "r.csv", "--modality", "a=a0,a1", "--modality", "a=a2",
          "--label-column", "label", "--out", "out.h5"],
         A(r"--modality|modality", r"\ba\b", r"twice|repeat|duplicat|more than once|already|again"),
         absent=["out.h5"], setup=lambda ctx, d: write(os.path.join(d, "r.csv"), csv_text()),
         family="CSV import")
    csv_case("overlapping_modalities", csv_text(), [r"a1", r"both|overlap|twice|more than one|shared|already|two modalities"],
             args=["--modality", "a=a0,a1", "--modality", "b=a1,b0"])
    csv_case("label_column_in_modality", csv_text(), [r"\ba0\b", r"label|both|overlap|twice|already"],
             args=["--modality", "a=a0,a1", "--modality", "b=b0,b1"])
    CASES[-1].argv[CASES[-1].argv.index("label")] = "a0"
    case("csv.val_with_split_column",
         ["dataset", "import", "--csv", "v.csv", *MODS, "--label-column", "label", "--split-column",
          "split", "--val", "0.2", "--out", "out.h5"],
         A(r"--val", r"split"), absent=["out.h5"],
         setup=lambda ctx, d: write(os.path.join(d, "v.csv"), csv_text()), family="CSV import")
    csv_case("two_char_delimiter", csv_text(), [r"delimiter", r"one character|single|1 character"], extra=["--delimiter", ";;"])
    CASES[-1].regex = A(r"--delimiter", r"one character|single|1 character")
    csv_case("megabyte_garbage_line",
             lambda: ",".join(CSV_HEADER) + "\n" + "".join(chr(33 + (i * 7919) % 90).replace(",", ";")
                                                           for i in range(1 << 20)) + "\n",
             [r"line 2", r"field|column|long|ragged"])
    csv_case("megabyte_cell",
             lambda: "label,a0,a1,a2,b0,b1\n0," + "x" * (1 << 20) + ",1,2,3,4\n",
             [r"line 2|a0", r"number|numeric|long"])
    csv_case("unterminated_quote", with_cell(2, "a0", '"1.5'), [r"line 4|quote", r"quote|field|column|number"])
    case("csv.binary_file", ["dataset", "import", "--csv", "bin.csv", *MODS, "--label-column", "label",
                             "--out", "out.h5"],
         A(esc("bin.csv"), r"header|column|not a (csv|text)|binary|field|number|utf|nul"), absent=["out.h5"],
         setup=lambda ctx, d: shutil.copyfile(ctx.valid_h5(), os.path.join(d, "bin.csv")),
         family="CSV import")
    # An endless input (a device, a pipe that never ends) must be refused before it is read whole.
    case("csv.dev_zero", ["dataset", "import", "--csv", "/dev/zero", *MODS, "--out", "out.h5"],
         A(r"/dev/zero", r"not a (regular )?file|line|long|limit|large|binary|nul|device"),
         absent=["out.h5"], timeout=20, rss_mb=1024, family="CSV import")
    csv_case("missing_file", None, [NOSUCH], fname="nope.csv")
    case("csv.no_modality", ["dataset", "import", "--csv", "n.csv", "--out", "out.h5"],
         A(r"modality", r"at least|map|need|required|name"), absent=["out.h5"],
         setup=lambda ctx, d: write(os.path.join(d, "n.csv"), csv_text()), family="CSV import")
    case("csv.modality_without_equals",
         ["dataset", "import", "--csv", "n.csv", "--modality", "a", "--out", "out.h5"],
         A(r"--modality", r"name=|=value|name"), absent=["out.h5"],
         setup=lambda ctx, d: write(os.path.join(d, "n.csv"), csv_text()), family="CSV import")
    case("csv.out_in_missing_folder",
         ["dataset", "import", "--csv", "n.csv", *MODS, "--out", "nodir/sub/out.h5"],
         A(r"nodir", r"folder|directory|not exist|no such|cannot"), absent=["nodir"],
         setup=lambda ctx, d: write(os.path.join(d, "n.csv"), csv_text()), family="CSV import")


# ------------------------------------------------------------------------------------------
# NumPy .npy / .npz import
# ------------------------------------------------------------------------------------------
RNG = np.random.RandomState(3)
NA = RNG.randn(40, 3).astype(np.float32)
NB = RNG.randn(40, 2).astype(np.float32)
NY = (np.arange(40) % 3).astype(np.int64)


def add_npy_cases():
    def npy_case(name, files, pats, expect=2, verify=None, timeout=DEFAULT_TIMEOUT, labels="y.npy",
                 mods=("a", "b")):
        """files: {name: bytes or fn(ctx) -> bytes}; defaults are valid a.npy, b.npy, y.npy."""
        def setup(ctx, d):
            content = {"a.npy": npy_bytes(NA), "b.npy": npy_bytes(NB), "y.npy": npy_bytes(NY)}
            content.update(files)
            for fname, c in content.items():
                if c is not None:
                    write(os.path.join(d, fname), c(ctx) if callable(c) else c)
        argv = ["dataset", "import"]
        for m in mods:
            argv += ["--npy", f"{m}={m}.npy"]
        if labels:
            argv += ["--labels", labels]
        argv += ["--out", "out.h5"]
        case(f"npy.{name}", argv, A(*pats) if pats else None, expect=expect, absent=["out.h5"],
             setup=setup, exists=["out.h5"] if expect == 0 else [], verify=verify,
             timeout=timeout, family="NumPy")

    def same_a(d, out):
        with h5py.File(os.path.join(d, "out.h5"), "r") as f:
            a = f["modalities/a"][:]
        return None if np.array_equal(a, NA) else "modality a differs from the array given"

    fa = esc("a.npy")
    trunc = r"truncat|promise|bytes|short|incomplete"
    huge = r"large|limit|overflow|too|size|exceed|promise|truncat|bytes"
    npy_case("valid", {}, None, expect=0, verify=same_a)
    npy_case("valid_fortran_order", {"a.npy": npy_bytes(np.asfortranarray(NA))}, None, expect=0, verify=same_a)
    npy_case("valid_big_endian", {"a.npy": npy_bytes(NA.astype(">f4"))}, None, expect=0, verify=same_a)
    npy_case("bad_magic", {"a.npy": b"NOTNUMPY" + bytes(120)}, [fa, r"magic|not a \.?npy|numpy"])
    npy_case("truncated_header", {"a.npy": npy_header("<f4", (40, 3))[:30]}, [fa, r"truncat|header"])
    npy_case("truncated_data", {"a.npy": npy_bytes(NA)[:128 + 200]}, [fa, trunc])
    npy_case("shape_1e12_by_1e6", {"a.npy": npy_header("<f4", (10 ** 12, 10 ** 6)) + bytes(72)}, [fa, huge])
    npy_case("negative_dimension", {"a.npy": npy_header("<f4", "(-1, 3)") + bytes(480)},
             [fa, r"negative|dimension"])
    npy_case("shape_product_overflows", {"a.npy": npy_header("<f4", (2 ** 62, 2 ** 62)) + bytes(64)}, [fa, huge])
    npy_case("dimension_beyond_int64", {"a.npy": npy_header("<f4", (2 ** 63, 1)) + bytes(64)},
             [fa, r"shape|dimension|large|range|malformed|overflow"])
    npy_case("object_dtype", {"a.npy": npy_header("|O", (40, 3)) + bytes(960)}, [fa, r"dtype|type|object|\|O"])
    npy_case("unicode_dtype", {"a.npy": npy_header("<U5", (40, 3)) + bytes(40 * 3 * 20)}, [fa, r"dtype|type|U5"])
    npy_case("complex_dtype", {"a.npy": npy_bytes(NA.astype(np.complex64))}, [fa, r"dtype|type|complex|c8"])
    npy_case("structured_dtype",
             {"a.npy": npy_header("<f4", None, header="{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (40,), }") + bytes(160)},
             [fa, r"dtype|type|struct|descr|malformed"])
    npy_case("version_9", {"a.npy": b"\x93NUMPY\x09\x00" + npy_header("<f4", (40, 3))[8:] + NA.tobytes()},
             [fa, r"version"])
    npy_case("malformed_shape",
             {"a.npy": npy_header("<f4", None, header="{'descr': '<f4', 'fortran_order': False, 'shape': (abc, 3), }") + NA.tobytes()},
             [fa, r"shape|header|malformed"])
    npy_case("unterminated_header",
             {"a.npy": npy_header("<f4", None, header="{'descr': '<f4") + NA.tobytes()},
             [fa, r"header|malformed|lacks|truncat"])
    npy_case("scalar_array", {"a.npy": npy_bytes(np.float32(3.0))}, [r"\ba\b|a\.npy", r"dimension|scalar|samples|0-d|1-d|shape"])
    npy_case("one_dimensional", {"a.npy": npy_bytes(NA[:, 0].copy())}, [r"\ba\b|a\.npy", r"1-d|dimension|features|shape"])
    npy_case("modality_count_mismatch", {"b.npy": npy_bytes(NB[:39])}, [r"\bb\b|b\.npy", r"39|samples|mismatch|differ"])
    npy_case("labels_count_mismatch", {"y.npy": npy_bytes(np.arange(41) % 3)}, [r"label|y\.npy|\ba\b", r"41|40|samples|mismatch|differ"])
    npy_case("labels_float", {"y.npy": npy_bytes(NY + 0.5)}, [r"label|y\.npy", r"integer|float|whole"])
    npy_case("labels_2d", {"y.npy": npy_bytes(np.stack([NY, NY], 1))}, [r"label|y\.npy", r"1-d|dimension|shape"])
    # Integer labels that are not 0..C-1 may be refused, or kept as class names (exit 0): then
    # the file must hold C dense classes named by the values, never 2^40 classes.
    def classes_named(values):
        def v(d, out):
            with h5py.File(os.path.join(d, "out.h5"), "r") as f:
                names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["labels"].attrs["class_names"]]
                y = f["labels"][:]
            want = sorted({int(x) for x in values})
            if len(names) != len(want) or int(y.max()) >= len(names) or int(y.min()) < 0:
                return f"labels kept as {len(names)} classes {names[:5]}..., expected {len(want)} named {want}"
            if sorted(int(n) for n in names) != want:
                return f"class names {names} do not keep the label values {want}"
            return None
        return v
    npy_case("labels_negative", {"y.npy": npy_bytes(NY - 1)}, [r"label|y\.npy", r"negative|-1"],
             expect=(0, 2), verify=classes_named(NY - 1))
    big = NY.copy()
    big[0] = 2 ** 40
    npy_case("label_2_40", {"y.npy": npy_bytes(big)}, [r"label|y\.npy", r"large|range|limit|class|too many|exceed|1099511627776"],
             expect=(0, 2), verify=classes_named(big))
    big32 = NY.copy()
    big32[0] = 2 ** 32 + 1
    npy_case("label_2_32_plus_1", {"y.npy": npy_bytes(big32)}, [r"label|y\.npy", r"large|range|limit|class|too many|exceed|4294967297"],
             expect=(0, 2), verify=classes_named(big32))
    npy_case("nan_values", {"a.npy": npy_bytes(np.where(np.arange(120).reshape(40, 3) == 7, np.nan, NA).astype(np.float32))},
             [r"\ba\b|a\.npy", r"nan"])
    npy_case("missing_file", {"a.npy": None}, [fa, NOSUCH])
    npy_case("no_labels_option", {}, [r"--labels"], labels=None)
    npy_case("dev_zero", {}, [r"/dev/zero", r"not a (regular )?file|large|limit|magic|device|too"], timeout=20)
    CASES[-1].argv[CASES[-1].argv.index("a=a.npy")] = "a=/dev/zero"
    CASES[-1].rss_mb = 1024
    case("npy.bad_option_value", ["dataset", "import", "--npy", "a", "--labels", "y.npy", "--out", "out.h5"],
         A(r"--npy", r"name=|=value|name"), absent=["out.h5"], family="NumPy")

    # .npz
    def npz_case(name, make, pats, expect=2, verify=None, extra=(), timeout=DEFAULT_TIMEOUT, fname=None):
        fname = fname or f"{name}.npz"

        def setup(ctx, d):
            make(ctx, os.path.join(d, fname))
        case(f"npz.{name}", ["dataset", "import", "--npz", fname, *extra, "--out", "out.h5"],
             A(*pats) if pats else None, expect=expect, absent=["out.h5"], setup=setup,
             exists=["out.h5"] if expect == 0 else [], verify=verify, timeout=timeout, family="NumPy")

    def zipped(members, compression=zipfile.ZIP_DEFLATED):
        def make(ctx, path):
            with zipfile.ZipFile(path, "w", compression=compression) as zf:
                for k, v in members.items():
                    zf.writestr(k, v)
        return make

    valid_members = {"a.npy": npy_bytes(NA), "b.npy": npy_bytes(NB), "labels.npy": npy_bytes(NY)}

    def only(**changes):
        m = dict(valid_members)
        for k, v in changes.items():
            if v is None:
                m.pop(k + ".npy")
            else:
                m[k + ".npy"] = v
        return m

    npz_case("valid", lambda ctx, p: np.savez(p, a=NA, b=NB, labels=NY), None, expect=0, verify=same_a)
    npz_case("valid_compressed_with_splits",
             lambda ctx, p: np.savez_compressed(p, a=NA, b=NB, labels=NY, train=np.arange(30), test=np.arange(30, 40)),
             None, expect=0, verify=same_a)
    npz_case("no_labels", zipped(only(labels=None)), [esc("no_labels.npz"), r"label"])
    npz_case("labels_key_missing", zipped(valid_members), [esc("labels_key_missing.npz"), r"\by\b|label"], extra=["--labels-key", "y"])
    npz_case("not_a_zip", lambda ctx, p: write(p, "just text, no zip here\n" * 10),
             [esc("not_a_zip.npz"), r"zip|archive|not an? \.?npz|corrupt"])
    npz_case("empty_zip", zipped({}), [esc("empty_zip.npz"), r"label|no arrays|empty|no modalit"])
    npz_case("truncated_zip", lambda ctx, p: (np.savez(p + ".full.npz", a=NA, b=NB, labels=NY),
                                              write(p, open(p + ".full.npz", "rb").read()[:700]),
                                              os.remove(p + ".full.npz")),
             [esc("truncated_zip.npz"), r"zip|archive|truncat|corrupt|not an? \.?npz"])
    npz_case("member_truncated_npy", zipped(only(a=npy_bytes(NA)[:200])),
             [r"member_truncated_npy\.npz|a\.npy|\ba\b", r"truncat|promise|bytes"])
    npz_case("member_not_npy", zipped(only(a=b"hello, not numpy" * 10)),
             [r"member_not_npy\.npz|a\.npy|\ba\b", r"magic|not a \.?npy|numpy"])
    npz_case("member_huge_shape", zipped(only(a=npy_header("<f4", (10 ** 12, 10 ** 6)))),
             [r"member_huge_shape\.npz|a\.npy|\ba\b", huge])
    npz_case("split_float", zipped(only(train=npy_bytes(np.array([0.5, 1.5])), test=npy_bytes(np.arange(30, 40)))),
             [r"train", r"integer|ind(ex|ices)|float"])
    npz_case("split_out_of_range", zipped(only(train=npy_bytes(np.array([0, 1000])), test=npy_bytes(np.arange(30, 40)))),
             [r"train|split", r"range|1000"])
    npz_case("zip_bomb_4gb", lambda ctx, p: shutil.copyfile(ctx.npz_bomb(), p),
             [esc("zip_bomb_4gb.npz"), r"large|limit|size|exceed|too big|bytes|GB|GiB|MB"], timeout=60)

    def cd_huge(both):
        def make(ctx, path):
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for k, v in valid_members.items():
                    zf.writestr(k, v)
            b = bytearray(open(path, "rb").read())
            name = b"a.npy"
            cd = b.find(b"PK\x01\x02")
            while cd >= 0:
                nlen = struct.unpack_from("<H", b, cd + 28)[0]
                if bytes(b[cd + 46:cd + 46 + nlen]) == name:
                    struct.pack_into("<I", b, cd + 24, 0xFFFFFFF0)
                    if both:
                        lh = struct.unpack_from("<I", b, cd + 42)[0]
                        struct.pack_into("<I", b, lh + 22, 0xFFFFFFF0)
                b_next = b.find(b"PK\x01\x02", cd + 4)
                cd = b_next
            write(path, bytes(b))
        return make
    pz = r"large|limit|size|exceed|too big|corrupt|inconsistent|truncat|invalid|zip|crc|mismatch"
    # Refused as inconsistent, or read as far as the member really goes (exit 0, same values);
    # never an allocation of the declared 4 GB.
    npz_case("central_directory_huge_size", cd_huge(False), [esc("central_directory_huge_size.npz"), pz],
             expect=(0, 2), verify=same_a)
    npz_case("both_headers_huge_size", cd_huge(True), [esc("both_headers_huge_size.npz"), pz],
             expect=(0, 2), verify=same_a)


# ------------------------------------------------------------------------------------------
# IDX import
# ------------------------------------------------------------------------------------------
IMG = (np.arange(20 * 4 * 4) % 251).astype(np.uint8).reshape(20, 4, 4)
LAB = (np.arange(20) % 10).astype(np.uint8)


def add_idx_cases():
    valid_img = idx_bytes(0x08, (20, 4, 4), IMG.tobytes())
    valid_lab = idx_bytes(0x08, (20,), LAB.tobytes())

    def idx_case(name, img, lab, pats, expect=2, verify=None, timeout=DEFAULT_TIMEOUT,
                 img_name="img.idx", lab_name="lab.idx"):
        def setup(ctx, d):
            for fname, c in ((img_name, img), (lab_name, lab)):
                if c is not None and not fname.startswith("/"):
                    write(os.path.join(d, fname), c(ctx) if callable(c) else c)
        case(f"idx.{name}", ["dataset", "import", "--idx-images", img_name, "--idx-labels", lab_name,
                             "--out", "out.h5"],
             A(*pats) if pats else None, expect=expect, absent=["out.h5"], setup=setup,
             exists=["out.h5"] if expect == 0 else [], verify=verify, timeout=timeout, family="IDX")

    def same_img(d, out):
        with h5py.File(os.path.join(d, "out.h5"), "r") as f:
            img = f["modalities/image"][:]
        return None if img.reshape(-1).tolist() == IMG.astype(np.float32).reshape(-1).tolist() \
            else "imported image values differ"

    fi, fl = esc("img.idx"), esc("lab.idx")
    idx_case("valid", valid_img, valid_lab, None, expect=0, verify=same_img)
    idx_case("valid_gzipped", gzip.compress(valid_img), gzip.compress(valid_lab), None, expect=0,
             verify=same_img, img_name="img.idx.gz", lab_name="lab.idx.gz")
    idx_case("bad_magic", b"\x12\x34" + valid_img[2:], valid_lab, [fi, r"magic|not an? idx"])
    idx_case("unknown_type", bytes([0, 0, 0x07]) + valid_img[3:], valid_lab, [fi, r"type|0x07"])
    idx_case("zero_dims", bytes([0, 0, 0x08, 0]), valid_lab, [fi, r"dimension"])
    idx_case("truncated_data", valid_img[:100], valid_lab, [fi, r"truncat|promise|bytes"])
    idx_case("truncated_header", valid_img[:7], valid_lab, [fi, r"truncat|header"])
    idx_case("trailing_bytes", valid_img + b"extra", valid_lab, [fi, r"bytes|trailing|corrupt|extra|promise"])
    idx_case("dims_overflow", idx_bytes(0x08, (2 ** 32 - 1, 2 ** 32 - 1, 255)) + bytes(64), valid_lab,
             [fi, r"large|limit|overflow|too|size|exceed|promise|bytes"])
    idx_case("dims_huge_float64", idx_bytes(0x0E, (2 ** 31, 2 ** 31)) + bytes(64), valid_lab,
             [fi, r"large|limit|overflow|too|size|exceed|promise|bytes"])
    idx_case("gzip_bomb_4gb", lambda ctx: open(ctx.idx_bomb(), "rb").read(),
             idx_bytes(0x08, (1_000_000,), bytes(1_000_000)),
             [esc("img.idx.gz"), r"large|limit|size|exceed|too big|bytes|GB|GiB|MB"],
             img_name="img.idx.gz", timeout=60)
    idx_case("corrupt_gzip", gzip.compress(valid_img)[:12] + b"\xde\xad\xbe\xef" * 10, valid_lab,
             [esc("img.idx.gz"), r"corrupt|compress|gzip|truncat|damaged|invalid"], img_name="img.idx.gz")
    idx_case("labels_count_mismatch", valid_img, idx_bytes(0x08, (19,), LAB[:19].tobytes()),
             [r"label|lab\.idx|img\.idx|image", r"19|20|samples|mismatch|differ"])
    idx_case("labels_2d", valid_img, idx_bytes(0x08, (20, 2), bytes(40)), [r"label|lab\.idx", r"1-d|dimension|shape"])
    idx_case("labels_float", valid_img, idx_bytes(0x0D, (20,), (np.arange(20, dtype=">f4") + 0.5).tobytes()),
             [r"label|lab\.idx", r"integer|float|whole"])
    idx_case("missing_file", valid_img, None, [fl, NOSUCH])
    idx_case("dev_zero", None, valid_lab, [r"/dev/zero", r"not a (regular )?file|magic|large|limit|device|too|type"],
             img_name="/dev/zero", timeout=20)
    CASES[-1].rss_mb = 1024
    case("idx.no_labels_option", ["dataset", "import", "--idx-images", "img.idx", "--out", "out.h5"],
         A(r"--idx-labels"), absent=["out.h5"],
         setup=lambda ctx, d: write(os.path.join(d, "img.idx"), valid_img), family="IDX")


# ------------------------------------------------------------------------------------------
# Arguments
# ------------------------------------------------------------------------------------------
def add_argument_cases():
    def exp_setup(ctx, d):
        write(os.path.join(d, "exp.json"), json.dumps(experiment(ctx.valid_h5())))
    RUN = ["run", "exp.json", "--out", "out"]
    GEN = ["generate", "--preset", "fig2", "--n-train", "60", "--n-test", "60"]

    def arg(name, argv, pats, setup=None, absent=(), empty_dirs=(), timeout=DEFAULT_TIMEOUT):
        case(f"arg.{name}", argv, A(*pats), setup=setup, absent=absent, empty_dirs=empty_dirs,
             timeout=timeout, family="arguments")

    arg("unknown_subcommand", ["frobnicate"], [r"frobnicate", r"unknown|not expected|invalid|no such|unrecognized"])
    arg("no_subcommand", [], [r"subcommand|command|required|usage"])
    arg("unknown_option", ["inspect", "--frob", "x.h5"], [r"--frob", r"unknown|not expected|unrecognized|invalid"])
    arg("seeds_zero", RUN + ["--seeds", "0"], [r"--seeds", r"positive|at least|range"], setup=exp_setup, absent=["out"])
    arg("seeds_negative", RUN + ["--seeds", "-1"], [r"--seeds", r"positive|at least|range|negative"], setup=exp_setup, absent=["out"])
    arg("seeds_not_number", RUN + ["--seeds", "many"], [r"--seeds|many", r"integer|number|convert|invalid"], setup=exp_setup, absent=["out"])
    arg("seeds_huge", RUN + ["--seeds", "1000000000"], [r"seeds", r"large|limit|at most|range|exceed|must be in"], setup=exp_setup,
        absent=["out"], timeout=20)
    arg("threads_negative", RUN + ["--threads", "-1"], [r"--threads", r"negative|range"], setup=exp_setup, absent=["out"])
    arg("format_bogus", RUN + ["--format", "bogus"], [r"--format|bogus", r"not in|one of|invalid|unknown|must be"],
        setup=exp_setup, absent=["out"])
    arg("device_bogus", RUN + ["--device", "tpu"], [r"device|tpu", r"not one of|unknown|invalid|must be"],
        setup=exp_setup, absent=["out"])
    arg("engine_bogus", RUN + ["--engine", "warp"], [r"engine|warp", r"not one of|unknown|invalid|must be"],
        setup=exp_setup, absent=["out"])
    arg("run_out_is_file", ["run", "exp.json", "--out", "afile"], [r"afile", r"folder|directory|not a|exists"],
        setup=lambda ctx, d: (exp_setup(ctx, d), write(os.path.join(d, "afile"), "x")))
    arg("reproduce_unknown", ["reproduce", "fig99"], [r"fig99", r"unknown|not|no such"])
    arg("generate_seed_2_40", GEN + ["--seed", str(2 ** 40), "--out", "x.h5"], [r"--seed", r"range|2\^32|large"], absent=["x.h5"])
    arg("generate_seed_negative", GEN + ["--seed", "-3", "--out", "x.h5"], [r"--seed", r"range|negative|2\^32"], absent=["x.h5"])
    arg("generate_n_train_0", ["generate", "--preset", "fig2", "--n-train", "0", "--out", "x.h5"],
        [r"--n-train", r"at least|positive|range"], absent=["x.h5"])
    arg("generate_n_train_2_40", ["generate", "--preset", "fig2", "--n-train", str(2 ** 40), "--out", "x.h5"],
        [r"--n-train", r"large|limit|range|convert|exceed|invalid|at most"], absent=["x.h5"], timeout=20)
    arg("generate_n_train_2e9", ["generate", "--preset", "fig2", "--n-train", "2000000000", "--out", "x.h5"],
        [r"--n-train", r"large|limit|exceed|at most|too many|range"], absent=["x.h5"], timeout=20)
    arg("generate_n_val_negative", GEN + ["--n-val", "-1", "--out", "x.h5"], [r"--n-val", r"negative|range"], absent=["x.h5"])
    arg("generate_shared_1e8", ["generate", "--shared", "100000000", "--out", "x.h5"],
        [r"--shared", r"large|limit|exceed|at most|too|range"], absent=["x.h5"], timeout=20)
    arg("generate_noise_negative", ["generate", "--noise-a", "-5", "--out", "x.h5"],
        [r"--noise-a|noise", r"negative|range|at least"], absent=["x.h5"])
    arg("generate_overlap_11", ["generate", "--preset", "fig2", "--overlap", "11", "--out", "x.h5"],
        [r"overlap", r"range|\[0, 10\]|at most"], absent=["x.h5"])
    arg("generate_preset_bogus", ["generate", "--preset", "fig9", "--out", "x.h5"], [r"preset|fig9", r"unknown|not one of"],
        absent=["x.h5"])
    arg("generate_hyperplane_bogus", ["generate", "--hyperplane", "wavy", "--out", "x.h5"], [r"--hyperplane|wavy", r"normal|ones"],
        absent=["x.h5"])
    arg("generate_out_missing_folder", GEN + ["--out", "nodir/x.h5"],
        [r"nodir", r"folder|directory|not exist|no such|cannot"], absent=["nodir"])
    arg("generate_out_is_directory", GEN + ["--out", "adir"],
        [r"adir", r"directory|folder|exists|is a dir"], setup=lambda ctx, d: os.makedirs(os.path.join(d, "adir")),
        empty_dirs=["adir"])
    arg("generate_missing_out", ["generate", "--preset", "fig2"], [r"--out", r"required|missing"])
    arg("log_level_bogus", ["--log-level", "loud", "generate", "--preset", "fig2", "--out", "x.h5"],
        [r"log-level|loud", r"unknown|invalid|one of|level|must be"], absent=["x.h5"])
    # Making the log's folder (exit 0) is as good as refusing it.
    case("arg.log_file_missing_folder", ["--log-file", "nodir/log.txt", "generate", "--preset", "fig2", "--out", "x.h5"],
         A(r"nodir|log\.txt", r"folder|directory|not exist|no such|cannot|open"), expect=(0, 2),
         absent=["x.h5", "nodir"], family="arguments")
    arg("inspect_missing", ["inspect", "nope.h5"], [r"nope\.h5", NOSUCH])
    arg("import_no_source", ["dataset", "import", "--out", "out.h5"], [r"--npz|--npy|--csv|source", r"exactly one|one source|name|need"],
        absent=["out.h5"])
    def two_sources(ctx, d):
        np.savez(os.path.join(d, "x.npz"), a=NA, b=NB, labels=NY)
        write(os.path.join(d, "y.csv"), csv_text())
    arg("import_two_sources", ["dataset", "import", "--npz", "x.npz", "--csv", "y.csv", "--out", "out.h5"],
        [r"exactly one|only one|one source|both"], setup=two_sources, absent=["out.h5"])
    arg("import_seed_negative", ["dataset", "import", "--csv", "y.csv", "--modality", "a=a0,a1,a2",
                                 "--seed", "-5", "--out", "out.h5"],
        [r"--seed", r"range|negative|2\^32"], setup=two_sources, absent=["out.h5"])

    def npz_setup(ctx, d):
        np.savez(os.path.join(d, "ok.npz"), a=NA, b=NB, labels=NY)
    arg("import_kind_bogus", ["dataset", "import", "--npz", "ok.npz", "--kind", "a=weird", "--out", "out.h5"],
        [r"--kind|weird", r"unknown|kind|one of"], setup=npz_setup, absent=["out.h5"])
    arg("import_kind_unknown_modality", ["dataset", "import", "--npz", "ok.npz", "--kind", "zz=image", "--out", "out.h5"],
        [r"\bzz\b", r"modalit|unknown|no |not"], setup=npz_setup, absent=["out.h5"])
    arg("import_val_test_too_big", ["dataset", "import", "--npz", "ok.npz", "--val", "0.6", "--test", "0.5", "--out", "out.h5"],
        [r"--val|--test|share", r"leave|train|sum|range|less than|too"], setup=npz_setup, absent=["out.h5"])
    arg("import_val_negative", ["dataset", "import", "--npz", "ok.npz", "--val", "-0.1", "--out", "out.h5"],
        [r"--val|share", r"negative|range|>= 0|at least"], setup=npz_setup, absent=["out.h5"])
    arg("import_val_nan", ["dataset", "import", "--npz", "ok.npz", "--val", "nan", "--out", "out.h5"],
        [r"--val|share", r"number|range|nan|finite|invalid|must leave|>= 0"], setup=npz_setup, absent=["out.h5"])
    arg("dataset_build_unknown", ["dataset", "build", "foo", "--out", "x.h5"], [r"foo", r"unknown|not"], absent=["x.h5"])


# ------------------------------------------------------------------------------------------
# Running and checking
# ------------------------------------------------------------------------------------------
def safe(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def stderr_lines(text):
    return [l for l in text.splitlines() if l.strip() and not l.startswith("[")]


def run_case(c, ctx, mfh, work):
    d = os.path.join(work, safe(c.name))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    logs = os.path.join(work, "_logs")
    os.makedirs(logs, exist_ok=True)
    res = {"name": c.name, "argv": c.argv, "expect": list(c.expect), "regex": c.regex}
    try:
        if c.setup:
            c.setup(ctx, d)
    except Exception as e:
        res.update(ok=False, reasons=[f"setup failed: {type(e).__name__}: {e}"], rc=None, stderr="",
                   seconds=0)
        return res
    before = set(os.listdir(d))
    argv = [mfh] + [a.replace("{d}", d).replace("{w}", work) for a in c.argv]
    if not NO_RLIMIT:
        argv = ["/bin/sh", "-c", 'ulimit -v %d && exec "$@"' % (AS_LIMIT // 1024), "sh"] + argv
    env = dict(os.environ)
    env["MFH_CACHE_DIR"] = os.path.join(d, "cache")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("OMP_NUM_THREADS", "1")
    out_path, err_path = os.path.join(logs, safe(c.name) + ".out"), os.path.join(logs, safe(c.name) + ".err")
    t0 = time.monotonic()
    hung = False
    with open(out_path, "wb") as fo, open(err_path, "wb") as fe:
        p = subprocess.Popen(argv, cwd=d, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, env=env,
                             start_new_session=True)
        status, rusage = None, None
        while True:
            pid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if pid == p.pid:
                status, rusage = st, ru
                break
            if time.monotonic() - t0 > c.timeout:
                hung = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _, status, rusage = os.wait4(p.pid, 0)
                break
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)
        try:  # anything the child left running in its group
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    seconds = time.monotonic() - t0
    rc = p.returncode
    stdout = open(out_path, "rb").read().decode("utf-8", "replace")
    stderr = open(err_path, "rb").read().decode("utf-8", "replace")
    peak_mb = rusage.ru_maxrss / 1024 if rusage else 0
    reasons = []
    lines = stderr_lines(stderr)
    if hung:
        reasons.append(f"hang: killed after {c.timeout} s")
    elif any(s.lower() in stderr.lower() for s in ALLOC_SIGNS):
        reasons.append("unbounded allocation (allocation failure under the %d GiB limit)" % (AS_LIMIT >> 30))
    elif rc < 0 or rc >= 128:
        sig = -rc if rc < 0 else rc - 128
        try:
            signame = signal.Signals(sig).name
        except ValueError:
            signame = str(sig)
        reasons.append(f"crash: killed by {signame}" +
                       (" (under the address-space limit: an unbounded allocation?)" if sig == signal.SIGABRT and not NO_RLIMIT else ""))
    if not NO_RLIMIT and peak_mb > c.rss_mb:
        reasons.append(f"unbounded allocation: peak resident memory {peak_mb:.0f} MiB")
    bad = [s for s in FORBIDDEN if s.lower() in stderr.lower()]
    if bad:
        reasons.append("stderr contains " + ", ".join(repr(s) for s in bad))
    if not hung and rc not in c.expect:
        reasons.append(f"exit {rc}, expected {' or '.join(map(str, c.expect))}")
    if not hung and rc == 2 and 2 in c.expect:
        if len(lines) != 1:
            reasons.append(f"{len(lines)} stderr lines, expected exactly one")
        elif c.regex and not re.search(c.regex, lines[0], re.I):
            reasons.append(f"the error does not match /{c.regex}/i")
        if lines and max(len(l) for l in lines) > MAX_LINE:
            reasons.append(f"the error line is {max(len(l) for l in lines)} characters long (echoes the input)")
    if rc != 0 or 0 not in c.expect:  # a refused input leaves nothing behind
        for a in c.absent:
            pat = a if os.path.isabs(a) else os.path.join(d, a)
            for hit in glob.glob(pat):
                reasons.append(f"left behind {os.path.relpath(hit, d) if hit.startswith(d) else hit}")
    if rc == 0 and 0 in c.expect:
        for e in c.exists:
            if not os.path.exists(os.path.join(d, e)):
                reasons.append(f"exit 0 but {e} was not written")
    for e in c.empty_dirs:
        p_ = os.path.join(d, e)
        if os.path.isdir(p_) and os.listdir(p_):
            reasons.append(f"wrote into {e}/: {', '.join(os.listdir(p_))}")
        elif not os.path.isdir(p_):
            reasons.append(f"{e}/ was replaced or removed")
    for root, dirs, files in os.walk(d):
        for fname in files + dirs:
            if ".part-" in fname:
                reasons.append(f"left behind hidden temporary {os.path.relpath(os.path.join(root, fname), d)}")
    if c.verify and not hung and (rc == 0 or c.verify_always):
        try:
            v = c.verify(d, stdout)
        except Exception as e:
            v = f"verification failed: {type(e).__name__}: {e}"
        if v:
            reasons.append(v)
    res.update(ok=not reasons, reasons=reasons, rc=rc, stderr=stderr, seconds=seconds,
               peak_mb=round(peak_mb))
    return res


def build_cases():
    CASES.clear()
    add_h5_cases()
    add_run_file_cases()
    add_experiment_cases()
    add_csv_cases()
    add_npy_cases()
    add_idx_cases()
    add_argument_cases()
    names = [c.name for c in CASES]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names: {dup}"
    return CASES


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mfh")
    ap.add_argument("workdir")
    ap.add_argument("--only", default=None, help="run the cases whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    args = ap.parse_args()
    cases = build_cases()
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    if args.list:
        for c in cases:
            print(f"{c.name}\t{' '.join(c.argv)}\texpect {'/'.join(map(str, c.expect))}\t{c.regex or ''}")
        print(f"{len(cases)} cases")
        return 0
    mfh = os.path.abspath(args.mfh)
    work = os.path.abspath(args.workdir)
    if not os.access(mfh, os.X_OK):
        print(f"corpus: {mfh} is not an executable", file=sys.stderr)
        return 2
    os.makedirs(work, exist_ok=True)
    for entry in os.listdir(work):  # earlier case folders; the bombs in _assets are kept
        if entry != "_assets":
            p = os.path.join(work, entry)
            shutil.rmtree(p, ignore_errors=True) if os.path.isdir(p) else os.remove(p)
    ctx = Ctx(mfh, work)
    t0 = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futures = {ex.submit(run_case, c, ctx, mfh, work): c for c in cases}
        for fut in concurrent.futures.as_completed(futures):
            r = fut.result()
            results.append(r)
            if r["ok"]:
                print(f"PASS {r['name']} ({r['seconds']:.1f} s)", flush=True)
            else:
                err = r["stderr"].strip().replace("\n", "\\n")[:300]
                print(f"FAIL {r['name']}: {'; '.join(r['reasons'])} | rc={r['rc']} stderr: {err}", flush=True)
    failed = [r for r in results if not r["ok"]]
    by_family = {}
    for c in cases:
        by_family.setdefault(c.family, [0, 0])[0] += 1
    fam = {c.name: c.family for c in cases}
    for r in failed:
        by_family[fam[r["name"]]][1] += 1
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed, {len(results)} cases "
          f"in {time.monotonic() - t0:.0f} s")
    for f_, (n, k) in sorted(by_family.items()):
        print(f"  {f_}: {n - k}/{n} pass")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(sorted(results, key=lambda r: r["name"]), f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

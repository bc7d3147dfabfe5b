#!/usr/bin/env python3
"""Reads the workbench's dataset and run files with h5py, as a researcher's script would
(docs/formats.md). Usage: h5py_interop.py MFH_BINARY WORK_DIR. Exits 1 on the first mismatch."""
import json
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

mfh, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)  # runs of an earlier build have other ids
os.makedirs(work)
checks = 0


def check(condition, what):
    global checks
    if not condition:
        print(f"FAIL: {what}")
        sys.exit(1)
    checks += 1


data = os.path.join(work, "venn.h5")
subprocess.run([mfh, "generate", "--shared", "4", "--specific-a", "3", "--specific-b", "2",
                "--noise-a", "5", "--noise-b", "6", "--n-train", "50", "--n-val", "20",
                "--n-test", "30", "--seed", "7", "--out", data], check=True, capture_output=True)
with h5py.File(data, "r") as f:
    check(f.attrs["format"] == "mfh-dataset", "dataset format attribute is a str")
    check(int(f.attrs["version"]) == 1, "dataset version")
    a, b = f["modalities/a"], f["modalities/b"]
    check(a.shape == (100, 12) and b.shape == (100, 12), f"modality shapes {a.shape} {b.shape}")
    check(a.dtype == np.float32 and a.attrs["kind"] == "vector", "modality dtype and kind")
    y = f["labels"][:]
    check(y.dtype == np.int64 and set(np.unique(y)) <= {0, 1}, "labels")
    check(list(f["labels"].attrs["class_names"]) == ["0", "1"], "class names are strings")
    check({k: len(f["splits"][k]) for k in f["splits"]} == {"train": 50, "val": 20, "test": 30}, "splits")
    mvd = dict(f["truth/mvd"].attrs)
    check(abs(mvd["gamma"] - 4 / 9) < 1e-12, "true gamma")
    shared_a, shared_b = f["truth/shared_columns/a"][:], f["truth/shared_columns/b"][:]
    check(np.array_equal(a[:, shared_a], b[:, shared_b]), "shared columns are copies")

runs = os.path.join(work, "runs")
subprocess.run([mfh, "reproduce", "fig2", "--seeds", "1", "--out", runs], check=True, capture_output=True)
students = [p for p in os.listdir(runs) if p.startswith("student-")]
check(len(students) == 6, "six KD students")
with h5py.File(os.path.join(runs, students[0]), "r") as f:
    check(f.attrs["format"] == "mfh-run" and f.attrs["status"] == "complete", "run format and status")
    config = json.loads(f.attrs["config"])
    check(config["kd"]["w_kd"] == 1 and config["train"]["epochs"] == 1000, "config JSON")
    check(f["weights/fc1.weight"].shape == (2, 50), "weights")
    check(0 <= f["metrics"].attrs["acc_test"] <= 100, "metrics")
    check(os.path.exists(os.path.join(runs, f.attrs["teacher_run"] + ".h5")), "teacher run exists")
summary = open(os.path.join(runs, "summary.csv")).read().splitlines()
check(len(summary) == 7 and "delta_mean" in summary[0], "summary.csv")
print(f"{checks} passed, 0 failed")

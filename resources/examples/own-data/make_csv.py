#!/usr/bin/env python3
"""Writes bands.csv: a small two-sensor dataset of the kind researchers bring (docs/own-data.md).

1,200 image patches summarised as band means: 4 visible bands and 3 near-infrared bands,
raw values 0-160 (unscaled, as sensors give them), 6 land-cover classes labelled 1..6, and a
split column (train/test) as a survey would assign it. Part of each class's signature is seen
by both sensors (vegetation shows in red and NIR), part by one only.
    make_csv.py OUT.csv [SEED]
"""
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
n, classes = 1200, 6
label = rng.integers(1, classes + 1, n)
shared = rng.normal(0, 1, (classes + 1, 2))[label]          # seen by both sensors
vis_only = rng.normal(0, 1, (classes + 1, 2))[label]        # visible only
nir_only = rng.normal(0, 1, (classes + 1, 1))[label]        # near-infrared only
noise = lambda k: rng.normal(0, 0.9, (n, k))
visible = np.column_stack([shared, vis_only]) + noise(4)
nir = np.column_stack([shared[:, :1] + shared[:, 1:], nir_only, shared[:, 1:]]) + noise(3)
visible = np.clip(80 + 25 * visible, 0, 160)
nir = np.clip(70 + 30 * nir, 0, 160)
split = np.where(rng.random(n) < 0.8, "train", "test")
with open(out, "w") as f:
    f.write("patch,blue,green,red,red_edge,nir1,nir2,nir3,class,split\n")
    for i in range(n):
        row = [f"p{i:04d}"] + [f"{v:.1f}" for v in visible[i]] + [f"{v:.1f}" for v in nir[i]]
        f.write(",".join(row + [str(label[i]), split[i]]) + "\n")
print(f"wrote {out}: {n} patches, {classes} classes, visible 4 bands, nir 3 bands")

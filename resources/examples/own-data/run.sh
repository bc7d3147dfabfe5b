#!/usr/bin/env bash
# The worked example of docs/own-data.md: a CSV of one's own (made here by make_csv.py),
# imported with its split column, a validation split carved from train and standardised
# features, then studied with teachers of either sensor for students of the other.
#   run.sh [WORKDIR] [MFH]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-$(mktemp -d)}"
mfh="${2:-mfh}"
mkdir -p "$work" && cd "$work"
/usr/bin/python3 "$here/make_csv.py" bands.csv
import=(dataset import --csv bands.csv --modality visible=blue,green,red,red_edge
        --modality 'nir=nir*' --label-column class --split-column split --val 0.15 --seed 1)
# Unscaled bands (0-160) at SGD's default rates: trainings that learn nothing are flagged,
# and mfh exits with 3.
"$mfh" "${import[@]}" --out raw.h5
sed 's/bands\.h5/raw.h5/' "$here/visible-to-nir.json" > raw.json
set +e
"$mfh" run raw.json
status=$?
set -e
if [ "$status" -ne 3 ]; then
  echo "expected exit 3 (untrustworthy trainings) on unscaled bands, got $status" >&2
  exit 1
fi
# Standardised with the training split's statistics: every training is healthy.
"$mfh" "${import[@]}" --standardize --out bands.h5
cp "$here/visible-to-nir.json" "$here/nir-to-visible.json" .
"$mfh" run visible-to-nir.json --out visible-to-nir
"$mfh" run nir-to-visible.json --out nir-to-visible --format markdown

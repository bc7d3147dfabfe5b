#!/usr/bin/env bash
# Rebuilds the README's screenshots (docs/screenshots/*.png) offscreen: the workbench drives
# itself through its main views with real training and saves a picture of each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
QT_QPA_PLATFORM=offscreen OPENBLAS_NUM_THREADS=1 build/app/mfh-workbench --screenshots docs/screenshots
echo "Screenshots written to docs/screenshots/"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (CTest). Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export OPENBLAS_NUM_THREADS=1
ctest --test-dir build --output-on-failure -j "$(nproc)"

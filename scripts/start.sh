#!/usr/bin/env bash
# Installs what is missing, builds, and starts the desktop workbench. Without a display (or
# before the workbench is built) it says so and points to the command line, `mfh`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -x build/app/mfh-workbench ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/mfh-workbench "$@"
fi
if [ ! -x build/app/mfh-workbench ]; then
  echo "The desktop workbench is not part of this build yet; the command line is ready:"
else
  echo "No display found (headless machine): use the command line instead:"
fi
echo "  build/app/mfh --help"
echo "  build/app/mfh reproduce fig2 --seeds 10"
if [ -x build/app/mfh-workbench ]; then
  echo "The workbench itself runs on a virtual display (xvfb-run -a build/app/mfh-workbench), and"
  echo "bash scripts/screenshots.sh pictures each of its views offscreen (docs/screenshots)."
fi
build/app/mfh --help

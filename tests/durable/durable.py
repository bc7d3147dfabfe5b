#!/usr/bin/env python3
"""Durable experiment folders through the real `mfh` binary (docs/formats.md, "Experiment
folder").

  durable.py MFH_BINARY WORKDIR

Each case prints PASS/FAIL; the exit status is nonzero when any fails. Cases:
  * `mfh report DIR` prints, in every format, exactly what the run printed;
  * a rerun of a finished experiment trains nothing and gives the same report;
  * kill -9 at several moments (during a training, during a run file's write, between
    trainings), then a rerun: no temporary is left, finished trainings are not repeated, and
    the result equals the uninterrupted run's exactly;
  * more seeds extend a finished experiment (only the new seeds train);
  * a different experiment into the folder is refused with one line; --fresh moves the old
    contents aside (nothing deleted) and starts over;
  * a corrupt trial file is run again; a changed dataset file is refused;
  * `mfh report` on a folder that is not an experiment, and on a broken state.json: one line.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cli_cases import MFH, check, finish, fresh, leftovers  # noqa: E402


def run(args, cwd, timeout=300):
    p = subprocess.run([MFH] + args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    lines = [l for l in p.stderr.splitlines() if l.strip() and not l.startswith("[")]
    return p.returncode, lines, p.stdout


def write_experiment(d, name, body):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        json.dump(body, f)
    return path


def runs_in(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".h5") and not f.startswith("."))


def strip_timing(table):
    # The last line of a table says how many trainings ran and how long it took.
    return "\n".join(l for l in table.splitlines() if " trainings, " not in l)


# A small Fig. 2-like sweep trained with LibTorch: trainings long enough to be interrupted.
MLP = {"type": "mlp", "hidden": [32]}
EXP = {"name": "durable", "dataset": {"generator": {"preset": "fig2", "n_train": 1500,
                                                    "n_test": 400}},
       "teacher": {"modalities": ["a"], "model": MLP, "train": {"epochs": 60, "batch_size": 50}},
       "student": {"modality": "b", "model": MLP, "train": {"epochs": 60, "batch_size": 50}},
       "kd": {"w_gt": 1, "w_kd": 1}, "sweep": [{"param": "kd.w_kd", "values": [0.25, 0.75]}],
       "seeds": {"first": 0, "count": 3}, "engine": "torch", "threads": 2}

d = fresh("report")
exp = write_experiment(d, "exp.json", EXP)
printed = {}
for fmt in ("json", "table", "markdown", "latex", "csv"):
    out = "ref" if fmt == "json" else "ref-" + fmt
    rc, lines, printed[fmt] = run(["run", exp, "--out", out, "--format", fmt], d)
    check(f"run --format {fmt}", rc == 0, f"rc={rc} {lines}")
    rc, lines, again = run(["report", out, "--format", fmt], d)
    check(f"report --format {fmt} equals what the run printed", rc == 0 and again == printed[fmt],
          f"rc={rc} {lines}\n--- run:\n{printed[fmt][:600]}\n--- report:\n{again[:600]}")
reference = json.loads(printed["json"])
ref_runs = runs_in(os.path.join(d, "ref"))

t0 = time.monotonic()
rc, lines, out = run(["run", exp, "--out", "ref", "--format", "json"], d)
took = time.monotonic() - t0
check("a rerun of a finished experiment trains nothing", rc == 0 and
      json.loads(out) == reference and any("6 of 6 trials" in l for l in lines) and
      any("0 trainings computed" in l for l in lines), f"rc={rc} {lines} took={took:.2f}s")

# --- kill -9 at several moments ---------------------------------------------------------------


def kill_when(folder, want, timeout=120):
    """Starts a run into `folder`, stops it (SIGSTOP) every few milliseconds, and kills it
    with SIGKILL once `want(state)` holds while it is stopped. Returns what was seen."""
    p = subprocess.Popen([MFH, "run", exp, "--out", folder], cwd=d, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    seen = None
    while time.monotonic() - t0 < timeout and p.poll() is None:
        time.sleep(0.004)
        try:
            os.kill(p.pid, signal.SIGSTOP)
        except ProcessLookupError:
            break
        full = os.path.join(d, folder)
        state = {"temps": leftovers(full) if os.path.isdir(full) else [],
                 "runs": runs_in(full) if os.path.isdir(full) else []}
        if want(state):
            seen = state
            os.kill(p.pid, signal.SIGKILL)
            break
        os.kill(p.pid, signal.SIGCONT)
    if seen is None and p.poll() is None:
        p.kill()
    p.wait()
    return seen


cases = [
    ("during a training", lambda s: len(s["runs"]) >= 1 and not s["temps"]),
    ("during a run file's write", lambda s: any(".h5.part-" in t for t in s["temps"])),
    ("between trainings", lambda s: len(s["runs"]) >= 4 and not s["temps"]),
]
for what, want in cases:
    folder = "kill-" + what.split()[-1].replace("'", "")
    seen = None
    for attempt in range(6):  # the moment is found by polling; retry if the run was too quick
        shutil.rmtree(os.path.join(d, folder), ignore_errors=True)
        seen = kill_when(folder, want)
        if seen is not None:
            break
    if seen is None:
        check(f"kill -9 {what}", False, "never caught that moment in 6 attempts")
        continue
    before = set(runs_in(os.path.join(d, folder)))
    rc, lines, out = run(["run", exp, "--out", folder, "--format", "json"], d)
    after = set(runs_in(os.path.join(d, folder)))
    ok = rc == 0 and json.loads(out) == reference and not leftovers(os.path.join(d, folder))
    ok = ok and sorted(after) == ref_runs and before <= after
    taken = [l for l in lines if "taken from the folder" in l]
    ok = ok and (not before or bool(taken))
    check(f"kill -9 {what} ({len(before)} runs finished), rerun equals the uninterrupted run",
          ok, f"rc={rc} {lines} left={leftovers(os.path.join(d, folder))} "
              f"runs={len(after)}/{len(ref_runs)}")
    rc, lines, out = run(["report", folder, "--format", "json"], d)
    check(f"kill -9 {what}: report from the folder equals the run", rc == 0 and
          json.loads(out) == reference, f"rc={rc} {lines}")

# A folder whose writer was killed reports what it has, marked partial.
folder = "partial"
seen = kill_when(folder, lambda s: len(s["runs"]) >= 5 and not s["temps"])
if seen is not None:
    rc, lines, out = run(["report", folder, "--format", "json"], d)
    rows = json.loads(out)["rows"] if rc == 0 else []
    check("report of a killed run is marked partial", rc == 0 and
          any("is partial (running" in l for l in lines) and
          all(r["seeds"] <= 3 for r in rows) and any(r["partial"] for r in rows),
          f"rc={rc} {lines}")

# --- more seeds extend a finished experiment --------------------------------------------------
shutil.copytree(os.path.join(d, "ref"), os.path.join(d, "more"))
rc, lines, out = run(["run", exp, "--out", "more", "--seeds", "4", "--format", "json"], d)
rows = json.loads(out)["rows"] if rc == 0 else []
check("--seeds 4 after 3 runs only the new seed", rc == 0 and
      any("6 of 8 trials" in l for l in lines) and all(r["seeds"] == 4 for r in rows),
      f"rc={rc} {lines}")

# --- another experiment, --fresh --------------------------------------------------------------
other = dict(EXP, sweep=[{"param": "kd.w_kd", "values": [0.5]}])
exp2 = write_experiment(d, "other.json", other)
rc, lines, _ = run(["run", exp2, "--out", "ref"], d)
check("another experiment into the folder is refused", rc == 2 and len(lines) == 1 and
      "holds another experiment" in lines[0] and "--fresh" in lines[0], f"rc={rc} {lines}")
shutil.copytree(os.path.join(d, "ref"), os.path.join(d, "ref-copy"))
rc, lines, _ = run(["run", exp2, "--out", "ref-copy", "--fresh"], d)
prev = [f for f in os.listdir(os.path.join(d, "ref-copy")) if f.startswith("previous-")]
check("--fresh moves the old experiment aside and starts over", rc == 0 and len(prev) == 1 and
      runs_in(os.path.join(d, "ref-copy", prev[0])) == ref_runs, f"rc={rc} {lines} {prev}")

# --- a corrupt trial file, a changed dataset file --------------------------------------------
shutil.copytree(os.path.join(d, "ref"), os.path.join(d, "corrupt"))
with open(os.path.join(d, "corrupt", "trials", "p0001-s2.json"), "w") as f:
    f.write('{"format": "mfh-trial", "version": 1, "metr')
rc, lines, out = run(["run", exp, "--out", "corrupt", "--format", "json"], d)
check("a corrupt trial file is run again", rc == 0 and json.loads(out) == reference and
      any("5 of 6 trials" in l for l in lines), f"rc={rc} {lines}")

rc, lines, _ = run(["generate", "--preset", "fig2", "--n-train", "600", "--n-test", "200",
                    "--out", "data.h5"], d)
filed = dict(EXP, dataset={"path": "data.h5"}, sweep=[{"param": "kd.w_kd", "values": [0.5]}],
             seeds={"first": 0, "count": 1})
exp3 = write_experiment(d, "filed.json", filed)
rc, lines, _ = run(["run", exp3, "--out", "filed"], d)
check("run on a dataset file", rc == 0, f"rc={rc} {lines}")
rc, lines, _ = run(["generate", "--preset", "fig2", "--n-train", "600", "--n-test", "200",
                    "--seed", "9", "--out", "data.h5"], d)
rc, lines, _ = run(["run", exp3, "--out", "filed"], d)
check("a changed dataset file is refused", rc == 2 and len(lines) == 1 and
      "dataset changed" in lines[0], f"rc={rc} {lines}")

# --- paired comparisons from the folder -----------------------------------------------------
rc, lines, out = run(["report", "ref", "--compare", "w_kd=0.75", "w_kd=0.25"], d)
check("report --compare pairs two rows by seed", rc == 0 and
      "kd_acc: w_kd=0.75 − w_kd=0.25, paired over 3 seeds" in out and "Wilcoxon" in out,
      f"rc={rc} {lines} {out[-400:]}")
rc, lines, out = run(["report", "ref", "--compare", "delta@#2", "delta@#1", "--format", "json"],
                     d)
cmp = json.loads(out).get("comparisons", []) if rc == 0 else []
rows = reference["rows"]
check("report --compare in JSON", rc == 0 and len(cmp) == 1 and
      abs(cmp[0]["mean"] - (rows[1]["delta_mean"] - rows[0]["delta_mean"])) < 2e-4,
      f"rc={rc} {lines} {cmp}")
rc, lines, _ = run(["report", "ref", "--compare", "w_kd=0.5", "#1"], d)
check("report --compare with a row that does not exist", rc == 2 and len(lines) == 1 and
      "w_kd" in lines[0], f"rc={rc} {lines}")

# --- bad folders for mfh report ---------------------------------------------------------------
rc, lines, _ = run(["report", "nowhere"], d)
check("report of a missing folder", rc == 2 and len(lines) == 1 and "no such folder" in lines[0],
      f"rc={rc} {lines}")
os.makedirs(os.path.join(d, "plain"), exist_ok=True)
rc, lines, _ = run(["report", "plain"], d)
check("report of a folder that is no experiment", rc == 2 and len(lines) == 1 and
      "not an experiment folder" in lines[0], f"rc={rc} {lines}")
shutil.copytree(os.path.join(d, "ref"), os.path.join(d, "badstate"))
with open(os.path.join(d, "badstate", "state.json"), "w") as f:
    f.write("{not json")
rc, lines, _ = run(["report", "badstate"], d)
check("report with a broken state.json", rc == 2 and len(lines) == 1 and "state.json" in lines[0],
      f"rc={rc} {lines}")
rc, lines, _ = run(["run", exp, "--out", "badstate"], d)
check("a run into a folder with a broken state.json is refused, naming --fresh", rc == 2 and
      len(lines) == 1 and "state.json" in lines[0] and "--fresh" in lines[0], f"rc={rc} {lines}")

finish("durable-folder cases")

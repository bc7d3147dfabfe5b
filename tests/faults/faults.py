#!/usr/bin/env python3
"""Fault tests through the real `mfh` binary: what happens to results and files when the
world misbehaves while a command runs.

  faults.py MFH_BINARY WORKDIR

Each case prints PASS/FAIL; the exit status is nonzero when any fails. Cases:
  * a full disk, simulated with a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored, so writes
    fail with EFBIG as they would with ENOSPC): generate, import and run each fail with one
    line naming the file, exit 2, and leave no file and no temporary behind;
  * SIGINT during generate, import and Algorithm 1: exit 130 within a second, nothing left;
  * kill -9 during a run, then a rerun into the same folder: it succeeds, and no temporary
    of the killed process remains;
  * a streamed dataset truncated, and one replaced, while a run reads it: exit 2 naming the
    change, never a result;
  * two writers on one folder: the second is refused while the first runs.
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cli_cases import MFH, check, finish, fresh, leftovers  # noqa: E402


def small_file_limit():
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def run(args, cwd, preexec=None, timeout=120):
    p = subprocess.run([MFH] + args, cwd=cwd, capture_output=True, text=True,
                       preexec_fn=preexec, timeout=timeout)
    lines = [l for l in p.stderr.splitlines() if l.strip() and not l.startswith("[")]
    return p.returncode, lines, p.stdout


def experiment(d, dataset, epochs=200, seeds=2, extra=None):
    e = {"dataset": dataset,
         "teacher": {"modalities": ["a"], "train": {"epochs": epochs, "batch_size": 50}},
         "student": {"modality": "b", "train": {"epochs": epochs, "batch_size": 50}},
         "seeds": {"first": 0, "count": seeds}, "engine": "torch", "threads": 1}
    e.update(extra or {})
    path = os.path.join(d, "exp.json")
    with open(path, "w") as f:
        json.dump(e, f)
    return path


def handler_installed(pid, sig):
    """Whether the process catches `sig` yet (its SigCgt mask in /proc): on a loaded machine
    loading the libraries can take longer than the test's delay."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("SigCgt:"):
                    return bool(int(line.split()[1], 16) >> (sig - 1) & 1)
    except OSError:
        pass
    return False


def interrupt_after(args, cwd, seconds, sig=signal.SIGINT):
    p = subprocess.Popen([MFH] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    t0 = time.monotonic()
    while not handler_installed(p.pid, sig) and p.poll() is None and time.monotonic() - t0 < 30:
        time.sleep(0.01)
    time.sleep(seconds)
    if p.poll() is not None:
        return None, None, p.communicate()[1]
    t0 = time.monotonic()
    p.send_signal(sig)
    try:
        _, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        return None, 99.0, "did not stop within 10 s"
    return p.returncode, time.monotonic() - t0, err


# --- a full disk ----------------------------------------------------------------------------
d = fresh("disk-full")
rc, lines, _ = run(["generate", "--preset", "fig2", "--n-train", "20000", "--out", "g.h5"], d,
                   small_file_limit)
check("disk full: generate", rc == 2 and len(lines) == 1 and "cannot write g.h5" in lines[0]
      and not os.path.exists(os.path.join(d, "g.h5")) and not leftovers(d), f"rc={rc} {lines}")
with open(os.path.join(d, "big.csv"), "w") as f:
    f.write("x0,x1,x2,label\n")
    for i in range(20000):
        f.write(f"{i % 7},{i % 5},{i % 3},{i % 2}\n")
rc, lines, _ = run(["dataset", "import", "--csv", "big.csv", "--modality", "a=x0,x1",
                    "--modality", "b=x2", "--out", "i.h5"], d, small_file_limit)
check("disk full: import", rc == 2 and len(lines) == 1 and "cannot write i.h5" in lines[0]
      and not os.path.exists(os.path.join(d, "i.h5")) and not leftovers(d), f"rc={rc} {lines}")
exp = experiment(d, {"generator": {"preset": "fig2", "n_train": 200, "n_test": 200}}, epochs=20)
resource_limit = lambda: (resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)),
                          signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
rc, lines, _ = run(["run", exp, "--out", "out"], d, resource_limit)
check("disk full: run", rc == 2 and len(lines) == 1 and "cannot write out/" in lines[0]
      and not os.path.exists(os.path.join(d, "out")) and not leftovers(d), f"rc={rc} {lines}")

# --- SIGINT during long commands ------------------------------------------------------------
d = fresh("sigint")
rc, took, err = interrupt_after(["generate", "--shared", "50", "--noise-a", "200", "--noise-b",
                                 "200", "--n-train", "400000", "--out", "g.h5"], d, 1.0)
check("SIGINT during generate", rc == 130 and took is not None and took < 1.5
      and not os.path.exists(os.path.join(d, "g.h5")) and not leftovers(d),
      f"rc={rc} took={took} {err[-300:]}")
with open(os.path.join(d, "huge.csv"), "w") as f:
    f.write(",".join(f"x{k}" for k in range(40)) + ",label\n")
    row = ",".join("0.5" for _ in range(40))
    for i in range(800000):
        f.write(f"{row},{i % 3}\n")
rc, took, err = interrupt_after(["dataset", "import", "--csv", "huge.csv", "--modality",
                                 "a=x1*", "--modality", "b=x2*", "--out", "i.h5"], d, 1.0)
check("SIGINT during import", rc == 130 and took is not None and took < 1.5
      and not os.path.exists(os.path.join(d, "i.h5")) and not leftovers(d),
      f"rc={rc} took={took} {err[-300:]}")
gen = {"generator": {"shared": 10, "specific_a": 5, "specific_b": 5, "noise_a": 20, "noise_b": 20,
                     "n_train": 3000, "n_test": 500}}
exp = experiment(d, gen, epochs=2, seeds=1, extra={
    "teacher": {"modalities": ["a"], "model": {"type": "mlp", "hidden": [64]},
                "train": {"epochs": 2, "batch_size": 100}},
    "student": {"modality": "b", "model": {"type": "mlp", "hidden": [64]},
                "train": {"epochs": 2, "batch_size": 100}},
    "intervention": {"type": "removal", "mode": "random",
                     "algorithm1": {"tap": "hidden1", "permutations": 100000,
                                    "train": {"epochs": 2, "batch_size": 100}}}})
rc, took, err = interrupt_after(["run", exp, "--out", "alg1"], d, 4.0)
check("SIGINT during Algorithm 1", rc == 130 and took is not None and took < 1.5
      and not leftovers(d), f"rc={rc} took={took} {err[-300:]}")

# --- kill -9, then a rerun ------------------------------------------------------------------
d = fresh("kill9")
exp = experiment(d, {"generator": {"preset": "fig2", "n_train": 2000, "n_test": 500}},
                 epochs=400, seeds=4)
for delay in (0.7, 2.0):
    p = subprocess.Popen([MFH, "run", exp, "--out", "out"], cwd=d, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(delay)
    p.kill()
    p.wait()
    # A temporary as a killed writer leaves it (its pid no longer runs).
    os.makedirs(os.path.join(d, "out"), exist_ok=True)
    open(os.path.join(d, "out", f".teacher-x.h5.part-{p.pid}-0"), "w").write("half")
    rc, lines, _ = run(["run", exp, "--out", "out"], d)
    check(f"kill -9 after {delay} s, then rerun", rc == 0 and not leftovers(d),
          f"rc={rc} {lines} left={leftovers(d)}")

# --- a streamed file changed under a run ----------------------------------------------------
d = fresh("stream")
rc, lines, _ = run(["generate", "--shared", "10", "--specific-a", "5", "--specific-b", "5",
                    "--noise-a", "20", "--noise-b", "20", "--n-train", "4000", "--n-val", "100",
                    "--out", "s.h5"], d)
shutil.copy(os.path.join(d, "s.h5"), os.path.join(d, "other.h5"))
exp = experiment(d, {"path": "s.h5", "stream": True}, epochs=100000, seeds=1)
for change in ("truncated", "replaced"):
    shutil.copy(os.path.join(d, "other.h5"), os.path.join(d, "s.h5"))
    p = subprocess.Popen([MFH, "run", exp, "--out", "out-" + change], cwd=d,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    if change == "truncated":
        os.truncate(os.path.join(d, "s.h5"), os.path.getsize(os.path.join(d, "s.h5")) // 2)
    else:
        shutil.copy(os.path.join(d, "other.h5"), os.path.join(d, "new.h5"))
        os.replace(os.path.join(d, "new.h5"), os.path.join(d, "s.h5"))
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = "", "still running 30 s after the change"
    lines = [l for l in err.splitlines() if l.strip() and not l.startswith("[")]
    want = "changed size" if change == "truncated" else "was replaced"
    check(f"streamed file {change} mid-run", p.returncode == 2 and len(lines) == 1 and
          want in lines[0] and "complete" not in out, f"rc={p.returncode} {lines}")

# --- two writers on one folder --------------------------------------------------------------
d = fresh("two-writers")
exp = experiment(d, {"generator": {"preset": "fig2", "n_train": 2000, "n_test": 500}},
                 epochs=100000, seeds=1)
first = subprocess.Popen([MFH, "run", exp, "--out", "out"], cwd=d, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
time.sleep(1.5)
rc, lines, _ = run(["run", exp, "--out", "out"], d)
first.send_signal(signal.SIGINT)
first.wait(timeout=10)
check("two writers on one folder", rc == 2 and len(lines) == 1 and
      "being written by another mfh process" in lines[0], f"rc={rc} {lines}")

finish("fault cases")

#!/usr/bin/env python3
"""Experiments on a real Slurm: a one-node cluster on this machine (tests/slurm/cluster.sh).

  slurm.py MFH_BINARY WORKDIR [GUI_TEST_BINARY]

Needs root (the cluster's daemons run as root and as the `slurm` and `munge` users); without
it, or without Debian's slurm-wlm, the test says why and exits 77 (CTest: skipped). Cases:
  * Fig. 2 at 10 seeds as an array of 5 tasks: `mfh report DIR --format json` equals the local
    run's rows exactly, and no training is computed twice;
  * one task cancelled mid-run (scancel), `mfh status` names it, `mfh submit --resume` submits
    only that task, which trains only its missing trials; the result is again exact;
  * a task that fails (its setup lines exit 3): `mfh status` names it and why; resubmitted with
    working setup lines, the folder completes;
  * the signal before the time limit (simulated with scancel --signal=USR1 --batch): the task
    stops cleanly, requeues itself, and its second attempt finishes the folder;
  * bad input: no sbatch on PATH, a partition that does not exist, an unwritable folder, a
    folder holding another experiment, --resume on a folder never submitted, a second submit
    into a submitted folder: one line each, exit 2, nothing submitted;
  * the workbench's Slurm path offscreen (GUI_TEST_BINARY): submit, follow, results shown,
    cancel, and a folder submitted from the command line followed by opening it.
Teardown stops only the daemons this test started, by pid.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cli_cases import MFH, WORK, check, finish  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GUI = sys.argv[3] if len(sys.argv) > 3 else ""


def skip(why):
    print("SKIP: " + why, flush=True)
    sys.exit(77)


if os.geteuid() != 0:
    skip("the Slurm test starts a one-node cluster (slurmctld, slurmd, munged) and needs root; "
         "run it as root, e.g. in CI")
if not os.path.exists("/usr/sbin/slurmctld") or shutil.which("sbatch") is None:
    skip("Debian's slurm-wlm is not installed (bash scripts/install-deps.sh installs it)")


def mfh(args, timeout=300, env=None):
    p = subprocess.run([MFH] + args, capture_output=True, text=True, timeout=timeout, env=env)
    err = [l for l in p.stderr.splitlines() if l.strip() and not l.startswith("[")]
    return p.returncode, p.stdout, err


def status(d):
    rc, out, err = mfh(["status", d, "--json"])
    if rc != 0:
        raise RuntimeError(f"mfh status {d}: exit {rc}: {err}")
    return json.loads(out)


def wait_until(what, pred, timeout=180, every=0.3):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(every)
    raise TimeoutError(f"gave up after {timeout} s waiting for {what}")


def settled(d):
    """Waits until no task of the folder is pending, requeued or running."""
    return wait_until(f"{d} to settle", lambda: (lambda s: s if s["state"] != "running" else None)(
        status(d)))


def job_ids():
    p = subprocess.run(["squeue", "-h", "-t", "all", "-o", "%F"], capture_output=True, text=True,
                       timeout=30)
    return set(p.stdout.split())


def rows(report_json):
    j = json.loads(report_json)
    return j["status"], j["rows"]


def task_state(d, t):
    try:
        with open(os.path.join(d, "slurm", f"task-{t}.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def snapshot(d):
    """Every file under d with its content."""
    out = {}
    for r, _, fs in os.walk(d):
        for f in fs:
            with open(os.path.join(r, f), "rb") as h:
                out[os.path.relpath(os.path.join(r, f), d)] = h.read()
    return out


def case(d):
    p = os.path.join(WORK, d)
    shutil.rmtree(p, ignore_errors=True)
    return p


def array_is_exact():
    rc, local, _ = mfh(["reproduce", "fig2", "--seeds", "10", "--json"])
    d = case("fig2")
    rc, out, err = mfh(["submit", "fig2", "--seeds", "10", "--out", d, "--tasks", "5", "--json"])
    check("submit returns at once with a job id", rc == 0 and json.loads(out)["job"].isdigit(),
          f"exit {rc}: {err}")
    sub = json.loads(out)
    check("five tasks, none computing a training twice",
          sub["tasks"] == [0, 1, 2, 3, 4] and sub["duplicated"] == 0, out)
    s = settled(d)
    check("every task done", s["state"] == "complete" and all(
        t["state"] == "done" for t in s["tasks"]), json.dumps(s))
    rc, rep, err = mfh(["report", d, "--format", "json"])
    check("the array's report equals the local run's rows exactly", rows(rep) == rows(local),
          f"exit {rc}: {err}")
    trained = sum(task_state(d, t).get("runs_trained", 0) for t in range(5))
    with open(os.path.join(d, "state.json")) as f:
        state = json.load(f)
    check("the tasks trained what the local run trains, once",
          trained == 130 and state["runs_trained"] == 130 and state["status"] == "complete",
          f"{trained} trainings, state {state['status']}")
    rc, text, _ = mfh(["status", d])
    check("mfh status prints a line per task", rc == 0 and text.count(" done ") == 5, text)
    check("the folder has its summary", os.path.exists(os.path.join(d, "summary.csv")))


def cancel_and_resume():
    # LibTorch trainings: slow enough (seconds per task) to be cancelled in the middle.
    rc, local, _ = mfh(["reproduce", "fig2", "--seeds", "10", "--engine", "torch", "--json"])
    d = case("cancel")
    rc, out, err = mfh(["submit", "fig2", "--seeds", "10", "--engine", "torch", "--out", d,
                        "--tasks", "5", "--array-parallelism", "2", "--json"])
    job = json.loads(out)["job"]
    # Mid-run: task 0 has written at least one trial, and not all of them.
    wait_until("task 0 to be mid-run",
               lambda: 1 <= task_state(d, 0).get("trials_done", 0) < 12 and
               task_state(d, 0).get("status") == "running", every=0.05)
    subprocess.run(["scancel", f"{job}_0"], check=True, timeout=30)
    s = settled(d)
    t0 = s["tasks"][0]
    check("the cancelled task is named, with how far it got",
          t0["state"] == "cancelled" and "of 12 trials" in t0["reason"] and
          all(t["state"] == "done" for t in s["tasks"][1:]), json.dumps(s["tasks"]))
    rc, rep, err = mfh(["report", d, "--format", "json"])
    check("mfh report on the partial folder says so", rc == 0 and any("partial" in l for l in err)
          and json.loads(rep)["status"] != "complete", "; ".join(err))
    trials = os.path.join(d, "trials")
    before = {f: os.stat(os.path.join(trials, f)).st_mtime_ns for f in os.listdir(trials)}
    others = {t: task_state(d, t)["updated"] for t in range(1, 5)}
    rc, out, err = mfh(["submit", "--resume", d, "--json"])
    check("--resume submits only the cancelled task", rc == 0 and json.loads(out)["tasks"] == [0],
          f"exit {rc}: {out} {err}")
    s = settled(d)
    st0 = task_state(d, 0)
    kept = all(os.stat(os.path.join(trials, f)).st_mtime_ns == m for f, m in before.items())
    check("only the missing trials ran: finished trial files untouched, the others' tasks not rerun",
          kept and st0.get("trials_resumed") == t0["trials_complete"] and
          others == {t: task_state(d, t)["updated"] for t in range(1, 5)},
          f"resumed {st0.get('trials_resumed')} of {t0['trials_complete']}")
    rc, rep, err = mfh(["report", d, "--format", "json"])
    check("after --resume the result is again exact", s["state"] == "complete" and
          rows(rep) == rows(local), "; ".join(err))


def failing_task():
    d = case("failing")
    setup = 'if [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then echo "scratch is not mounted" >&2; exit 3; fi'
    rc, out, err = mfh(["submit", "fig2", "--seeds", "4", "--out", d, "--tasks", "2", "--setup",
                        setup])
    s = settled(d)
    t1 = s["tasks"][1]
    check("mfh status names the failed task and why",
          s["state"] == "partial" and t1["state"] == "failed" and "exit code 3" in t1["reason"]
          and "scratch is not mounted" in t1["reason"] and s["tasks"][0]["state"] == "done",
          json.dumps(s["tasks"]))
    rc, text, _ = mfh(["status", d])
    check("the table says what to do", "failed" in text and "--resume" in text, text)
    rc, out, err = mfh(["submit", "--resume", d, "--setup", "true", "--json"])
    check("resubmitted with working setup lines: only the failed task", rc == 0 and
          json.loads(out)["tasks"] == [1], f"{out} {err}")
    check("the folder completes", settled(d)["state"] == "complete")


def requeue_at_the_time_limit():
    d = case("requeue")
    rc, out, err = mfh(["submit", "fig2", "--seeds", "4", "--engine", "torch", "--out", d,
                        "--tasks", "1", "--time", "30", "--json"])
    job = json.loads(out)["job"]
    wait_until("the task to be mid-run", lambda: 1 <= task_state(d, 0).get("trials_done", 0) < 24
               and task_state(d, 0).get("status") == "running", every=0.05)
    # What Slurm sends --signal=B:USR1@120 before the limit, sent now.
    subprocess.run(["scancel", "--signal=USR1", "--batch", f"{job}_0"], check=True, timeout=30)
    first = wait_until("the task to stop", lambda: (lambda t: t if t.get("status") == "cancelled"
                                                    else None)(task_state(d, 0)))
    requeued = wait_until("the task to be requeued", lambda: (lambda s: s if s["tasks"][0]["state"]
                          in ("requeued", "running") or s["state"] == "complete" else None)(
        status(d)))
    s = settled(d)
    second = task_state(d, 0)
    check("stopped cleanly near the time limit, requeued itself, and finished",
          first["trials_done"] >= 1 and s["state"] == "complete" and second.get("attempt") == 2
          and second.get("trials_resumed") == first["trials_done"],
          f"first {first.get('trials_done')}, then {json.dumps(second)[:300]}; "
          f"seen {requeued['tasks'][0]['state']}")


def bad_input():
    other = case("other")
    mfh(["reproduce", "fig3", "--seeds", "1", "--out", other])
    submitted = os.path.join(WORK, "fig2")  # the first case's folder, complete
    blocked = os.path.join(WORK, "a-file")
    open(blocked, "w").write("not a folder")
    cases = [
        ("no sbatch on PATH", ["submit", "fig2", "--out", case("e1")],
         {**os.environ, "PATH": "/nonexistent"}, "Slurm is not available"),
        ("a partition that does not exist", ["submit", "fig2", "--out", case("e2"),
                                             "--partition", "nosuch"], None, "no partition 'nosuch'"),
        ("an unwritable folder", ["submit", "fig2", "--out", os.path.join(blocked, "x")], None,
         "cannot create"),
        ("a folder holding another experiment", ["submit", "fig2", "--out", other], None,
         "holds another experiment"),
        ("--resume on a folder never submitted", ["submit", "--resume", other], None,
         "never submitted"),
        ("a second submission into a submitted folder", ["submit", "fig2", "--seeds", "10",
                                                          "--out", submitted], None,
         "already submitted"),
        ("a time Slurm cannot read", ["submit", "fig2", "--out", case("e3"), "--time", "2h"], None,
         "is not a Slurm time"),
    ]
    # sbatch refuses after the folder was written (no GPU on this node): it is put back.
    empty = case("user-empty")
    os.makedirs(empty)
    ran = case("user-run")
    mfh(["reproduce", "fig2", "--seeds", "2", "--out", ran])
    before = snapshot(ran)
    for name, d in (("an empty folder of the user's", empty), ("a folder holding a local run", ran)):
        jobs = job_ids()
        rc, out, err = mfh(["submit", "fig2", "--seeds", "1", "--out", d, "--gpus", "1"])
        check(f"sbatch refusing after the folder was written, into {name}: put back as it was",
              rc == 2 and len(err) == 1 and "sbatch would refuse" in err[0] and job_ids() == jobs
              and os.path.isdir(d) and (os.listdir(d) == [] if d == empty else
                                        snapshot(d) == before),
              f"exit {rc}, {err}, {sorted(os.listdir(d)) if os.path.isdir(d) else 'gone'}")
    for name, args, env, fragment in cases:
        jobs = job_ids()
        listing = sorted(os.listdir(WORK))
        rc, out, err = mfh(args, env=env)
        check(f"{name}: one line, exit 2, nothing submitted",
              rc == 2 and len(err) == 1 and fragment in err[0] and job_ids() == jobs and
              sorted(os.listdir(WORK)) == listing and out == "",
              f"exit {rc}, stderr {err}, stdout {out!r}")
    rc, out, err = mfh(["status", other])
    check("mfh status on a folder never submitted: one line, exit 2",
          rc == 2 and len(err) == 1 and "never submitted" in err[0], f"{rc} {err}")


def workbench():
    if not GUI:
        return
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MFH_SLURM_TEST_DIR": case("gui"),
           "HOME": case("gui-home")}
    os.makedirs(env["HOME"], exist_ok=True)
    p = subprocess.run([GUI], capture_output=True, text=True, timeout=400, env=env)
    for line in p.stdout.splitlines():
        if line.startswith(("PASS", "FAIL", "SKIP", "QWARN", "QDEBUG")) or "Loc:" in line:
            print("  " + line)
    check("the workbench's Slurm path (offscreen)", p.returncode == 0,
          f"exit {p.returncode}: {p.stderr[-800:]}")


def main():
    os.makedirs(WORK, exist_ok=True)
    # The cluster's state lives where the slurm user can reach it (a 0755 path under /tmp).
    base = tempfile.mkdtemp(prefix="mfh-slurm-", dir="/tmp")
    os.chmod(base, 0o755)
    up = subprocess.run(["bash", os.path.join(HERE, "cluster.sh"), "up", base],
                        capture_output=True, text=True, timeout=120)
    if up.returncode != 0:
        check("a one-node Slurm starts", False, up.stderr.strip()[-500:])
        finish("Slurm cases")
    os.environ["SLURM_CONF"] = os.path.join(base, "slurm.conf")
    try:
        for c in (array_is_exact, cancel_and_resume, failing_task, requeue_at_the_time_limit,
                  bad_input, workbench):
            t0 = time.time()
            try:
                c()
            except (TimeoutError, RuntimeError, KeyError, ValueError) as e:
                check(c.__name__, False, str(e))
            print(f"  ({c.__name__}: {time.time() - t0:.1f} s)", flush=True)
    finally:
        down = subprocess.run(["bash", os.path.join(HERE, "cluster.sh"), "down", base],
                              capture_output=True, text=True, timeout=120)
        check("teardown stops the daemons this test started", down.returncode == 0, down.stderr)
        shutil.rmtree(base, ignore_errors=True)
    finish("Slurm cases")


main()

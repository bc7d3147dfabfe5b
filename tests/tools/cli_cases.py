"""Shared by the scripts that test the real `mfh` binary (tests/faults, tests/durable): the
binary and work folder from the command line, PASS/FAIL lines, fresh case folders, and the
temporary files a writer may have left (".NAME.part-PID-N")."""
import os
import shutil
import sys

MFH, WORK = sys.argv[1], sys.argv[2]
failures = []


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)
    if not ok:
        failures.append(name)


def fresh(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def leftovers(d):
    return [os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs if ".part-" in f]


def finish(what):
    """Prints the verdict and exits nonzero when a case failed."""
    print(f"{len(failures)} failed" if failures else f"all {what} passed")
    sys.exit(1 if failures else 0)

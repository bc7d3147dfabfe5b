#!/usr/bin/env python3
"""The map of core/ (docs/ARCHITECTURE.md), checked.

Every folder of core/ may include only the folders listed for it below; ui/ may include any of
core/ but core/ never includes ui/ or Qt. The include graph between files has no cycle, and no
file in core/ or ui/ is longer than 400 lines. Prints one line per violation and exits 1 if
there is any.  Usage: check-layers.py [REPO_ROOT]
"""
import os
import re
import sys

# Folder -> the folders it may include (itself always allowed).
ALLOWED = {
    "base": set(),
    "data": {"base"},
    "data/avmnist": {"base", "data"},
    "models": {"base"},
    "training": {"base", "data", "models"},
    "analysis": {"base", "data", "models", "training"},
    "info": {"base"},
    "runs": {"base", "data", "training"},
    "experiments": {"base", "data", "data/avmnist", "models", "training", "analysis", "runs"},
    "advisor": {"base", "data", "data/avmnist", "models", "training", "analysis", "info", "runs",
                "experiments"},
    "cluster": {"base", "data", "data/avmnist", "models", "training", "analysis", "runs",
                "experiments"},
}
MAX_LINES = 400
INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^>"]+)[>"]', re.M)


def folder_of(rel):  # "core/data/avmnist/LogMel.h" -> "data/avmnist"
    return os.path.dirname(rel)[len("core/"):]


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    graph = {}
    for top in ("core", "ui"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if not f.endswith((".h", ".cpp", ".in")):
                    continue
                path = os.path.join(d, f)
                rel = os.path.relpath(path, root)
                text = open(path, encoding="utf-8").read()
                lines = text.count("\n")
                if lines > MAX_LINES:
                    problems.append(f"{rel}: {lines} lines (more than {MAX_LINES})")
                incs = INCLUDE.findall(text)
                graph[rel] = [i for i in incs if i.startswith(("core/", "ui/"))]
                if top != "core":
                    continue
                here = folder_of(rel)
                if here not in ALLOWED:
                    problems.append(f"{rel}: folder core/{here} is not on the map")
                    continue
                for inc in incs:
                    if inc.startswith("ui/") or inc.startswith("Q"):
                        problems.append(f"{rel}: core includes the front end ({inc})")
                    if not inc.startswith("core/"):
                        continue
                    there = folder_of(inc)
                    if there != here and there not in ALLOWED[here]:
                        problems.append(f"{rel}: core/{here} may not include {inc}")
                    if not os.path.exists(os.path.join(root, inc)):
                        problems.append(f"{rel}: includes {inc}, which does not exist")
    # Cycles between files (a header and its .cpp are one node).
    def node(rel):
        return rel.rsplit(".", 1)[0]
    edges = {}
    for rel, incs in graph.items():
        edges.setdefault(node(rel), set()).update(node(i) for i in incs if node(i) != node(rel))
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                cycle = stack[stack.index(m):] + [m]
                problems.append("include cycle: " + " -> ".join(cycle))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    sys.setrecursionlimit(10000)
    for n in sorted(edges):
        if n not in state:
            visit(n)
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"ok: {len(graph)} files, no upward include, no cycle, none over {MAX_LINES} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Fuzzes the core's file readers with libFuzzer (tests/fuzz): builds ./build-fuzz with clang,
# ASan and UBSan, writes the seed corpora, and runs every harness for SECONDS (default 600),
# two at a time. A harness that finds something is restarted for the time it has left (at most
# MFH_FUZZ_RUNS runs): inputs of its corpus that are findings are dropped from the corpus (the
# finding keeps them), and once it has reported a leak it goes on with leak detection off, so
# that one known problem does not keep the fuzzer from looking for others.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]    (default: all four harnesses)
#   MFH_JOBS=N        parallel compile jobs (default: the number of cores)
#   MFH_FUZZ_RUNS=N   restarts after findings, per harness (default 50)
# Per harness: build-fuzz/corpus/<harness>/ (seeds and what the fuzzer adds; kept between runs),
# build-fuzz/findings/<harness>/ (crash-*, leak-*, oom-*, timeout-*; emptied at the start),
# build-fuzz/logs/<harness>.log. Exits nonzero when any harness has a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-600}"
jobs="${MFH_JOBS:-$(nproc)}"
harnesses=(fuzz_experiment_json fuzz_csv fuzz_npy fuzz_idx)
if [ $# -gt 1 ]; then
  harnesses=("${@:2}")
fi

bash scripts/install-deps.sh --sanitize

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMFH_FUZZ=ON -DMFH_SANITIZE=ON -DMFH_WITH_QT=OFF -DMFH_BUILD_BENCH=OFF
cmake --build build-fuzz -j "$jobs" --target "${harnesses[@]}"

# Seeds: Debian's python3 has NumPy (python3-numpy); another python3 on PATH may not.
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
"$python" tests/fuzz/make_corpus.py . build-fuzz/corpus

export ASAN_OPTIONS="${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
mkdir -p build-fuzz/logs build-fuzz/results

drop_findings_from_corpus() {  # corpus findings: a seed that crashes stops every run at once
  local corpus=$1 findings=$2 sum file kind
  [ -n "$(ls -A "$findings")" ] || return 0
  find "$corpus" -type f -exec sha1sum {} + | while read -r sum file; do
    for kind in crash leak oom timeout slow-unit; do
      if [ -e "$findings/$kind-$sum" ]; then
        rm -f "$file"
        break
      fi
    done
  done
}

run_harness() {  # name: fuzzes for $duration seconds, restarting after a finding
  local h=$1 bin="build-fuzz/tests/fuzz/$1" corpus="build-fuzz/corpus/$1"
  local findings="build-fuzz/findings/$1" log="build-fuzz/logs/$1.log"
  rm -rf "$findings"
  mkdir -p "$findings"
  : >"$log"
  local t0 now left runs=0 execs=0 n
  t0=$(date +%s)
  while :; do
    now=$(date +%s)
    left=$((duration - (now - t0)))
    [ "$left" -gt 0 ] && [ "$runs" -lt "${MFH_FUZZ_RUNS:-50}" ] || break
    drop_findings_from_corpus "$corpus" "$findings"
    runs=$((runs + 1))
    leaks=1
    compgen -G "$findings/leak-*" >/dev/null && leaks=0
    echo "=== run $runs: $left s (detect_leaks=$leaks) ===" >>"$log"
    # -detect_leaks=0 stops the per-input checks; ASAN_OPTIONS stops the one at exit.
    if ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
         "$bin" "$corpus" -max_total_time="$left" -rss_limit_mb=4096 -malloc_limit_mb=4096 \
         -timeout=30 -print_final_stats=1 -detect_leaks="$leaks" -artifact_prefix="$findings/" \
         >>"$log" 2>&1; then
      rc=0
    else
      rc=$?
    fi
    # Executions of this run: libFuzzer's final stats, else its last status line.
    n=$(awk '/^=== run/ {s = ""; h = ""}
             /^stat::number_of_executed_units:/ {s = $2}
             /^#[0-9]+/ {h = $1; gsub(/[^0-9]/, "", h)}
             END {print (s != "" ? s : h)}' "$log")
    execs=$((execs + ${n:-0}))
    [ "$rc" -eq 0 ] && break                  # ran its time without a finding
    [ -n "$(ls -A "$findings")" ] || break    # failed without an artifact: see the log
  done
  now=$(date +%s)
  echo "$h $((now - t0)) $execs $(find "$corpus" -type f | wc -l) $(find "$findings" -type f | wc -l) $runs ${rc:-0}" \
    >"build-fuzz/results/$h"
}

rm -f build-fuzz/results/*
echo "Fuzzing ${#harnesses[@]} harnesses for $duration s each, two at a time"
for ((i = 0; i < ${#harnesses[@]}; i += 2)); do
  pids=()
  for h in "${harnesses[@]:i:2}"; do
    run_harness "$h" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
done

echo
printf '%-22s %8s %12s %8s %9s %5s\n' harness seconds executions corpus findings runs
total=0
for h in "${harnesses[@]}"; do
  if [ -f "build-fuzz/results/$h" ]; then
    read -r name secs execs corp finds runs rc <"build-fuzz/results/$h"
  else
    secs=0 execs=0 corp=0 finds=0 runs=0 rc=1
  fi
  printf '%-22s %8s %12s %8s %9s %5s\n' "$h" "$secs" "$execs" "$corp" "$finds" "$runs"
  total=$((total + finds))
  if [ "$finds" -eq 0 ] && [ "$rc" -ne 0 ]; then
    echo "  $h exited $rc without an artifact: see build-fuzz/logs/$h.log"
    total=$((total + 1))
  fi
  for f in build-fuzz/findings/"$h"/*; do
    [ -e "$f" ] && echo "  $f"
  done
done
[ "$total" -eq 0 ]

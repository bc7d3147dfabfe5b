#!/usr/bin/env bash
# Builds the command line, the core and its tests with clang's AddressSanitizer and
# UndefinedBehaviorSanitizer into ./build-asan, and runs those tests (and the hostile-input
# corpus when it is registered). Not the workbench: its Qt widgets are outside what this checks.
#   MFH_JOBS=N   parallel compile jobs and tests (default: the number of cores)
# Extra arguments go to CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
jobs="${MFH_JOBS:-$(nproc)}"

# clang, its sanitizer runtimes and llvm-symbolizer (readable stacks), when missing.
bash scripts/install-deps.sh --sanitize

CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMFH_SANITIZE=ON -DMFH_BUILD_BENCH=OFF "$@"

# The core test executables, as tests/CMakeLists.txt lists them in MFH_TESTS.
tests=($(sed -n '/set(MFH_TESTS/,/)/p' tests/CMakeLists.txt | grep -oE '\btest_[A-Za-z0-9_]+'))
if [ ${#tests[@]} -eq 0 ]; then
  echo "sanitize.sh: found no MFH_TESTS in tests/CMakeLists.txt" >&2
  exit 1
fi
echo "Building mfh, mfh_core, make_test_data and ${#tests[@]} tests: ${tests[*]}"
cmake --build build-asan -j "$jobs" --target mfh mfh_core make_test_data
# One test that does not compile (clang is stricter than gcc in places) does not stop the others:
# it counts as failed.
unbuilt=()
built_tests=()
for t in "${tests[@]}"; do
  if cmake --build build-asan -j "$jobs" --target "$t"; then
    built_tests+=("$t")
  else
    unbuilt+=("$t")
    echo "sanitize.sh: $t does not build" >&2
  fi
done
built=$(date +%s)
if [ ${#built_tests[@]} -eq 0 ]; then
  echo "sanitize.sh: no test built" >&2
  exit 1
fi
tests=("${built_tests[@]}")

pattern="^($(IFS='|'; echo "${tests[*]}"))\$"
if ctest --test-dir build-asan -N -R '^hostile_corpus$' | grep -q 'hostile_corpus'; then
  pattern="^($(IFS='|'; echo "${tests[*]}")|hostile_corpus)\$"
else
  echo "(hostile_corpus is not registered: not run)"
fi

# LibTorch's own allocations make LeakSanitizer noisy, hence detect_leaks=0. ASan reserves
# terabytes of virtual memory, so the corpus test must not cap the address space.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export MFH_CORPUS_NO_RLIMIT=1
export OPENBLAS_NUM_THREADS=1
log=build-asan/ctest.log
status=0
ctest --test-dir build-asan -R "$pattern" -E '^test_workbench$' --output-on-failure \
  -j "$jobs" --output-log "$log" || status=$?

end=$(date +%s)
summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
total=$(sed -nE 's/.*failed out of ([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.* ([0-9]+) tests? failed out of.*/\1/p' <<<"$summary")
total=${total:-0}
failed=${failed:-0}
asan=$(grep -c 'ERROR: AddressSanitizer' "$log" || true)
ubsan=$(grep -c 'runtime error:' "$log" || true)
echo
echo "=== sanitize.sh summary ==="
echo "tests run:    $total"
echo "passed:       $((total - failed))"
echo "failed:       $failed"
if [ ${#unbuilt[@]} -gt 0 ]; then
  echo "not built:    ${#unbuilt[@]} (${unbuilt[*]}): compile errors, see above"
fi
grep -E '^\s+[0-9]+ - .*\((Failed|Timeout|Subprocess aborted|SEGFAULT|Exception|Not Run)' "$log" | sed 's/^/  /' || true
echo "sanitizer reports: $asan AddressSanitizer, $ubsan UndefinedBehaviorSanitizer (full log: $log)"
echo "elapsed:      $((end - start)) s (build $((built - start)) s, tests $((end - built)) s)"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$total" -gt 0 ] && [ ${#unbuilt[@]} -eq 0 ]

#!/usr/bin/env bash
# Same numbers: `mfh reproduce NAME --seeds 10 --json` must print exactly the JSON stored in
# tests/golden/NAME-10seeds.json (written by the build before the core was regrouped). Any
# change to the science, to seeding or to the report shows up here as a diff.
# The gains' _ci95 and _significant keys were added to the stored files when the reports
# gained them; every value stored before is unchanged.
# Usage: compare.sh MFH_BINARY
set -euo pipefail
mfh=$1
here=$(cd "$(dirname "$0")" && pwd)
status=0
for name in fig2 fig3 table2; do
  expected="$here/$name-10seeds.json"
  actual=$("$mfh" reproduce "$name" --seeds 10 --json)
  if [[ "$actual" != "$(cat "$expected")" ]]; then
    echo "FAIL: mfh reproduce $name --seeds 10 --json differs from $expected" >&2
    diff <(tr '{' '\n' <"$expected") <(tr '{' '\n' <<<"$actual") | head -20 >&2 || true
    status=1
  else
    echo "ok: $name"
  fi
done
exit $status

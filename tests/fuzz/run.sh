#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and prints one summary line per target.
#   tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]      (make fuzz: build-fuzz, FUZZ_SECONDS=60)
# Each target grows a working corpus of its own under BUILD_DIR/fuzz-runs/<target>/corpus,
# seeded from tests/fuzz/corpus/<target> (which is never written to), so coverage carries over
# from one run to the next. Reproducers land in BUILD_DIR/fuzz-runs/<target>/artifacts.
# Exits 1 when any target found a crash, a sanitizer report, a leak, a timeout or an OOM.
set -uo pipefail

build=${1:?usage: tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
targets=(csv_reader python_literal xml_doc_reader xml_record_reader)

# 8 KiB holds several CSV records, a nested literal or a few <doc>s; longer inputs only slow
# each run. 10 s for one input is a hang (the slowest seed takes milliseconds under ASan).
options=(-max_total_time="$seconds" -max_len=8192 -timeout=10 -print_final_stats=1)

status=0
printf '%-16s %10s %8s %7s %7s %15s %8s\n' target runs exec/s cov ft corpus crashes
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  work=$build/fuzz-runs/$target
  mkdir -p "$work/corpus"
  rm -rf "$work/artifacts" && mkdir -p "$work/artifacts"
  if [ ! -x "$binary" ]; then
    echo "fuzz: $binary is missing: build with make fuzz" >&2
    exit 2
  fi

  "$binary" "${options[@]}" -artifact_prefix="$work/artifacts/" "$work/corpus" "$here/corpus/$target" \
    >"$work/log" 2>&1
  rc=$?

  # libFuzzer's own figures: the final stats, and the last status line for coverage.
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$work/log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[bkKM]*b\).*/\1/p' <<<"$last")
  crashes=$(find "$work/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)

  printf '%-16s %10s %8s %7s %7s %15s %8s\n' "$target" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" \
    "${corpus:-?}" "$crashes"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    status=1
    echo "fuzz: $target failed (exit $rc): see $work/log; reproduce with $binary $work/artifacts/<file>" >&2
    grep -E '^(fuzz_|==[0-9]+==ERROR|SUMMARY)' "$work/log" | head -5 >&2
  fi
done
exit $status

#!/usr/bin/env bash
# make fuzz: runs every libFuzzer harness of BUILD (build/fuzz) for SECONDS each, JOBS at a time,
# at low priority. New interesting inputs go to BUILD/corpus/NAME (the seed corpus under
# tests/fuzz/corpus stays as committed); a crash, leak, timeout or out-of-memory input is written to
# tests/fuzz/crashes/NAME/, where the replay test (ctest -L fuzz) picks it up once committed.
# Prints executions and time per harness; exits 1 when any harness found something.
set -uo pipefail
build=${1:?usage: run.sh BUILD_DIR [SECONDS] [JOBS] [HARNESS...]}
seconds=${2:-600}
jobs=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")" && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$here"/harness/*.cpp; do names+=("$(basename "$f" .cpp)"); done
fi
mkdir -p "$build/logs"

run_one() {
  local name=$1 bin="$build/tests/fuzz/fuzz_$1"
  mkdir -p "$build/corpus/$name" "$here/crashes/$name"
  # -rss_limit_mb: a reader must never need much more memory than its input; -timeout: a hang.
  nice -n 10 "$bin" "$build/corpus/$name" "$here/corpus/$name" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
    -artifact_prefix="$here/crashes/$name/" -print_final_stats=1 >"$build/logs/$name.log" 2>&1
  echo $? >"$build/logs/$name.rc"
}

running=0
for name in "${names[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$name" ] || { echo "missing $build/tests/fuzz/fuzz_$name (make fuzz builds it)"; exit 2; }
  run_one "$name" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

status=0
printf '%-18s %12s %8s %8s  %s\n' harness executions seconds exec/s outcome
for name in "${names[@]}"; do
  log="$build/logs/$name.log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1)
  rc=$(cat "$build/logs/$name.rc")
  outcome=clean
  if [ "$rc" != 0 ]; then
    outcome="FOUND: $(grep -m1 -o 'ERROR: [A-Za-z]*: [a-z-]*\|ERROR: libFuzzer: [a-z-]*\|runtime error: .*' "$log") (see $log)"
    status=1
  fi
  printf '%-18s %12s %8s %8s  %s\n' "$name" "${execs:-?}" "${secs:-?}" \
    "$([ -n "${execs:-}" ] && [ -n "${secs:-}" ] && [ "$secs" -gt 0 ] && echo $((execs / secs)) || echo '?')" "$outcome"
done
exit $status

#!/usr/bin/env bash
# make tsan-test: fails when a ThreadSanitizer report in the logs (TSAN_OPTIONS log_path) has an
# access of Embedscope's own code (core/, ui/, tests/) in either racing stack. Reports whose
# accesses are all inside Qt (not instrumented; see tsan.supp) are counted but do not fail.
# Allocation and thread-creation stacks do not count: they often pass through our code.
set -uo pipefail
own=0 all=0
for log in "$@"; do
  [ -f "$log" ] || continue
  counts=$(awk '
    /^WARNING: ThreadSanitizer/ { n++; inaccess = 1; hit = 0; next }
    /^  (Location is|Thread T|Mutex M)/ || /^SUMMARY/ { if (inaccess && hit) own++; inaccess = 0; hit = 0 }
    inaccess && /(embedscope::|\/core\/|\/ui\/|\/tests\/)/ { hit = 1 }
    END { print n + 0, own + 0 }' "$log")
  all=$((all + ${counts% *}))
  if [ "${counts#* }" -gt 0 ]; then own=$((own + ${counts#* })); echo "races in Embedscope's code: $log"; fi
done
echo "ThreadSanitizer: $all reports, $own with an access in Embedscope's code"
[ "$own" -eq 0 ]

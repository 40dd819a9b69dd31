#!/usr/bin/env bash
# make tsan-test: fails when a ThreadSanitizer report in the logs (TSAN_OPTIONS log_path) has an
# access made by Embedscope's own code. An access is Embedscope's when the first frame of its
# stack below the sanitizer's own (operator new/delete, memmove and the like live in libtsan) is
# in an Embedscope binary; accesses made inside Qt's libraries are Qt's business (Debian's Qt is
# not instrumented, so its internal ordering is invisible: see tsan.supp). Such reports are counted
# and shown but do not fail. Allocation and thread-creation stacks are not accesses and do not count.
set -uo pipefail
own=0 all=0
for log in "$@"; do
  [ -f "$log" ] || continue
  counts=$(awk '
    function close_report() { if (mine) own++; mine = 0 }
    /^WARNING: ThreadSanitizer/ { close_report(); n++; inaccess = 0; next }
    /^  (Write|Read|Atomic|Previous)/ { inaccess = 1; decided = 0; next }
    /^  (Location is|Thread T|Mutex M)/ || /^SUMMARY/ { inaccess = 0; next }
    inaccess && !decided && /^ +#[0-9]+ / {
      if ($0 ~ /\(libtsan\.so/) next
      decided = 1
      if ($0 !~ /\((lib[A-Za-z0-9_+]+\.so|ld-linux)/) mine = 1
    }
    END { close_report(); print n + 0, own + 0 }' "$log")
  all=$((all + ${counts% *}))
  if [ "${counts#* }" -gt 0 ]; then own=$((own + ${counts#* })); echo "races in Embedscope's code: $log"; fi
done
echo "ThreadSanitizer: $all reports, $own with an access made by Embedscope's code"
[ "$own" -eq 0 ]

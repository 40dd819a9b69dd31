#!/usr/bin/env bash
# make tsan-test: fails when a ThreadSanitizer report in the logs (TSAN_OPTIONS log_path) is a race
# between two accesses made by Embedscope's own code. An access is Embedscope's when the first
# frame of its stack below the sanitizer's own (operator new/delete, memmove and the like live in
# libtsan) is in an Embedscope binary and not in Qt's headers. The other reports pair an access
# with one Qt made: inside its libraries, which TSan sees only through the allocator and memmove,
# or through its templates on its own behalf (the slot object of a functor queued with
# QMetaObject::invokeMethod, freed by whichever thread drops it last, counted inside QtCore). Qt
# ordered those accesses itself, invisibly (Debian's Qt is not instrumented: see tsan.supp); they
# are counted and shown but do not fail. Allocation and thread-creation stacks are not accesses.
set -uo pipefail
own=0 all=0
for log in "$@"; do
  [ -f "$log" ] || continue
  counts=$(awk '
    function close_report() { if (mine >= 2) own++; mine = 0 }
    /^WARNING: ThreadSanitizer/ { close_report(); n++; inaccess = 0; next }
    /^  (Write|Read|Atomic|Previous)/ { inaccess = 1; decided = 0; next }
    /^  (Location is|Thread T|Mutex M)/ || /^SUMMARY/ { inaccess = 0; next }
    inaccess && !decided && /^ +#[0-9]+ / {
      if ($0 ~ /\(libtsan\.so/) next
      decided = 1
      if ($0 !~ /\((lib[A-Za-z0-9_+]+\.so|ld-linux)/ && $0 !~ /\/include\/[^ ]*qt6\//) mine++
    }
    END { close_report(); print n + 0, own + 0 }' "$log")
  all=$((all + ${counts% *}))
  if [ "${counts#* }" -gt 0 ]; then own=$((own + ${counts#* })); echo "races in Embedscope's code: $log"; fi
done
echo "ThreadSanitizer: $all reports, $own between two accesses made by Embedscope's code"
[ "$own" -eq 0 ]

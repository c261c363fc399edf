#!/bin/sh
# Run every cmocka test binary given; print each one's output, then one
# closing line "N passed, N failed" over all of them. Exit 1 on any failure.
passed=0 failed=0 crashed=""
for t in "$@"; do
    out=$("$t" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        crashed="$crashed $t"
        failed=$((failed + 1))
    fi
done
[ -z "$crashed" ] || echo "crashed or failed to start:$crashed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

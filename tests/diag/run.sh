#!/bin/sh
# Golden tests of sysdefc's diagnostics: each tests/diag/NAME.sysdef is
# checked with `sysdefc --check`; its stderr must equal NAME.err exactly and
# the exit status must be 1 (0 for files whose NAME.err is empty).
# Usage: run.sh SYSDEFC [--update]
set -u
sysdefc=$1
update=${2:-}
dir=tests/diag
pass=0
fail=0
for src in "$dir"/*.sysdef; do
	name=${src%.sysdef}
	out=$("$sysdefc" --check "$src" 2>&1 >/dev/null)
	rc=$?
	if [ "$update" = --update ]; then
		printf '%s\n' "$out" | sed '${/^$/d}' > "$name.err"
	fi
	want_rc=1
	[ -s "$name.err" ] || want_rc=0
	if [ "$rc" -eq "$want_rc" ] && printf '%s\n' "$out" | sed '${/^$/d}' | cmp -s - "$name.err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $src (exit $rc, want $want_rc)"
		printf '%s\n' "$out" | sed '${/^$/d}' | diff -u "$name.err" - | head -30
	fi
done
echo "diagnostics: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

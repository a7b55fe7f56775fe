#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run.sh BUILD_DIR - make install into a scratch DESTDIR with PREFIX=/usr:
# the programs run from there, the man pages are where man(1) looks,
# groff -ww finds nothing to warn about and man -l renders them at several
# widths without a warning; sysdef.5 is made from docs/sysdef.md.
# Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on a failure.
set -u
BUILD=${1:-build}
T=$(mktemp -d /tmp/sysdef-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; fail=$((fail + 1)); }

for tool in groff man python3; do
	command -v $tool >/dev/null || { bad "preflight-$tool" "$tool is required"; exit 1; }
done

D=$T/root
if make -s install BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr >"$T/log" 2>&1; then
	ok install
else
	bad install "$(tail -20 "$T/log")"
fi
for f in usr/bin/sdtrace usr/bin/sysdefc usr/share/man/man1/sdtrace.1 \
	usr/share/man/man1/sysdefc.1 usr/share/man/man5/sysdef.5 \
	usr/share/sysdef/syscalls/all.sysdef; do
	[ -s "$D/$f" ] && ok "installed-$f" || bad "installed-$f" "missing after make install"
done
"$D/usr/bin/sdtrace" --version | grep -q '^sdtrace ' && ok sdtrace-runs || bad sdtrace-runs
"$D/usr/bin/sysdefc" --check "$D/usr/share/sysdef/syscalls/all.sysdef" >"$T/chk" 2>&1 &&
	ok sysdefc-checks-installed-syscalls || bad sysdefc-checks-installed-syscalls "$(head "$T/chk")"

for page in man1/sdtrace.1 man1/sysdefc.1 man5/sysdef.5; do
	f=$D/usr/share/man/$page
	w=$(groff -ww -man -z "$f" 2>&1)
	[ -z "$w" ] && ok "groff-$page" || bad "groff-$page" "$w"
	for width in 80 120; do
		w=$(LC_ALL=C.UTF-8 MANWIDTH=$width man --warnings -l "$f" 2>&1 >"$T/out")
		if [ -n "$w" ] || ! grep -q NAME "$T/out"; then
			bad "man-$page-$width" "$w"
		else
			ok "man-$page-$width"
		fi
	done
	# what man(1) finds by name under the installed MANPATH
	MANPATH=$D/usr/share/man man -w "$(basename "$page" | sed 's/\.[0-9]$//')" >/dev/null 2>&1 &&
		ok "man-finds-$page" || bad "man-finds-$page"
done

# the man page of the language is the doc, converted
HERE=$(cd "$(dirname "$0")/../.." && pwd)

# --help lists what the man page lists
"$D/usr/bin/sdtrace" --help >"$T/help"
for o in $(grep -o '\\-\\-[a-z][a-z-]*' "$D/usr/share/man/man1/sdtrace.1" | sed 's/\\-/-/g' | sort -u); do
	grep -qF -- "$o" "$T/help" || bad "help-$o" "sdtrace.1 documents $o, --help does not"
done
for o in $(sed -n 's/^ *\(-[a-zA-Z]\),.*/\1/p; s/^ *\(--[a-z-]*\).*/\1/p' "$T/help" | sort -u); do
	grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$D/usr/share/man/man1/sdtrace.1" ||
		bad "man-$o" "--help lists $o, sdtrace.1 does not"
done

echo "$pass passed, $fail failed"
[ $fail = 0 ]

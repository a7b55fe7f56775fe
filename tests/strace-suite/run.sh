#!/bin/bash
# strace 6.1's own test programs, run under sdtrace: each prints exactly the
# lines strace must print for the calls it makes.
#
#   tests/strace-suite/run.sh SDTRACE WORKDIR
#
# Fetches Debian's strace 6.1 source package (through the machine's own
# Debian mirror, checked by its SHA-256), builds the test programs named in
# tests.list (cached in WORKDIR), runs each under SDTRACE as strace's
# run_strace_match_diff does, and diffs the log with the expected text.
# Nothing of strace goes into the project.  Results per test:
# WORKDIR/res/{status,diff}/NAME.  The last line is "PASS/TOTAL pass".
# Exits 1 if fewer pass than tests/strace-suite/pass-count (the ratchet).
#
# env: LIST (default tests.list here), JOBS (default nproc), SHOW=N (print
# the first N failures with a diff), BUDGET (seconds for all tests, 600).
set -u
[ $# = 2 ] || { echo "usage: $0 SDTRACE WORKDIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TRACER=$(readlink -f "$(command -v "$1")") || { echo "no tracer $1" >&2; exit 2; }
mkdir -p "$2" && W=$(cd "$2" && pwd)
LIST=${LIST:-$HERE/tests.list}
JOBS=${JOBS:-$(nproc)}
RES=$W/res
S=$W/strace-6.1
T=$S/tests
TARBALL=$W/strace_6.1.orig.tar.xz
SHA=2579e9cec37dbb786f6ea0bebd15f40dd561ef2bde2a2a2ecdce5963b01859fd
die() { echo "strace-suite: $*" >&2; exit 2; }

# 1. the source: Debian bookworm's strace 6.1 orig tarball
fetch() {
	local uri A
	mkdir -p "$W/apt/lists/partial" "$W/apt/cache/archives/partial"
	uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb \(http[^ ]*\) .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
	[ -n "$uri" ] || die "no Debian mirror in /etc/apt to fetch strace's source package from"
	printf '%s\n' 'Types: deb-src' "URIs: $uri" 'Suites: bookworm' \
		'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' >"$W/apt/src.sources"
	A="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$W/apt -o Dir::State::Lists=$W/apt/lists
	   -o Dir::Cache=$W/apt/cache"
	{ apt-get $A update && (cd "$W" && apt-get $A source --download-only strace); } >"$W/fetch.log" 2>&1
}
if ! echo "$SHA  $TARBALL" | sha256sum -c --status 2>/dev/null; then
	fetch
	echo "$SHA  $TARBALL" | sha256sum -c --status 2>/dev/null ||
		die "fetching strace 6.1 failed, see $W/fetch.log"
fi
if [ ! -f "$S/config.status" ]; then
	rm -rf "$S" && tar -C "$W" -xJf "$TARBALL" || die "cannot unpack $TARBALL"
	(cd "$S" && ./configure -q --enable-mpers=no --disable-stacktrace --without-libunwind \
		--without-libdw --without-libiberty --without-libselinux \
		--disable-dependency-tracking) >"$W/configure.log" 2>&1 ||
		die "configure failed, see $W/configure.log"
fi
progs=$(grep -v '^#' "$LIST" | cut -f2 | sed 's,^\.\./,,; s, .*,,' | sort -u)
if [ "$progs" != "$(cat "$W/built.progs" 2>/dev/null)" ]; then
	{ make -C "$T" ksysent.h scno.h && make -C "$T" -k -j"$JOBS" $progs; } >"$W/build.log" 2>&1 ||
		echo "strace-suite: some test programs failed to build, see $W/build.log" >&2
	echo "$progs" >"$W/built.progs"
fi

# 2. the tests, as strace's run_strace_match_diff runs them
norm() { sed -E 's/ {2,}= / = /g'; } # the padding before " = " (strace -a)
run_one() { # one line of the list
	local name prog trace opts filt exp o topts="" redir="" rc st
	IFS=$'\t' read -r name prog trace opts filt exp <<<"$1"
	st=$RES/status/$name
	[ "$opts" = - ] && opts=
	for o in $opts; do
		case $o in [0-9]*[\<\>]* | [\<\>]*) redir="$redir $o" ;; *) topts="$topts $o" ;; esac
	done
	rm -rf "$T/$name.dir" && mkdir "$T/$name.dir" && cd "$T/$name.dir" ||
		{ echo "no run dir" >"$st"; return; }
	[ "$(date +%s)" -lt "$DEADLINE" ] || { echo "not run: time budget spent" >"$st"; return; }
	[ -x "${prog%% *}" ] || { echo "program not built" >"$st"; return; }
	eval "timeout -k 5 20 $prog $redir" </dev/null >/dev/null 2>prog.err
	rc=$?
	[ $rc = 0 ] || { echo "program alone exits $rc: $(tail -n 1 prog.err | cut -c 1-160)" >"$st"; return; }
	eval "timeout -k 5 20 \"\$TRACER\" -o log -e trace=$trace $topts $prog $redir" \
		</dev/null >exp.raw 2>tracer.err
	rc=$?
	[ "$exp" = - ] || cp "$T/$exp" exp.raw
	[ "$filt" = - ] && filt=cat
	touch log && eval "$filt" <log 2>/dev/null | norm >out
	norm <exp.raw >exp
	diff -u exp out >"$RES/diff/$name"
	if [ $rc = 124 ] || [ $rc = 137 ]; then echo "timeout (20s)"
	elif [ $rc != 0 ]; then echo "sdtrace exits $rc: $(tail -n 1 tracer.err | cut -c 1-160)"
	elif [ -s "$RES/diff/$name" ]; then echo "output differs"
	else echo pass; fi >"$st"
	[ "$(cat "$st")" != pass ] || rm -rf "$T/$name.dir"
}
export -f run_one norm
export TRACER T RES LC_ALL=C STRACE_EXE=$TRACER DEADLINE=$(($(date +%s) + ${BUDGET:-600}))
rm -rf "$RES" && mkdir -p "$RES/status" "$RES/diff" && : >"$RES/passed"
grep -v '^#' "$LIST" | tr '\n' '\0' | xargs -0 -r -P "$JOBS" -n 1 bash -c 'run_one "$1"' _

# 3. the count, against the ratchet
total=0 pass=0 shown=0
while IFS=$'\t' read -r name _; do
	total=$((total + 1))
	st=$(cat "$RES/status/$name" 2>/dev/null || echo "not run")
	if [ "$st" = pass ]; then pass=$((pass + 1)); echo "$name" >>"$RES/passed"; continue; fi
	echo "$name: $st" >>"$RES/failed"
	[ "$shown" -lt "${SHOW:-0}" ] || continue
	shown=$((shown + 1))
	echo "FAIL $name: $st"
	sed -n '3,12{s/^\(.\{160\}\).*/\1.../;s/^/    /;p}' "$RES/diff/$name" 2>/dev/null
done < <(grep -v '^#' "$LIST")
# by group (groups: GROUP<TAB>REGEX, first match)
grep -v '^#' "$LIST" | cut -f1 | while read -r name; do
	g=$(awk -F'\t' -v n="$name" '!/^#/ && NF == 2 && n ~ $2 { print $1; exit }' "$HERE/groups")
	st=fail
	grep -qx "$name" "$RES/passed" 2>/dev/null && st=pass
	echo "${g:-other} $st"
done | sort | uniq -c | awk '{ c[$2] += $1; if ($3 == "pass") p[$2] += $1 }
	END { for (g in c) printf "%s %d/%d\n", g, p[g], c[g] }' | sort >"$RES/groups"
echo "by group: $(tr '\n' ' ' <"$RES/groups")"
echo "$pass/$total pass"
[ "$LIST" = "$HERE/tests.list" ] || exit 0	# a subset: no ratchet
want=$(cat "$HERE/pass-count")
if [ "$pass" -lt "$want" ]; then
	echo "strace-suite: $pass pass, fewer than the $want recorded in tests/strace-suite/pass-count" >&2
	echo "strace-suite: failing tests: $RES/failed" >&2
	exit 1
fi
[ "$pass" = "$want" ] || echo "strace-suite: $pass pass; raise tests/strace-suite/pass-count from $want"
exit 0

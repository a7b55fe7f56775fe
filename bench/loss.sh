#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bench/loss.sh - does sdtrace lose records?  Runs the tight loops of
# `make bench` (getppid, 8 threads, the fork/exec tree) under sdtrace in
# each mode and prints, as markdown, the calls made, the calls shown and
# the records sdtrace says it lost (by cause); shown + lost must equal the
# calls.  Also: a formatter held back by its reader (-o '|sleep 2; ...'),
# and a deliberately tiny ring (--buffer-size 16K), which still loses.
#
#   bash bench/loss.sh [--build DIR] [--sdtrace PATH] [--size N]
#
# The spool's disk use shows with SDTRACE_STATS=1 (set here).  Needs root.
set -u
export LC_ALL=C SDTRACE_STATS=1

BUILD=build
SD=
N=1000000
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift ;;
	--sdtrace) SD=$2; shift ;;
	--size) N=$2; shift ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "loss.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
BIN=$(cd "$BUILD" && pwd)/bench
SD=${SD:-$(cd "$BUILD" && pwd)/sdtrace}
[ -x "$BIN/wl_getppid" ] || { echo "loss.sh: make bench-progs first" >&2; exit 1; }
WORK=$(mktemp -d /tmp/sysdef-loss.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TIMEV=/usr/bin/time
[ -x $TIMEV ] || TIMEV=

# lost N (cause, cause) from sdtrace's stderr
lost() {
	awk '/events lost/ { n += $2; sub(/.*\(/, ""); sub(/\)$/, ""); c = c (c ? ", " : "") $0 }
	     END { printf "%d%s", n, n ? " (" c ")" : "" }' "$1"
}
spooled() { sed -n 's/^sdtrace: \([0-9]*\) bytes of records waited on disk.*/\1/p' "$1" |
	awk '{ printf "%.1f MB", $1 / 1048576 } END { if (!NR) printf "-" }'; }

# row TITLE CALLS PATTERN MODE ARGS -- COMMAND...: one run, one table row
row() {
	local title=$1 calls=$2 pat=$3 mode=$4 shown rss=''
	shift 4
	local args=()
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	local pre=()
	[ -n "$TIMEV" ] && pre=("$TIMEV" -f %M -o "$WORK/rss")
	case $mode in
	o) "${pre[@]}" "$SD" -f "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(grep -c "$pat" "$WORK/t.txt") ;;
	j) "${pre[@]}" "$SD" -f -j "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(grep -c "\"syscall\":\"${pat%%(*}\"" "$WORK/t.txt") ;;
	w) "${pre[@]}" "$SD" -f "${args[@]}" --write "$WORK/t.bin" "$@" >/dev/null 2>"$WORK/err"
	   shown=$("$SD" --read "$WORK/t.bin" | grep -c "$pat") ;;
	c) "${pre[@]}" "$SD" -f -c "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(awk -v n="${pat%%(*}" '$NF == n { print ($4 ~ /^[0-9]+$/) ? $4 : $5 }' "$WORK/t.txt" | head -n 1) ;;
	p) "${pre[@]}" "$SD" -f "${args[@]}" -o "|sleep 2; grep -c '$pat' >$WORK/cnt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(cat "$WORK/cnt") ;;
	O) # -e trace=getppid: the calls and the exit record
	   "${pre[@]}" "$SD" -e trace=getppid "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(grep -c -e "$pat" -e '^+++ exited' "$WORK/t.txt") ;;
	W) "${pre[@]}" "$SD" -e trace=getppid "${args[@]}" --write "$WORK/t.bin" "$@" >/dev/null 2>"$WORK/err"
	   shown=$("$SD" --read "$WORK/t.bin" | grep -c -e "$pat" -e '^+++ exited') ;;
	esac
	[ -n "$TIMEV" ] && rss=$(awk '{ printf "%.1f MB", $1 / 1024 }' "$WORK/rss")
	local l; l=$(lost "$WORK/err")
	local ok=no
	[ "$((${shown:-0} + ${l%% *}))" = "$calls" ] && ok=yes
	echo "| $title | $calls | ${shown:-?} | $l | $ok | $(spooled "$WORK/err") | $rss |"
}

echo "## sdtrace: calls, shown, lost ($("$SD" -V), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "| run | calls | shown | lost | shown + lost = calls | spooled to disk | peak RSS |"
echo "|---|---:|---:|---:|---|---:|---:|"
for m in ${MODES:-o w j c}; do
	row "getppid x$N, -$m" "$N" 'getppid()' $m -- "$BIN/wl_getppid" "$N"
	row "8 threads, $N getppid, -$m" "$N" 'getppid()' $m -- "$BIN/wl_threads" "$N" 8
done
F=$((N / 500))
for m in ${MODES:-o w}; do
	row "fork/exec tree x$F, -$m (execve)" "$((F + 1))" 'execve(' $m -- "$BIN/wl_forktree" "$F" 4
done
row "getppid x$N, -o to a reader that waits 2 s" "$N" 'getppid()' p -- "$BIN/wl_getppid" "$N"
row "8 threads, -o to a reader that waits 2 s" "$N" 'getppid()' p -- "$BIN/wl_threads" "$N" 8
# a deliberately tiny ring still loses: every call and the exit record is
# shown or counted lost
row "getppid x$N + exit, -e trace=getppid -o, --buffer-size 16K" "$((N + 1))" 'getppid()' O --buffer-size 16K -- "$BIN/wl_getppid" "$N"
row "getppid x$N + exit, -e trace=getppid --write, --buffer-size 16K" "$((N + 1))" 'getppid()' W --buffer-size 16K -- "$BIN/wl_getppid" "$N"

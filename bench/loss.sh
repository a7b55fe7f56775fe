#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bench/loss.sh - does sdtrace lose records?  Runs the tight loops of
# `make bench` (getppid, T threads, the fork/exec tree) under sdtrace in
# each mode (-o text, --record, -j, -c) at the default buffers and prints,
# as markdown, the calls made, the calls shown and the records sdtrace says
# it lost (by cause); shown + lost must equal the calls.  Also (not with
# --quick): a formatter held back by its reader (-o '|sleep 2; ...'), and
# a deliberately tiny ring (--buffer-size 16K), which still loses.
#
#   bash bench/loss.sh [--build DIR] [--sdtrace PATH] [--size N]
#                      [--threads T] [--quick] [--summary FILE]
#
# --summary FILE: one line per default-buffer run, for bench/run.sh:
#   MODE CALLS SHOWN LOST OK(1/0) PEAK_RSS_KB
# The spool's disk use shows with SDTRACE_STATS=1 (set here).  Needs root.
set -u
export LC_ALL=C SDTRACE_STATS=1

BUILD=build
SD=
N=1000000
T=4
QUICK=0
SUMMARY=/dev/null
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift ;;
	--sdtrace) SD=$2; shift ;;
	--size) N=$2; shift ;;
	--threads) T=$2; shift ;;
	--quick) QUICK=1 ;;
	--summary) SUMMARY=$2; shift ;;
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
: >"$SUMMARY"

# lost N (cause, cause) from sdtrace's stderr
lost() {
	awk '/events lost/ { n += $2; sub(/.*\(/, ""); sub(/\)$/, ""); c = c (c ? ", " : "") $0 }
	     END { printf "%d%s", n, n ? " (" c ")" : "" }' "$1"
}
spooled() { sed -n 's/^sdtrace: \([0-9]*\) bytes of records waited on disk.*/\1/p' "$1" |
	awk '{ printf "%.1f MB", $1 / 1048576 } END { if (!NR) printf "-" }'; }

declare -A FLAG=([o]="-o" [w]="--record" [j]="-j -o" [c]="-c -o")
# row TITLE CALLS PATTERN MODE ARGS -- COMMAND...: one run, one table row;
# an @ in TITLE is the mode's option
row() {
	local title=$1 calls=$2 pat=$3 mode=$4 shown rss='' kb=0
	title=${title/@/${FLAG[$mode]:-}}
	shift 4
	local args=()
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	local pre=()
	[ -n "$TIMEV" ] && pre=("$TIMEV" -f %M -o "$WORK/rss")
	rm -rf "$WORK/t.ctf" "$WORK/t.txt" "$WORK/cnt"
	echo "loss.sh: $title" >&2
	case $mode in
	o) "${pre[@]}" "$SD" -f "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(grep -c "$pat" "$WORK/t.txt") ;;
	j) "${pre[@]}" "$SD" -f -j "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(grep -c "\"syscall\":\"${pat%%(*}\"" "$WORK/t.txt") ;;
	w) "${pre[@]}" "$SD" -f "${args[@]}" --record "$WORK/t.ctf" "$@" >/dev/null 2>"$WORK/err"
	   shown=$("$SD" --replay "$WORK/t.ctf" -o "$WORK/t.txt" 2>/dev/null; grep -c "$pat" "$WORK/t.txt") ;;
	c) "${pre[@]}" "$SD" -f -c "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(awk -v n="${pat%%(*}" '$NF == n { print ($4 ~ /^[0-9]+$/) ? $4 : $5 }' "$WORK/t.txt" | head -n 1) ;;
	p) "${pre[@]}" "$SD" -f "${args[@]}" -o "|sleep 2; grep -c '$pat' >$WORK/cnt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(cat "$WORK/cnt") ;;
	O) # -e trace=getppid: the calls and the exit record
	   "${pre[@]}" "$SD" -e trace=getppid "${args[@]}" -o "$WORK/t.txt" "$@" >/dev/null 2>"$WORK/err"
	   shown=$(grep -c -e "$pat" -e '^+++ exited' "$WORK/t.txt") ;;
	W) "${pre[@]}" "$SD" -e trace=getppid "${args[@]}" --record "$WORK/t.ctf" "$@" >/dev/null 2>"$WORK/err"
	   shown=$("$SD" --replay "$WORK/t.ctf" -o "$WORK/t.txt" 2>/dev/null
		   grep -c -e "$pat" -e '^+++ exited' "$WORK/t.txt") ;;
	esac
	if [ -n "$TIMEV" ]; then
		kb=$(tail -n 1 "$WORK/rss")
		rss=$(awk -v k="$kb" 'BEGIN { printf "%.1f MB", k / 1024 }')
	fi
	local l; l=$(lost "$WORK/err")
	local ok=no
	[ "$((${shown:-0} + ${l%% *}))" = "$calls" ] && ok=yes
	echo "| $title | $calls | ${shown:-?} | $l | $ok | $(spooled "$WORK/err") | $rss |"
	case $mode in [ojwc])
		echo "$mode $calls ${shown:-0} ${l%% *} $([ $ok = yes ] && echo 1 || echo 0) ${kb:-0}" >>"$SUMMARY" ;;
	esac
}

echo "| run | calls | shown | lost | shown + lost = calls | spooled to disk | peak RSS |"
echo "|---|---:|---:|---:|---|---:|---:|"
for m in ${MODES:-o w c j}; do
	row "getppid x$N, @" "$N" 'getppid()' $m -- "$BIN/wl_getppid" "$N"
	row "$T threads, $N getppid, @" "$N" 'getppid()' $m -- "$BIN/wl_threads" "$N" "$T"
done
F=$((N / 500))
for m in ${MODES:-o w c j}; do
	row "fork/exec tree x$F, @ (execve)" "$((F + 1))" 'execve(' $m -- "$BIN/wl_forktree" "$F" 4
done
[ $QUICK = 1 ] && exit 0
row "getppid x$N, -o to a reader that waits 2 s" "$N" 'getppid()' p -- "$BIN/wl_getppid" "$N"
row "$T threads, -o to a reader that waits 2 s" "$N" 'getppid()' p -- "$BIN/wl_threads" "$N" "$T"
# a deliberately tiny ring still loses: every call and the exit record is
# shown or counted lost
row "getppid x$N + exit, -e trace=getppid -o, --buffer-size 16K" "$((N + 1))" 'getppid()' O --buffer-size 16K -- "$BIN/wl_getppid" "$N"
row "getppid x$N + exit, -e trace=getppid --record, --buffer-size 16K" "$((N + 1))" 'getppid()' W --buffer-size 16K -- "$BIN/wl_getppid" "$N"

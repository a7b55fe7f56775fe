#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bench/run.sh - run the benchmark workloads untraced and under each tracer
# and print, as markdown, medians and ratios to the untraced run, sdtrace's
# own figures (events lost, bytes per record, decode speed, start-up, peak
# memory) and the project's targets with PASS/MISS.
#
#   bash bench/run.sh [--quick] [--build DIR] [--reps N] [--out FILE]
#
# Run by `make bench` / `make bench-quick` (which build DIR/sdtrace and the
# workloads in DIR/bench first).  Needs root (eBPF).  The markdown is also
# saved to DIR/bench/results.md (or --out FILE).
#
# Full run: 6 workloads x 8 tracers (sdtrace -c: n/a if sdtrace lacks it), 5 reps taken
# round-robin so background noise spreads over every column.  strace and
# perf trace run the four syscall-loop workloads at 1/20 of the size (quick:
# 1/10) and their times are scaled back (marked); every run is capped by `timeout`.
# Then: decode speed, start-up (with sdtrace's phases), first record,
# bpf_stats (in-kernel ns per call of sdtrace's and bpftrace's programs) and
# bench/loss.sh (shown + lost = calls in every mode).
# Quick run: every workload once at 1/10 size (make: 6 files), untraced,
# sdtrace (--record, -o, -c), strace -f -o and bpftrace; the same figures,
# fewer repetitions; loss.sh without its slow-reader and tiny-ring rows.
#
# The main table is each workload's own elapsed time (it times itself with
# CLOCK_MONOTONIC and prints "bench NAME ops=N ns=T"), so a tracer's
# start-up and tear-down are not in it; the second table is the wall time
# of the whole traced command, which includes them.
set -u
export LC_ALL=C

QUICK=0
BUILD=build
REPS=
OUT=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) QUICK=1 ;;
	--build) BUILD=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--out) OUT=$2; shift ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

SDTRACE=$(cd "$BUILD" && pwd)/sdtrace
BIN=$(cd "$BUILD" && pwd)/bench
OUT=${OUT:-$BIN/results.md}
[ -x "$SDTRACE" ] || { echo "run.sh: $SDTRACE missing (make BUILD=$BUILD)" >&2; exit 1; }
[ -x "$BIN/wl_getppid" ] || { echo "run.sh: workloads missing (make bench-progs)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run.sh: sdtrace needs root" >&2; exit 1; }

START=$(date +%s)
WORK=$(mktemp -d /tmp/sysdef-bench.XXXXXX)
RES=$WORK/results		# wl tracer rep self_ns wall_ns ok scaled
NOTES=$WORK/notes
: >"$RES"; : >"$NOTES"
BPF_STATS_OLD=
cleanup() {
	[ -n "$BPF_STATS_OLD" ] && sysctl -qw kernel.bpf_stats_enabled="$BPF_STATS_OLD"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
note() { echo "- $*" >>"$NOTES"; echo "run.sh: $*" >&2; }
log() { echo "run.sh: $*" >&2; }

# ---- sizes and tracers ---------------------------------------------------

WORKLOADS="getppid openread devnull threads forktree make"
if [ $QUICK = 1 ]; then
	REPS=${REPS:-1}
	declare -A SIZE=([getppid]=100000 [openread]=20000 [devnull]=100000
			 [threads]=100000 [forktree]=200 [make]=6)
	TRACERS="untraced sdtrace-w sdtrace-wc sdtrace-o sdtrace-c strace-o bpftrace"
	CAP=60 CAP_FAST=20
else
	REPS=${REPS:-5}
	declare -A SIZE=([getppid]=1000000 [openread]=200000 [devnull]=1000000
			 [threads]=1000000 [forktree]=2000 [make]=20)
	TRACERS="untraced sdtrace-w sdtrace-wc sdtrace-o sdtrace-c strace-o strace-c perf bpftrace"
	CAP=240 CAP_FAST=30	# seconds: strace/perf; the others (a run takes < 2 s)
fi
NTHREADS=4			# the threads workload: getppid in NTHREADS threads
SCALE=20			# strace/perf run the syscall loops at 1/SCALE
[ $QUICK = 1 ] && SCALE=10
SCALED_WL=" getppid openread devnull threads "
SCALED_TR=" strace-o strace-c perf "
declare -A WL_TITLE=(
	[getppid]="getppid x${SIZE[getppid]}"
	[openread]="openat/read/close x${SIZE[openread]}"
	[devnull]="1-byte write /dev/null x${SIZE[devnull]}"
	[threads]="$NTHREADS threads, ${SIZE[threads]} getppid in all"
	[forktree]="fork/exec tree, ${SIZE[forktree]} x /bin/true"
	[make]="make -j2, ${SIZE[make]} C files")
declare -A TR_TITLE=([untraced]="untraced" [sdtrace-w]="sdtrace --record" [sdtrace-wc]="sdtrace --cache --record" [sdtrace-o]="sdtrace -o"
	[sdtrace-c]="sdtrace -c" [strace-o]="strace -f -o" [strace-c]="strace -f -c"
	[perf]="perf trace" [bpftrace]="bpftrace count")
# the floor: bpftrace merely counting calls at both tracepoints
BT_PROG='tracepoint:raw_syscalls:sys_enter { @e[tid] = count(); } tracepoint:raw_syscalls:sys_exit { @x[tid] = count(); }'

# ---- tools ---------------------------------------------------------------

# sdtrace -c (counts in the kernel) is measured once sdtrace has it
SDC=0
"$SDTRACE" -h 2>/dev/null | grep -q '^  -c[ ,]' && SDC=1
[ $SDC = 1 ] || note "this sdtrace has no -c mode: its column is n/a"

try_install() {	# try_install PKG: apt-get, quietly; 0 if it worked
	log "installing Debian package $1"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 ||
	{ DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1; }
}
TIMEV=/usr/bin/time
[ -x $TIMEV ] || try_install time || true
[ -x $TIMEV ] || { TIMEV=; note "/usr/bin/time missing (package time): no peak-memory figures"; }

mount_tracefs() {
	mountpoint -q /sys/kernel/tracing ||
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
		note "could not mount tracefs on /sys/kernel/tracing"
}

drop_tracer() { TRACERS=$(echo " $TRACERS " | sed "s/ $1 / /; s/^ //; s/ $//"); note "$2"; }
mount_tracefs
command -v strace >/dev/null || try_install strace || true
if ! command -v strace >/dev/null; then
	drop_tracer strace-o "strace not installed: its columns skipped"
	[ $QUICK = 0 ] && drop_tracer strace-c "strace not installed"
fi
if [ $QUICK = 0 ]; then
	command -v perf >/dev/null || try_install linux-perf || true
	if ! perf trace -o /dev/null -- true >/dev/null 2>"$WORK/perf.err"; then
		drop_tracer perf "perf trace skipped: $(head -c 200 "$WORK/perf.err" | tr '\n' ' ')"
	fi
fi
command -v bpftrace >/dev/null || try_install bpftrace || true
if ! bpftrace -o /dev/null -e "$BT_PROG" -c /bin/true >/dev/null 2>"$WORK/bt.err"; then
	drop_tracer bpftrace "bpftrace skipped: $(grep -v RLIMIT_MEMLOCK "$WORK/bt.err" | head -c 200 | tr '\n' ' ')"
fi

# ---- the make -j2 project ------------------------------------------------

PROJ=$WORK/proj
gen_project() {	# gen_project DIR NFILES: a small C project with a Makefile
	local d=$1 n=$2 i j objs=""
	mkdir -p "$d"
	cat >"$d/common.h" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct item { int key; double weight; char name[32]; struct item *next; };
EOF
	for i in $(seq 1 "$n"); do
		{
			echo '#include "common.h"'
			for j in $(seq 1 12); do
				cat <<EOF
static int cmp_${j}(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return x->key - y->key + (int)(x->weight - y->weight) * $j;
}
static double work_${j}(struct item *v, int n, const char *tag)
{
	double s = 0;
	for (int i = 0; i < n; i++) {
		v[i].key = (i * $((j * 7 + i)) + n) % 97;
		v[i].weight = v[i].key / (double)(i + $j);
		snprintf(v[i].name, sizeof(v[i].name), "%s-%d-%d", tag, i, $j);
		switch (v[i].key % 5) {
		case 0: s += v[i].weight; break;
		case 1: s -= v[i].weight * 2; break;
		case 2: s += strlen(v[i].name); break;
		case 3: s *= 1.0001; break;
		default: s += $i;
		}
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_${j});
	return s;
}
EOF
			done
			echo "double f${i}(int n)"
			echo "{"
			echo "	struct item *v = calloc((size_t)n, sizeof(*v)); double s = 0;"
			for j in $(seq 1 12); do echo "	s += work_${j}(v, n, \"f${i}\");"; done
			echo "	free(v); return s;"
			echo "}"
		} >"$d/f$i.c"
		objs="$objs f$i.o"
	done
	{
		echo '#include "common.h"'
		for i in $(seq 1 "$n"); do echo "double f${i}(int n);"; done
		echo 'int main(void) { double s = 0;'
		for i in $(seq 1 "$n"); do echo "	s += f${i}(100);"; done
		echo '	printf("%g\n", s); return 0; }'
	} >"$d/main.c"
	cat >"$d/Makefile" <<EOF
CC = cc
CFLAGS = -O2
OBJS = main.o$objs
prog: \$(OBJS)
	\$(CC) -o \$@ \$(OBJS)
%.o: %.c common.h
	\$(CC) \$(CFLAGS) -c \$<
clean:
	rm -f prog *.o
EOF
}
gen_project "$PROJ" "${SIZE[make]}"

# ---- one run -------------------------------------------------------------

WCMD=()
wl_cmd() {	# wl_cmd WL DIV: set WCMD to the workload at 1/DIV of its size
	local n=$((SIZE[$1] / $2))
	case $1 in
	getppid) WCMD=("$BIN/wl_getppid" "$n") ;;
	openread) WCMD=("$BIN/wl_openread" "$n" "$WORK/small.txt") ;;
	devnull) WCMD=("$BIN/wl_devnull" "$n") ;;
	threads) WCMD=("$BIN/wl_threads" "$n" "$NTHREADS") ;;
	forktree) WCMD=("$BIN/wl_forktree" "$n" 4) ;;
	make) make -s -C "$PROJ" clean >/dev/null 2>&1
	      WCMD=("$BIN/benchutil" timeit make -s -j2 -C "$PROJ") ;;
	esac
}

lost_sum() {	# events lost and malformed records reported on stderr file $1
	awk '/sdtrace: [0-9]+ (events lost|malformed)/ { s += $2 } END { print s + 0 }' "$1"
}

run_one() {	# run_one WL TRACER REP: one timed run, appended to $RES
	local wl=$1 tr=$2 rep=$3 div=1 scaled=0 pre=() t0 t1 rc self wall ok=1 cap=$CAP_FAST
	case "$SCALED_WL" in *" $wl "*) case "$SCALED_TR" in *" $tr "*)
		div=$SCALE scaled=1 ;; esac ;; esac
	wl_cmd "$wl" "$div"
	case $tr in
	untraced) pre=() ;;
	sdtrace-w) rm -rf "$WORK/trace.ctf"; pre=("$SDTRACE" -f --record "$WORK/trace.ctf") ;;
	sdtrace-wc) rm -rf "$WORK/trace-c.ctf"; pre=("$SDTRACE" -f --cache --record "$WORK/trace-c.ctf") ;;
	sdtrace-o) pre=("$SDTRACE" -f -o "$WORK/trace.txt") ;;
	sdtrace-c) pre=("$SDTRACE" -f -c -o "$WORK/trace-c.txt") ;;
	strace-o) pre=(strace -f -o "$WORK/strace.txt") ;;
	strace-c) pre=(strace -f -c -o "$WORK/strace-c.txt") ;;
	perf) pre=(perf trace -o "$WORK/perf.txt" --) ;;
	bpftrace) pre=(bpftrace -o "$WORK/bt.txt" -e "$BT_PROG" -c "${WCMD[*]}"); WCMD=() ;;
	esac
	case $tr in strace-*|perf) cap=$CAP ;; esac
	case $tr in sdtrace-*) [ -n "$TIMEV" ] && pre=("$TIMEV" -f %M -o "$WORK/rss" "${pre[@]}") ;; esac
	t0=$(date +%s%N)
	timeout -k 5 "$cap" "${pre[@]}" "${WCMD[@]}" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	t1=$(date +%s%N)
	self=$(sed -n 's/^bench .* ns=\([0-9]*\).*/\1/p' "$WORK/out" | tail -n 1)
	wall=$((t1 - t0))
	if [ $rc != 0 ] || [ -z "$self" ]; then
		ok=0
		if [ $rc = 124 ] && [ -n "$self" ]; then
			note "$wl under $tr (rep $rep): the workload finished in $(secs "$self") but the tracer had not exited ${cap}s later; killed, run not counted$(grep -h 'events lost' "$WORK/err" | head -n 1 | sed 's/^/ (/; s/$/)/')"
		elif [ $rc = 124 ]; then
			note "$wl under $tr (rep $rep): timed out after ${cap}s"
		else
			note "$wl under $tr (rep $rep) failed (exit $rc): $(grep -v RLIMIT_MEMLOCK "$WORK/err" | tail -n 2 | tr '\n' ' ' | head -c 300)"
		fi
		self=0
	fi
	if [ $scaled = 1 ]; then	# the loop scales; the fixed cost does not
		wall=$((wall - self + self * SCALE))
		self=$((self * SCALE))
	fi
	echo "$wl $tr $rep $self $wall $ok $scaled" >>"$RES"
	case $tr in sdtrace-*)
		echo "$wl $tr $(lost_sum "$WORK/err") $( [ -n "$TIMEV" ] && tail -n 1 "$WORK/rss" || echo 0)" >>"$WORK/sdstats"
		[ $tr = sdtrace-w ] && rm -rf "$WORK/$wl.ctf" && mv "$WORK/trace.ctf" "$WORK/$wl.ctf" 2>/dev/null
		[ $tr = sdtrace-o ] && stat -c %s "$WORK/trace.txt" >"$WORK/$wl.txtsize" ;;
	esac
	rm -rf "$WORK/trace-c.ctf"
	rm -f "$WORK/trace.txt" "$WORK/trace-c.txt" "$WORK/strace.txt" "$WORK/strace-c.txt" "$WORK/perf.txt" "$WORK/bt.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (!NR) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
med_of() {	# med_of WL TRACER FIELD(4 self, 5 wall): median over ok runs
	awk -v w="$1" -v t="$2" -v f="$3" '$1 == w && $2 == t && $6 == 1 { print $f }' "$RES" | median
}
secs() { awk -v n="$1" 'BEGIN { printf "%.3f s", n / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a > 0) printf "%.2f", a / b }'; }

# ---- the machine -----------------------------------------------------------

COMMIT=${BENCH_COMMIT:-$(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo unknown)}
DIRTY=$([ -z "${BENCH_COMMIT:-}" ] && git -C "$(dirname "$0")" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with uncommitted changes)")
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
CMDLINE="make bench"
[ $QUICK = 1 ] && CMDLINE="make bench-quick"
log "$CMDLINE: $REPS repetition(s) of $WORKLOADS under: $TRACERS"

# ---- the runs --------------------------------------------------------------

# warm-up, not recorded: page cache, the compiler, sdtrace's object
for wl in $WORKLOADS; do
	log "warm-up: $wl"
	wl_cmd "$wl" 1
	"${WCMD[@]}" >/dev/null 2>&1 || note "warm-up of $wl failed"
done
"$SDTRACE" -o /dev/null true 2>/dev/null

for rep in $(seq 1 "$REPS"); do
	for wl in $WORKLOADS; do
		for tr in $TRACERS; do
			[ $tr = sdtrace-c ] && [ $SDC = 0 ] && continue
			log "rep $rep/$REPS: $wl under $tr"
			run_one "$wl" "$tr" "$rep"
		done
	done
done

# ---- sdtrace's own figures ---------------------------------------------------

# decode speed: sdtrace --replay DIR -o /dev/null on each workload's last --record trace
DECODE_REPS=3
[ $QUICK = 1 ] && DECODE_REPS=1
declare -A RECS DECNS FBYTES NRBYTES NRRECS
for wl in $WORKLOADS; do
	[ -d "$WORK/$wl.ctf" ] || continue
	c=$("$BIN/benchutil" count "$WORK/$wl.ctf" 110)	# 110: getppid on x86_64
	RECS[$wl]=$(echo "$c" | sed 's/^records=\([0-9]*\) .*/\1/')
	FBYTES[$wl]=$(echo "$c" | sed 's/.*file_bytes=\([0-9]*\).*/\1/')
	NRRECS[$wl]=$(echo "$c" | sed 's/.*nr_records=\([0-9]*\).*/\1/')
	NRBYTES[$wl]=$(echo "$c" | sed 's/.*nr_bytes=\([0-9]*\).*/\1/')
	for i in $(seq 1 $DECODE_REPS); do
		t0=$(date +%s%N)
		"$SDTRACE" --replay "$WORK/$wl.ctf" -o /dev/null 2>>"$WORK/decode.err"
		t1=$(date +%s%N)
		echo $((t1 - t0))
	done | median >"$WORK/dec"
	DECNS[$wl]=$(cat "$WORK/dec")
done

# start-up: wall time of `TRACER true`; sdtrace's phases (SDTRACE_DEBUG=1,
# separate runs: its libbpf log is printed too); and for sdtrace the time
# from the session's start (before loading the eBPF object) to the first record
declare -A STARTUP
SU_REPS=5
[ $QUICK = 1 ] && SU_REPS=3
for tr in $TRACERS; do
	case $tr in
	untraced) c=(true) ;;
	sdtrace-w) c=("$SDTRACE" --record "$WORK/su.ctf" true) ;;
	sdtrace-wc) c=("$SDTRACE" --cache --record "$WORK/su.ctf" true)
		"${c[@]}" >/dev/null 2>&1 ;;	# the run that fills the entry
	sdtrace-o) c=("$SDTRACE" -o /dev/null true) ;;
	sdtrace-c) [ $SDC = 1 ] || continue; c=("$SDTRACE" -c -o /dev/null true) ;;
	strace-o) c=(strace -f -o /dev/null true) ;;
	strace-c) c=(strace -f -c -o /dev/null true) ;;
	perf) c=(perf trace -o /dev/null -- true) ;;
	bpftrace) c=(bpftrace -o /dev/null -e "$BT_PROG" -c /bin/true) ;;
	*) continue ;;
	esac
	log "start-up: $tr"
	for i in $(seq 1 $SU_REPS); do
		# runs 0.2 s apart: a tracepoint that gets a probe back within an
		# RCU grace period of losing its last waits for one (10-30 ms here;
		# kernel/tracepoint.c, the 1->0->1 transition)
		sleep 0.2
		t0=$(date +%s%N)
		"${c[@]}" >/dev/null 2>&1 || note "start-up: \`${c[*]}\` failed (exit $?)"
		t1=$(date +%s%N)
		echo $((t1 - t0))
	done | median >"$WORK/su"
	STARTUP[$tr]=$(cat "$WORK/su")
done
: >"$WORK/phases"
for i in $(seq 1 $SU_REPS); do
	SDTRACE_DEBUG=1 "$SDTRACE" --record "$WORK/su.ctf" true >/dev/null 2>"$WORK/dbg"
	# "start-up: object A ms, dispatchers B ms, N recorder programs in K threads D ms",
	# then "start-up: programs loaded, ready after R ms"
	awk '/^sdtrace: start-up: object / { o = $4; d = $7; n = $9; k = $13; r = $15 }
	     /^sdtrace: start-up: programs loaded, ready after / { print o, d, n, k, r, $(NF - 1) }' \
		"$WORK/dbg" >>"$WORK/phases"
done
PHASES=
if [ -s "$WORK/phases" ]; then
	ph() { awk -v f="$1" '{ print $f * 1000 }' "$WORK/phases" | median | awk '{ printf "%.1f", $1 / 1000 }'; }
	PHASES="object (open) $(ph 1) ms, dispatchers (with the kernel's BTF) $(ph 2) ms, $(awk '{ print $3 }' "$WORK/phases" | median) recorder programs in $(awk '{ print $4 }' "$WORK/phases" | median) threads $(ph 5) ms; ready (rings made, tables filled) $(ph 6) ms after the session's start"
fi
for i in $(seq 1 $SU_REPS); do
	sleep 0.2
	rm -rf "$WORK/su.ctf"
	"$SDTRACE" --record "$WORK/su.ctf" true >/dev/null 2>&1
	"$BIN/benchutil" count "$WORK/su.ctf" | sed 's/.*first_ts=\([0-9]*\).*/\1/'
done | median >"$WORK/first"	# record times count from the session's start
FIRST_NS=$(cat "$WORK/first")
for i in $(seq 1 $SU_REPS); do
	sleep 0.2
	rm -rf "$WORK/su.ctf"
	"$SDTRACE" --cache --record "$WORK/su.ctf" true >/dev/null 2>&1
	"$BIN/benchutil" count "$WORK/su.ctf" | sed 's/.*first_ts=\([0-9]*\).*/\1/'
done | median >"$WORK/first"
FIRST_CACHE_NS=$(cat "$WORK/first")
CACHE_READY=$(for i in $(seq 1 $SU_REPS); do
	SDTRACE_DEBUG=1 "$SDTRACE" --cache --record "$WORK/su.ctf" true 2>&1 >/dev/null |
		awk '/^sdtrace: start-up: programs from the cache, ready after / { print $(NF - 1) * 1000 }'
done | median | awk '{ if ($1 != "") printf "%.1f", $1 / 1000 }')
"$SDTRACE" --cache-clear	# nothing of sdtrace's stays loaded

# where the in-kernel time goes (kernel.bpf_stats_enabled=1, a separate run
# of the getppid workload): run_time_ns / run_cnt of every program the
# tracer's process holds (its fds' prog_id), for sdtrace and for the
# bpftrace floor.  Programs reached by a tail call are not counted by the
# kernel on their own: their time is inside their caller's.
BPF_SD='' BPF_BT=''
prog_stats() {	# prog_stats PID OUTFILE: "name ns/call runs" of PID's busy programs
	local pid=$1 ids
	ids=$(cat /proc/"$pid"/fdinfo/* 2>/dev/null | awk '/^prog_id:/ { print $2 }' | sort -u | tr '\n' ' ')
	bpftool prog show 2>/dev/null | awk -v ids=" $ids " '
		/^[0-9]+: / && / run_cnt / {
			id = $1; sub(/:$/, "", id)
			if (index(ids, " " id " ") == 0) next
			for (i = 1; i < NF; i++) {
				if ($i == "name") n = $(i + 1)
				if ($i == "run_time_ns") t = $(i + 1)
				if ($i == "run_cnt") c = $(i + 1)
			}
			if (c > 0) printf "%s %.0f %d\n", n, t / c, c
		}' | sort -k3,3nr >"$2"
}
fmt_stats() {	# "name N ns x R runs; ..." of the programs run at least 1000 times
	awk '$3 >= 1000 { printf "%s%s %d ns x %d runs", (n++ ? "; " : ""), $1, $2, $3 }' "$1"
}
if command -v bpftool >/dev/null; then
	log "bpf_stats: getppid under sdtrace --record and bpftrace"
	BPF_STATS_OLD=$(sysctl -n kernel.bpf_stats_enabled)
	sysctl -qw kernel.bpf_stats_enabled=1
	echo "'$BIN/wl_getppid' ${SIZE[getppid]}; sleep 3" >"$WORK/prof.sh"
	for tr in sdtrace bpftrace; do
		[ $tr = bpftrace ] && case " $TRACERS " in *" bpftrace "*) ;; *) continue ;; esac
		: >"$WORK/prof.out"
		if [ $tr = sdtrace ]; then
			"$SDTRACE" -f --record "$WORK/prof.ctf" sh "$WORK/prof.sh" >"$WORK/prof.out" 2>/dev/null &
		else
			bpftrace -o /dev/null -e "$BT_PROG" -c "/bin/sh $WORK/prof.sh" >"$WORK/prof.out" 2>/dev/null &
		fi
		prof_pid=$!
		for i in $(seq 1 300); do
			grep -q '^bench' "$WORK/prof.out" && break
			sleep 0.1
		done
		prog_stats $prof_pid "$WORK/stats.$tr"
		wait $prof_pid
	done
	sysctl -qw kernel.bpf_stats_enabled="$BPF_STATS_OLD"
	BPF_STATS_OLD=
	BPF_SD=$(fmt_stats "$WORK/stats.sdtrace")
	[ -f "$WORK/stats.bpftrace" ] && BPF_BT=$(fmt_stats "$WORK/stats.bpftrace")
	rm -rf "$WORK/prof.ctf"
else
	note "bpftool missing: no in-kernel cost per call"
fi

# losslessness: bench/loss.sh at the default buffers on the loop workloads
log "bench/loss.sh --size ${SIZE[getppid]}"
LOSS_ARGS=(--sdtrace "$SDTRACE" --build "$BUILD" --size "${SIZE[getppid]}" --threads "$NTHREADS" --summary "$WORK/loss.sum")
[ $QUICK = 1 ] && LOSS_ARGS+=(--quick)
bash "$(dirname "$0")/loss.sh" "${LOSS_ARGS[@]}" >"$WORK/loss.md" 2>"$WORK/loss.err" ||
	note "bench/loss.sh failed: $(tail -n 2 "$WORK/loss.err" | tr '\n' ' ')"

# ---- goals -------------------------------------------------------------------

tgt() {	# tgt LABEL VALUE LIMIT le|lt|ge UNIT [DETAIL]: one row, PASS or MISS
	local v=$2 verdict
	if [ -z "$v" ]; then
		echo "| $1 | no figure${6:+ ($6)} | MISS |"; return
	fi
	verdict=$(awk -v v="$v" -v l="$3" -v op="$4" 'BEGIN { ok = op == "le" ? v <= l : op == "lt" ? v < l : v >= l; print ok ? "PASS" : "MISS" }')
	echo "| $1 | $v$5${6:+ ($6)} | $verdict |"
}
ms() { [ -n "$1" ] && awk -v n="$1" 'BEGIN { printf "%.0f ms", n / 1e6 }'; }
# a ratio of two medians: tr_ratio WL TRACER_A TRACER_B FIELD
tr_ratio() { local a b; a=$(med_of "$1" "$2" "$4"); b=$(med_of "$1" "$3" "$4"); ratio "${a:-0}" "${b:-0}"; }
{
	echo "| goal (issue 12) | measured | |"
	echo "|---|---:|---|"
	if [ -n "${STARTUP[strace-o]:-}" ]; then
		tgt "start-up, \`TRACER true\` wall: sdtrace --record / strace -f -o <= 1.0" \
			"$(ratio "${STARTUP[sdtrace-w]:-0}" "${STARTUP[strace-o]}")" 1.0 le x \
			"$(ms "${STARTUP[sdtrace-w]:-}") / $(ms "${STARTUP[strace-o]}")"
		tgt "start-up with --cache (a later run): sdtrace --cache --record / strace -f -o <= 1.0" \
			"$(ratio "${STARTUP[sdtrace-wc]:-0}" "${STARTUP[strace-o]}")" 1.0 le x \
			"$(ms "${STARTUP[sdtrace-wc]:-}") / $(ms "${STARTUP[strace-o]}")"
	else
		tgt "start-up, \`TRACER true\` wall: sdtrace --record / strace -f -o <= 1.0" "" 1.0 le x "no strace"
	fi
	tgt "first record after start < 20 ms" "$(awk -v n="$FIRST_NS" 'BEGIN { if (n != "") printf "%.1f", n / 1e6 }')" 20 lt " ms"
	tgt "first record after start with --cache < 20 ms" "$(awk -v n="$FIRST_CACHE_NS" 'BEGIN { if (n != "") printf "%.1f", n / 1e6 }')" 20 lt " ms"
	for wl in getppid threads; do
		t="1 thread"; [ $wl = threads ] && t="$NTHREADS threads"
		if case " $TRACERS " in *" bpftrace "*) true ;; *) false ;; esac; then
			tgt "getppid loop's own time, $t: sdtrace --record / bpftrace counting at both tracepoints <= 0.8" \
				"$(tr_ratio $wl sdtrace-w bpftrace 4)" 0.8 le x \
				"$(secs "$(med_of $wl sdtrace-w 4)") / $(secs "$(med_of $wl bpftrace 4)"); -o $(tr_ratio $wl sdtrace-o bpftrace 4)x, -c $(tr_ratio $wl sdtrace-c bpftrace 4)x"
		else
			tgt "getppid loop's own time, $t: sdtrace --record / bpftrace counting <= 0.8" "" 0.8 le x "no bpftrace"
		fi
	done
	for wl in $WORKLOADS; do
		d=''
		[ -n "${RECS[$wl]:-}" ] && [ -n "${DECNS[$wl]:-}" ] &&
			d=$(awk -v r="${RECS[$wl]}" -v n="${DECNS[$wl]}" 'BEGIN { if (n > 0) printf "%.2f", r / n * 1e3 }')
		tgt "decode of the --record trace >= 5 M records/s: ${WL_TITLE[$wl]}" "$d" 5 ge " M/s" \
			"${RECS[$wl]:-?} records"
	done
	tgt "make -j2 wall: sdtrace --record / untraced <= 1.05" "$(tr_ratio make sdtrace-w untraced 5)" 1.05 le x \
		"$(case " $TRACERS " in *" strace-o "*) echo "strace -f -o $(tr_ratio make strace-o untraced 5)x" ;; *) echo "no strace" ;; esac)"
	tgt "make -j2 wall with --cache: sdtrace --cache --record / untraced <= 1.05" "$(tr_ratio make sdtrace-wc untraced 5)" 1.05 le x
	# records lost: every timed run of this script plus loss.sh's default-buffer runs
	for m in o w c j; do
		[ $m = c ] && [ $SDC = 0 ] && continue
		a=0
		[ $m != j ] && a=$(awk -v m="sdtrace-$m" '$2 == m { s += $3 } END { print s + 0 }' "$WORK/sdstats")
		b=$(awk -v m=$m '$1 == m { s += $4 } END { print s + 0 }' "$WORK/loss.sum" 2>/dev/null)
		n=$(awk -v m=$m '$1 == m { n++ } END { print n + 0 }' "$WORK/loss.sum" 2>/dev/null)
		label=$(case $m in o) echo "text -o" ;; w) echo "--record" ;; c) echo "-c" ;; j) echo "-j -o" ;; esac)
		tgt "records lost = 0, $label, default buffers" "$((a + ${b:-0}))" 0 le "" \
			"$( [ $m != j ] && echo "$a in the timed runs, ")${b:-0} in $n loss.sh runs"
	done
	nok=$(awk '$5 != 1 { n++ } END { print n + 0 }' "$WORK/loss.sum" 2>/dev/null)
	nall=$(awk 'END { print NR }' "$WORK/loss.sum" 2>/dev/null)
	tgt "shown + lost = calls, every loss.sh run (runs where not)" "$( [ "${nall:-0}" -gt 0 ] && echo "${nok:-0}")" 0 le "" "of ${nall:-0}"
	mem=$(awk '$1 != "make" && $4 > m { m = $4 } END { print m + 0 }' "$WORK/sdstats")
	mem2=$(awk '$6 > m { m = $6 } END { print m + 0 }' "$WORK/loss.sum" 2>/dev/null)
	tgt "peak memory < 64 MB (max RSS of sdtrace, all modes, workloads but make, and loss.sh)" \
		"$(awk -v a="$mem" -v b="${mem2:-0}" 'BEGIN { m = a > b ? a : b; if (m) printf "%.1f", m / 1024 }')" 64 lt " MB"
} >"$WORK/goals.md"
{
	echo "| earlier target (sdtrace --record, workload time / untraced) | measured | |"
	echo "|---|---:|---|"
	tgt "getppid <= 3.0x" "$(tr_ratio getppid sdtrace-w untraced 4)" 3.0 le x
	tgt "openat/read/close <= 2.0x" "$(tr_ratio openread sdtrace-w untraced 4)" 2.0 le x
	tgt "$NTHREADS threads <= 5x" "$(tr_ratio threads sdtrace-w untraced 4)" 5 le x
	tgt "fork/exec tree <= 1.10x" "$(tr_ratio forktree sdtrace-w untraced 4)" 1.10 le x
} >"$WORK/targets.md"

# ---- report ------------------------------------------------------------------

{
	echo "## Results: \`$CMDLINE\`"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), sysdef commit $COMMIT$DIRTY, $(( $(date +%s) - START )) s"
	echo "- machine: $(nproc) CPUs ($CPU), $MEM RAM, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "- load average at start: $LOAD0; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- tools: $("$SDTRACE" -V)$(command -v strace >/dev/null && echo ", $(strace -V | head -n 1)")$(command -v perf >/dev/null && echo ", $(perf --version)")$(command -v bpftrace >/dev/null && echo ", $(bpftrace --version)")"
	echo "- each cell: median of $REPS run(s), and its ratio to the untraced median"
	echo
	echo "### Goals"
	echo
	cat "$WORK/goals.md"
	echo
	echo "Ratios are of medians from this one run. Loop workloads under strace are run at 1/$SCALE and scaled (see below)."
	echo
	echo "### Workload time (the traced program's own clock)"
	echo
	hdr="| workload |"; sep="|---|"
	for tr in $TRACERS; do hdr="$hdr ${TR_TITLE[$tr]} |"; sep="$sep---:|"; done
	echo "$hdr"; echo "$sep"
	for field in 4 5; do
		if [ $field = 5 ]; then
			echo
			echo "### Wall time of the whole command (includes the tracer's start-up and tear-down)"
			echo
			echo "$hdr"; echo "$sep"
		fi
		for wl in $WORKLOADS; do
			base=$(med_of "$wl" untraced $field)
			row="| ${WL_TITLE[$wl]} |"
			for tr in $TRACERS; do
				m=$(med_of "$wl" "$tr" $field)
				sc=$(awk -v w="$wl" -v t="$tr" '$1 == w && $2 == t && $7 == 1 { print "*"; exit }' "$RES")
				if [ $tr = sdtrace-c ] && [ $SDC = 0 ]; then
					row="$row n/a |"
				elif [ -z "$m" ]; then
					row="$row failed |"
				elif [ $tr = untraced ]; then
					row="$row $(secs "$m") |"
				else
					row="$row $(secs "$m")$sc ($(ratio "$m" "$base")x) |"
				fi
			done
			echo "$row"
		done
	done
	if grep -q ' 1$' "$RES"; then
		echo
		echo "\\* run at 1/$SCALE of the size (a 1M-call loop under strace or perf takes minutes); the loop's time is scaled x$SCALE, the tracer's fixed start-up cost is not."
	fi
	echo
	echo "### sdtrace's own figures"
	echo
	echo "| workload | records (--record) | bytes/record | events lost --record / -o / -c (all runs) | decode (--replay, records/s) | peak RSS --record / -o / -c | -o text bytes/record |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for wl in $WORKLOADS; do
		[ -n "${RECS[$wl]:-}" ] || continue
		lost='' rss=''
		for m in w o c; do
			[ $m = c ] && [ $SDC = 0 ] && continue
			lost="$lost${lost:+ / }$(awk -v w="$wl" -v m="sdtrace-$m" '$1 == w && $2 == m { s += $3 } END { print s + 0 }' "$WORK/sdstats")"
			rss="$rss${rss:+ / }$(awk -v w="$wl" -v m="sdtrace-$m" '$1 == w && $2 == m && $4 > x { x = $4 } END { printf "%.1f MB", x / 1024 }' "$WORK/sdstats")"
		done
		txt=$(awk -v s="$(cat "$WORK/$wl.txtsize" 2>/dev/null || echo 0)" -v r="${RECS[$wl]}" 'BEGIN { if (r) printf "%.1f", s / r }')
		echo "| ${WL_TITLE[$wl]} | ${RECS[$wl]} | $(awk -v b="${FBYTES[$wl]}" -v r="${RECS[$wl]}" 'BEGIN { printf "%.1f", b / r }') | $lost | $(awk -v r="${RECS[$wl]}" -v n="${DECNS[$wl]}" 'BEGIN { printf "%.2fM", r / n * 1e3 }') | $rss | $txt |"
	done
	echo
	echo "Peak RSS is /usr/bin/time's maximum resident set of sdtrace and the processes it waited for; for make it includes the compiler's. bytes/record is the --record stream file's size divided by its records (each record as the kernel wrote it, after an 8-byte CTF event header, padded to 8 bytes; docs/trace-format.md)."
	echo
	echo "### Start-up: wall time of \`TRACER true\` (median of $SU_REPS)"
	echo
	echo "| $(for tr in $TRACERS; do [ -n "${STARTUP[$tr]:-}" ] && printf '%s | ' "${TR_TITLE[$tr]}"; done)"
	echo "|$(for tr in $TRACERS; do [ -n "${STARTUP[$tr]:-}" ] && printf -- '---:|'; done)"
	echo "| $(for tr in $TRACERS; do [ -n "${STARTUP[$tr]:-}" ] && printf '%s | ' "$(awk -v n="${STARTUP[$tr]}" 'BEGIN { printf "%.0f ms", n / 1e6 }')"; done)"
	echo
	echo "sdtrace --record, from the start of its session (before loading) to the first record: $(awk -v n="$FIRST_NS" 'BEGIN { printf "%.1f ms", n / 1e6 }') (median of $SU_REPS)."
	[ -n "$PHASES" ] && echo && echo "sdtrace --record's start-up phases (SDTRACE_DEBUG=1, median of $SU_REPS): $PHASES."
	echo
	echo "With --cache, a later run takes the verified programs pinned by the first (runtime-user/cache.h): ready ${CACHE_READY:-?} ms after the session's start, first record $(awk -v n="$FIRST_CACHE_NS" 'BEGIN { printf "%.1f ms", n / 1e6 }') (medians of $SU_REPS)."
	if [ -n "$BPF_SD$BPF_BT" ]; then
		echo
		echo "In-kernel cost per call (kernel.bpf_stats_enabled=1, run_time_ns / run_cnt of the programs the tracer's process holds; getppid x${SIZE[getppid]}, separate runs; the runs include every other process's syscalls while loaded, which sdtrace filters out early and bpftrace counts):"
		echo
		echo "- sdtrace --record: ${BPF_SD:-no figure}. The recorders the dispatchers tail-call (sd_exit_scalars, the enter and exit bundles) are not counted on their own by bpf_stats: their time is in their caller's."
		[ -n "$BPF_BT" ] && echo "- bpftrace counting at both tracepoints: $BPF_BT."
	fi

	echo
	echo "### Losslessness: bench/loss.sh, default buffers"
	echo
	if [ -s "$WORK/loss.md" ]; then
		cat "$WORK/loss.md"
		echo
		echo "calls: what the workload made; shown: the lines of that call in the output (for --record: in its --replay; for -c: the calls column); lost: what sdtrace reported lost, by cause."
	else
		echo "bench/loss.sh printed nothing (see the notes)."
	fi
	echo
	echo "### Earlier targets"
	echo
	cat "$WORK/targets.md"
	if [ -s "$NOTES" ]; then
		echo
		echo "### Notes"
		echo
		cat "$NOTES"
	fi
	if [ $QUICK = 1 ]; then
		echo
		echo "Quick run: one repetition at 1/10 of the sizes; indicative only."
	fi
} >"$WORK/report.md"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/report.md" "$OUT"
cat "$WORK/report.md"
log "saved to $OUT"

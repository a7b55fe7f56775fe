#!/bin/sh
# SPDX-License-Identifier: MIT
#
# guest-e2e.sh BACKEND... - the end-to-end cases of tests/e2e/run.sh that
# need no strace, bash or python, run in the 6.1 guest (busybox sh) under
# each of sdtrace's backends (bpf, kmod).  Programs are in /e2e, sdtrace
# is /bin/sdtrace.  Prints "PASS BACKEND/name" / "FAIL BACKEND/name" (and
# the difference), then "N passed, M failed".
BIN=/e2e
T=/tmp/e2e
pass=0
fail=0

ok() { echo "PASS $B/$1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL $B/$1"
	shift
	for l in "$@"; do echo "$l"; done | sed 's/^/    /'
	fail=$((fail + 1))
}
check_diff() {	# NAME EXPECTED ACTUAL [PROBLEM]
	d=$(diff -u "$2" "$3" 2>&1 | head -n 40)
	if [ -z "$d" ] && [ -z "${4:-}" ]; then ok "$1"; else bad "$1" ${4:+"$4"} "$d"; fi
}
fresh() { rm -rf "$T/$1"; mkdir -p "$T/$1"; echo "$T/$1"; }
sd() { timeout 60 sdtrace $SDOPTS "$@"; }

run_case() {	# NAME SET PROG [ARGS]
	name=$1 set=$2
	shift 2
	E2E_EXPECTED=$T/$name.exp sd ${SFLAG:-} -e "trace=$set" -o "$T/$name.sd" "$@" \
		2>"$T/$name.err"
	rc=$?
	echo "+++ exited with 0 +++" >>"$T/$name.exp"
	p=
	[ $rc = 0 ] || p="sdtrace exit status $rc: $(head -c 300 "$T/$name.err")"
	check_diff "$name" "$T/$name.exp" "$T/$name.sd" "$p"
}

exit_case() {	# NAME WANT ARGS
	name=$1 want=$2
	shift 2
	(E2E_EXPECTED=$T/$name.exp sd -e trace=exit_group,kill -o "$T/$name.sd" \
		$BIN/t_exit "$@"; exit $?) 2>/dev/null
	rc=$?
	p=
	[ $rc = "$want" ] || p="sdtrace exit status $rc, want $want"
	check_diff "$name" "$T/$name.exp" "$T/$name.sd" "$p"
}

family_check() {	# NAME EXP OUT
	[ -s "$2" ] || { bad "$1" "the program wrote no expectations"; return; }
	grep -E '^[a-z0-9-]+-[0-9]+$' "$2" | sort >"$T/$1.want"
	sed -n 's|.*"/nonexistent/marker-\(.*\)-[0-9]*".*|\1|p' "$3" | sort >"$T/$1.got"
	check_diff "$1-markers" "$T/$1.want" "$T/$1.got"
	awk '{ pre = sprintf("%-5s ", $1)
	       if ($1 !~ /^[0-9]+$/ || substr($0, 1, length(pre)) != pre) { print "no pid column: " $0; next }
	       if (match($0, /marker-.*-[0-9]+"/)) {
	           m = substr($0, RSTART, RLENGTH - 1); sub(/.*-/, "", m)
	           if (m != $1) print "pid column " $1 " but the marker was made by " m ": " $0
	       } }' "$3" | head -n 10 >"$T/$1.pidcol"
	if [ -s "$T/$1.pidcol" ]; then bad "$1-pid-column" "$(cat "$T/$1.pidcol")"; else ok "$1-pid-column"; fi
	np=$(sed -n 's/^processes //p' "$2")
	nt=$(sed -n 's/^threads //p' "$2")
	ne=$(grep -cE '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' "$3")
	if [ "$ne" = $((np + nt)) ]; then
		ok "$1-exit-lines"
	else
		bad "$1-exit-lines" "$ne exit lines, want $((np + nt)) ($np processes, $nt threads)"
	fi
}

# storm_case NAME MUST_LOSE(yes|no|any) SDTRACE_OPTS... -- STORM_ARGS...
storm_case() {
	name=$1 must=$2 opts=
	shift 2
	while [ "$1" != -- ]; do opts="$opts $1"; shift; done
	shift
	E2E_EXPECTED=$T/$name.exp timeout 60 sdtrace $SDOPTS $opts -e trace=getppid \
		-o "$T/$name.sd" $BIN/t_storm "$@" 2>"$T/$name.err"
	rc=$?
	[ -s "$T/$name.exp" ] || echo "calls -1" >"$T/$name.exp"
	calls=$(sed -n 's/^calls //p' "$T/$name.exp")
	noexit=0
	grep -qxF "+++ exited with 0 +++" "$T/$name.sd" || noexit=1
	shown=$(grep -cxF "$(head -n 1 "$T/$name.exp")" "$T/$name.sd")
	lost=$(sed -n 's/^sdtrace: \([0-9]*\) events lost (.*)$/\1/p' "$T/$name.sd" |
		awk '{ s += $1 } END { print s + 0 }')
	p=
	[ $rc = 0 ] || p="sdtrace exit status $rc: $(head -c 300 "$T/$name.err")"
	[ $((shown + lost)) = $((calls + noexit)) ] ||
		p="$p; $calls calls (+$noexit lost exit), but $shown lines + $lost lost"
	case $must in
	yes) [ "$lost" -gt 0 ] || p="$p; nothing lost although the reader was stopped" ;;
	no) [ "$lost" = 0 ] || p="$p; $lost lost" ;;
	esac
	if [ -z "$p" ]; then ok "$name ($shown shown, $lost lost)"; else bad "$name" "$p"; fi
}

mkdir -p $T
for B in "$@"; do
	SDOPTS=
	[ "$B" = bpf ] || SDOPTS="--backend=$B"
	t0=$(date +%s)
	E2E_TMP=$(fresh open) run_case 01-open openat,close $BIN/t_open
	for s in 32 8 256; do
		E2E_STRSIZE=$s SFLAG="-s $s" run_case "02-rw-s$s" read,write $BIN/t_rw
	done
	E2E_TMP=$(fresh mmap) run_case 03-mmap mmap,munmap $BIN/t_mmap
	exit_case 04-exit-3 3 exit 3
	exit_case 04-killed 137 kill
	E2E_TMP=$(fresh unfaulted) run_case 05-unfaulted openat $BIN/t_unfaulted
	E2E_EXPECTED=$T/fam.exp sd -f -e trace=openat -o "$T/fam.sd" $BIN/t_family 2>"$T/fam.err"
	rc=$?
	[ $rc = 0 ] || bad 06-follow-status "sdtrace -f exited $rc: $(head -c 300 "$T/fam.err")"
	family_check 06-follow "$T/fam.exp" "$T/fam.sd"
	storm_case 07-loss-b4096 any --buffer-size 4096 -- 200000
	storm_case 07-loss-b8K-reader-stopped yes --buffer-size 8K -- 200000 stop
	storm_case 07-loss-exit-record yes --buffer-size 8K -- 200000 stop-exit
	storm_case 07-no-loss-default no -- 20000
	run_case 20-sigreturn read,readv,rt_sigreturn $BIN/t_sigret
	run_case 22-caps capget,capset $BIN/t_caps
	E2E_TMP=$(fresh fdn) SFLAG=-y run_case 12-fd-names \
		openat,read,dup2,close,pipe2,write,chdir,socket,socketpair $BIN/t_fdnames
	# both backends write the same records: decoded, the same text
	echo 0 >/proc/sys/kernel/randomize_va_space
	rm -rf "$T/same-$B.ctf"
	E2E_STRSIZE=32 E2E_EXPECTED=$T/same.exp sd -e trace=read,write --record "$T/same-$B.ctf" $BIN/t_rw 2>"$T/same.err"
	sdtrace --replay "$T/same-$B.ctf" >"$T/same-$B.txt" 2>&1
	echo 2 >/proc/sys/kernel/randomize_va_space
	if [ "$B" != bpf ] && [ -f "$T/same-bpf.txt" ]; then
		check_diff 13-same-records-as-bpf "$T/same-bpf.txt" "$T/same-$B.txt"
	fi
	# message headers copied through their pointers (sendmmsg's arrays of
	# them, control messages): the same lines from both backends
	echo 0 >/proc/sys/kernel/randomize_va_space
	sd -e trace=sendmsg,recvmsg,sendmmsg,recvmmsg -o "$T/msgs-$B.txt" $BIN/t_msgs 2>/dev/null
	echo 2 >/proc/sys/kernel/randomize_va_space
	if [ "$(grep -c 'msg_len=5' "$T/msgs-$B.txt")" != 2 ]; then
		bad 21-msgs "$(head -c 600 "$T/msgs-$B.txt")"
	elif [ "$B" != bpf ] && [ -f "$T/msgs-bpf.txt" ]; then
		check_diff 21-msgs-same-as-bpf "$T/msgs-bpf.txt" "$T/msgs-$B.txt"
	else
		ok 21-msgs
	fi
	# -c: the same calls and errors per syscall from both backends (the
	# module's counted from its records), times aside
	E2E_STRSIZE=32 E2E_EXPECTED=$T/c.exp sd -c -o "$T/c-$B.txt" $BIN/t_rw >/dev/null 2>&1
	awk 'NR > 2 && $1 !~ /^-/ { print $NF, (NF == 6 ? $(NF-2) " " $(NF-1) : $(NF-1) " 0") }' \
		"$T/c-$B.txt" | sort >"$T/c-$B.cols"
	if [ "$B" != bpf ] && [ -f "$T/c-bpf.cols" ]; then
		if [ -s "$T/c-$B.cols" ] && cmp -s "$T/c-bpf.cols" "$T/c-$B.cols"; then
			ok 13-c-same-counts
		else
			bad 13-c-same-counts "$(diff "$T/c-bpf.cols" "$T/c-$B.cols" | head -10)"
		fi
	fi
	# -T -i -k: the records' tails, the same from both backends (durations aside)
	echo 0 >/proc/sys/kernel/randomize_va_space
	E2E_STRSIZE=32 E2E_EXPECTED=$T/tik.exp sd -T -i -k -e trace=read,write \
		--record "$T/tik-$B.ctf" $BIN/t_rw 2>"$T/tik.err"
	sdtrace -T -i -k --replay "$T/tik-$B.ctf" 2>&1 |
		sed 's/ <[0-9]*\.[0-9]*>$/ <T>/' >"$T/tik-$B.txt"
	echo 2 >/proc/sys/kernel/randomize_va_space
	if grep -q '^\[0000[0-9a-f]*\] write(.* <T>$' "$T/tik-$B.txt" &&
	   grep -q '^ > /e2e/t_rw(main+0x' "$T/tik-$B.txt"; then
		ok 15-T-i-k
	else
		bad 15-T-i-k "$(head -n 12 "$T/tik-$B.txt")"
	fi
	if [ "$B" != bpf ] && [ -f "$T/tik-bpf.txt" ]; then
		check_diff 15-tails-same-as-bpf "$T/tik-bpf.txt" "$T/tik-$B.txt"
	fi
	# i386 calls: int $0x80 from x86_64 code, an i386 program (the same
	# lines from both backends, the pid aside)
	SFLAG="-e quiet=none" run_case 16-compat-int80 getpid,getppid,close,dup,lseek,kill,exit_group \
		$BIN/t_compat
	sd -e quiet=none -o "$T/i386-$B.raw" $BIN/t_i386 2>/dev/null
	pid=$(sed -n 's/^getpid() *= //p' "$T/i386-$B.raw")
	sed -e "s/=${pid:-NOPID} /=PID /" -e "s/= ${pid:-NOPID}\$/= PID/" \
		-e 's|\], 0x[0-9a-f]* /\*|], ENVP /*|' "$T/i386-$B.raw" >"$T/i386-$B.txt"
	if grep -q '^getuid32() *= 0$' "$T/i386-$B.txt"; then ok 16-compat-i386; else
		bad 16-compat-i386 "$(cat "$T/i386-$B.txt")"; fi
	if [ "$B" != bpf ] && [ -f "$T/i386-bpf.txt" ]; then
		check_diff 16-compat-i386-same-as-bpf "$T/i386-bpf.txt" "$T/i386-$B.txt"
	fi
	if [ "$B" = kmod ]; then
		if rmmod sdtrace_kmod 2>"$T/rmmod.err"; then ok 14-unload; else bad 14-unload "$(cat "$T/rmmod.err")"; fi
	fi
	echo "time $B $(($(date +%s) - t0)) s"
done
# per-call cost of getppid: untraced, then under each backend
# (3 rounds, alternating, to see the noise of TCG on a shared host)
if [ -n "${BENCH_N:-}" ]; then
	for round in 1 2 3; do
		line="getppid ns/call ($BENCH_N calls): untraced $($BIN/bench_getppid $BENCH_N)"
		for B in "$@"; do
			o=
			[ "$B" = bpf ] || o="--backend=$B"
			line="$line, $B $(sdtrace $o -e trace=getppid -o /dev/null \
				$BIN/bench_getppid $BENCH_N)"
		done
		echo "$line"
	done
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]

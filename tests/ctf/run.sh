#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run.sh BUILD_DIR - recorded traces (sdtrace --record / --replay, the
# Common Trace Format): the replay of a run prints what the run printed
# live, in every output mode; babeltrace2 reads the trace and counts the
# calls sdtrace printed; loss is reported; a cut or damaged trace decodes
# up to the damage and says where; a trace of older descriptions decodes.
# Prints "PASS name" / "FAIL name" per check, then "N passed, M failed".
# Needs root, eBPF and babeltrace2: anything missing is a failure.

if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
SDTRACE=$BUILD/sdtrace
T=$(mktemp -d /tmp/sdtrace-ctf.XXXXXX) || exit 2
TMO="timeout -k 2 30"
pass=0
fail=0
trap 'rm -rf "$T"' EXIT

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() {
	local name=$1
	shift
	echo "FAIL $name"
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'
	fail=$((fail + 1))
}
check_diff() {
	local name=$1 exp=$2 act=$3 d
	shift 3
	d=$(diff -u --label expected --label actual "$exp" "$act" | head -40)
	if [ -z "$d" ] && [ $# -eq 0 ]; then ok "$name"; else bad "$name" "$@" ${d:+"$d"}; fi
}

command -v babeltrace2 >/dev/null || bad preflight-babeltrace2 "babeltrace2 is not installed (scripts/install-deps.sh)"
cc -O1 -o "$T/t_storm" -I"$HERE/../e2e" "$HERE/../e2e/t_storm.c" || bad preflight-cc

PROG=(sh -c 'cat /etc/hostname >/dev/null; ls -d / /nonexistent >/dev/null 2>&1; echo x >/dev/null')

# ---- the same run, live and replayed, in each output mode ----
for mode in text:"-f" json:"-f -j" tt:"-f -tt" ttt-r:"-f -ttt -r" y:"-f -y" pid:"--always-show-pid -n"; do
	name=${mode%%:*}
	opts=${mode#*:}
	rm -rf "$T/$name.ctf"
	# shellcheck disable=SC2086
	$TMO "$SDTRACE" $opts --record "$T/$name.ctf" -o "$T/$name.live" "${PROG[@]}" 2>"$T/$name.err"
	# shellcheck disable=SC2086
	$TMO "$SDTRACE" $opts --replay "$T/$name.ctf" -o "$T/$name.replay" 2>>"$T/$name.err"
	[ -s "$T/$name.live" ] || echo "(no live lines)" >>"$T/$name.replay"
	if [ -s "$T/$name.err" ]; then
		bad "roundtrip-$name" "stderr: $(head -c 300 "$T/$name.err")"
	else
		check_diff "roundtrip-$name" "$T/$name.live" "$T/$name.replay"
	fi
done

# filters and summaries on replay
D=$T/text.ctf
$TMO "$SDTRACE" -f --replay "$D" -e trace=openat,close -o "$T/filter.out" 2>&1
grep -E '^[0-9]+ +(openat|close)\(|\+\+\+ |--- SIG' "$T/text.live" >"$T/filter.exp"
check_diff replay-filter "$T/filter.exp" "$T/filter.out"
$TMO "$SDTRACE" -f --replay "$D" -z -o "$T/z.out" 2>&1
grep -vE '= -1 E|= \?$|^[0-9]+ +\+\+\+' "$T/text.live" | grep -E '^[0-9]+ +[a-z_0-9]+\(' >"$T/z.exp"
grep -E '^[0-9]+ +[a-z_0-9]+\(' "$T/z.out" >"$T/z.got"
check_diff replay-successful-only "$T/z.exp" "$T/z.got"
$TMO "$SDTRACE" --replay "$D" -c -o "$T/c.out" 2>&1
calls=$(grep -cE '^[0-9]+ +[a-z_0-9]+\(' "$T/text.live")
# counted when they return, as strace -c: not the calls that never do (= ?)
returned=$(grep -E '^[0-9]+ +[a-z_0-9]+\(' "$T/text.live" | grep -cvE '= \?$')
got=$(awk '$NF == "total" { print $4 }' "$T/c.out")
if [ "$got" = "$returned" ]; then ok replay-summary; else
	bad replay-summary "-c total $got calls, the trace has $returned that returned" "$(head -5 "$T/c.out")"; fi
rm -f "$T"/ff.*
$TMO "$SDTRACE" -ff --replay "$D" -o "$T/ff" 2>&1
n=$(cat "$T"/ff.* 2>/dev/null | wc -l)
procs=$(ls "$T"/ff.* 2>/dev/null | wc -l)
if [ "$procs" -ge 3 ] && [ "$n" = "$(wc -l <"$T/text.live")" ]; then ok replay-ff; else
	bad replay-ff "$procs files, $n lines; live: $(wc -l <"$T/text.live") lines"; fi

# ---- babeltrace2 reads it: every call an event, no complaint ----
$TMO babeltrace2 "$D" >"$T/bt.out" 2>"$T/bt.err"
rc=$?
events=$(grep -vc '\] ([^)]*) [^ ]* sdtrace:' "$T/bt.out")
if [ $rc = 0 ] && [ ! -s "$T/bt.err" ] && [ "$events" = "$calls" ]; then ok babeltrace2-count; else
	bad babeltrace2-count "babeltrace2 exited $rc, $events call events; sdtrace printed $calls calls" \
		"$(head -c 600 "$T/bt.err")"; fi
grep -q 'openat: .*data = { "/etc/hostname" }' "$T/bt.out" && ok babeltrace2-strings ||
	bad babeltrace2-strings "no openat event with its path as a string" "$(grep -m2 openat "$T/bt.out" | cut -c1-300)"

# ---- loss while recording: in every packet, reported on replay ----
rm -rf "$T/loss.ctf"
E2E_EXPECTED=/dev/null $TMO "$SDTRACE" --buffer-size 4096 -e trace=getppid --record "$T/loss.ctf" \
	"$T/t_storm" 200000 stop >/dev/null 2>"$T/loss.live.err"
$TMO "$SDTRACE" --replay "$T/loss.ctf" -o /dev/null 2>"$T/loss.replay.err"
lost=$(grep -o '[0-9]* events lost (ring buffer full)' "$T/loss.live.err")
shown=$($TMO "$SDTRACE" --replay "$T/loss.ctf" 2>/dev/null | grep -c '^getppid()')
nlost=${lost%% *}
if [ -n "$lost" ] && grep -qF "sdtrace: $lost" "$T/loss.replay.err" &&
   [ $((shown + nlost)) = 200001 ]; then ok loss-reported; else
	bad loss-reported "live: $(cat "$T/loss.live.err")" "replay: $(cat "$T/loss.replay.err")" \
		"shown $shown + lost ${nlost:-?} != 200001"; fi
$TMO babeltrace2 "$T/loss.ctf" 2>&1 >/dev/null | grep -q 'discarded' && ok loss-babeltrace2 ||
	bad loss-babeltrace2 "babeltrace2 says nothing of discarded events"

# ---- damage: cut or changed anywhere, the records before, then one error ----
$TMO "$SDTRACE" --replay "$D" >"$T/full.out" 2>&1
size=$(stat -c %s "$D/stream")
problems=()
cp -r "$D" "$T/cut.ctf"
for i in $(seq 1 37); do
	at=$(( (size * i) / 38 ))
	head -c "$at" "$D/stream" >"$T/cut.ctf/stream"
	$TMO "$SDTRACE" --replay "$T/cut.ctf" >"$T/cut.out" 2>"$T/cut.err"
	rc=$?
	nerr=$(grep -c '^sdtrace: .*/stream: byte [0-9]*: ' "$T/cut.err")
	head -c "$(stat -c %s "$T/cut.out")" "$T/full.out" | cmp -s - "$T/cut.out" ||
		problems+=("cut at $at: the output is not the start of the whole trace's")
	[ $rc = 1 ] && [ "$nerr" = 1 ] && [ "$(wc -l <"$T/cut.err")" = 1 ] ||
		problems+=("cut at $at: exit $rc, stderr: $(head -c 200 "$T/cut.err")")
done
if [ ${#problems[@]} = 0 ]; then ok damage-cut; else bad damage-cut "${problems[@]}"; fi
problems=()
for i in $(seq 1 37); do
	at=$(( (size * i) / 38 + i ))
	cp "$D/stream" "$T/cut.ctf/stream"
	printf '\x5a' | dd of="$T/cut.ctf/stream" bs=1 seek="$at" conv=notrunc status=none
	cmp -s "$D/stream" "$T/cut.ctf/stream" && continue	# the same byte
	$TMO "$SDTRACE" --replay "$T/cut.ctf" >"$T/cut.out" 2>"$T/cut.err"
	rc=$?
	head -c "$(stat -c %s "$T/cut.out")" "$T/full.out" | cmp -s - "$T/cut.out" ||
		problems+=("byte $at changed: the output is not the start of the whole trace's")
	[ $rc = 1 ] && grep -q '^sdtrace: .*/stream: byte [0-9]*: ' "$T/cut.err" &&
		[ "$(wc -l <"$T/cut.err")" = 1 ] ||
		problems+=("byte $at changed: exit $rc, stderr: $(head -c 200 "$T/cut.err")")
done
if [ ${#problems[@]} = 0 ]; then ok damage-changed; else bad damage-changed "${problems[@]}"; fi
# a SIGKILLed recorder leaves whole packets
rm -rf "$T/kill.ctf"
"$SDTRACE" -e trace=getppid --record "$T/kill.ctf" "$T/t_storm" 3000000 >/dev/null 2>&1 &
sleep 1.5
kill -KILL $! 2>/dev/null
wait $! 2>/dev/null
$TMO "$SDTRACE" --replay "$T/kill.ctf" >"$T/kill.out" 2>"$T/kill.err"
rc=$?
if [ $rc -lt 2 ] && [ "$(grep -c '^getppid()' "$T/kill.out")" -gt 0 ]; then ok damage-killed-recorder; else
	bad damage-killed-recorder "replay exited $rc: $(head -c 300 "$T/kill.err")"; fi

# ---- a trace of older descriptions (tests/ctf/old: openat and read laid
# out otherwise) decodes with today's decoders ----
tar -C "$T" -xJf "$HERE/old/trace.tar.xz"
$TMO "$SDTRACE" --replay "$T/oldtrace" -o "$T/old.out" 2>"$T/old.err"
check_diff old-descriptions "$HERE/old/expected" "$T/old.out" ${T:+$(cat "$T/old.err")}

# ---- refusals ----
mkdir -p "$T/busy" && touch "$T/busy/notes"
if $TMO "$SDTRACE" --record "$T/busy" true 2>"$T/busy.err"; then
	bad record-refuses-busy-dir "--record into a directory of other files was accepted"
elif grep -q "^sdtrace: can't record into '.*': it exists" "$T/busy.err"; then ok record-refuses-busy-dir
else bad record-refuses-busy-dir "$(cat "$T/busy.err")"; fi
if $TMO "$SDTRACE" --replay "$T/nonexistent" 2>"$T/none.err"; then
	bad replay-missing "accepted"
elif grep -q "^sdtrace: .*nonexistent/metadata: No such file" "$T/none.err"; then ok replay-missing
else bad replay-missing "$(cat "$T/none.err")"; fi
[ "$(stat -c %a "$D/stream")" = 600 ] && [ "$(stat -c %a "$D")" = 700 ] && ok record-private ||
	bad record-private "modes $(stat -c %a "$D") $(stat -c %a "$D/stream")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

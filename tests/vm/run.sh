#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run.sh BUILD_DIR [BACKEND...] - sdtrace's end-to-end tests on Debian 12's
# 6.1 kernel, in qemu: fetches the kernel (scripts/vm/kernel.sh), builds
# the test programs statically, boots once and runs tests/vm/guest-e2e.sh
# there under each BACKEND (default: bpf, and kmod when BUILD_DIR/kmod/
# holds the module).  Fails on any failed case and on any BUG:, WARNING:,
# Oops or Call Trace in the guest's kernel log.  BENCH_N=N: also time N
# getppid calls untraced and under each backend.
set -u
[ $# -ge 1 ] && [ -x "$1/sdtrace" ] ||
	{ echo "usage: run.sh BUILD_DIR [BACKEND...] (BUILD_DIR/sdtrace built)" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
shift
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
VM=$BUILD/vm
CC=${CC:-cc}
t0=$(date +%s)
sh "$TOP/scripts/vm/kernel.sh" "$VM" >/dev/null || exit 1
sh "$TOP/scripts/vm/base.sh" "$VM" || exit 1
BACKENDS=${*:-bpf}
if [ $# = 0 ] && [ -f "$BUILD/kmod/sdtrace_kmod.ko" ]; then
	BACKENDS="bpf kmod"
fi
S=$(mktemp -d /tmp/sdvm-stage.XXXXXX) || exit 1
trap 'rm -rf "$S"' EXIT
mkdir -p "$S/e2e"
for p in t_open t_rw t_mmap t_exit t_unfaulted t_storm t_fdnames t_family t_sigret t_msgs t_caps; do
	extra=
	[ $p = t_family ] && extra=-pthread
	$CC -O1 -Wall -Wextra -Werror -static $extra -o "$S/e2e/$p" "$TOP/tests/e2e/$p.c" ||
		{ echo "FAIL build-$p"; exit 1; }
done
$CC -O1 -Wall -Wextra -Werror -static -o "$S/e2e/t_compat" "$TOP/tests/e2e/t_compat.c" ||
	{ echo "FAIL build-t_compat"; exit 1; }
$CC -O1 -Wall -Wextra -Werror -m32 -nostdlib -static -fno-pie -no-pie -fno-stack-protector \
	-o "$S/e2e/t_i386" "$TOP/tests/e2e/t_i386.c" || { echo "FAIL build-t_i386"; exit 1; }
$CC -O2 -static -o "$S/e2e/bench_getppid" "$HERE/bench_getppid.c" || exit 1
sh "$TOP/scripts/vm/stage.sh" "$S" "$BUILD/sdtrace" /bin/sdtrace || exit 1
# -k opens libdw when it is asked for (dlopen): ldd does not list it
dw=$(ldconfig -p | sed -n 's/^[[:space:]]*libdw\.so\.1 .*=> //p' | head -n 1)
[ -n "$dw" ] && sh "$TOP/scripts/vm/stage.sh" "$S" "$dw" "$dw" || { echo "run.sh: no libdw.so.1 to stage" >&2; exit 1; }
[ -f "$BUILD/kmod/sdtrace_kmod.ko" ] && cp "$BUILD/kmod/sdtrace_kmod.ko" "$S/bin/"
cp "$HERE/guest-e2e.sh" "$S/guest-e2e.sh"
echo "BENCH_N=${BENCH_N:-} sh /guest-e2e.sh $BACKENDS" > "$S/run.sh"
t1=$(date +%s)
SDVM_KLOG=$VM/klog.txt sh "$TOP/scripts/vm/boot.sh" "$VM" "$S"
rc=$?
echo "vm: kernel $(cat "$VM/kernel/kver"), backends: $BACKENDS; prepared in $((t1 - t0)) s, guest ran $(($(date +%s) - t1)) s; kernel log in $VM/klog.txt"
exit $rc

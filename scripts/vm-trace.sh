#!/bin/sh
# SPDX-License-Identifier: MIT
#
# vm-trace.sh [SDTRACE-OPTIONS --] PROGRAM [ARGS] - trace PROGRAM (copied
# into the guest with the shared libraries it needs; a static one is best)
# under sdtrace in Debian 12's 6.1 kernel in qemu, and print the trace on
# standard output (the program's own output goes to standard error).
#   SDTRACE_BACKEND  kmod (default) or bpf
#   BUILD            the build directory holding sdtrace (build)
# Exits with sdtrace's status; 99 if the guest's kernel log reports a
# BUG:, WARNING:, Oops or Call Trace.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${BUILD:-$TOP/build}" && pwd) || exit 2
BACKEND=${SDTRACE_BACKEND:-kmod}
opts=
for a in "$@"; do
	if [ "$a" = -- ]; then
		while [ "$1" != -- ]; do
			opts="$opts '$(printf %s "$1" | sed "s/'/'\\\\''/g")'"
			shift
		done
		shift
		break
	fi
done
[ $# -ge 1 ] || { echo "usage: vm-trace.sh [SDTRACE-OPTIONS --] PROGRAM [ARGS]" >&2; exit 2; }
prog=$(command -v "$1") || { echo "vm-trace.sh: no program $1" >&2; exit 2; }
shift
[ -x "$BUILD/sdtrace" ] || { echo "vm-trace.sh: build $BUILD/sdtrace first (make)" >&2; exit 2; }
if [ "$BACKEND" = kmod ] && [ ! -f "$BUILD/kmod/sdtrace_kmod.ko" ]; then
	echo "vm-trace.sh: build the module first (make kmod)" >&2
	exit 2
fi
sh "$TOP/scripts/vm/kernel.sh" "$BUILD/vm" >/dev/null || exit 1
sh "$TOP/scripts/vm/base.sh" "$BUILD/vm" || exit 1
S=$(mktemp -d /tmp/sdvm-trace.XXXXXX) || exit 1
trap 'rm -rf "$S"' EXIT
sh "$TOP/scripts/vm/stage.sh" "$S" "$BUILD/sdtrace" /bin/sdtrace || exit 1
sh "$TOP/scripts/vm/stage.sh" "$S" "$prog" "/prog/${prog##*/}" || exit 1
[ -f "$BUILD/kmod/sdtrace_kmod.ko" ] && cp "$BUILD/kmod/sdtrace_kmod.ko" "$S/bin/"
args=
for a in "$@"; do
	args="$args '$(printf %s "$a" | sed "s/'/'\\\\''/g")'"
done
# the trace (sdtrace's stderr) to our stdout, the program's stdout to our stderr
echo "${SDTRACE_DEBUG:+SDTRACE_DEBUG=1 }sdtrace --backend=$BACKEND $opts /prog/${prog##*/} $args 3>&1 1>&2 2>&3" > "$S/run.sh"
exec sh "$TOP/scripts/vm/boot.sh" "$BUILD/vm" "$S"

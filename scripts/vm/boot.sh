#!/bin/sh
# SPDX-License-Identifier: MIT
#
# boot.sh VMDIR STAGEDIR - boot the 6.1 guest (kernel.sh, base.sh) under
# qemu with STAGEDIR's files appended to its root (STAGEDIR/run.sh is what
# the guest runs, as root, in /root), and copy its output: the guest
# command's standard output and error to ours.  Exits with the command's
# status; 99 if the guest's kernel log has a BUG:, WARNING:, Oops or Call
# Trace (printed on standard error); 125 if the guest did not run it.
#   SDVM_TIMEOUT  seconds for the whole boot (300)
#   SDVM_SMP, SDVM_MEM  CPUs (2) and memory (512M) of the guest
#   SDVM_ACCEL    qemu accelerator (tcg)
#   SDVM_KLOG     keep the guest's kernel log in this file
#   SDVM_CMDLINE  extra kernel command line
# The serial console (boot messages) is left in VMDIR/console.log.
set -u
VMDIR=${1:?usage: boot.sh VMDIR STAGEDIR}
STAGE=${2:?usage: boot.sh VMDIR STAGEDIR}
K=$VMDIR/kernel
[ -f "$K/vmlinux" ] && [ -f "$VMDIR/base.cpio" ] ||
	{ echo "boot.sh: no kernel or base initramfs in $VMDIR (kernel.sh, base.sh)" >&2; exit 125; }
T=$(mktemp -d /tmp/sdvm.XXXXXX) || exit 125
trap 'rm -rf "$T"' EXIT
# newc archives concatenated unpack in order: the base, then this run's
(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$T/run.cpio" ||
	{ echo "boot.sh: cannot archive $STAGE" >&2; exit 125; }
cat "$VMDIR/base.cpio" "$T/run.cpio" > "$T/initrd"
: > "$T/out"; : > "$T/err"; : > "$T/klog"
timeout -k 5 "${SDVM_TIMEOUT:-300}" qemu-system-x86_64 -accel "${SDVM_ACCEL:-tcg}" \
	-smp "${SDVM_SMP:-2}" -m "${SDVM_MEM:-512M}" -no-reboot -display none -monitor none \
	-serial "file:$VMDIR/console.log" -serial "file:$T/out" -serial "file:$T/err" \
	-serial "file:$T/klog" -kernel "$K/vmlinux" -initrd "$T/initrd" \
	-append "console=ttyS0 panic=-1 quiet ${SDVM_CMDLINE:-}" </dev/null >"$T/qemu.log" 2>&1
qrc=$?
cat "$T/out"
cat "$T/err" >&2
[ -n "${SDVM_KLOG:-}" ] && cp "$T/klog" "$SDVM_KLOG"
rc=$(sed -n 's/.*SDVM-RC \([0-9]*\).*/\1/p' "$T/klog" | head -n 1)
if [ -z "$rc" ] || ! grep -q SDVM-END "$T/klog"; then
	echo "boot.sh: the guest did not finish (qemu status $qrc); its console:" >&2
	# SeaBIOS prints terminal escapes and CRs
	sed 's/\x1b[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g; s/\r//g' "$VMDIR/console.log" | tail -n 30 >&2
	cat "$T/qemu.log" >&2
	exit 125
fi
bad=$(grep -E 'BUG:|WARNING:|Oops|Call Trace' "$T/klog")
if [ -n "$bad" ]; then
	echo "boot.sh: the guest's kernel log reports a problem:" >&2
	grep -E -A 30 'BUG:|WARNING:|Oops|Call Trace' "$T/klog" | head -n 60 >&2
	exit 99
fi
exit "$rc"

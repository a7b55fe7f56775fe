#!/bin/sh
# SPDX-License-Identifier: MIT
#
# base.sh VMDIR - the guest's base initramfs, VMDIR/base.cpio: static
# busybox and an /init that runs /run.sh (from a per-run archive appended
# after this one) with its standard output on the second serial port,
# its standard error on the third, then its exit status and the kernel log
# on the fourth, and powers off.
set -eu
VMDIR=${1:?usage: base.sh VMDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
BB=${BUSYBOX:-/bin/busybox}
OUT=$VMDIR/base.cpio
[ -f "$OUT" ] && [ "$OUT" -nt "$HERE/init" ] && [ "$OUT" -nt "$BB" ] && exit 0
[ -x "$BB" ] && ! readelf -l "$BB" 2>/dev/null | grep -q INTERP ||
	{ echo "base.sh: $BB is not a static busybox (install busybox-static)" >&2; exit 1; }
R=$(mktemp -d)
trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/sbin" "$R/dev" "$R/proc" "$R/sys" "$R/tmp" "$R/root" \
	"$R/etc" "$R/lib" "$R/lib64" "$R/usr/bin" "$R/usr/lib" "$R/run"
cp "$BB" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
cp "$HERE/init" "$R/init"
chmod 755 "$R/init"
echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"
echo 'root:x:0:' > "$R/etc/group"
mkdir -p "$VMDIR"
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"

#!/bin/sh
# SPDX-License-Identifier: MIT
#
# kernel.sh VMDIR - Debian 12's current 6.1 kernel for the test guest, from
# Debian's registry: the version linux-image-amd64 depends on today,
# resolved at every run and cached under VMDIR/kernel-KVER/:
#   vmlinux   the uncompressed kernel (qemu boots it through its PVH entry,
#             skipping the decompressor, which is slow under TCG)
#   config    its configuration
#   headers   the tree modules are built against (make -C headers M=DIR)
# VMDIR/kernel links to the current one.  Prints KVER.
set -eu
VMDIR=${1:?usage: kernel.sh VMDIR}
mkdir -p "$VMDIR"
VMDIR=$(cd "$VMDIR" && pwd)

resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(6\.1\.[0-9.-]*-amd64\)$/\1/p' | head -n 1
}

KVER=$(resolve)
if [ -z "$KVER" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	KVER=$(resolve)
fi
if [ -z "$KVER" ]; then
	# no registry: the kernel fetched last, if any
	if [ -f "$VMDIR/kernel/.done" ]; then
		cat "$VMDIR/kernel/kver"
		exit 0
	fi
	echo "kernel.sh: apt-cache knows no linux-image-amd64 for 6.1 (not Debian 12?)" >&2
	exit 1
fi
K=$VMDIR/kernel-$KVER
if [ ! -f "$K/.done" ]; then
	rm -rf "$K"
	mkdir -p "$K/deb" "$K/root"
	chown _apt "$K/deb" 2>/dev/null || true	# apt-get download drops root to _apt
	get() {
		(cd "$K/deb" && apt-get download -q "$@" >/dev/null)
	}
	pkgs="linux-image-$KVER linux-headers-$KVER"
	common=$(apt-cache depends "linux-headers-$KVER" |
		sed -n 's/^ *Depends: \(linux-headers-.*-common\|linux-kbuild-.*\)$/\1/p')
	if ! get $pkgs $common; then
		apt-get update -qq >/dev/null 2>&1 || true
		get $pkgs $common
	fi
	# the image: only the kernel and its config, not its modules
	dpkg-deb --fsys-tarfile "$K"/deb/linux-image-"$KVER"_*.deb |
		tar -x -C "$K/root" ./boot
	for d in "$K"/deb/linux-headers-*.deb "$K"/deb/linux-kbuild-*.deb; do
		dpkg-deb -x "$d" "$K/root"
	done
	# the headers' Makefile includes the common tree by its absolute path
	sed -i "s|/usr/src/|$K/root/usr/src/|" "$K/root/usr/src/linux-headers-$KVER/Makefile"
	ln -s "root/usr/src/linux-headers-$KVER" "$K/headers"
	cp "$K/root/boot/config-$KVER" "$K/config"
	# vmlinux: the xz stream inside the bzImage (in a UTF-8 locale grep
	# finds no such bytes)
	z=$K/root/boot/vmlinuz-$KVER
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$z" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || { echo "kernel.sh: no xz stream in $z" >&2; exit 1; }
	tail -c +$((off + 1)) "$z" | xz -dc --single-stream > "$K/vmlinux"
	[ "$(head -c 4 "$K/vmlinux" | od -An -c | tr -d ' ')" = "177ELF" ] ||
		{ echo "kernel.sh: $z did not hold an ELF vmlinux" >&2; exit 1; }
	rm -rf "$K/deb" "$K/root/lib/modules"
	echo "$KVER" > "$K/kver"
	touch "$K/.done"
fi
ln -sfn "kernel-$KVER" "$VMDIR/kernel"
echo "$KVER"

#!/bin/sh
# Install the Debian packages sysdef needs to build and test, if missing.
set -eu
pkgs="make gcc flex bison libcmocka-dev pkg-config clang llvm libbpf-dev bpftool libelf-dev libdw-dev zlib1g-dev strace babeltrace2 xz-utils diffutils coreutils debian-archive-keyring qemu-system-x86 busybox-static cpio libssl3 libelf1 gcc-12"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

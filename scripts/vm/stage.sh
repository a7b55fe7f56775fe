#!/bin/sh
# SPDX-License-Identifier: MIT
#
# stage.sh STAGEDIR FILE [DEST] - copy program FILE into the guest's root
# STAGEDIR (as DEST, default /bin/NAME) with the shared libraries and the
# loader it needs, at the paths it looks for them.
set -eu
S=${1:?usage: stage.sh STAGEDIR FILE [DEST]}
F=${2:?usage: stage.sh STAGEDIR FILE [DEST]}
D=${3:-/bin/$(basename "$F")}
mkdir -p "$S$(dirname "$D")"
cp -L "$F" "$S$D"
chmod 755 "$S$D"
# "libx.so => /lib/libx.so (0x..)" and "/lib64/ld-linux-x86-64.so.2 (0x..)"
ldd "$F" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p' |
while read -r lib; do
	mkdir -p "$S$(dirname "$lib")"
	[ -e "$S$lib" ] || cp -L "$lib" "$S$lib"
done

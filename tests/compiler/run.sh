#!/bin/sh
# Compiler tests: generated C compiles warning-free and its static assertions
# hold or fail as they should; output is deterministic and all-or-nothing;
# the CLI's exit codes; any bytes give diagnostics, never a crash.
# Usage: run.sh BUILD_DIR "CC FLAGS..."
set -u
build=$1
cc=$2
sysdefc=$build/sysdefc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -f "$tmp/log" ] && head -20 "$tmp/log"; }
# Each check's output is kept in $tmp/last for the next check to inspect.
check() { name=$1; shift; if "$@" >"$tmp/log" 2>&1; then ok "$name"; else bad "$name"; fi; cp "$tmp/log" "$tmp/last"; }
check_not() { name=$1; shift; if "$@" >"$tmp/log" 2>&1; then bad "$name"; else ok "$name"; fi; cp "$tmp/log" "$tmp/last"; }

# Compile a generated directory's userspace C (and its static assertions).
compile_gen() {
	$cc -Iruntime-user -Iruntime-kernel -I"$1" -c "$1/sd_decoders.c" -o "$1/dec.o" &&
	$cc -Iruntime-user -Iruntime-kernel -I"$1" -c "$1/sd_table.c" -o "$1/table.o"
}

# The founding paper's record compiles unchanged, and so does its C,
# including the eBPF recorders.
check "paper open record compiles" $sysdefc -o "$tmp/paper" examples/open.sysdef
check "paper record's C compiles with -Werror" compile_gen "$tmp/paper"
bpf_compile() {
	mkdir -p "$tmp/bpf" && cp "$build/vmlinux.h" "$tmp/bpf/" &&
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror -I"$tmp/bpf" -I"$1" \
		-Iruntime-kernel -c runtime-kernel/sdtrace.bpf.c -o "$tmp/bpf/x.bpf.o"
}
check "paper record's eBPF recorders compile" bpf_compile "$tmp/paper"

# The project's descriptions.
check "syscall descriptions compile" $sysdefc -o "$tmp/all" syscalls/all.sysdef
check "their C compiles with -Werror" compile_gen "$tmp/all"

# Static assertions catch what the headers contradict.
check "bad struct layout: sysdefc accepts it" $sysdefc -o "$tmp/layout" tests/compiler/bad-layout.sysdef
check_not "bad struct layout: C compile fails" compile_gen "$tmp/layout"
cp "$tmp/last" "$tmp/layout.err"
check "...with the field named" grep -q "struct stat: field st_size is misplaced" "$tmp/layout.err"
# ... at the field's own line in the description (#line)
check "...at bad-layout.sysdef:7, the field's line" \
	grep -q '^tests/compiler/bad-layout.sysdef:7:.*st_size is misplaced' "$tmp/layout.err"
$sysdefc -o "$tmp/field" tests/compiler/bad-field.sysdef
check_not "flag field value outside its mask fails" compile_gen "$tmp/field"
check "...with the value named" grep -q "O_CREAT lies outside the field O_ACCMODE" "$tmp/last"
$sysdefc -o "$tmp/enum" tests/compiler/duplicate-enum.sysdef
check_not "duplicate enum value fails" compile_gen "$tmp/enum"
check "...as a duplicate case" grep -q "duplicate case value" "$tmp/last"

# Determinism: same input, byte-identical output.
$sysdefc -o "$tmp/det1" syscalls/all.sysdef
$sysdefc -o "$tmp/det2" syscalls/all.sysdef
check "output is deterministic" diff -r "$tmp/det1" "$tmp/det2"

# Unchanged outputs keep their timestamps (make rebuilds nothing).
touch -d '2001-01-01' "$tmp/det1"/*
$sysdefc -o "$tmp/det1" syscalls/all.sysdef
check "unchanged files are not rewritten" test -z "$(find "$tmp/det1" -type f -newer "$tmp/det2/sd_table.c")"

# All or nothing: a failing run leaves the output as it was.
cp -r "$tmp/det1" "$tmp/keep"
printf 'read.\nfoo_t x\nlong return_value\n' > "$tmp/bad.sysdef"
check_not "bad input fails" $sysdefc -o "$tmp/det1" syscalls/all.sysdef "$tmp/bad.sysdef"
check "bad input leaves the output untouched" diff -r "$tmp/keep" "$tmp/det1"
check "no temporary files left" test -z "$(find "$tmp/det1" -name '.sysdefc*')"
: > "$tmp/notadir"
check_not "output path that is a file fails" $sysdefc -o "$tmp/notadir" examples/open.sysdef

# Includes are read once, however their path is spelt.
mkdir -p "$tmp/inc"
printf 'include "./self.sysdef"\ninclude "../inc/self.sysdef"\nclose.\n@fd int fd\nlong return_value\n' > "$tmp/inc/self.sysdef"
check "a file including itself is read once" $sysdefc --check "$tmp/inc/self.sysdef"

# Exit codes: 0 ok, 1 input errors, 2 usage.
exit_is() { want=$1; shift; "$@" >/dev/null 2>&1; [ $? -eq "$want" ]; }
check "--help exits 0" exit_is 0 $sysdefc --help
check "--help prints usage" sh -c "$sysdefc --help | grep -q 'Usage: sysdefc'"
check "--version exits 0" exit_is 0 $sysdefc --version
check "no input is a usage error (2)" exit_is 2 $sysdefc -o "$tmp/x"
check "no output is a usage error (2)" exit_is 2 $sysdefc examples/open.sysdef
check "bad option is a usage error (2)" exit_is 2 $sysdefc --frobnicate
check "missing file is an input error (1)" exit_is 1 $sysdefc --check "$tmp/missing.sysdef"
check "a directory is an input error (1)" exit_is 1 $sysdefc --check "$tmp"
check "empty file is fine (0)" exit_is 0 $sysdefc --check tests/diag/empty.sysdef

# Any bytes: diagnostics and exit 1, never a crash (exit >= 128) or a hang.
awk 'BEGIN { srand(7); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' > "$tmp/garbage.sysdef"
check "random bytes: exit 1" exit_is 1 timeout 10 $sysdefc --check "$tmp/garbage.sysdef"
head -c 100000 /dev/zero > "$tmp/nul.sysdef"
check "NUL bytes: exit 1" exit_is 1 timeout 10 $sysdefc --check "$tmp/nul.sysdef"
awk 'BEGIN { printf "read.\nint "; for (i = 0; i < 1048576; i++) printf "x"; printf "\nlong return_value\n" }' > "$tmp/longid.sysdef"
check "1 MB identifier: exit 1" exit_is 1 timeout 10 $sysdefc --check "$tmp/longid.sysdef"
check "...and says so" sh -c "$sysdefc --check $tmp/longid.sysdef 2>&1 | grep -q 'identifier is 1048576 bytes long'"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "read.\n@bogus int x%d\nlong return_value\n", i }' > "$tmp/errs.sysdef"
check "error flood stops at 100" sh -c "$sysdefc --check $tmp/errs.sysdef 2>&1 | grep -q 'too many errors (100), stopping'"

# Hostile input (issue 12): never a hang or a silent success; one clear,
# located error.
mkfifo "$tmp/fifo"
printf 'include "fifo"\n' > "$tmp/inc-fifo.sysdef"
check "including a FIFO fails at once (1)" exit_is 1 timeout 10 $sysdefc --check "$tmp/inc-fifo.sysdef"
check "...at the include line, saying why" sh -c "timeout 10 $sysdefc --check $tmp/inc-fifo.sysdef 2>&1 |
	grep -q '^$tmp/inc-fifo.sysdef:1:1: error: cannot read .*fifo.: a FIFO, not a regular file'"
check "a FIFO named on the command line fails at once (1)" exit_is 1 timeout 10 $sysdefc --check "$tmp/fifo"
check "a device fails at once (1)" exit_is 1 timeout 10 $sysdefc --check /dev/zero
{ printf '# '; head -c 1048576 /dev/zero; printf '\n'; } > "$tmp/nul1m.sysdef"
check "1 MB of NULs in a comment: exit 1 at once" exit_is 1 timeout 10 $sysdefc --check "$tmp/nul1m.sysdef"
check "...with one error: a binary file" sh -c "test \$(timeout 10 $sysdefc --check $tmp/nul1m.sysdef 2>&1 |
	grep -c ':1:3: error: NUL byte at offset 2: a binary file') -eq 1"
awk 'BEGIN { srand(12); for (i = 0; i < 1048576; i++) printf "%c", int(rand() * 256) }' > "$tmp/bin1m"
printf 'read.\n@fd int fd\nlong return_value\ninclude "bin1m"\n' > "$tmp/inc-bin.sysdef"
check "including 1 MB of binary: exit 1 at once" exit_is 1 timeout 10 $sysdefc --check "$tmp/inc-bin.sysdef"
check "...with one error: a binary file" sh -c "test \$(timeout 10 $sysdefc --check $tmp/inc-bin.sysdef 2>&1 |
	grep -c 'error: NUL byte at offset .*: a binary file') -eq 1"
printf 'read.\r\n@fd int fd\r\nlong return_value\r\n' > "$tmp/crlf.sysdef"
check "CR LF line ends are fine" $sysdefc --check "$tmp/crlf.sysdef"
printf 'read.\r@fd int fd\rlong return_value\r' > "$tmp/cr.sysdef"
check "CR-only line ends fail (1), not compile to nothing" exit_is 1 $sysdefc -o "$tmp/cr" "$tmp/cr.sysdef"
check_not "no syscall record: -o fails" $sysdefc -o "$tmp/none" tests/diag/empty.sysdef
check "...saying so" grep -q 'no syscall record in the input: nothing to generate' "$tmp/last"
check "...and writes nothing" test ! -e "$tmp/none"

# A target in DIR that cannot be replaced: DIR is left as it was, whole.
$sysdefc -o "$tmp/half" examples/open.sysdef
cp -r "$tmp/half" "$tmp/half.keep"
rm "$tmp/half/sd_table.c" && mkdir "$tmp/half/sd_table.c"
check_not "a directory in place of an output fails" $sysdefc -o "$tmp/half" syscalls/all.sysdef
check "...naming it" grep -q "half/sd_table.c': it is a directory" "$tmp/last"
check "...before any file is replaced" diff -r -x sd_table.c "$tmp/half.keep" "$tmp/half"
rmdir "$tmp/half/sd_table.c" && cp "$tmp/half.keep/sd_table.c" "$tmp/half/"
# A rename that fails midway (the last file immutable): the files already
# moved are put back.
if chattr +i "$tmp/half/sd_syscalls.md" 2>/dev/null; then
	check_not "a rename failing midway fails" $sysdefc -o "$tmp/half" syscalls/all.sysdef
	chattr -i "$tmp/half/sd_syscalls.md"
	check "...and rolls back the files already moved" diff -r "$tmp/half.keep" "$tmp/half"
	check "...leaving no temporary files" test -z "$(find "$tmp/half" -name '.sysdefc*')"
else
	echo "SKIP rollback after a failed rename (chattr +i does not work here)"
fi
check "with the obstacle gone, the output is replaced" $sysdefc -o "$tmp/half" syscalls/all.sysdef
check "...whole" diff -r "$tmp/det2" "$tmp/half"

# 10,000 records (with a synthetic target that has 10,000 syscalls).
awk 'BEGIN { for (i = 0; i < 10000; i++) print "sc" i }' > "$tmp/names"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "sc%d. %%file\n@fd int fd\n@path const char *p\n@out @buffer(return_value) char *b\nlong return_value\n\n", i }' > "$tmp/big.sysdef"
check "10,000 records compile" timeout 60 $sysdefc --syscalls "$tmp/names" -o "$tmp/big" "$tmp/big.sysdef"
check "...into 10,000 table rows" sh -c "test \$(grep -c '{ __NR_sc' $tmp/big/sd_table.c) -eq 10000"

echo "compiler: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

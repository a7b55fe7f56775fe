/* SPDX-License-Identifier: MIT */
/*
 * t_compat - an x86_64 program that makes i386 syscalls with int $0x80
 * (eax: the i386 number; ebx, ecx, edx, esi, edi, ebp: the arguments)
 * between x86_64 ones.  strace decodes them with the i386 table and says
 * "[ Process PID=N runs in 32 bit mode. ]" at each change of personality,
 * traced call or not (the case runs with -e quiet=none: -o hides them).
 * Only calls with scalar arguments are traced: their lines are strace's.
 */
#include <signal.h>

#include "e2e.h"

#define I386_EXIT_GROUP	252
#define I386_GETPID	20
#define I386_GETPPID	64
#define I386_CLOSE	6
#define I386_DUP	41
#define I386_LSEEK	19
#define I386_KILL	37

static long i386_call(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

static void pers(int pid, int bits)
{
	expect_raw("[ Process PID=%d runs in %d bit mode. ]", pid, bits);
}

int main(void)
{
	int pid = (int)syscall(SYS_getpid), ppid;

	expect(ret_int(pid), "getpid()");
	pers(pid, 32);
	expect(ret_int(i386_call(I386_GETPID, 0, 0, 0)), "getpid()");
	i386_call(I386_CLOSE, -1, 0, 0);
	expect("-1 EBADF (Bad file descriptor)", "close(-1)");
	i386_call(I386_DUP, 99, 0, 0);
	expect("-1 EBADF (Bad file descriptor)", "dup(99)");
	i386_call(I386_LSEEK, -1, -5, SEEK_CUR);
	expect("-1 EBADF (Bad file descriptor)", "lseek(-1, -5, SEEK_CUR)");
	expect(ret_int(i386_call(I386_KILL, pid, 0, 0)), "kill(%d, 0)", pid);
	ppid = (int)syscall(SYS_getppid);
	pers(pid, 64);
	expect(ret_int(ppid), "getppid()");
	pers(pid, 32);
	expect(ret_int(i386_call(I386_GETPPID, 0, 0, 0)), "getppid()");
	/* what comes after the expectations are written: */
	pers(pid, 64);		/* expect_flush()'s open */
	pers(pid, 32);
	expect("?", "exit_group(0)");
	expect_flush();
	i386_call(I386_EXIT_GROUP, 0, 0, 0);
	return 1;
}

/* SPDX-License-Identifier: MIT */
/*
 * t_i386 - an i386 program (gcc -m32 -nostdlib: no 32-bit libc needed):
 * its calls, after the x86_64 execve that starts it, are i386 ones.  The
 * harness compares sdtrace's lines with strace's.
 */
static long sc(long nr, long a, long b, long c)
{
	long r;

	asm volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

void _start(void);

void _start(void)
{
	sc(20, 0, 0, 0);		/* getpid */
	sc(6, -1, 0, 0);		/* close */
	sc(199, 0, 0, 0);		/* getuid32 */
	sc(19, -1, -5, 1);		/* lseek */
	sc(252, 0, 0, 0);		/* exit_group */
	for (;;)
		;
}

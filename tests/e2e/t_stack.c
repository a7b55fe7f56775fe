/* SPDX-License-Identifier: MIT */
/*
 * t_stack - calls whose user stacks are known, for -k: built -O2
 * -fomit-frame-pointer (as Debian builds), dynamic, so the unwinder needs
 * the DWARF CFI of the program and of libc.  getppid() is called from
 * inner() <- outer() <- main(); writes those frames, innermost first, as
 * "(NAME+" lines to $E2E_EXPECTED: -k must show them in that order.
 */
#include "e2e.h"

__attribute__((noinline)) long inner(long x)
{
	volatile char pad[64];

	pad[0] = (char)x;
	return getppid() + pad[0];	/* through libc: getppid's own frame first */
}

__attribute__((noinline)) long outer(long x)
{
	long r = inner(x + 1);

	__asm__ volatile("" ::: "memory");	/* no tail call */
	return r * 3;
}

int main(int argc, char **argv)
{
	long r;

	(void)argv;
	r = outer(argc);
	expect_raw("(getppid+");
	expect_raw("(inner+");
	expect_raw("(outer+");
	expect_raw("(main+");
	expect_flush();
	return (int)(r & 0);
}

/* SPDX-License-Identifier: MIT */
/* Workload 1: N getppid calls (default 1,000,000): the cheapest syscall. */
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 1, 1000000);
	uint64_t t0 = bench_now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	bench_report("getppid", n, bench_now_ns() - t0);
	return 0;
}

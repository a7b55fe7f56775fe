/* SPDX-License-Identifier: MIT */
/* Workload 3: N one-byte writes to /dev/null (default 1,000,000). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 1, 1000000);
	int fd = open("/dev/null", O_WRONLY);
	uint64_t t0;

	if (fd < 0) {
		perror("/dev/null");
		return 1;
	}
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (write(fd, "x", 1) != 1) {
			perror("write");
			return 1;
		}
	bench_report("devnull-write", n, bench_now_ns() - t0);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Workload 2: N openat/read/close of a small file (default 200,000).
 * The file (argv[2], default /tmp/sysdef-bench-small.txt) is created with
 * 64 bytes before the clock starts.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 1, 200000);
	const char *path = argc > 2 ? argv[2] : "/tmp/sysdef-bench-small.txt";
	char buf[256];
	int fd;
	uint64_t t0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'a', 63);
	buf[63] = '\n';
	if (fd < 0 || write(fd, buf, 64) != 64 || close(fd)) {
		perror(path);
		return 1;
	}
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0 || read(fd, buf, sizeof(buf)) != 64) {
			perror(path);
			return 1;
		}
		close(fd);
	}
	bench_report("openat-read-close", n, bench_now_ns() - t0);
	return 0;
}

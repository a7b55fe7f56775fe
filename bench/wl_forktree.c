/* SPDX-License-Identifier: MIT */
/*
 * Workload 5: a fork/exec tree of N short processes (default 2,000): the
 * root forks W workers (default 4), each of which forks and execs
 * /bin/true N/W times, one after the other.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int run_true(void)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (!pid) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 1, 2000);
	long w = bench_arg(argc, argv, 2, 4);
	long per = n / w, failed = 0;
	uint64_t t0 = bench_now_ns();

	for (long i = 0; i < w; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (!pid) {
			for (long j = 0; j < per; j++)
				if (run_true())
					_exit(1);
			_exit(0);
		}
	}
	for (long i = 0; i < w; i++) {
		int st;

		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
	}
	if (failed) {
		fprintf(stderr, "wl_forktree: %ld workers failed\n", failed);
		return 1;
	}
	bench_report("fork-exec-tree", per * w, bench_now_ns() - t0);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Workload 4: T threads (default 8) making N syscalls in all (default
 * 1,000,000, split evenly): getppid at full speed, started together.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

static pthread_barrier_t start;
static long per_thread;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);
	for (long i = 0; i < per_thread; i++)
		syscall(SYS_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 1, 1000000);
	long t = bench_arg(argc, argv, 2, 8);
	pthread_t tids[256];
	uint64_t t0;

	if (t > 256)
		t = 256;
	per_thread = n / t;
	pthread_barrier_init(&start, NULL, (unsigned int)t + 1);
	for (long i = 0; i < t; i++)
		if (pthread_create(&tids[i], NULL, worker, NULL)) {
			fputs("pthread_create failed\n", stderr);
			return 1;
		}
	t0 = bench_now_ns();
	pthread_barrier_wait(&start);
	for (long i = 0; i < t; i++)
		pthread_join(tids[i], NULL);
	bench_report("threads", per_thread * t, bench_now_ns() - t0);
	return 0;
}

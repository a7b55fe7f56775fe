/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what every benchmark workload shares: a monotonic clock
 * (vDSO, so timing adds no syscall) and the one result line the harness
 * (bench/run.sh) reads from stdout:  "bench NAME ops=N ns=T".
 */
#ifndef SD_BENCH_H
#define SD_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* argv[i] as a positive count, or @def when absent. */
static inline long bench_arg(int argc, char **argv, int i, long def)
{
	char *end;
	long v;

	if (argc <= i)
		return def;
	v = strtol(argv[i], &end, 10);
	if (*end || v <= 0) {
		fprintf(stderr, "%s: bad count '%s'\n", argv[0], argv[i]);
		exit(2);
	}
	return v;
}

static inline void bench_report(const char *name, long ops, uint64_t ns)
{
	printf("bench %s ops=%ld ns=%llu\n", name, ops, (unsigned long long)ns);
	fflush(stdout);
}

#endif

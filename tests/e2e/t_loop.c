/* SPDX-License-Identifier: MIT */
/*
 * t_loop - case 8: a program to attach to.  Every 10 ms it writes
 * "tick N\n" to stdout, for at most 20 s (the harness kills it sooner).
 */
#include <time.h>

#include "e2e.h"

int main(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char line[32];

	for (int i = 0; i < 2000; i++) {
		int n = snprintf(line, sizeof(line), "tick %d\n", i);

		if (write(1, line, (size_t)n) != n)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

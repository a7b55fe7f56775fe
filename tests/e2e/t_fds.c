/* SPDX-License-Identifier: MIT */
/*
 * t_fds - the traced command must inherit no descriptor of the tracer
 * (strace's -o file and the like are close-on-exec): print every open fd
 * above 2 to stdout, one per line, and fail if there is any.
 * The harness starts it with only 0, 1 and 2 open.
 */
#include "e2e.h"

int main(void)
{
	int bad = 0;
	char line[64];

	for (int fd = 3; fd < 1024; fd++) {
		char link[64], target[256];
		ssize_t n;

		if (fcntl(fd, F_GETFD) < 0)
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = 0;
		n = snprintf(line, sizeof(line), "fd %d -> %.40s\n", fd, target);
		if (write(1, line, (size_t)n) < 0)
			return 2;
		bad = 1;
	}
	return bad;
}

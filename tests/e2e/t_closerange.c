/* SPDX-License-Identifier: MIT */
/*
 * t_closerange: close_range(2) closes a range (-y forgets the names) or
 * only marks it close-on-exec (the names stay); compared with strace.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC 4
#endif

int main(void)
{
	char b[1];
	int fd = open("/etc/hostname", O_RDONLY);

	dup2(fd, fd + 1);
	syscall(SYS_close_range, fd, fd + 1, 0);
	if (read(fd, b, 1) >= 0 || read(fd + 1, b, 1) >= 0)
		return 1;
	fd = open("/etc/hostname", O_RDONLY);
	syscall(SYS_close_range, fd, ~0U, CLOSE_RANGE_CLOEXEC);
	if (read(fd, b, 1) != 1)
		return 1;
	syscall(SYS_close_range, fd, ~0U, 0);
	return read(fd, b, 1) >= 0;
}

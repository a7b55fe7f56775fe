/* SPDX-License-Identifier: MIT */
/*
 * t_opts - a few calls whose lines are known, for strace's output options
 * (-t, -r, -n, -a, -z/-Z, -q, -f/-ff, -o): sdtrace and strace trace it
 * with the same options and the lines are compared, times and pids aside.
 * Traced: getuid (succeeds), chdir (fails), nanosleep, a child (getuid,
 * exit_group(3)), getgid, exit_group(0).  SIGCHLD is blocked, so no signal
 * line races the parent's.  Writes "pid P" and "child C" to $E2E_EXPECTED.
 */
#include <signal.h>
#include <time.h>

#include "e2e.h"

int main(void)
{
	struct timespec ts = { 0, 2 * 1000 * 1000 };
	sigset_t set;
	long child;
	int st;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	syscall(SYS_getuid);
	syscall(SYS_chdir, "/nonexistent");
	syscall(SYS_nanosleep, &ts, NULL);
	child = syscall(SYS_fork);
	if (!child) {
		syscall(SYS_getuid);
		syscall(SYS_exit_group, 3);
	}
	syscall(SYS_wait4, child, &st, 0, NULL);
	syscall(SYS_getgid);
	expect_raw("pid %d", getpid());
	expect_raw("child %ld", child);
	expect_flush();
	return 0;
}

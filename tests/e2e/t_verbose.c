/* SPDX-License-Identifier: MIT */
/*
 * t_verbose - calls whose structures strace abbreviates unless -v: a
 * struct stat (newfstatat, fstat), sigactions, rlimits, a utsname, a
 * sched_attr, a rusage, a statx, and an execve of itself with a small
 * environment.  sdtrace and strace trace it with and without -v and the
 * lines are compared.  argv[1]: a file whose times the caller fixed.
 */
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <linux/stat.h>
#include <sys/utsname.h>

#include "e2e.h"

static void handler(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	char *env[] = { "E2E_A=1", "E2E_B=two", NULL };
	char *args[] = { argv[0], "again", NULL };
	struct sigaction sa = { 0 }, old;
	unsigned int attr[14] = { 0 };
	struct statx stx;
	struct rusage ru;
	struct rlimit rl;
	struct utsname u;
	struct stat st;
	long fd;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "again"))
		return 0;
	syscall(SYS_newfstatat, AT_FDCWD, argv[1], &st, 0);
	fd = syscall(SYS_openat, AT_FDCWD, argv[1], O_RDONLY);
	syscall(SYS_fstat, fd, &st);
	syscall(SYS_close, fd);
	syscall(SYS_statx, AT_FDCWD, argv[1], 0, STATX_BASIC_STATS, &stx);
	syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, &old);
	sigaction(SIGUSR1, NULL, &old);
	syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
	syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &rl);
	syscall(SYS_uname, &u);
	syscall(SYS_sched_getattr, 0, attr, sizeof(attr), 0);
	syscall(SYS_execve, argv[0], args, env);
	return 1;
}

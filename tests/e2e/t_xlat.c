/* SPDX-License-Identifier: MIT */
/*
 * t_xlat - calls whose arguments are named constants, for -X raw|abbrev|
 * verbose: open flags and AT_FDCWD, fcntl commands and their results'
 * flags, lseek's whence (known and not), mmap/mprotect prot and flags,
 * signals (an argument, a sigset, a siginfo), a st_mode.  sdtrace and
 * strace trace it with the same -X and the lines are compared.  Files go
 * to $E2E_TMP.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "e2e.h"

int main(void)
{
	const char *dir = getenv("E2E_TMP");
	char path[4096];
	struct stat st;
	sigset_t set;
	void *p;
	long fd;

	snprintf(path, sizeof(path), "%s/f", dir ? dir : "/tmp");
	fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	syscall(SYS_openat, AT_FDCWD, "/nonexistent", O_RDONLY);
	syscall(SYS_fcntl, fd, F_GETFD);
	syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK | O_APPEND);
	syscall(SYS_fcntl, fd, F_GETFL);
	syscall(SYS_lseek, fd, 0, SEEK_END);
	syscall(SYS_lseek, fd, 0, 7);
	p = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mprotect, p, 4096, PROT_NONE);
	syscall(SYS_mprotect, p, 4096, 0x10);
	syscall(SYS_munmap, p, 4096);
	syscall(SYS_kill, getpid(), 0);
	syscall(SYS_kill, getpid(), SIGCONT);
	syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0);
	syscall(SYS_faccessat, AT_FDCWD, path, R_OK | W_OK);
	syscall(SYS_faccessat, AT_FDCWD, path, F_OK);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	syscall(SYS_close, fd);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * t_simple - a small deterministic, dynamically linked program that makes
 * (nearly) every syscall sdtrace describes, for the whole-trace comparison
 * with strace and the --record/--replay round trip.  It works in $E2E_TMP (which must
 * be empty) and writes "pid P" and "child C" lines to $E2E_EXPECTED (with
 * pwritev, left out of the comparison) so the harness can normalise pids.
 * Nothing random: getrandom asks for 0 bytes.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	const char *tmp = getenv("E2E_TMP"), *out = getenv("E2E_EXPECTED");
	char buf[64], link[64], note[64];
	struct iovec iov[2] = { { "ab\n", 3 }, { "\0cd", 3 } }, riov[2];
	struct timespec ts = { 0, 1000 * 1000 };
	struct pollfd pfd;
	struct stat st;
	int fd, p[2], status;
	pid_t child, vchild;
	void *m;

	if (!tmp || !out || chdir(tmp))
		return 97;
	syscall(SYS_getpid);
	syscall(SYS_gettid);
	syscall(SYS_getuid);
	syscall(SYS_geteuid);
	syscall(SYS_getgid);
	syscall(SYS_getegid);

	/* files and directories */
	syscall(SYS_mkdir, "d", 0755);
	syscall(SYS_chdir, "d");
	fd = (int)syscall(SYS_open, "f", O_RDWR | O_CREAT | O_TRUNC, 0600);
	syscall(SYS_write, fd, "hello\tworld\n", 12);
	syscall(SYS_pwrite64, fd, "XY", 2, 20);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_read, fd, buf, sizeof(buf));
	syscall(SYS_pread64, fd, buf, 4, 6);
	syscall(SYS_writev, fd, iov, 2);
	riov[0].iov_base = buf;
	riov[0].iov_len = 2;
	riov[1].iov_base = buf + 2;
	riov[1].iov_len = 8;
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_readv, fd, riov, 2);
	syscall(SYS_fstat, fd, &st);
	syscall(SYS_newfstatat, AT_FDCWD, "f", &st, 0);
	syscall(SYS_stat, "f", &st);
	syscall(SYS_lstat, "/nonexistent", &st);
	symlink("f", "l");
	syscall(SYS_readlink, "l", link, sizeof(link));
	syscall(SYS_access, "f", R_OK | W_OK);
	syscall(SYS_faccessat, AT_FDCWD, "l", X_OK);
	syscall(SYS_dup, fd);
	syscall(SYS_dup2, fd, 10);
	syscall(SYS_close, 10);
	syscall(SYS_close, fd);
	syscall(SYS_unlink, "l");
	syscall(SYS_unlink, "f");
	syscall(SYS_chdir, "..");
	syscall(SYS_unlinkat, AT_FDCWD, "d", AT_REMOVEDIR);

	/* descriptors and time */
	syscall(SYS_pipe2, p, O_CLOEXEC);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	syscall(SYS_poll, &pfd, 1, 0);
	syscall(SYS_write, p[1], "x", 1);
	syscall(SYS_poll, &pfd, 1, 0);
	syscall(SYS_getrandom, buf, 0, GRND_NONBLOCK);
	syscall(SYS_nanosleep, &ts, NULL);

	/* memory */
	m = (void *)syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mprotect, m, 4096, PROT_READ);
	syscall(SYS_munmap, m, 4096);
	syscall(SYS_brk, NULL);

	/* processes: not followed without -f */
	child = (pid_t)syscall(SYS_fork);
	if (!child)
		syscall(SYS_exit_group, 0);
	syscall(SYS_wait4, child, &status, 0, NULL);
	vchild = vfork();
	if (!vchild)
		_exit(7);
	syscall(SYS_wait4, vchild, &status, 0, NULL);
	syscall(SYS_kill, getpid(), 0);

	/* pwritev: not described, so left out of the comparison with strace */
	fd = (int)syscall(SYS_open, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	iov[0].iov_base = note;
	iov[0].iov_len = (size_t)snprintf(note, sizeof(note), "pid %d\nchild %d\nchild %d\n",
					  getpid(), child, vchild);
	syscall(SYS_pwritev, fd, iov, 1, 0, 0);
	return 0;
}

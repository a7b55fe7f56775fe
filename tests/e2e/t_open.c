/* SPDX-License-Identifier: MIT */
/*
 * t_open - case 1: openat flags and modes, close, and their errors.
 * Traced with -e trace=openat,close.  $E2E_TMP is a scratch directory.
 */
#include "e2e.h"

int main(void)
{
	const char *tmp = getenv("E2E_TMP");
	char path[512], dir[512];
	long fd, fd2, fd3, dfd;

	if (!tmp)
		e2e_die("E2E_TMP is not set");
	snprintf(path, sizeof(path), "%s/open-file", tmp);
	snprintf(dir, sizeof(dir), "%s", tmp);

	/* create with a mode */
	fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	expect(ret_int(fd), "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT|O_TRUNC, 0644)", path);

	/* no O_CREAT: no mode printed, even if one is passed */
	fd2 = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0777);
	expect(ret_int(fd2), "openat(AT_FDCWD, \"%s\", O_RDONLY|O_CLOEXEC)", path);

	/* a real directory fd, a relative path, more flags, mode 0 */
	dfd = syscall(SYS_openat, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	expect(ret_int(dfd), "openat(AT_FDCWD, \"%s\", O_RDONLY|O_NOFOLLOW|O_DIRECTORY)", dir);
	fd3 = syscall(SYS_openat, dfd, "open-file2", O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_NONBLOCK, 0);
	expect(ret_int(fd3), "openat(%ld, \"open-file2\", O_RDWR|O_CREAT|O_EXCL|O_APPEND|O_NONBLOCK, 000)", dfd);

	/* O_TMPFILE (which includes O_DIRECTORY) takes a mode */
	fd = syscall(SYS_openat, dfd, ".", O_RDWR | O_TMPFILE, 0600);
	if (fd < 0)
		e2e_die("O_TMPFILE is not supported in $E2E_TMP");
	expect(ret_int(fd), "openat(%ld, \".\", O_RDWR|O_TMPFILE, 0600)", dfd);
	expect(ret_int(syscall(SYS_close, fd)), "close(%ld)", fd);

	/* failing: a missing file, and O_EXCL on an existing one */
	fd = syscall(SYS_openat, AT_FDCWD, "/nonexistent/e2e-missing", O_RDONLY);
	if (fd != -1)
		e2e_die("/nonexistent/e2e-missing exists");
	expect("-1 ENOENT (No such file or directory)",
	       "openat(AT_FDCWD, \"/nonexistent/e2e-missing\", O_RDONLY)");
	fd = syscall(SYS_openat, dfd, "open-file2", O_WRONLY | O_CREAT | O_EXCL, 0600);
	expect("-1 EEXIST (File exists)",
	       "openat(%ld, \"open-file2\", O_WRONLY|O_CREAT|O_EXCL, 0600)", dfd);

	/* close: success, then EBADF on -1 and on the fd just closed */
	expect(ret_int(syscall(SYS_close, fd3)), "close(%ld)", fd3);
	expect(ret_int(syscall(SYS_close, fd2)), "close(%ld)", fd2);
	expect(ret_int(syscall(SYS_close, dfd)), "close(%ld)", dfd);
	syscall(SYS_close, -1);
	expect("-1 EBADF (Bad file descriptor)", "close(-1)");
	syscall(SYS_close, fd2);
	expect("-1 EBADF (Bad file descriptor)", "close(%ld)", fd2);

	expect_flush();
	return 0;
}

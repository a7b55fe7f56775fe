/* SPDX-License-Identifier: MIT */
/*
 * t_fdnames - case 12: -y, descriptors printed with what they are, as
 * /proc/PID/fd reads: a path, pipe:[INODE], socket:[INODE], and AT_FDCWD
 * with the working directory, which chdir changes.  Traced with
 * -y -e trace=openat,read,dup2,close,pipe2,write,chdir,socket,socketpair.
 * $E2E_TMP is a scratch directory (a path without symbolic links).
 */
#include "e2e.h"

#include <sys/socket.h>
#include <sys/stat.h>

/* "3</path>": a result with its name */
static const char *named(long fd, const char *fmt, unsigned long x)
{
	static char s[4][700];
	static int k;
	char name[600];

	k = (k + 1) % 4;
	snprintf(name, sizeof(name), fmt, x);
	snprintf(s[k], sizeof(s[k]), "%ld<%s>", fd, name);
	return s[k];
}

static unsigned long ino(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		e2e_die("fstat");
	return (unsigned long)st.st_ino;
}

int main(void)
{
	const char *tmp = getenv("E2E_TMP");
	char cwd[512], path[600], buf[16];
	int fd, p[2], sv[2];
	long r;

	if (!tmp || !getcwd(cwd, sizeof(cwd)))
		e2e_die("E2E_TMP is not set, or no cwd");
	snprintf(path, sizeof(path), "%s/named", tmp);

	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	expect(named(fd, path, 0), "openat(AT_FDCWD<%s>, \"%s\", O_RDWR|O_CREAT|O_TRUNC, 0600)",
	       cwd, path);
	r = syscall(SYS_read, fd, buf, sizeof(buf));
	expect(ret_int(r), "read(%d<%s>, \"\", %zu)", fd, path, sizeof(buf));
	r = syscall(SYS_dup2, fd, 40);
	expect(named(r, path, 0), "dup2(%d<%s>, 40)", fd, path);
	expect(ret_int(syscall(SYS_close, 40)), "close(40<%s>)", path);

	if (syscall(SYS_pipe2, p, O_CLOEXEC))
		e2e_die("pipe2");
	expect("0", "pipe2([%d<pipe:[%lu]>, %d<pipe:[%lu]>], O_CLOEXEC)", p[0], ino(p[0]),
	       p[1], ino(p[1]));
	r = syscall(SYS_write, p[1], "x", 1);
	expect(ret_int(r), "write(%d<pipe:[%lu]>, \"x\", 1)", p[1], ino(p[1]));

	r = syscall(SYS_chdir, tmp);
	expect(ret_int(r), "chdir(\"%s\")", tmp);
	r = syscall(SYS_openat, AT_FDCWD, "named", O_RDONLY);
	expect(named(r, path, 0), "openat(AT_FDCWD<%s>, \"named\", O_RDONLY)", tmp);
	expect(ret_int(syscall(SYS_close, r)), "close(%ld<%s>)", r, path);

	r = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	expect(named(r, "socket:[%lu]", ino((int)r)), "socket(AF_UNIX, SOCK_STREAM, 0)");
	expect(ret_int(syscall(SYS_close, r)), "close(%ld<socket:[%lu]>)", r, ino((int)r));
	if (syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv))
		e2e_die("socketpair");
	expect("0", "socketpair(AF_UNIX, SOCK_DGRAM, 0, [%d<socket:[%lu]>, %d<socket:[%lu]>])",
	       sv[0], ino(sv[0]), sv[1], ino(sv[1]));

	expect_flush();
	return 0;
}

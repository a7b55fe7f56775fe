/* SPDX-License-Identifier: MIT */
/*
 * e2e.h - helpers shared by the sdtrace end-to-end test programs.
 *
 * In strace's own test style, each program knows the lines a tracer must
 * print for the calls it makes: it formats them (with the real pointers and
 * fds it used) into a static buffer, and at the end writes that buffer to
 * the file named by $E2E_EXPECTED.  The file is opened with the legacy
 * open(2) and written with pwrite64(2), so the -e trace=... filters of the
 * cases (openat, read/write, mmap, ...) never see these housekeeping calls.
 * Nothing here calls malloc or stdio, which could add brk/mmap/write calls.
 */
#ifndef E2E_H
#define E2E_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define E2E_COLUMN 40	/* strace aligns " = RET" at this column */

static char e2e_buf[1 << 16];
static size_t e2e_len;

static void e2e_vappend(const char *fmt, va_list ap)
{
	int n = vsnprintf(e2e_buf + e2e_len, sizeof(e2e_buf) - e2e_len, fmt, ap);

	if (n < 0 || (size_t)n >= sizeof(e2e_buf) - e2e_len)
		_exit(99);
	e2e_len += (size_t)n;
}

/* An expected line as is (exit lines, markers). */
__attribute__((format(printf, 1, 2)))
static void expect_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	e2e_vappend(fmt, ap);
	va_end(ap);
	if (e2e_len + 1 >= sizeof(e2e_buf))
		_exit(99);
	e2e_buf[e2e_len++] = '\n';
}

/*
 * An expected syscall line: CALL formatted from @fmt, then " = @ret" with
 * the "=" at column 40 as strace prints it (") " then pad to the column).
 */
__attribute__((format(printf, 2, 3), unused))
static void expect(const char *ret, const char *fmt, ...)
{
	size_t start = e2e_len;
	va_list ap;

	va_start(ap, fmt);
	e2e_vappend(fmt, ap);
	va_end(ap);
	if (e2e_len - start < E2E_COLUMN) {
		while (e2e_len - start < E2E_COLUMN)
			e2e_buf[e2e_len++] = ' ';
		expect_raw("= %s", ret);
	} else {
		expect_raw(" = %s", ret);
	}
}

/* The text of a plain integer return value. */
__attribute__((unused))
static const char *ret_int(long v)
{
	static char s[8][32];
	static int i;

	i = (i + 1) % 8;
	snprintf(s[i], sizeof(s[i]), "%ld", v);
	return s[i];
}

/* Write what we expect to $E2E_EXPECTED (see the comment at the top). */
__attribute__((unused))
static void expect_flush(void)
{
	const char *path = getenv("E2E_EXPECTED");
	long fd;

	if (!path)
		return;
	fd = syscall(SYS_open, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || syscall(SYS_pwrite64, fd, e2e_buf, e2e_len, 0) != (long)e2e_len)
		_exit(98);
}

/* A test program's own precondition failed: say so loudly. */
__attribute__((unused, noreturn))
static void e2e_die(const char *what)
{
	static const char pre[] = "e2e test program: ";

	if (write(2, pre, sizeof(pre) - 1) < 0 || write(2, what, strlen(what)) < 0 ||
	    write(2, "\n", 1) < 0)
		_exit(97);
	_exit(97);
}

#endif

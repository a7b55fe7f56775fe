/* SPDX-License-Identifier: MIT */
/*
 * t_unfaulted - case 5: openat on paths in pages this process never
 * touched, so the recorder's non-faulting copy at syscall entry fails and
 * sdtrace must still print the path (strace reads it after the fact).
 *
 * The paths are written to a file with pwrite64(2) and the file is mapped
 * MAP_PRIVATE; the program never reads the mapping, and checks in
 * /proc/self/pagemap that each page is not present right before openat.
 * Each path gets its own mapping: a fault in one mapping may map its
 * neighbours ("fault-around"), never pages of another mapping.
 * Traced with -e trace=openat.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "e2e.h"

#define PAGE 4096

/* Is the page at @p present in this process's page tables? */
static int present(const void *p)
{
	uint64_t ent = 0;
	long fd = syscall(SYS_open, "/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || syscall(SYS_pread64, fd, &ent, sizeof(ent),
			      (long)((uintptr_t)p / PAGE * sizeof(ent))) != sizeof(ent))
		e2e_die("cannot read /proc/self/pagemap");
	syscall(SYS_close, fd);
	return (int)(ent >> 63);
}

static void openat_untouched(const char *p, const char *shown)
{
	/* both pages a straddling path spans must be absent */
	if (present(p) || present(p + strlen(shown) - 1))
		e2e_die("the page holding the path is already present");
	syscall(SYS_openat, AT_FDCWD, p, O_RDONLY);
	expect("-1 ENOENT (No such file or directory)",
	       "openat(AT_FDCWD, \"%s\", O_RDONLY)", shown);
}

int main(void)
{
	const char *tmp = getenv("E2E_TMP");
	char file[512], first[256], across[128];
	char *m1, *m2, *anon, *none;
	long fd;

	if (!tmp)
		e2e_die("E2E_TMP is not set");
	/* a path longer than -s 32 (paths are never cut), at a page start */
	snprintf(first, sizeof(first), "/nonexistent/e2e-unfaulted/%s",
		 "first-page-path-which-is-longer-than-the-string-limit-"
		 "0123456789abcdef0123456789abcdef0123456789abcdef");
	/* a path that starts 20 bytes before a page boundary */
	snprintf(across, sizeof(across), "/nonexistent/e2e-unfaulted/straddling-two-pages");

	snprintf(file, sizeof(file), "%s/unfaulted-paths", tmp);
	fd = syscall(SYS_open, file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate((int)fd, 3 * PAGE) ||
	    syscall(SYS_pwrite64, fd, first, strlen(first) + 1, 0) < 0 ||
	    syscall(SYS_pwrite64, fd, across, strlen(across) + 1, 2 * PAGE - 20) < 0)
		e2e_die("cannot write the file of paths");

	m1 = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, (int)fd, 0);
	m2 = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, (int)fd, PAGE);
	anon = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m1 == MAP_FAILED || m2 == MAP_FAILED || anon == MAP_FAILED || none == MAP_FAILED)
		e2e_die("mmap");

	openat_untouched(m1, first);
	openat_untouched(m2 + PAGE - 20, across);
	/* a fresh anonymous page reads as zeroes: the empty path */
	if (present(anon))
		e2e_die("the anonymous page is already present");
	syscall(SYS_openat, AT_FDCWD, anon, O_RDONLY);
	expect("-1 ENOENT (No such file or directory)", "openat(AT_FDCWD, \"\", O_RDONLY)");

	/* unreadable paths: NULL, and a PROT_NONE page, printed as pointers */
	syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY);
	expect("-1 EFAULT (Bad address)", "openat(AT_FDCWD, NULL, O_RDONLY)");
	syscall(SYS_openat, AT_FDCWD, none, O_RDONLY);
	expect("-1 EFAULT (Bad address)", "openat(AT_FDCWD, %p, O_RDONLY)", (void *)none);

	expect_flush();
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * t_mmap - case 3: mmap/munmap with PROT_ and MAP_ flags, hex returns and
 * errors.  Traced with -e trace=mmap,munmap (mprotect is left out: the
 * static startup calls it; t_simple covers it).
 */
#include <sys/mman.h>

#include "e2e.h"

static void *sys_mmap(void *a, size_t l, int prot, int flags, int fd, long off)
{
	return (void *)syscall(SYS_mmap, a, l, prot, flags, fd, off);
}

int main(void)
{
	const char *tmp = getenv("E2E_TMP");
	char path[512], ret[64];
	void *a, *b, *c;
	long fd;

	if (!tmp)
		e2e_die("E2E_TMP is not set");
	snprintf(path, sizeof(path), "%s/mmap-file", tmp);
	fd = syscall(SYS_open, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate((int)fd, 3 * 4096))
		e2e_die("cannot create the file to map");

	/* anonymous; the return value is printed in hex */
	a = sys_mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	snprintf(ret, sizeof(ret), "%p", a);
	expect(ret, "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");

	/* PROT_NONE and more MAP_ flags */
	b = sys_mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	snprintf(ret, sizeof(ret), "%p", b);
	expect(ret, "mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)");

	/* a file, shared, at a fixed address, with a hex offset */
	c = sys_mmap(b, 4096, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED, (int)fd, 0x2000);
	snprintf(ret, sizeof(ret), "%p", c);
	expect(ret, "mmap(%p, 4096, PROT_READ|PROT_EXEC, MAP_SHARED|MAP_FIXED, %ld, 0x2000)", b, fd);

	/* failures: no fd for a file mapping; an occupied fixed address */
	sys_mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0);
	expect("-1 EBADF (Bad file descriptor)", "mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0)");
	sys_mmap(a, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	expect("-1 EEXIST (File exists)",
	       "mmap(%p, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE, -1, 0)", a);

	/* munmap: success and an unaligned address */
	expect(ret_int(syscall(SYS_munmap, a, 8192)), "munmap(%p, 8192)", a);
	expect(ret_int(syscall(SYS_munmap, c, 4096)), "munmap(%p, 4096)", c);
	syscall(SYS_munmap, (char *)a + 1, 4096);
	expect("-1 EINVAL (Invalid argument)", "munmap(%p, 4096)", (void *)((char *)a + 1));

	expect_flush();
	return 0;
}

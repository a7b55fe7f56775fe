/* SPDX-License-Identifier: MIT */
/* cache.c - verified programs kept pinned in bpffs between runs (cache.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <bpf/bpf.h>

#include "cache.h"

#define SD_BPF_FS_MAGIC 0xcafe4a11
#define SD_CACHE_DONE "done"	/* pinned last: the entry is complete */

uint64_t sd_cache_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	/* 64-bit FNV-1a, eight bytes at a time: about 1 ms for the object */
	h ^= 0xcbf29ce484222325ULL;
	for (; n >= 8; n -= 8, b += 8) {
		uint64_t w;

		memcpy(&w, b, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (; n; n--, b++)
		h = (h ^ *b) * 0x100000001b3ULL;
	return h;
}

const char *sd_cache_root(void)
{
	const char *dir = getenv("SDTRACE_CACHE_DIR");

	return dir && *dir ? dir : SD_CACHE_ROOT;
}

/* bpffs on /sys/fs/bpf, mounted if it is not. */
static int bpffs(void)
{
	struct statfs st;

	if (statfs("/sys/fs/bpf", &st))
		return -errno;
	if (st.f_type == SD_BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700"))
		return -errno;
	return 0;
}

/* Unlink every pin in directory @dirfd. */
static int empty_dir(int dirfd)
{
	int fd = dup(dirfd), rc = 0;
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	rewinddir(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    unlinkat(dirfd, de->d_name, 0) && !rc)
			rc = -errno;
	closedir(d);
	return rc;
}

/*
 * Remove the entries in directory @dirfd that no run holds, then the
 * directory @name in @parent if that left it empty.  Returns how many
 * entries went.
 */
static int remove_entries(int parent, const char *name, int dirfd)
{
	int fd = dup(dirfd), n = 0;
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		int e;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		e = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (e < 0)
			continue;
		/* an entry in use stays */
		if (!flock(e, LOCK_EX | LOCK_NB) && !empty_dir(e) &&
		    !unlinkat(dirfd, de->d_name, AT_REMOVEDIR))
			n++;
		close(e);
	}
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);	/* fails while not empty */
	return n;
}

/* Remove the entries of every object but @keep (NULL: all); returns how many. */
static int remove_objects(const char *keep)
{
	int root, fd, n = 0;
	struct dirent *de;
	DIR *d;

	root = open(sd_cache_root(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return errno == ENOENT ? 0 : -errno;
	fd = dup(root);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		n = -errno;
		if (fd >= 0)
			close(fd);
		close(root);
		return n;
	}
	while ((de = readdir(d))) {
		int o;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (keep && !strcmp(de->d_name, keep)))
			continue;
		o = openat(root, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (o < 0)
			continue;
		n += remove_entries(root, de->d_name, o);
		close(o);
	}
	closedir(d);
	close(root);
	return n;
}

int sd_cache_open(struct sd_cache *c, uint64_t object, uint64_t key)
{
	const char *root = sd_cache_root();
	char path[PATH_MAX];
	int rc, n;

	memset(c, 0, sizeof(*c));
	c->dirfd = -1;
	rc = bpffs();
	if (rc)
		return rc;
	if (mkdir(root, 0700) && errno != EEXIST)
		return -errno;
	n = snprintf(path, sizeof(path), "%s/%016llx", root, (unsigned long long)object);
	if (n < 0 || (size_t)n + 18 >= sizeof(path))
		return -ENAMETOOLONG;
	if (!mkdir(path, 0700))	/* a new sdtrace: the old ones' entries go */
		remove_objects(path + strlen(root) + 1);
	else if (errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/%016llx/%016llx", root,
		 (unsigned long long)object, (unsigned long long)key);
	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	c->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->dirfd < 0)
		return -errno;
	if (flock(c->dirfd, LOCK_EX | LOCK_NB)) {
		rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
		goto fail;
	}
	if (!faccessat(c->dirfd, SD_CACHE_DONE, F_OK, 0)) {
		c->hit = true;
		return 1;
	}
	rc = empty_dir(c->dirfd);
	if (!rc)
		return 0;
fail:
	close(c->dirfd);
	c->dirfd = -1;
	return rc;
}

int sd_cache_pin(struct sd_cache *c, char kind, const char *name, int fd)
{
	char path[128];

	if (c->dirfd < 0 || c->hit)
		return -EINVAL;
	/* bpf_obj_pin takes a path: the entry's, through /proc */
	snprintf(path, sizeof(path), "/proc/self/fd/%d/%c_%s", c->dirfd, kind, name);
	if (bpf_obj_pin(fd, path))
		return -errno;
	return 0;
}

int sd_cache_commit(struct sd_cache *c)
{
	char path[64];
	int fd, rc;

	if (c->dirfd < 0 || c->hit)
		return -EINVAL;
	/* any object will do as the mark: the entry's first map */
	fd = sd_cache_get(c, 'm', "bss");
	if (fd < 0)
		return fd;
	snprintf(path, sizeof(path), "/proc/self/fd/%d/" SD_CACHE_DONE, c->dirfd);
	rc = bpf_obj_pin(fd, path) ? -errno : 0;
	close(fd);
	return rc;
}

int sd_cache_get(const struct sd_cache *c, char kind, const char *name)
{
	char path[128];
	int fd;

	if (c->dirfd < 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d/%c_%s", c->dirfd, kind, name);
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}

/* Call @fn with each KIND_ pin's descriptor, closed after. */
static int each_pin(const struct sd_cache *c, char kind,
		    int (*fn)(struct sd_cache *c, int fd), struct sd_cache *arg)
{
	int fd = dup(c->dirfd), rc = 0;
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	rewinddir(d);
	while (!rc && (de = readdir(d))) {
		int pfd;

		if (de->d_name[0] != kind || de->d_name[1] != '_')
			continue;
		pfd = sd_cache_get(c, kind, de->d_name + 2);
		if (pfd < 0) {
			rc = pfd;
			break;
		}
		rc = fn(arg, pfd);
		close(pfd);
	}
	closedir(d);
	return rc;
}

static int attach_one(struct sd_cache *c, int fd)
{
	int link;

	if (c->nlinks == SD_CACHE_LINKS)
		return -E2BIG;
	link = bpf_raw_tracepoint_open(NULL, fd);
	if (link < 0)
		return -errno;
	c->links[c->nlinks++] = link;
	return 0;
}

int sd_cache_attach(struct sd_cache *c)
{
	return each_pin(c, 'a', attach_one, c);
}

static int iterate_one(struct sd_cache *c, int fd)
{
	char buf[256];
	int link, it, rc = 0;
	ssize_t n;

	(void)c;
	link = bpf_link_create(fd, 0, BPF_TRACE_ITER, NULL);
	if (link < 0)
		return -errno;
	it = bpf_iter_create(link);
	if (it < 0) {
		rc = -errno;
		goto out;
	}
	while ((n = read(it, buf, sizeof(buf))) > 0)
		;
	if (n < 0)
		rc = -errno;
	close(it);
out:
	close(link);
	return rc;
}

int sd_cache_iterate(const struct sd_cache *c)
{
	return each_pin(c, 'i', iterate_one, NULL);
}

void sd_cache_close(struct sd_cache *c)
{
	for (int i = 0; i < c->nlinks; i++)
		close(c->links[i]);
	c->nlinks = 0;
	if (c->dirfd >= 0)
		close(c->dirfd);	/* and its lock */
	c->dirfd = -1;
	c->hit = false;
}

int sd_cache_clear(void)
{
	int n = remove_objects(NULL);

	if (n >= 0 && rmdir(sd_cache_root()) && errno != ENOENT && errno != ENOTEMPTY &&
	    errno != EEXIST)
		return -errno;
	return n;
}

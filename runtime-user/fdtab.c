// SPDX-License-Identifier: MIT
/* fdtab.c - descriptor names per traced process, for -y (see fdtab.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdtab.h"

struct sd_fdent {
	uint64_t key;		/* tgid << 32 | (uint32_t)fd; 0: empty */
	char *name;
};

static uint64_t key_of(uint32_t tgid, int fd)
{
	return (uint64_t)tgid << 32 | (uint32_t)fd;
}

static size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 29;
	key *= 0xbf58476d1ce4e5b9ULL;
	key ^= key >> 32;
	return (size_t)key & (cap - 1);
}

void sd_fdtab_init(struct sd_fdtab *t)
{
	memset(t, 0, sizeof(*t));
}

void sd_fdtab_free(struct sd_fdtab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->ents[i].name);
	free(t->ents);
	sd_fdtab_init(t);
}

static struct sd_fdent *find(const struct sd_fdtab *t, uint64_t key)
{
	if (!t->cap)
		return NULL;
	for (size_t i = slot_of(key, t->cap);; i = (i + 1) & (t->cap - 1)) {
		if (t->ents[i].key == key)
			return &t->ents[i];
		if (!t->ents[i].key)
			return NULL;
	}
}

static int grow(struct sd_fdtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct sd_fdent *ents = calloc(cap, sizeof(*ents));

	if (!ents)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->ents[i].key)
			continue;
		for (j = slot_of(t->ents[i].key, cap); ents[j].key; j = (j + 1) & (cap - 1))
			;
		ents[j] = t->ents[i];
	}
	free(t->ents);
	t->ents = ents;
	t->cap = cap;
	return 0;
}

int sd_fdtab_set(struct sd_fdtab *t, uint32_t tgid, int fd, const char *name,
		 size_t len)
{
	uint64_t key = key_of(tgid, fd);
	struct sd_fdent *e = find(t, key);
	char *copy = strndup(name, len);
	size_t i;

	if (!copy)
		return -ENOMEM;
	if (e) {
		free(e->name);
		e->name = copy;
		return 0;
	}
	if ((t->count + 1) * 4 > t->cap * 3 && grow(t)) {
		free(copy);
		return -ENOMEM;
	}
	for (i = slot_of(key, t->cap); t->ents[i].key; i = (i + 1) & (t->cap - 1))
		;
	t->ents[i].key = key;
	t->ents[i].name = copy;
	t->count++;
	return 0;
}

void sd_fdtab_del(struct sd_fdtab *t, uint32_t tgid, int fd)
{
	struct sd_fdent *e = find(t, key_of(tgid, fd));
	size_t i, j, k;

	if (!e)
		return;
	free(e->name);
	i = (size_t)(e - t->ents);
	/* linear probing: move back the entries the hole would cut off */
	for (j = (i + 1) & (t->cap - 1); t->ents[j].key; j = (j + 1) & (t->cap - 1)) {
		k = slot_of(t->ents[j].key, t->cap);
		if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
			t->ents[i] = t->ents[j];
			i = j;
		}
	}
	t->ents[i].key = 0;
	t->ents[i].name = NULL;
	t->count--;
}

const char *sd_fdtab_get(const struct sd_fdtab *t, uint32_t tgid, int fd)
{
	const struct sd_fdent *e = find(t, key_of(tgid, fd));

	return e ? e->name : NULL;
}

int sd_fdtab_fork(struct sd_fdtab *t, uint32_t parent, uint32_t child)
{
	size_t n = 0, k = 0;
	struct sd_fdent *copy;
	int rc = 0;

	for (size_t i = 0; i < t->cap; i++)
		n += t->ents[i].key && t->ents[i].key >> 32 == parent;
	if (!n)
		return 0;
	/* gather first: inserting may move the entries */
	copy = calloc(n, sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++)
		if (t->ents[i].key && t->ents[i].key >> 32 == parent)
			copy[k++] = t->ents[i];
	for (size_t i = 0; i < k && !rc; i++)
		rc = sd_fdtab_set(t, child, (int)(uint32_t)copy[i].key, copy[i].name,
				  strlen(copy[i].name));
	free(copy);
	return rc;
}

void sd_fdtab_del_range(struct sd_fdtab *t, uint32_t tgid, int first, int last)
{
	if (first < 0 || first > last)
		return;
	if ((size_t)(last - first) < t->count) {	/* a few: one by one */
		for (int fd = first;; fd++) {
			sd_fdtab_del(t, tgid, fd);
			if (fd == last)
				break;
		}
		return;
	}
	/* deleting moves entries back: scan again after each */
	for (size_t i = 0; i < t->cap; i++) {
		struct sd_fdent *e = &t->ents[i];
		int fd = (int)(uint32_t)e->key;

		if (e->key && e->key >> 32 == tgid && fd >= first && fd <= last) {
			sd_fdtab_del(t, tgid, fd);
			i = (size_t)-1;
		}
	}
}

void sd_fdtab_drop(struct sd_fdtab *t, uint32_t tgid)
{
	struct sd_fdtab keep;

	sd_fdtab_init(&keep);
	for (size_t i = 0; i < t->cap; i++) {
		struct sd_fdent *e = &t->ents[i];

		if (e->key && e->key >> 32 != tgid)
			sd_fdtab_set(&keep, (uint32_t)(e->key >> 32), (int)(uint32_t)e->key,
				     e->name, strlen(e->name));
	}
	sd_fdtab_free(t);
	*t = keep;
}

/* readlink() of /proc/TGID/@what into the table as @fd. */
static void seed_one(struct sd_fdtab *t, uint32_t tgid, const char *what, int fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%u/%s", tgid, what);
	n = readlink(link, path, sizeof(path));
	if (n > 0 && (size_t)n < sizeof(path))
		sd_fdtab_set(t, tgid, fd, path, (size_t)n);
}

/*
 * 1 if descriptor @fd of @tgid closes at exec: a command sdtrace starts is
 * seeded before its exec, and keeps only the others (its 0, 1, 2).
 */
static int cloexec(uint32_t tgid, const char *fd)
{
	char path[300], line[128];
	unsigned long flags = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/fdinfo/%s", tgid, fd);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %lo", &flags) == 1)
			break;
	fclose(f);
	return (flags & O_CLOEXEC) != 0;
}

int sd_fdtab_seed(struct sd_fdtab *t, uint32_t tgid)
{
	char dir[64];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%u/fd", tgid);
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char what[300];
		char *end;
		long fd = strtol(de->d_name, &end, 10);

		if (*end || end == de->d_name || fd < 0 || fd > INT_MAX ||
		    cloexec(tgid, de->d_name))
			continue;
		snprintf(what, sizeof(what), "fd/%s", de->d_name);
		seed_one(t, tgid, what, (int)fd);
	}
	closedir(d);
	seed_one(t, tgid, "cwd", SD_FD_CWD);
	return 0;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"
#include "source.h"

#define MAX_FILE_SIZE (64 << 20)
#define MAX_DEPTH 32

static int read_all(struct sd_arena *a, const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t n;
	char *p;

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;

		fclose(f);
		return err;
	}
	if (st.st_size > MAX_FILE_SIZE) {
		fclose(f);
		return -EFBIG;
	}
	p = sd_alloc(a, (size_t)st.st_size + 1);
	n = fread(p, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	p[n] = '\0';
	*text = p;
	*len = n;
	return 0;
}

/* Resolve an include path relative to the including file's directory. */
static const char *resolve(struct sd_arena *a, const char *path, struct sd_loc from)
{
	const char *slash;

	if (path[0] == '/' || !from.src)
		return path;
	slash = strrchr(from.src->name, '/');
	if (!slash)
		return path;
	return sd_asprintf(a, "%.*s/%s", (int)(slash - from.src->name),
			   from.src->name, path);
}

static int load(struct sd_sources *s, const char *path, struct sd_loc from, int depth)
{
	struct sd_src *src;
	struct sd_parse ctx;
	struct sd_item *it, *next;
	struct stat st;
	int err;

	path = resolve(s->arena, path, from);
	/* each file once, however its path is spelt */
	if (!stat(path, &st))
		for (src = s->files; src; src = src->next)
			if (src->dev == (unsigned long long)st.st_dev &&
			    src->ino == (unsigned long long)st.st_ino)
				return 0;
	if (depth > MAX_DEPTH) {
		sd_error(s->diag, from, "includes nest deeper than %d", MAX_DEPTH);
		return -ELOOP;
	}
	src = sd_alloc(s->arena, sizeof(*src));
	src->name = sd_strdup(s->arena, path);
	err = read_all(s->arena, path, &src->text, &src->len);
	if (err) {
		sd_error(s->diag, from, "cannot read '%s': %s", path,
			 err == -EFBIG ? "file larger than 64 MiB" : strerror(-err));
		return err;
	}
	src->dev = (unsigned long long)st.st_dev;
	src->ino = (unsigned long long)st.st_ino;
	src->next = s->files;
	s->files = src;
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = s->arena;
	ctx.diag = s->diag;
	ctx.src = src;
	err = sd_parse_src(&ctx);
	for (it = ctx.items; it; it = next) {
		next = it->next;
		it->next = NULL;
		if (it->kind == SD_I_INCLUDE) {
			load(s, it->path, it->loc, depth + 1);
			continue;
		}
		s->items = sd_item_append(s->items, it);
	}
	return err;
}

int sd_load_file(struct sd_sources *s, const char *path, struct sd_loc from)
{
	return load(s, path, from, 0);
}

/* SPDX-License-Identifier: MIT */
/* pathfilter.c - sdtrace -P PATH: the paths whose calls are shown. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pathfilter.h"
#include "strfmt.h"

static int store(struct sd_pathfilter *f, const char *path)
{
	char **np;

	if (sd_pathfilter_match(f, path, strlen(path)))
		return 0;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 4;

		np = realloc(f->paths, cap * sizeof(*np));
		if (!np)
			return -ENOMEM;
		f->paths = np;
		f->cap = cap;
	}
	f->paths[f->n] = strdup(path);
	if (!f->paths[f->n])
		return -ENOMEM;
	f->n++;
	return 0;
}

int sd_pathfilter_add(struct sd_pathfilter *f, const char *path, bool quiet)
{
	char *real;
	int err = store(f, path);

	if (err)
		return err;
	real = realpath(path, NULL);
	if (!real || !strcmp(real, path)) {
		free(real);
		return 0;
	}
	if (!quiet) {
		struct sd_buf a, b;

		sd_buf_init(&a);
		sd_buf_init(&b);
		sd_fmt_quoted(&a, (const unsigned char *)path, strlen(path) + 1,
			      SD_FMT_PATH_LIMIT, SD_FMT_NUL_TERMINATED);
		sd_fmt_quoted(&b, (const unsigned char *)real, strlen(real) + 1,
			      SD_FMT_PATH_LIMIT, SD_FMT_NUL_TERMINATED);
		fprintf(stderr, "sdtrace: Requested path %s resolved into %s\n",
			a.p ? a.p : "", b.p ? b.p : "");
		sd_buf_free(&a);
		sd_buf_free(&b);
	}
	err = store(f, real);
	free(real);
	return err;
}

int sd_pathfilter_match(const struct sd_pathfilter *f, const char *path, size_t len)
{
	size_t n = strnlen(path, len);

	for (size_t i = 0; f && i < f->n; i++)
		if (strlen(f->paths[i]) == n && !memcmp(f->paths[i], path, n))
			return 1;
	return 0;
}

void sd_pathfilter_free(struct sd_pathfilter *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->paths[i]);
	free(f->paths);
	memset(f, 0, sizeof(*f));
}

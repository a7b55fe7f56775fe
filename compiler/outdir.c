/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

static int mkdir_p(const char *dir)
{
	char *p = strdup(dir), *s;
	int err = 0;

	if (!p)
		return -ENOMEM;
	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) && errno != EEXIST) {
				err = -errno;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return err;
}

int sd_outdir_open(struct sd_outdir *od, const char *dir)
{
	int err;

	memset(od, 0, sizeof(*od));
	err = mkdir_p(dir);
	if (err) {
		fprintf(stderr, "sysdefc: cannot create '%s': %s\n", dir, strerror(-err));
		return err;
	}
	od->dir = strdup(dir);
	od->tmp = join(dir, ".sysdefc.XXXXXX");
	if (!od->dir || !od->tmp || !mkdtemp(od->tmp)) {
		err = -errno;
		fprintf(stderr, "sysdefc: cannot write into '%s': %s\n", dir,
			strerror(errno));
		free(od->tmp);
		od->tmp = NULL;
		return err ? err : -ENOMEM;
	}
	return 0;
}

FILE *sd_outdir_create(struct sd_outdir *od, const char *name)
{
	char *path = join(od->tmp, name), **names;
	FILE *f;

	names = realloc(od->names, sizeof(*names) * (size_t)(od->count + 1));
	if (!path || !names) {
		free(path);
		if (names)
			od->names = names;
		fputs("sysdefc: out of memory\n", stderr);
		return NULL;
	}
	od->names = names;
	f = fopen(path, "w");
	free(path);
	if (!f) {
		fprintf(stderr, "sysdefc: cannot create '%s/%s': %s\n", od->tmp, name,
			strerror(errno));
		return NULL;
	}
	od->names[od->count++] = strdup(name);
	return f;
}

int sd_outdir_close(struct sd_outdir *od, FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) || bad) {
		fprintf(stderr, "sysdefc: write error in '%s': %s\n", od->tmp,
			strerror(errno ? errno : EIO));
		return -EIO;
	}
	return 0;
}

/* 1 if the files at @a and @b have the same bytes. */
static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb, ca, cb;

	while (same) {
		ca = getc(fa);
		cb = getc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

int sd_outdir_commit(struct sd_outdir *od)
{
	for (int i = 0; i < od->count; i++) {
		char *from = join(od->tmp, od->names[i]), *to = join(od->dir, od->names[i]);
		int err = 0;

		if (!from || !to)
			err = -ENOMEM;
		else if (!same_file(from, to) && rename(from, to))
			err = -errno;
		if (err)
			fprintf(stderr, "sysdefc: cannot write '%s': %s\n",
				to ? to : od->names[i], strerror(-err));
		free(from);
		free(to);
		if (err)
			return err;
	}
	return 0;
}

void sd_outdir_abort(struct sd_outdir *od)
{
	for (int i = 0; i < od->count; i++) {
		char *p = od->tmp ? join(od->tmp, od->names[i]) : NULL;

		if (p)
			unlink(p);
		free(p);
		free(od->names[i]);
	}
	if (od->tmp)
		rmdir(od->tmp);
	free(od->names);
	free(od->tmp);
	free(od->dir);
	memset(od, 0, sizeof(*od));
}

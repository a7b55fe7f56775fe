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

/* What the commit does with one file. */
enum { KEEP, CREATE, REPLACE };

struct move {
	char *from, *to, *bak;	/* TMP/NAME, DIR/NAME, TMP/.old.NAME */
	int what;
	int backed_up, moved, keep_bak;
};

/* Undo the moves of @m[0..n): old files back in place, new ones removed. */
static void roll_back(struct move *m, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		int bad = 0;

		if (m[i].what == CREATE && m[i].moved)
			bad = unlink(m[i].to);
		else if (m[i].what == REPLACE && m[i].backed_up)
			bad = rename(m[i].bak, m[i].to);
		if (bad && m[i].what == REPLACE) {
			m[i].keep_bak = 1;
			fprintf(stderr, "sysdefc: cannot restore '%s' (its old copy "
				"is '%s'): %s\n", m[i].to, m[i].bak, strerror(errno));
		} else if (bad) {
			fprintf(stderr, "sysdefc: cannot remove '%s': %s\n",
				m[i].to, strerror(errno));
		}
	}
}

/*
 * All or nothing: every target is checked first (a directory or a device
 * where a file should go fails before anything moves); each file replaced
 * is kept as a hard link (or moved aside) in TMP until every rename is
 * done, and on a failure the files moved so far are put back.
 */
int sd_outdir_commit(struct sd_outdir *od)
{
	struct move *m = calloc((size_t)od->count + 1, sizeof(*m));
	int err = 0, i;

	if (!m) {
		fputs("sysdefc: out of memory\n", stderr);
		return -ENOMEM;
	}
	for (i = 0; i < od->count && !err; i++) {
		struct stat st;
		size_t n = strlen(od->names[i]) + 6;
		char *old = malloc(n);

		if (old)
			snprintf(old, n, ".old.%s", od->names[i]);
		m[i].from = join(od->tmp, od->names[i]);
		m[i].to = join(od->dir, od->names[i]);
		m[i].bak = old ? join(od->tmp, old) : NULL;
		free(old);
		if (!m[i].from || !m[i].to || !m[i].bak) {
			err = -ENOMEM;
			fputs("sysdefc: out of memory\n", stderr);
		} else if (lstat(m[i].to, &st)) {
			if (errno == ENOENT) {
				m[i].what = CREATE;
			} else {
				err = -errno;
				fprintf(stderr, "sysdefc: cannot write '%s': %s\n",
					m[i].to, strerror(errno));
			}
		} else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
			err = S_ISDIR(st.st_mode) ? -EISDIR : -EEXIST;
			fprintf(stderr, "sysdefc: cannot write '%s': %s\n", m[i].to,
				S_ISDIR(st.st_mode) ? "it is a directory" :
				"it is not a regular file");
		} else {
			m[i].what = same_file(m[i].from, m[i].to) ? KEEP : REPLACE;
		}
	}
	for (i = 0; i < od->count && !err; i++) {
		if (m[i].what == KEEP)
			continue;
		if (m[i].what == REPLACE) {
			if (!link(m[i].to, m[i].bak) || !rename(m[i].to, m[i].bak))
				m[i].backed_up = 1;
			else
				err = -errno;
		}
		if (!err && rename(m[i].from, m[i].to))
			err = -errno;
		else if (!err)
			m[i].moved = 1;
		if (err) {
			fprintf(stderr, "sysdefc: cannot write '%s': %s; '%s' left "
				"as it was\n", m[i].to, strerror(-err), od->dir);
			roll_back(m, i + 1);
		}
	}
	for (i = 0; i < od->count; i++) {
		/* a link to the file in place, or the old file once it is replaced */
		if (m[i].bak && !m[i].keep_bak)
			unlink(m[i].bak);
		free(m[i].from);
		free(m[i].to);
		free(m[i].bak);
	}
	free(m);
	return err;
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

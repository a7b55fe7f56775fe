/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"

#define MAX_FILE_SIZE (64 << 20)
#define MAX_DEPTH 32

/*
 * Read all of @path.  It is opened without blocking (a FIFO or a tty would
 * otherwise wait forever) and must be a regular file; it is read to its end,
 * not to st_size (files in /proc say 0).  On failure *why says what is wrong.
 */
static int read_all(struct sd_arena *a, const char *path, char **text, size_t *len,
		    const char **why)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	size_t n = 0, cap;
	struct stat st;
	char *buf, *p;
	int err = 0;

	*why = NULL;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		*why = S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file" :
		       S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ?
		       "a device, not a regular file" :
		       S_ISSOCK(st.st_mode) ? "a socket, not a regular file" :
		       "not a regular file";
		return -EINVAL;
	}
	if (st.st_size > MAX_FILE_SIZE) {
		close(fd);
		*why = "file larger than 64 MiB";
		return -EFBIG;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = malloc(cap);
	while (buf) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap > MAX_FILE_SIZE) {
				err = -EFBIG;
				*why = "file larger than 64 MiB";
				break;
			}
			cap = cap * 2 > MAX_FILE_SIZE ? MAX_FILE_SIZE + 1 : cap * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			break;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (!buf)
		return -ENOMEM;
	if (!err && n > MAX_FILE_SIZE) {
		err = -EFBIG;
		*why = "file larger than 64 MiB";
	}
	if (err) {
		free(buf);
		return err;
	}
	p = sd_alloc(a, n + 1);
	memcpy(p, buf, n);
	free(buf);
	p[n] = '\0';
	*text = p;
	*len = n;
	return 0;
}

/* The location of byte @off of @src. */
static struct sd_loc loc_of(const struct sd_src *src, size_t off)
{
	struct sd_loc loc = { src, 1, 1 };
	const char *p = src->text, *end = src->text + off, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		loc.line++;
		p = nl + 1;
	}
	loc.col = (int)(end - p) + 1;
	return loc;
}

/*
 * What the lexer should never see, refused with one error before parsing:
 * a NUL byte (a binary file: a kernel's BTF, an object file) and a carriage
 * return that is not part of a CR LF line end (old Mac line ends would
 * otherwise make the whole file one line, a comment perhaps).
 */
static int check_text(struct sd_diag *diag, const struct sd_src *src)
{
	const char *t = src->text, *end = t + src->len, *nul, *cr;

	nul = memchr(t, '\0', src->len);
	if (nul) {
		sd_error(diag, loc_of(src, (size_t)(nul - t)),
			 "NUL byte at offset %zu: a binary file, not a .sysdef text",
			 (size_t)(nul - t));
		return -EINVAL;
	}
	for (cr = t; (cr = memchr(cr, '\r', (size_t)(end - cr))); cr++)
		if (cr + 1 == end || cr[1] != '\n') {
			sd_error(diag, loc_of(src, (size_t)(cr - t)),
				 "carriage return without a line feed: lines must "
				 "end in LF (or CR LF)");
			return -EINVAL;
		}
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

static int load(struct sd_sources *s, const char *path, struct sd_loc from, int depth);

/* Check and parse @src, then load what it includes, depth first. */
static int parse(struct sd_sources *s, struct sd_src *src, int depth)
{
	struct sd_parse ctx;
	struct sd_item *it, *next;
	int err;

	src->next = s->files;
	s->files = src;
	err = check_text(s->diag, src);
	if (err)
		return err;
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = s->arena;
	ctx.diag = s->diag;
	ctx.src = src;
	err = sd_parse_src(&ctx);
	for (it = ctx.items; it; it = next) {
		next = it->next;
		it->next = NULL;
		if (it->kind == SD_I_INCLUDE) {
			if (s->no_includes)
				sd_error(s->diag, it->loc, "includes are not read here");
			else
				load(s, it->path, it->loc, depth + 1);
			continue;
		}
		s->items = sd_item_append(s->items, it);
	}
	return err;
}

static int load(struct sd_sources *s, const char *path, struct sd_loc from, int depth)
{
	struct sd_src *src;
	struct stat st;
	const char *why;
	int err;

	memset(&st, 0, sizeof(st));
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
	err = read_all(s->arena, path, &src->text, &src->len, &why);
	if (err) {
		sd_error(s->diag, from, "cannot read '%s': %s", path,
			 why ? why : strerror(-err));
		return err;
	}
	src->dev = (unsigned long long)st.st_dev;
	src->ino = (unsigned long long)st.st_ino;
	return parse(s, src, depth);
}

int sd_load_file(struct sd_sources *s, const char *path, struct sd_loc from)
{
	return load(s, path, from, 0);
}

int sd_load_text(struct sd_sources *s, const char *name, const char *text, size_t len)
{
	struct sd_src *src = sd_alloc(s->arena, sizeof(*src));

	src->name = sd_strdup(s->arena, name);
	src->text = sd_strndup(s->arena, text, len);
	src->len = len;
	/* no file identity: dev 0, ino 0 matches no file include-once compares */
	return parse(s, src, 0);
}

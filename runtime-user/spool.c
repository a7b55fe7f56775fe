/* SPDX-License-Identifier: MIT */
/* spool.c - the record queue that spills to disk, and the flight recorder. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/types.h>

#include "sd_records.h"
#include "spool.h"

#define MEM_BYTES	(4u << 20)	/* records queued in memory before a spill */

struct frame {
	uint32_t size;
	uint32_t pad;
};

#define ALIGN8(n)	(((n) + 7) & ~(size_t)7)
#define FRAMED(n)	SD_SPOOL_FRAMED(n)

void sd_spool_init(struct sd_spool *sp)
{
	memset(sp, 0, sizeof(*sp));
	pthread_mutex_init(&sp->lock, NULL);
	pthread_cond_init(&sp->more, NULL);
	sp->fd = -1;
}

/* The temporary file: unnamed, in $TMPDIR or /var/tmp (on disk, not tmpfs). */
static int open_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	int fd;

	if (!dir || !*dir)
		dir = "/var/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd < 0 ? -errno : fd;
	snprintf(path, sizeof(path), "%s/sdtrace-spool.XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unlink(path);
	return fd;
}

/* Append @len bytes to the file (the putter's alone): 0 or -errno. */
static int write_file(struct sd_spool *sp, const unsigned char *data, size_t len)
{
	size_t done = 0;

	if (sp->fd < 0) {
		int fd = open_file();

		if (fd < 0)
			return fd;
		sp->fd = fd;
	}
	while (done < len) {
		ssize_t n = pwrite(sp->fd, data + done, len - done, (off_t)(sp->f_tail + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ENOSPC;
		done += (size_t)n;
	}
	return 0;
}

void sd_spool_push(struct sd_spool *sp, unsigned char *data, size_t len)
{
	struct sd_seg *g = calloc(1, sizeof(*g));
	bool spill, to_file;
	int rc;

	if (!g) {
		free(data);	/* as lost as a full ring's; cannot happen in practice */
		return;
	}
	g->len = len;
	pthread_mutex_lock(&sp->lock);
	if (!sp->file_segs && sp->f_tail) {
		/* the file is all read: start it over */
		if (ftruncate(sp->fd, 0) && !sp->err)
			sp->err = -errno;
		sp->f_tail = 0;
	}
	spill = sp->mem_used + len > MEM_BYTES && !sp->broken;
	if (!spill)
		sp->mem_used += len;
	pthread_mutex_unlock(&sp->lock);

	to_file = spill;
	if (spill) {
		/* the formatter is behind: the newest records wait on disk */
		rc = write_file(sp, data, len);
		if (rc) {
			sp->broken = true;	/* from here on memory, over budget */
			if (!sp->err)
				sp->err = rc;
			to_file = false;
		} else {
			g->off = sp->f_tail;
			sp->f_tail += len;
			sp->spilled += len;
			free(data);
			data = NULL;
		}
	}
	g->data = data;
	pthread_mutex_lock(&sp->lock);
	if (to_file) {
		sp->file_segs++;
		if (sp->f_tail > sp->file_peak)
			sp->file_peak = sp->f_tail;
	} else if (spill) {
		sp->mem_used += len;
	}
	if (sp->tail)
		sp->tail->next = g;
	else
		sp->head = g;
	sp->tail = g;
	__atomic_add_fetch(&sp->queued, 1, __ATOMIC_RELAXED);
	pthread_cond_signal(&sp->more);
	pthread_mutex_unlock(&sp->lock);
}

/* Done with the taker's segment. */
static void drop_cur(struct sd_spool *sp)
{
	struct sd_seg *g = sp->cur;

	if (!g)
		return;
	sp->cur = NULL;
	if (g->data) {
		pthread_mutex_lock(&sp->lock);
		sp->mem_used -= g->len;
		pthread_mutex_unlock(&sp->lock);
		free(g->data);
	}
	free(g);
}

/* Read file segment @g into rbuf; 0 or -errno.  Its blocks are given back. */
static int read_seg(struct sd_spool *sp, struct sd_seg *g)
{
	size_t done = 0;
	int rc = 0;

	if (sp->rcap < g->len) {
		unsigned char *b = realloc(sp->rbuf, g->len);

		if (!b) {
			rc = -ENOMEM;
			goto out;
		}
		sp->rbuf = b;
		sp->rcap = g->len;
	}
	while (done < g->len) {
		ssize_t n = pread(sp->fd, sp->rbuf + done, g->len - done, (off_t)(g->off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			goto out;
		}
		done += (size_t)n;
	}
	{
		uint64_t from = (g->off + 4095) & ~4095ULL, to = (g->off + g->len) & ~4095ULL;

		if (to > from)
			fallocate(sp->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				  (off_t)from, (off_t)(to - from));
	}
out:
	pthread_mutex_lock(&sp->lock);
	sp->file_segs--;
	pthread_mutex_unlock(&sp->lock);
	return rc;
}

int sd_spool_get(struct sd_spool *sp, void **rec, size_t *size)
{
	struct frame fr;
	unsigned char *base;

	while (!sp->cur || sp->pos >= sp->cur->len) {
		struct sd_seg *g;

		drop_cur(sp);
		pthread_mutex_lock(&sp->lock);
		g = sp->head;
		if (g) {
			sp->head = g->next;
			if (!sp->head)
				sp->tail = NULL;
			__atomic_sub_fetch(&sp->queued, 1, __ATOMIC_RELAXED);
		}
		pthread_mutex_unlock(&sp->lock);
		if (!g)
			return 0;
		sp->cur = g;
		sp->pos = 0;
		if (!g->data) {
			int rc = read_seg(sp, g);

			if (rc) {
				sp->pos = g->len;
				return rc;
			}
		}
	}
	base = sp->cur->data ? sp->cur->data : sp->rbuf;
	memcpy(&fr, base + sp->pos, sizeof(fr));
	*rec = base + sp->pos + sizeof(fr);
	*size = fr.size;
	sp->pos += FRAMED(fr.size);
	return 1;
}

bool sd_spool_wait(struct sd_spool *sp, int timeout_ms)
{
	struct timespec until;
	bool any;

	if (sp->cur && sp->pos < sp->cur->len)
		return true;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sp->lock);
	while (!sp->head && timeout_ms > 0 &&
	       pthread_cond_timedwait(&sp->more, &sp->lock, &until) == 0)
		;
	any = sp->head != NULL;
	pthread_mutex_unlock(&sp->lock);
	return any;
}

bool sd_spool_empty(struct sd_spool *sp)
{
	return !(sp->cur && sp->pos < sp->cur->len) &&
	       !__atomic_load_n(&sp->queued, __ATOMIC_RELAXED);
}

void sd_spool_free(struct sd_spool *sp)
{
	struct sd_seg *g, *next;

	drop_cur(sp);
	for (g = sp->head; g; g = next) {
		next = g->next;
		free(g->data);
		free(g);
	}
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->rbuf);
	pthread_mutex_destroy(&sp->lock);
	pthread_cond_destroy(&sp->more);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

int sd_flight_init(struct sd_flight *f, size_t bytes)
{
	memset(f, 0, sizeof(*f));
	bytes = ALIGN8(bytes);
	if (bytes < 2 * FRAMED(SD_REC_MAX))
		bytes = 2 * FRAMED(SD_REC_MAX);
	f->buf = malloc(bytes);
	if (!f->buf)
		return -ENOMEM;
	f->cap = bytes;
	return 0;
}

static void store(unsigned char *at, const void *rec, size_t size)
{
	struct frame fr = { (uint32_t)size, 0 };

	memcpy(at, &fr, sizeof(fr));
	memcpy(at + sizeof(fr), rec, size);
}

static size_t frame_at(const struct sd_flight *f, size_t off)
{
	struct frame fr;

	memcpy(&fr, f->buf + off, sizeof(fr));
	return FRAMED(fr.size);
}

/* Overwrite the oldest record. */
static void evict(struct sd_flight *f)
{
	f->head += frame_at(f, f->head);
	f->n--;
	f->dropped++;
	if (f->wrap && f->head == f->wrap) {
		f->head = 0;
		f->wrap = 0;
	}
}

void sd_flight_put(struct sd_flight *f, const void *rec, size_t size)
{
	size_t need = FRAMED(size);

	if (need > f->cap / 2)
		return;
	for (;;) {
		if (!f->n) {
			f->head = f->tail = f->wrap = 0;
			break;
		}
		if (!f->wrap) {
			if (f->cap - f->tail >= need)
				break;
			if (f->head >= need) {
				f->wrap = f->tail;
				f->tail = 0;
				break;
			}
		} else if (f->head - f->tail >= need) {
			break;
		}
		evict(f);
	}
	store(f->buf + f->tail, rec, size);
	f->tail += need;
	f->n++;
}

/* A cursor over one buffer's records, oldest first. */
struct fcur {
	size_t off, end, left;
	bool upper;		/* in [head, wrap) */
};

static uint64_t cur_ts(const struct sd_flight *f, const struct fcur *c)
{
	const struct sd_hdr *h = (const void *)(f->buf + c->off + sizeof(struct frame));

	return SD_HDR_TS(h);
}

long sd_flight_dump(struct sd_flight *f, int n,
		    int (*fn)(void *ctx, const void *rec, size_t size), void *ctx)
{
	struct fcur *c = calloc((size_t)(n > 0 ? n : 1), sizeof(*c));
	long count = 0;

	if (!c)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		c[i].left = f[i].n;
		c[i].off = f[i].head;
		c[i].upper = f[i].wrap != 0;
	}
	for (;;) {
		int best = -1;
		struct frame fr;
		int rc;

		/* the ring whose next record is oldest (each ring is in order) */
		for (int i = 0; i < n; i++) {
			if (!c[i].left)
				continue;
			if (c[i].upper && c[i].off == f[i].wrap) {
				c[i].off = 0;
				c[i].upper = false;
			}
			if (best < 0 || cur_ts(&f[i], &c[i]) < cur_ts(&f[best], &c[best]))
				best = i;
		}
		if (best < 0)
			break;
		memcpy(&fr, f[best].buf + c[best].off, sizeof(fr));
		rc = fn(ctx, f[best].buf + c[best].off + sizeof(fr), fr.size);
		if (rc < 0) {
			free(c);
			return rc;
		}
		c[best].off += FRAMED(fr.size);
		c[best].left--;
		count++;
	}
	free(c);
	return count;
}

void sd_flight_free(struct sd_flight *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

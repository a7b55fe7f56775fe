/* SPDX-License-Identifier: MIT */
/*
 * ctf_write.c - sdtrace --record: records into CTF packets, a packet
 * written at once when it is full, a second old, or the trace ends.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <zlib.h>

#include "ctf.h"

struct sd_ctf_writer {
	int fd;
	unsigned char *pkt;
	size_t used;			/* 0: no packet open */
	uint64_t seq;
	uint64_t clock;			/* the stream's clock: never goes back */
	uint64_t begin;			/* the open packet's timestamp_begin */
	uint64_t lost[SD_CTF_NLOST];
	uint64_t lost_written[SD_CTF_NLOST];
	int written;			/* packets written */
	struct timespec opened;
	unsigned char uuid[16];
	uint64_t records, bytes;
	int err;
};

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);	/* little-endian hosts only (x86_64) */
}

static int write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void begin_packet(struct sd_ctf_writer *w, uint64_t ts)
{
	w->used = SD_CTF_PREAMBLE;
	w->begin = ts > w->clock ? ts : w->clock;
	w->clock = w->begin;
	clock_gettime(CLOCK_MONOTONIC, &w->opened);
}

static int flush_packet(struct sd_ctf_writer *w)
{
	unsigned char *p = w->pkt;
	uint64_t discarded = 0;
	uint32_t magic = SD_CTF_MAGIC, sid = 0;
	int rc;

	if (!w->used)
		return 0;
	for (int i = 0; i < SD_CTF_NLOST; i++)
		discarded += w->lost[i];
	memcpy(p, &magic, 4);
	memcpy(p + 4, w->uuid, 16);
	memcpy(p + 20, &sid, 4);
	put64(p + 24, w->begin);
	put64(p + 32, w->clock);
	put64(p + 40, (uint64_t)w->used * 8);
	put64(p + 48, (uint64_t)w->used * 8);
	put64(p + 56, w->seq);
	put64(p + 64, discarded);
	for (int i = 0; i < SD_CTF_NLOST; i++)
		put64(p + 72 + 8 * i, w->lost[i]);
	/* CRC-32 of the packet, this field 0: damage anywhere is found */
	put64(p + 104, 0);
	put64(p + 104, crc32(0, p, (uInt)w->used));
	rc = write_all(w->fd, p, w->used);
	if (rc && !w->err)
		w->err = rc;
	w->bytes += w->used;
	w->used = 0;
	w->seq++;
	w->written++;
	memcpy(w->lost_written, w->lost, sizeof(w->lost));
	return rc;
}

int sd_ctf_put(struct sd_ctf_writer *w, const void *rec, size_t size)
{
	const struct sd_hdr *h = rec;
	unsigned int ncaps;
	size_t need = SD_CTF_EVHDR + ((size + 7) & ~(size_t)7);
	uint64_t ts;
	uint32_t lo;
	uint16_t id16, nc16;
	int id;

	if (size < sizeof(*h) || size > SD_REC_MAX)
		return -EINVAL;
	id = sd_ctf_classify(h, size, &ncaps);
	if (id < 0) {		/* kept as bytes: replay reports it */
		id = SD_CTF_ID_MALFORMED;
		ncaps = (unsigned int)(size - sizeof(*h));
	}
	ts = SD_HDR_TS(h);
	if (ts < w->clock)
		ts = w->clock;	/* a CTF stream's clock never goes back */
	/* the event header holds 32 bits of the clock: a new packet (with the
	 * whole time) before they could wrap twice */
	if (w->used && (w->used + need > SD_CTF_PACKET || ts - w->clock >= 0xf0000000ULL))
		flush_packet(w);
	if (!w->used)
		begin_packet(w, ts);
	w->clock = ts;
	lo = (uint32_t)ts;
	id16 = (uint16_t)id;
	nc16 = (uint16_t)ncaps;
	memcpy(w->pkt + w->used, &lo, 4);
	memcpy(w->pkt + w->used + 4, &id16, 2);
	memcpy(w->pkt + w->used + 6, &nc16, 2);
	memcpy(w->pkt + w->used + SD_CTF_EVHDR, rec, size);
	memset(w->pkt + w->used + SD_CTF_EVHDR + size, 0, need - SD_CTF_EVHDR - size);
	w->used += need;
	w->records++;
	return w->err;
}

void sd_ctf_lost(struct sd_ctf_writer *w, const uint64_t lost[SD_CTF_NLOST])
{
	/* the counters only grow: a packet's are its stream's so far */
	for (int i = 0; i < SD_CTF_NLOST; i++)
		if (lost[i] > w->lost[i])
			w->lost[i] = lost[i];
}

int sd_ctf_tick(struct sd_ctf_writer *w)
{
	struct timespec now;

	if (!w->used)
		return w->err;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - w->opened.tv_sec >= 2 ||
	    (now.tv_sec - w->opened.tv_sec == 1 && now.tv_nsec >= w->opened.tv_nsec))
		flush_packet(w);
	return w->err;
}

void sd_ctf_stats(const struct sd_ctf_writer *w, uint64_t *records, uint64_t *bytes)
{
	*records = w->records;
	*bytes = w->bytes + w->used;
}

int sd_ctf_close(struct sd_ctf_writer *w)
{
	int rc;

	if (!w)
		return 0;
	/* the last packet carries the final loss counts, even when empty */
	if (!w->used && (!w->written || memcmp(w->lost, w->lost_written, sizeof(w->lost))))
		begin_packet(w, w->clock);
	flush_packet(w);
	if (fsync(w->fd) && errno != EINVAL && !w->err)
		w->err = -errno;
	if (close(w->fd) && !w->err)
		w->err = -errno;
	rc = w->err;
	free(w->pkt);
	free(w);
	return rc;
}

/* An empty directory, or one a previous --record left: metadata, stream. */
static int reusable(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ok = 1;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "metadata") && strcmp(e->d_name, "stream"))
			ok = 0;
	closedir(d);
	return ok;
}

struct sd_ctf_writer *sd_ctf_open(const char *dir, const struct sd_ctf_info *info)
{
	struct sd_ctf_writer *w = calloc(1, sizeof(*w));
	char uuid[40];
	int dfd = -1, mfd = -1, err = 0;
	FILE *mf = NULL;

	if (!w || !(w->pkt = malloc(SD_CTF_PACKET))) {
		err = ENOMEM;
		goto fail;
	}
	w->fd = -1;
	/* other processes' data, maybe secrets: for its owner's eyes */
	if (mkdir(dir, 0700) && (errno != EEXIST || !reusable(dir))) {
		err = errno == EEXIST ? ENOTEMPTY : errno;
		goto fail;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		err = errno;
		goto fail;
	}
	if (getrandom(w->uuid, sizeof(w->uuid), 0) != sizeof(w->uuid)) {
		struct timespec t;

		clock_gettime(CLOCK_REALTIME, &t);
		memcpy(w->uuid, &t, sizeof(w->uuid) < sizeof(t) ? sizeof(w->uuid) : sizeof(t));
	}
	w->uuid[6] = (unsigned char)((w->uuid[6] & 0x0f) | 0x40);	/* version 4 */
	w->uuid[8] = (unsigned char)((w->uuid[8] & 0x3f) | 0x80);
	snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", w->uuid[0], w->uuid[1], w->uuid[2], w->uuid[3],
		 w->uuid[4], w->uuid[5], w->uuid[6], w->uuid[7], w->uuid[8], w->uuid[9],
		 w->uuid[10], w->uuid[11], w->uuid[12], w->uuid[13], w->uuid[14], w->uuid[15]);
	w->fd = openat(dfd, "stream", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	mfd = openat(dfd, "metadata", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (w->fd < 0 || mfd < 0) {
		err = errno;
		goto fail;
	}
	mf = fdopen(mfd, "w");
	if (!mf) {
		err = errno;
		goto fail;
	}
	mfd = -1;
	if (sd_ctf_write_metadata(mf, uuid, info) || fflush(mf) || ferror(mf)) {
		err = errno ? errno : EIO;
		goto fail;
	}
	if (fclose(mf)) {
		mf = NULL;
		err = errno;
		goto fail;
	}
	close(dfd);
	return w;
fail:
	if (mf)
		fclose(mf);
	if (mfd >= 0)
		close(mfd);
	if (dfd >= 0)
		close(dfd);
	if (w) {
		if (w->fd >= 0)
			close(w->fd);
		free(w->pkt);
		free(w);
	}
	errno = err ? err : EIO;
	return NULL;
}

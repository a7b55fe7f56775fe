/* SPDX-License-Identifier: MIT */
/*
 * spool.h - records between the rings and the formatter.
 *
 * The spool is a queue of raw records, first in first out.  While the
 * formatter keeps up they stay in a few megabytes of memory; when it falls
 * behind they go to a temporary file on disk (never to more memory), so
 * that the rings are always emptied in time and no record is dropped.
 *
 * The flight recorder keeps the newest records of each ring in a buffer
 * of a fixed size, the oldest overwritten first.
 */
#ifndef SD_SPOOL_H
#define SD_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

/* A run of records, framed (struct sd_spool_frame), in memory or in the file. */
struct sd_seg {
	struct sd_seg *next;
	unsigned char *data;		/* NULL: in the file at @off */
	uint64_t off;
	size_t len;
};

/* Each record is stored after 8 bytes: its size, and padded to 8 bytes. */
struct sd_spool_frame {
	uint32_t size;
	uint32_t pad;
};

#define SD_SPOOL_FRAMED(n)	(sizeof(struct sd_spool_frame) + (((n) + 7) & ~(size_t)7))

/*
 * One thread puts (the ring reader), one takes (the formatter); the queue
 * is locked, the segment being read is the taker's own.
 */
struct sd_spool {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct sd_seg *head, *tail;	/* queued, oldest first */
	size_t mem_used;		/* bytes of queued segments in memory */
	uint64_t queued;		/* segments queued */
	int fd;				/* the temporary file, -1 until a spill */
	int file_segs;			/* segments in the file, queued or being read */
	bool broken;			/* the file failed: memory it is */
	uint64_t f_tail;		/* the file's end (the putter's) */
	/* the taker's segment */
	struct sd_seg *cur;
	size_t pos;
	unsigned char *rbuf;
	size_t rcap;
	/* figures */
	uint64_t spilled;		/* bytes that went through the file */
	uint64_t file_peak;		/* the most bytes the file held */
	int err;			/* the first failure of the file (-errno) */
};

void sd_spool_init(struct sd_spool *sp);

/*
 * Queue @len bytes of framed records at @data (malloc'ed; the spool owns
 * it from here on): in memory within its budget, else in the file; in
 * memory beyond the budget if the file cannot be written.
 */
void sd_spool_push(struct sd_spool *sp, unsigned char *data, size_t len);

/*
 * Take the oldest record: *@rec (8-byte aligned, valid until the next
 * call) and *@size.  Returns 1, 0 when the spool is empty, or a negative
 * errno if the file could not be read (that segment is skipped).
 */
int sd_spool_get(struct sd_spool *sp, void **rec, size_t *size);

/* Wait up to @timeout_ms for a record to take.  Returns true if one is there. */
bool sd_spool_wait(struct sd_spool *sp, int timeout_ms);

/* Nothing queued and nothing left in the taker's segment. */
bool sd_spool_empty(struct sd_spool *sp);

void sd_spool_free(struct sd_spool *sp);

/* One ring's flight-recorder buffer: the newest records that fit. */
struct sd_flight {
	unsigned char *buf;
	size_t cap;
	size_t head, tail;	/* the oldest record, where the next goes */
	size_t wrap;		/* nonzero: data is [head, wrap) then [0, tail) */
	size_t n;		/* records held */
	uint64_t dropped;	/* records overwritten */
};

/* A buffer of @bytes (at least one record's worth). Returns 0 or -ENOMEM. */
int sd_flight_init(struct sd_flight *f, size_t bytes);

/* Keep @rec, overwriting the oldest records to make room. */
void sd_flight_put(struct sd_flight *f, const void *rec, size_t size);

/*
 * Hand every kept record of the @n buffers @f to @fn in time order (the
 * buffers are not emptied).  Returns the number of records, or the first
 * negative value @fn returned.
 */
long sd_flight_dump(struct sd_flight *f, int n,
		    int (*fn)(void *ctx, const void *rec, size_t size), void *ctx);

void sd_flight_free(struct sd_flight *f);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * session.h - one tracing session: the eBPF object loaded and attached,
 * its recorders wired into the dispatch tables, and the ring buffer.
 */
#ifndef SD_SESSION_H
#define SD_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include <linux/types.h>

#include "sd_records.h"
#include "sd_events.h"
#include "cache.h"
#include "loader.h"
#include "spool.h"

struct sdtrace_bpf;
struct sdtrace_bpf__bss;
struct sdtrace_bpf__rodata;

/* How often sdtrace takes records from the ring (it is never woken per record). */
#define SD_POLL_MS 10

struct sd_session_opts {
	unsigned int strsize;		/* -s */
	bool verbose;			/* -v: execve's environment whole */
	bool follow_forks;		/* -f */
	bool trace_all;			/* -a: every process but ourselves */
	bool summary;			/* -c: count in the kernel, no records */
	bool count;			/* -C: count in the kernel, and records */
	bool detach_exec;		/* -b execve: let processes go at their exec */
	uint64_t overhead_ns;		/* -O: taken off each counted call */
	bool count_wall;		/* -w: count latency, not CPU time */
	bool fd_names;			/* -y: capture what new descriptors are */
	size_t ringbuf_bytes;		/* -b: all rings together, a power of two */
	bool kmod;			/* --backend=kmod: the kernel module records */
	unsigned int extras;		/* SD_F_TAIL: -T/-t/-r, -i, -k add to records */
	const bool *selected;		/* [SD_NR_MAX]: syscalls to record; NULL: all */
	size_t flight_bytes;		/* --flight-recorder: keep this much, print nothing */
	bool cache;			/* --cache: programs from the cache (cache.h) */
	ring_buffer_sample_fn on_record;
	void *ctx;
};

/* Records taken from the per-CPU rings in one poll, to be put in order. */
struct sd_batch {
	struct sd_batch_ent *ents;
	size_t n, cap;
	unsigned char *data;		/* the records, 8-byte aligned */
	size_t used, data_cap;
	size_t bytes;			/* their size in the spool */
};

struct sd_ring_reader;

struct sd_kmod;

/* The maps sdtrace reads or fills: descriptors, owned on a cache hit. */
struct sd_session_maps {
	int enter_progs, exit_progs, variant_of, rings, sigq, summary;
};

struct sd_session {
	struct sdtrace_bpf *skel;	/* loaded afresh; NULL when from the cache */
	struct sdtrace_bpf__bss *bss;	/* the programs' globals, either way */
	const struct sdtrace_bpf__rodata *rodata;
	size_t bss_size, rodata_size;	/* mapped by hand: from the cache */
	struct sd_session_maps maps;
	struct sd_cache cache;		/* --cache: the entry used or filled */
	struct sd_loader loader;	/* the recorder programs' objects */
	struct sd_kmod *kmod;		/* --backend=kmod: instead of skel */
	__u64 start_ns;			/* CLOCK_MONOTONIC at record time 0 */
	int epfd;			/* all rings, to sleep on */
	int wakefd;			/* in epfd too: wakes the reader to stop */
	struct sd_ring_reader *rings;	/* one ring per possible CPU */
	int nrings;
	struct sd_batch batch;
	int backlog;			/* the last poll left records behind */
	ring_buffer_sample_fn on_record;	/* what the backend hands records to */
	void *ctx;
	/* records wait in the spool until the formatter takes them */
	struct sd_spool spool;
	ring_buffer_sample_fn deliver;	/* the formatter (sd_session_opts.on_record) */
	void *deliver_ctx;
	/* --flight-recorder: one buffer per ring; only forks and exits are delivered */
	struct sd_flight *flight;
	int nflight;
	pthread_mutex_t flight_lock;	/* the buffers, between the reader and a dump */
	/* the ring reader's thread, from sd_session_attach on */
	pthread_t reader;
	bool threaded;
	int stopping;
	int reader_err;			/* the reader's last failure, negative errno */
	bool mapped;			/* the rings are mapped (by the reader) */
};

/*
 * Load, wire and attach everything.  On failure returns a negative errno
 * and writes one sentence saying what is missing into @err.
 */
int sd_session_open(struct sd_session *s, const struct sd_session_opts *o,
		    char *err, size_t errlen);

/* Attach the dispatchers: from here on, traced processes are recorded. */
int sd_session_attach(struct sd_session *s, char *err, size_t errlen);

/* Start tracing thread group @tgid (before it runs traced code). */
int sd_session_trace(struct sd_session *s, uint32_t tgid);
/*
 * Trace process @tgid from its next execve on (the command sdtrace
 * starts): what it does before is its parent's business, not its own.
 */
int sd_session_trace_exec(struct sd_session *s, uint32_t tgid);

/*
 * Wait up to @timeout_ms for records and hand them to on_record (all
 * rings merged in the order the calls completed) for some 50 ms at most.
 * A thread of the session's takes them from the rings into the spool
 * meanwhile.  Returns 1 if records are left (call again without
 * sleeping), 0 if not, or a negative errno.
 */
int sd_session_poll(struct sd_session *s, int timeout_ms);

/* Are there records taken from the rings and not yet handed to on_record? */
static inline bool sd_session_backlog(struct sd_session *s)
{
	return !sd_spool_empty(&s->spool);
}

/*
 * The end: stop reading the rings in the background, take what they
 * still hold and hand every record to on_record.  0 or a negative errno.
 */
int sd_session_finish(struct sd_session *s);

/*
 * --flight-recorder: hand every record kept to @fn, in time order.
 * Returns the number of records or a negative errno.
 */
long sd_session_flight_dump(struct sd_session *s,
			    int (*fn)(void *ctx, const void *rec, size_t size), void *ctx);

/* Sum the per-CPU counters (enum sd_counter) into @out. */
int sd_session_counters(struct sd_session *s, uint64_t out[SD_CNT_MAX]);

/* -c: sum the per-CPU totals of syscall @nr into @out. */
int sd_session_summary(struct sd_session *s, unsigned int nr, struct sd_sum *out);

/* Detach and release every program, map and buffer. */
void sd_session_close(struct sd_session *s);

/* The same with the kernel module (kmod.c); sd_session_* call them. */
int sd_kmod_open(struct sd_session *s, const struct sd_session_opts *o,
		 char *err, size_t errlen);
int sd_kmod_attach(struct sd_session *s, char *err, size_t errlen);
int sd_kmod_trace(struct sd_session *s, uint32_t tgid);
int sd_kmod_trace_exec(struct sd_session *s, uint32_t tgid);
int sd_kmod_poll(struct sd_session *s, int timeout_ms);
int sd_kmod_counters(struct sd_session *s, uint64_t out[SD_CNT_MAX]);
void sd_kmod_close(struct sd_session *s);

#endif

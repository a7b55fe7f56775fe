/* SPDX-License-Identifier: MIT */
/*
 * kmod.c - sdtrace --backend=kmod: the session through sdtrace_kmod.ko
 * (runtime-kernel/kmod/) instead of eBPF.  The module writes the same
 * records; they are read from /dev/sdtrace, put in the order the calls
 * completed, and handed to the same on_record as the eBPF backend's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "sd_table.h"
#include "session.h"
#include "kmod/sd_kmod_abi.h"

#define KMOD_READ	(4 << 20)	/* bytes taken from the module per read() */
#define KMOD_ROUNDS	16		/* reads per poll, at most */

struct kmod_ent {
	__u64 ts;
	size_t off, seq;
};

struct sd_kmod {
	int fd;
	unsigned char *buf;
	struct kmod_ent *ents;
	size_t cap;
	int backlog;
};

/* The module file: $SDTRACE_KMOD, else beside sdtrace (kmod/ or itself). */
static int load_module(char *err, size_t errlen)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	const char *env = getenv("SDTRACE_KMOD");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *tries[4] = { env, NULL, NULL, NULL };
	char alt[PATH_MAX + 32], inst[PATH_MAX + 32];
	int fd = -1, rc;

	if (n > 0) {
		exe[n] = 0;
		*strrchr(exe, '/') = 0;
		snprintf(path, sizeof(path), "%s/kmod/" SD_KMOD_NAME ".ko", exe);
		snprintf(alt, sizeof(alt), "%s/" SD_KMOD_NAME ".ko", exe);
		/* installed: PREFIX/bin/sdtrace, PREFIX/lib/sdtrace/ (make install) */
		snprintf(inst, sizeof(inst), "%s/../lib/sdtrace/" SD_KMOD_NAME ".ko", exe);
		tries[1] = path;
		tries[2] = alt;
		tries[3] = inst;
	}
	for (int i = 0; i < 4 && fd < 0; i++)
		if (tries[i])
			fd = open(tries[i], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "the kernel module is not loaded and " SD_KMOD_NAME
			 ".ko was not found (set SDTRACE_KMOD=FILE, or build it: make kmod)");
		return -ENOENT;
	}
	rc = (int)syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (rc && errno != EEXIST) {
		rc = -errno;
		snprintf(err, errlen, "cannot load " SD_KMOD_NAME ".ko: %s", strerror(errno));
		return rc;
	}
	return 0;
}

static int open_dev(char *err, size_t errlen)
{
	int fd = open(SD_KMOD_DEV, O_RDONLY | O_CLOEXEC), rc;

	if (fd >= 0 || errno != ENOENT)
		goto out;
	rc = load_module(err, errlen);
	if (rc)
		return rc;
	for (int i = 0; i < 100 && fd < 0; i++) {	/* devtmpfs makes the node */
		fd = open(SD_KMOD_DEV, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			usleep(10000);
	}
out:
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot open %s: %s%s", SD_KMOD_DEV, strerror(errno),
			 errno == EBUSY ? " (another sdtrace --backend=kmod is running)" : "");
		return rc;
	}
	return fd;
}

/* Which family member each selector value chooses, as session.c's wire(). */
static int send_cases(int fd)
{
	struct sd_kmod_case *v = calloc(sd_variant_case_count + 1, sizeof(*v));
	struct sd_kmod_cases c = { .cases = (__u64)(unsigned long)v,
				   .n = sd_variant_case_count };
	int rc;

	if (!v)
		return -ENOMEM;
	for (unsigned int i = 0; i < sd_variant_case_count; i++) {
		const struct sd_variant_case *k = &sd_variant_cases[i];
		unsigned long long x = sd_const_values[k->k];

		if (k->size < 8) {
			x &= (1ULL << (8 * k->size)) - 1;
			if (k->is_signed && (x >> (8 * k->size - 1)))
				x |= ~0ULL << (8 * k->size);
		}
		v[i].family = k->family;
		v[i].member = k->member;
		v[i].value = x;
	}
	rc = ioctl(fd, SD_KIOC_CASES, &c) ? -errno : 0;
	free(v);
	return rc;
}

int sd_kmod_open(struct sd_session *s, const struct sd_session_opts *o,
		 char *err, size_t errlen)
{
	struct sd_kmod_setup *su;
	struct timespec now;
	struct sd_kmod *k;
	int fd, rc;

	memset(s, 0, sizeof(*s));
	if (o->summary || o->count || o->detach_exec) {
		/* sdtrace counts -c/-C from the module's records (sd_ctf_count) */
		snprintf(err, errlen, "-b execve is not available with --backend=kmod");
		return -EINVAL;
	}
	fd = open_dev(err, errlen);
	if (fd < 0)
		return fd;
	k = calloc(1, sizeof(*k));
	su = calloc(1, sizeof(*su));
	if (!k || !su || !(k->buf = malloc(KMOD_READ))) {
		free(k ? k->buf : NULL);
		free(k);
		free(su);
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	k->fd = fd;
	s->kmod = k;
	s->on_record = o->on_record;
	s->ctx = o->ctx;
	clock_gettime(CLOCK_MONOTONIC, &now);
	s->start_ns = (__u64)now.tv_sec * 1000000000ULL + (__u64)now.tv_nsec;
	su->start_ns = s->start_ns;
	su->extras = (__u8)o->extras;
	su->buf_bytes = o->ringbuf_bytes;
	su->strsize = o->strsize;
	su->verbose = o->verbose;
	su->self_tgid = (__u32)getpid();
	su->trace_all = o->trace_all;
	su->follow_forks = o->follow_forks;
	su->fd_names = o->fd_names;
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++)
		su->selected[nr] = !o->selected || o->selected[nr];
	rc = ioctl(fd, SD_KIOC_SETUP, su) ? -errno : 0;
	free(su);
	if (rc) {
		snprintf(err, errlen, "the kernel module refused the session: %s", strerror(-rc));
		goto fail;
	}
	rc = send_cases(fd);
	if (rc) {
		snprintf(err, errlen, "cannot give the module the variant cases: %s",
			 strerror(-rc));
		goto fail;
	}
	return 0;
fail:
	sd_kmod_close(s);
	return rc;
}

int sd_kmod_attach(struct sd_session *s, char *err, size_t errlen)
{
	if (ioctl(s->kmod->fd, SD_KIOC_ATTACH)) {
		snprintf(err, errlen, "cannot attach to the syscall tracepoints: %s",
			 strerror(errno));
		return -errno;
	}
	return 0;
}

int sd_kmod_trace(struct sd_session *s, uint32_t tgid)
{
	return ioctl(s->kmod->fd, SD_KIOC_TRACE, &tgid) ? -errno : 0;
}

int sd_kmod_trace_exec(struct sd_session *s, uint32_t tgid)
{
	return ioctl(s->kmod->fd, SD_KIOC_TRACE_EXEC, &tgid) ? -errno : 0;
}

static int by_time(const void *x, const void *y)
{
	const struct kmod_ent *a = x, *b = y;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* One read(): its records in the order they were completed. */
static ssize_t take(struct sd_session *s)
{
	struct sd_kmod *k = s->kmod;
	ssize_t n = read(k->fd, k->buf, KMOD_READ);
	size_t cnt = 0;

	if (n <= 0)
		return n < 0 && errno != EINTR ? -errno : 0;
	for (size_t off = 0; off + sizeof(struct sd_hdr) <= (size_t)n;) {
		const struct sd_hdr *h = (const void *)(k->buf + off);

		if (h->size < sizeof(*h))
			break;
		if (cnt == k->cap) {
			size_t cap = k->cap ? 2 * k->cap : 4096;
			struct kmod_ent *e = realloc(k->ents, cap * sizeof(*e));

			if (!e)
				return -ENOMEM;
			k->ents = e;
			k->cap = cap;
		}
		k->ents[cnt].ts = SD_HDR_TS(h);
		k->ents[cnt].off = off;
		k->ents[cnt].seq = cnt;
		cnt++;
		off += (h->size + 7u) & ~7u;
	}
	qsort(k->ents, cnt, sizeof(*k->ents), by_time);
	for (size_t i = 0; i < cnt; i++) {
		const struct sd_hdr *h = (const void *)(k->buf + k->ents[i].off);

		s->on_record(s->ctx, (void *)h, h->size);
	}
	return n;
}

int sd_kmod_poll(struct sd_session *s, int timeout_ms)
{
	struct sd_kmod *k = s->kmod;
	struct pollfd p = { .fd = k->fd, .events = POLLIN };
	ssize_t n = 0;

	/* records come without wakeups (but for the command's end) */
	if (timeout_ms && !k->backlog && poll(&p, 1, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	k->backlog = 0;
	for (int i = 0; i < KMOD_ROUNDS; i++) {
		n = take(s);
		if (n < 0)
			return (int)n;
		if ((size_t)n < KMOD_READ - SD_REC_MAX)
			return 0;
	}
	k->backlog = 1;
	return 0;
}

int sd_kmod_counters(struct sd_session *s, uint64_t out[SD_CNT_MAX])
{
	__u64 c[SD_CNT_SLOTS];

	if (ioctl(s->kmod->fd, SD_KIOC_COUNTERS, c))
		return -errno;
	for (int i = 0; i < SD_CNT_MAX; i++)
		out[i] = c[i];
	return 0;
}

void sd_kmod_close(struct sd_session *s)
{
	struct sd_kmod *k = s->kmod;

	if (k) {
		close(k->fd);	/* the module removes its probes and buffers */
		free(k->buf);
		free(k->ents);
		free(k);
	}
	memset(s, 0, sizeof(*s));
}

/* SPDX-License-Identifier: MIT */
/* session.c - loading, wiring and attaching the eBPF side through libbpf. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "sdtrace.skel.h"
#include "sd_table.h"
#include "session.h"

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && getenv("SDTRACE_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	if (getenv("SDTRACE_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/*
 * Recorders are BPF global functions in a few bundle programs (one per
 * group of descriptions and direction), which the dispatchers tail-call;
 * scalar-only calls share sd_exit_scalars, undescribed ones sd_exit_generic.
 * Returns 1 for a recorder program this session needs, 0 for one it does
 * not, -1 for no recorder program.
 */
static int recorder(struct sd_session *s, const char *name)
{
	unsigned int b;
	int dir;

	if (!strcmp(name, "sd_exit_generic") || !strcmp(name, "sd_exit_scalars"))
		return 1;
	if (sscanf(name, "sd_enter_bundle%u", &b) == 1)
		dir = 0;
	else if (sscanf(name, "sd_exit_bundle%u", &b) == 1)
		dir = 1;
	else
		return -1;
	for (int d = 1; d < (int)sizeof(s->rodata->sd_rec_on); d++)
		if (s->rodata->sd_rec_on[d] && s->rodata->sd_bundle_of[dir][d] == b)
			return 1;
	return 0;
}

/* Program @name's descriptor; *@owned when the caller is to close it. */
static int prog_fd(struct sd_session *s, const char *name, bool *owned)
{
	struct bpf_program *p;

	*owned = s->cache.hit;
	if (s->cache.hit)
		return sd_cache_get(&s->cache, 'p', name);
	p = bpf_object__find_program_by_name(s->skel->obj, name);
	if (p && bpf_program__autoload(p))
		return bpf_program__fd(p);
	return sd_loader_prog_fd(&s->loader, name);
}

/*
 * Route syscall @nr in direction @dir to program @name in slot @route of
 * the dispatcher's program array, put there once.
 */
static int route(struct sd_session *s, int dir, __u32 nr, unsigned int route,
		 const char *name, unsigned char *placed)
{
	int map = dir ? s->maps.exit_progs : s->maps.enter_progs;
	__u32 key = route;
	bool owned;
	int fd, rc;

	if (route >= SD_ROUTES)
		return -E2BIG;
	if (!placed[dir * SD_ROUTES + route]) {
		fd = prog_fd(s, name, &owned);
		if (fd < 0)
			return fd;
		rc = bpf_map_update_elem(map, &key, &fd, BPF_ANY) ? -errno : 0;
		if (owned)
			close(fd);
		if (rc)
			return rc;
		placed[dir * SD_ROUTES + route] = 1;
	}
	if (dir)
		s->bss->sd_exit_route[nr] = (__u8)route;
	else
		s->bss->sd_enter_route[nr] = (__u8)route;
	return 0;
}

/* Route syscall @nr (description @desc) to its bundle in direction @dir. */
static int route_bundle(struct sd_session *s, int dir, __u32 nr, int desc,
			unsigned char *placed)
{
	unsigned int b = s->rodata->sd_bundle_of[dir][desc];
	char name[32];

	snprintf(name, sizeof(name), "sd_%s_bundle%u", dir ? "exit" : "enter", b);
	return route(s, dir, nr, SD_ROUTE_BUNDLE + b, name, placed);
}

/* Fill the dispatch tables: described syscalls, then the generic recorder. */
static int wire(struct sd_session *s, const struct sd_session_opts *o)
{
	unsigned char placed[2 * SD_ROUTES] = { 0 };
	char *described = calloc(SD_NR_MAX, 1);
	struct sd_vkey { __u32 family, pad; __u64 value; } *keys = NULL;
	__u32 *vals = NULL, n = 0;
	int err = -EINVAL;

	if (!described)
		return -ENOMEM;
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];
		__u32 nr = (__u32)e->nr;

		if (e->nr < 0 || e->nr >= SD_NR_MAX)
			continue;
		described[nr] = 1;
		if (o->selected && !o->selected[nr])
			continue;
		s->bss->sd_desc_of[nr] = (__u16)e->desc;
		if (e->enter_prog && (err = route_bundle(s, 0, nr, e->desc, placed)))
			goto fail;
		if (e->exit_prog) {
			err = strcmp(e->exit_prog, "sd_exit_scalars") ?
			      route_bundle(s, 1, nr, e->desc, placed) :
			      route(s, 1, nr, SD_ROUTE_SCALARS, "sd_exit_scalars", placed);
			if (err)
				goto fail;
		}
	}
	/* which member each selector value chooses: the value as its C type */
	keys = calloc(sd_variant_case_count + 1, sizeof(*keys));
	vals = calloc(sd_variant_case_count + 1, sizeof(*vals));
	err = -ENOMEM;
	if (!keys || !vals)
		goto fail;
	for (unsigned int i = 0; i < sd_variant_case_count; i++) {
		const struct sd_variant_case *c = &sd_variant_cases[i];
		unsigned long long v = sd_const_values[c->k];

		if (c->size < 8) {
			v &= (1ULL << (8 * c->size)) - 1;
			if (c->is_signed && (v >> (8 * c->size - 1)))
				v |= ~0ULL << (8 * c->size);	/* as the recorder's cast */
		}
		/* a value two members share: the later one, as one by one */
		keys[n] = (struct sd_vkey){ c->family, 0, v };
		vals[n++] = c->member;
	}
	if (n && !s->cache.hit) {	/* a cached map has them */
		int map = s->maps.variant_of;
		__u32 count = n;

		if (bpf_map_update_batch(map, keys, vals, &count, NULL)) {
			/* one by one, where batches are not supported */
			for (__u32 i = 0; i < n; i++)
				if (bpf_map_update_elem(map, &keys[i], &vals[i], BPF_ANY)) {
					err = -errno;
					goto fail;
				}
		}
	}
	for (__u32 nr = 0; nr < SD_NR_MAX; nr++) {
		if (described[nr] || (o->selected && !o->selected[nr]))
			continue;
		if ((err = route(s, 1, nr, SD_ROUTE_GENERIC, "sd_exit_generic", placed)))
			goto fail;
	}
	err = 0;
fail:
	free(keys);
	free(vals);
	free(described);
	return err;
}

struct sd_batch_ent {
	__u64 ts;
	size_t off, size;
	size_t seq;		/* ties keep ring order */
};

/*
 * Each ring has its own reader, so that a ring a busy CPU keeps filling
 * cannot hold the consumer while the other rings overflow: a reader takes
 * at most RING_BUDGET records per round.
 *
 * A thread of its own empties the rings, every SD_POLL_MS, into the spool
 * (spool.c), whatever the formatter is doing: when the formatter falls
 * behind (a tight loop, a slow disk, a pipe to a pager), the records wait
 * in the spool's file on disk instead of overflowing the rings.
 */
#define RING_BUDGET	4096
#define BATCH_MAX	(1 << 16)	/* records ordered and spooled at once */
#define BATCH_BYTES	(2 << 20)	/* and at most so many bytes of them */
#define DELIVER_NS	(50 * 1000000ULL)	/* formatting in one poll, at most */

struct sd_ring_reader {
	struct sd_session *s;
	struct ring_buffer *rb;
	int fd;
	int budget;
};

/* Keep a copy of a record in the batch, which is ordered before use. */
static int batch_add(struct sd_session *s, const void *data, size_t size)
{
	struct sd_batch *b = &s->batch;
	size_t need = (size + 7) & ~(size_t)7;
	const struct sd_hdr *h = data;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		struct sd_batch_ent *e = realloc(b->ents, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		b->ents = e;
		b->cap = cap;
	}
	if (b->used + need > b->data_cap) {
		size_t cap = b->data_cap ? b->data_cap * 2 : 1 << 20;
		unsigned char *d;

		while (cap < b->used + need)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d)
			return -ENOMEM;
		b->data = d;
		b->data_cap = cap;
	}
	memcpy(b->data + b->used, data, size);
	b->ents[b->n].ts = size >= sizeof(*h) ? SD_HDR_TS(h) : 0;
	b->ents[b->n].off = b->used;
	b->ents[b->n].size = size;
	b->ents[b->n].seq = b->n;
	b->n++;
	b->used += need;
	b->bytes += SD_SPOOL_FRAMED(size);
	return 0;
}

/*
 * --flight-recorder: keep the record in buffer @i; only forks and exits
 * (who is alive) go on.  Returns true if the record goes on.
 */
static bool flight_keep(struct sd_session *s, int i, const void *data, size_t size)
{
	const struct sd_hdr *h = data;

	sd_flight_put(&s->flight[i], data, size);
	return size >= sizeof(*h) && (h->kind == SD_K_FORK || h->kind == SD_K_EXIT);
}

/* ring_buffer callback */
static int collect(void *ctx, void *data, size_t size)
{
	struct sd_ring_reader *rr = ctx;
	struct sd_session *s = rr->s;

	if ((!s->flight || flight_keep(s, (int)(rr - s->rings), data, size)) &&
	    batch_add(s, data, size))
		return -ENOMEM;
	/* the record is taken; stop this ring's round when its budget is spent */
	return --rr->budget > 0 ? 0 : -E2BIG;
}

/* The kernel module's records (its rings are read as one). */
static int collect_kmod(void *ctx, void *data, size_t size)
{
	struct sd_session *s = ctx;

	if (s->flight && !flight_keep(s, 0, data, size))
		return 0;
	return batch_add(s, data, size);
}

static int by_time(const void *x, const void *y)
{
	const struct sd_batch_ent *a = x, *b = y;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Spool the batch in the order the records were made. */
static void flush(struct sd_session *s)
{
	struct sd_batch *b = &s->batch;
	unsigned char *seg, *at;

	if (!b->n)
		return;
	if (s->nrings > 1 && b->n > 1)
		qsort(b->ents, b->n, sizeof(*b->ents), by_time);
	seg = malloc(b->bytes);
	if (seg) {
		at = seg;
		for (size_t i = 0; i < b->n; i++) {
			struct sd_spool_frame fr = { (uint32_t)b->ents[i].size, 0 };

			memcpy(at, &fr, sizeof(fr));
			memcpy(at + sizeof(fr), b->data + b->ents[i].off, b->ents[i].size);
			at += SD_SPOOL_FRAMED(b->ents[i].size);
		}
		sd_spool_push(&s->spool, seg, b->bytes);
	}
	b->n = 0;
	b->used = 0;
	b->bytes = 0;
}

/*
 * Take what the rings hold into the spool (with --flight-recorder, under
 * flight_lock).  Returns the number of records taken, or a negative errno.
 */
static int drain_locked(struct sd_session *s, int kmod_timeout_ms)
{
	int more, rc = 0, n;

	if (s->kmod) {
		rc = sd_kmod_poll(s, kmod_timeout_ms);
		goto out;
	}
	do {
		more = 0;
		for (int i = 0; i < s->nrings; i++) {
			s->rings[i].budget = RING_BUDGET;
			rc = ring_buffer__consume(s->rings[i].rb);
			if (rc == -E2BIG)
				more = 1;
			else if (rc < 0 && rc != -EINTR)
				goto out;
		}
		rc = 0;
	} while (more && s->batch.n < BATCH_MAX && s->batch.bytes < BATCH_BYTES);
	s->backlog = more;	/* the rings still hold records: no sleep next time */
out:
	n = (int)s->batch.n;
	flush(s);
	return rc < 0 ? rc : n + s->backlog;
}

/*
 * Map the rings and watch them (mapping 16M of rings takes milliseconds:
 * the reader does it while the command starts; records wait in the rings).
 */
static int map_rings(struct sd_session *s)
{
	for (int i = 0; i < s->nrings; i++) {
		struct sd_ring_reader *rr = &s->rings[i];
		struct epoll_event ev = { .events = EPOLLIN };

		if (rr->rb)
			continue;
		rr->rb = ring_buffer__new(rr->fd, collect, rr, NULL);
		if (!rr->rb)
			return -errno;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, rr->fd, &ev))
			return -errno;
	}
	s->mapped = true;
	return 0;
}

/*
 * One round of the ring reader: wait up to @timeout_ms if the rings
 * seemed empty, take what they hold, spool it.
 */
static int drain(struct sd_session *s, int timeout_ms)
{
	struct epoll_event ev[8];
	int rc;

	if (!s->kmod && !s->mapped && (rc = map_rings(s)))
		return rc;

	/* records come without wakeups (but for the command's end): sleep,
	 * then take what is there */
	if (!s->kmod && timeout_ms && !s->backlog &&
	    epoll_wait(s->epfd, ev, 8, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	if (s->flight)
		pthread_mutex_lock(&s->flight_lock);
	rc = drain_locked(s, timeout_ms);
	if (s->flight)
		pthread_mutex_unlock(&s->flight_lock);
	return rc;
}

static void *reader_main(void *arg)
{
	struct sd_session *s = arg;

	/* ahead of the formatter and of the traced threads (best effort:
	 * without CAP_SYS_NICE it fails) */
	setpriority(PRIO_PROCESS, 0, -15);
	while (!__atomic_load_n(&s->stopping, __ATOMIC_ACQUIRE)) {
		int rc = drain(s, SD_POLL_MS);

		if (rc < 0) {	/* sd_session_poll() reports it */
			__atomic_store_n(&s->reader_err, rc, __ATOMIC_RELEASE);
			usleep(SD_POLL_MS * 1000);
		}
	}
	return NULL;
}

/* Start the ring reader's thread (it takes no signals). */
static void start_reader(struct sd_session *s)
{
	sigset_t all, old;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	s->threaded = !pthread_create(&s->reader, NULL, reader_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void stop_reader(struct sd_session *s)
{
	__u64 one = 1;
	ssize_t n = 0;

	if (!s->threaded)
		return;
	__atomic_store_n(&s->stopping, 1, __ATOMIC_RELEASE);
	/* not a poll period later: wake it (if that fails, it wakes by
	 * itself SD_POLL_MS later) */
	if (s->wakefd > 0)
		n = write(s->wakefd, &one, sizeof(one));
	(void)n;
	pthread_join(s->reader, NULL);
	s->threaded = false;
}

static __u64 now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (__u64)t.tv_sec * 1000000000ULL + (__u64)t.tv_nsec;
}

/* Format spooled records for @ns at most, then let the caller look around. */
static void deliver(struct sd_session *s, __u64 ns)
{
	__u64 end = now_ns() + ns;
	unsigned int n = 0;
	void *rec;
	size_t size;
	int rc;

	while ((rc = sd_spool_get(&s->spool, &rec, &size)) != 0) {
		if (rc < 0)
			continue;	/* a segment the file lost: its records are skipped */
		s->deliver(s->deliver_ctx, rec, size);
		if (!(++n & 1023) && now_ns() >= end)
			break;
	}
}

/* --flight-recorder: @n buffers, @total bytes among them. */
static int make_flight(struct sd_session *s, int n, size_t total)
{
	s->flight = calloc((size_t)n, sizeof(*s->flight));
	if (!s->flight)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		int rc = sd_flight_init(&s->flight[i], total / (size_t)n);

		if (rc)
			return rc;
		s->nflight++;
	}
	return 0;
}

long sd_session_flight_dump(struct sd_session *s,
			    int (*fn)(void *ctx, const void *rec, size_t size), void *ctx)
{
	long n;

	pthread_mutex_lock(&s->flight_lock);
	drain_locked(s, 0);	/* up to now (the reader waits for the lock) */
	n = sd_flight_dump(s->flight, s->nflight, fn, ctx);
	pthread_mutex_unlock(&s->flight_lock);
	return n;
}

/*
 * One ring per possible CPU, @total bytes among them (a page each at
 * least); with @flight, a flight-recorder buffer per ring.
 */
/*
 * On a cache hit, the ring an earlier run left in slot @cpu of @outer if it
 * holds @size bytes, emptied; else -1.
 */
static int cached_ring(int outer, int cpu, size_t size)
{
	struct bpf_map_info info = { 0 };
	__u32 key = (__u32)cpu, id, len = sizeof(info);
	unsigned long *cons, *prod;
	int fd;

	if (bpf_map_lookup_elem(outer, &key, &id))
		return -1;
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.max_entries != size)
		goto fail;
	/* what the earlier run left unread goes: its consumer catches up */
	cons = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (cons == MAP_FAILED)
		goto fail;
	prod = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096);
	if (prod == MAP_FAILED) {
		munmap(cons, 4096);
		goto fail;
	}
	__atomic_store_n(cons, __atomic_load_n(prod, __ATOMIC_ACQUIRE), __ATOMIC_RELEASE);
	munmap(prod, 4096);
	munmap(cons, 4096);
	return fd;
fail:
	close(fd);
	return -1;
}

static int make_rings(struct sd_session *s, size_t total, size_t flight)
{
	int ncpu = libbpf_num_possible_cpus(), outer = s->maps.rings, rc;
	__u32 *keys = NULL, n = 0, count;
	int *fds = NULL;
	size_t each = 4096;

	if (ncpu <= 0)
		return -EINVAL;
	if (ncpu > SD_MAX_CPUS)
		ncpu = SD_MAX_CPUS;
	while (each * 2 * (size_t)ncpu <= total)
		each *= 2;
	s->rings = calloc((size_t)ncpu, sizeof(*s->rings));
	if (!s->rings)
		return -ENOMEM;
	if (flight && (rc = make_flight(s, ncpu, flight)))
		return rc;
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0)
		return -errno;
	s->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->wakefd < 0)
		return -errno;
	{
		struct epoll_event ev = { .events = EPOLLIN };

		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->wakefd, &ev))
			return -errno;
	}
	keys = calloc((size_t)ncpu, sizeof(*keys));
	fds = calloc((size_t)ncpu, sizeof(*fds));
	if (!keys || !fds) {
		rc = -ENOMEM;
		goto out;
	}
	for (int cpu = 0; cpu < ncpu; cpu++) {
		struct sd_ring_reader *rr = &s->rings[cpu];
		int fd = s->cache.hit ? cached_ring(outer, cpu, each) : -1;

		if (fd < 0) {
			fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "sd_ring", 0, 0,
					    (__u32)each, NULL);
			if (fd < 0) {
				rc = -errno;
				goto out;
			}
			keys[n] = (__u32)cpu;
			fds[n++] = fd;
		}
		rr->s = s;
		rr->fd = fd;
		s->nrings++;
	}
	/* each update of a map of maps waits for an RCU grace period (about
	 * 14 ms here): one batch waits once */
	count = n;
	if (n && bpf_map_update_batch(outer, keys, fds, &count, NULL))
		for (__u32 i = 0; i < n; i++)
			if (bpf_map_update_elem(outer, &keys[i], &fds[i], BPF_ANY)) {
				rc = -errno;
				goto out;
			}
	rc = 0;
out:
	free(keys);
	free(fds);
	return rc;
}

/* What the options set before loading: the one place both paths take it from. */
static void fill_rodata(struct sdtrace_bpf__rodata *r, const struct sd_session_opts *o)
{
	r->sd_strsize = o->strsize;
	r->sd_verbose = o->verbose;
	r->sd_trace_all = o->trace_all;
	r->sd_follow_forks = o->follow_forks;
	r->sd_detach_exec = o->detach_exec;
	r->sd_fd_names = o->fd_names;
	r->sd_extras = (__u8)o->extras;
	r->sd_count_wall = o->count_wall;
	/* the recorders of untraced descriptions are never called: the
	 * verifier, seeing this, skips them */
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];

		if (e->desc > 0 && e->desc < (int)sizeof(r->sd_rec_on) &&
		    e->nr >= 0 && e->nr < SD_NR_MAX && (!o->selected || o->selected[e->nr]))
			r->sd_rec_on[e->desc] = 1;
	}
}

/*
 * The cache entry for these options: the object, what fill_rodata() sets,
 * and which programs -c/-C load.
 */
static int cache_open(struct sd_session *s, const struct sd_session_opts *o)
{
	struct sdtrace_bpf__rodata *r = calloc(1, sizeof(*r));
	unsigned char modes[2] = { o->summary, o->count };
	__u64 key = 0;

	if (!r)
		return -ENOMEM;
	fill_rodata(r, o);
	key = sd_cache_hash(key, r, sizeof(*r));
	key = sd_cache_hash(key, modes, sizeof(modes));
	/* what sd_variant_of holds, filled by the run that fills the entry */
	key = sd_cache_hash(key, sd_variant_cases, sd_variant_case_count * sizeof(*sd_variant_cases));
	for (unsigned int i = 0; i < sd_variant_case_count; i++)
		key = sd_cache_hash(key, &sd_const_values[sd_variant_cases[i].k],
				    sizeof(sd_const_values[0]));
	free(r);
	return sd_cache_open(&s->cache, SDTRACE_BPF_ID, key);
}

/* The maps sdtrace uses, by the names they are pinned under. */
static const struct {
	const char *name;
	size_t off;
} session_maps[] = {
	{ "sd_enter_progs", offsetof(struct sd_session_maps, enter_progs) },
	{ "sd_exit_progs", offsetof(struct sd_session_maps, exit_progs) },
	{ "sd_variant_of", offsetof(struct sd_session_maps, variant_of) },
	{ "sd_rings", offsetof(struct sd_session_maps, rings) },
	{ "sd_sigq", offsetof(struct sd_session_maps, sigq) },
	{ "sd_summary", offsetof(struct sd_session_maps, summary) },
};
#define MAP_FD(s, i) (*(int *)((char *)&(s)->maps + session_maps[i].off))

/* Map pinned map @name of the entry whole; its size in *@size. */
static void *map_cached(struct sd_session *s, const char *name, int prot, size_t *size)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	int fd = sd_cache_get(&s->cache, 'm', name);
	void *p = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len)) {
		*size = ((size_t)info.value_size + 4095) & ~(size_t)4095;
		p = mmap(NULL, *size, prot, MAP_SHARED, fd, 0);
	}
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* Empty hash map @fd of @key_size-byte keys. */
static int clear_hash(int fd, size_t key_size)
{
	char key[16];

	if (key_size > sizeof(key))
		return -E2BIG;
	while (!bpf_map_get_next_key(fd, NULL, key))
		if (bpf_map_delete_elem(fd, key))
			return -errno;
	return 0;
}

/*
 * A cache hit: the maps and programs an earlier run loaded, put back in
 * the state a fresh load leaves them in.
 */
static int open_cached(struct sd_session *s, const struct sd_session_opts *o)
{
	int rc;

	for (size_t i = 0; i < sizeof(session_maps) / sizeof(session_maps[0]); i++) {
		MAP_FD(s, i) = sd_cache_get(&s->cache, 'm', session_maps[i].name);
		if (MAP_FD(s, i) < 0)
			return MAP_FD(s, i);
	}
	s->bss = map_cached(s, "bss", PROT_READ | PROT_WRITE, &s->bss_size);
	s->rodata = map_cached(s, "rodata", PROT_READ, &s->rodata_size);
	if (!s->bss || !s->rodata)
		return errno ? -errno : -EINVAL;
	memset(s->bss, 0, sizeof(*s->bss));
	/* the task storage an earlier run left, then its pending signals */
	rc = sd_cache_iterate(&s->cache);
	if (!rc)
		rc = clear_hash(s->maps.sigq, sizeof(__u32));
	if (!rc && (o->summary || o->count)) {
		int ncpu = libbpf_num_possible_cpus();
		struct sd_sum *zero = calloc(ncpu > 0 ? (size_t)ncpu : 1, sizeof(*zero));

		rc = zero ? 0 : -ENOMEM;
		for (__u32 nr = 0; !rc && nr < SD_NR_MAX; nr++)
			if (bpf_map_update_elem(s->maps.summary, &nr, zero, BPF_ANY))
				rc = -errno;
		free(zero);
	}
	return rc;
}

/* Pin what open_fresh() loaded into the empty cache entry. */
static int cache_store(struct sd_session *s)
{
	struct bpf_program *prog;
	int rc;

	for (size_t i = 0; i < sizeof(session_maps) / sizeof(session_maps[0]); i++)
		if ((rc = sd_cache_pin(&s->cache, 'm', session_maps[i].name, MAP_FD(s, i))))
			return rc;
	if ((rc = sd_cache_pin(&s->cache, 'm', "bss", bpf_map__fd(s->skel->maps.bss))) ||
	    (rc = sd_cache_pin(&s->cache, 'm', "rodata", bpf_map__fd(s->skel->maps.rodata))))
		return rc;
	bpf_object__for_each_program(prog, s->skel->obj) {
		const char *name = bpf_program__name(prog);
		int fd = -1;
		char kind = 'p';

		if (bpf_program__autoload(prog)) {
			fd = bpf_program__fd(prog);
			kind = prog == s->skel->progs.sd_forget_tasks ? 'i' :
			       bpf_program__autoattach(prog) ? 'a' : 'p';
		} else if (recorder(s, name) > 0) {
			fd = sd_loader_prog_fd(&s->loader, name);
		}
		if (fd >= 0 && (rc = sd_cache_pin(&s->cache, kind, name, fd)))
			return rc;
	}
	return sd_cache_commit(&s->cache);
}

/* Load the programs: the dispatchers' object, then the recorders (loader.h). */
static int open_fresh(struct sd_session *s, const struct sd_session_opts *o,
		      char *err, size_t errlen)
{
	struct bpf_program *prog;
	const char **deferred = NULL;
	int rc, ndeferred = 0;
	__u64 t0 = now_ns(), t_open, t_main;

	s->skel = sdtrace_bpf__open();
	if (!s->skel) {
		rc = -errno;
		snprintf(err, errlen, "cannot open the eBPF object: %s", strerror(errno));
		return rc;
	}
	s->rodata = s->skel->rodata;
	fill_rodata(s->skel->rodata, o);
	deferred = calloc(SD_ROUTES * 2, sizeof(*deferred));
	if (!deferred) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	bpf_object__for_each_program(prog, s->skel->obj) {
		const char *name = bpf_program__name(prog);
		int counter = !strncmp(name, "sd_count_", 9);
		int dispatcher = !strcmp(name, "sd_sys_enter") ||
				 !strcmp(name, "sd_sys_exit");
		int rec;

		if (prog == s->skel->progs.sd_forget_tasks) {
			/* only a cache entry needs it, for the runs after */
			bpf_program__set_autoattach(prog, false);
			bpf_program__set_autoload(prog, s->cache.dirfd >= 0);
			continue;
		}
		if (counter || dispatcher) {
			/* -c loads the counters, -C both, else the dispatchers */
			if (counter ? !o->summary && !o->count : o->summary) {
				bpf_program__set_autoload(prog, false);
				bpf_program__set_autoattach(prog, false);
			}
			continue;
		}
		rec = recorder(s, name);
		if (rec < 0)
			continue;
		bpf_program__set_autoattach(prog, false);
		/* the recorders come later, in parallel (loader.h) */
		bpf_program__set_autoload(prog, false);
		if (rec && !o->summary && ndeferred < SD_ROUTES * 2)
			deferred[ndeferred++] = name;
	}
	t_open = now_ns();
	rc = sdtrace_bpf__load(s->skel);
	if (rc) {
		if (rc == -EPERM)
			snprintf(err, errlen, "not permitted to load eBPF programs "
				 "(run as root, or with CAP_BPF and CAP_PERFMON)");
		else
			snprintf(err, errlen, "the kernel refused the eBPF programs: %s "
				 "(SDTRACE_DEBUG=1 shows the verifier's log)",
				 strerror(-rc));
		goto out;
	}
	s->bss = s->skel->bss;
	s->rodata = s->skel->rodata;
	for (size_t i = 0; i < sizeof(session_maps) / sizeof(session_maps[0]); i++)
		MAP_FD(s, i) = bpf_map__fd(bpf_object__find_map_by_name(s->skel->obj,
									 session_maps[i].name));
	{
		size_t elf_size;
		const void *elf = sdtrace_bpf__elf_bytes(&elf_size);
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		t_main = now_ns();
		rc = sd_loader_start(&s->loader, s->skel->obj, elf, elf_size, deferred,
				     ndeferred, cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus);
		if (!rc)
			rc = sd_loader_wait(&s->loader, err, errlen);
		else
			snprintf(err, errlen, "cannot start loading: %s", strerror(-rc));
		if (getenv("SDTRACE_DEBUG"))
			fprintf(stderr, "sdtrace: start-up: object %.1f ms, dispatchers %.1f ms, "
				"%d recorder programs in %d threads %.1f ms\n",
				(t_open - t0) / 1e6, (t_main - t_open) / 1e6,
				ndeferred, s->loader.nobjs,
				(now_ns() - t_main) / 1e6);
	}
out:
	free(deferred);
	return rc;
}

int sd_session_open(struct sd_session *s, const struct sd_session_opts *o,
		    char *err, size_t errlen)
{
	__u64 t0 = now_ns();
	int rc;

	if (errlen)
		*err = 0;

	if (o->kmod) {
		rc = sd_kmod_open(s, o, err, errlen);
		if (rc)
			return rc;
		/* the module's records go through the spool too */
		sd_spool_init(&s->spool);
		pthread_mutex_init(&s->flight_lock, NULL);
		s->deliver = o->on_record;
		s->deliver_ctx = o->ctx;
		s->on_record = collect_kmod;
		s->ctx = s;
		if (o->flight_bytes && (rc = make_flight(s, 1, o->flight_bytes))) {
			snprintf(err, errlen, "cannot make the flight recorder's buffer: %s",
				 strerror(-rc));
			sd_session_close(s);
		}
		return rc;
	}
	memset(s, 0, sizeof(*s));
	s->cache.dirfd = -1;
	sd_spool_init(&s->spool);
	pthread_mutex_init(&s->flight_lock, NULL);
	libbpf_set_print(quiet_print);
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(err, errlen, "this kernel has no BTF (/sys/kernel/btf/vmlinux "
			 "is missing); sdtrace needs a kernel built with "
			 "CONFIG_DEBUG_INFO_BTF");
		return -ENOENT;
	}
	{
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		s->start_ns = (__u64)now.tv_sec * 1000000000ULL + (__u64)now.tv_nsec;
	}
	s->deliver = o->on_record;
	s->deliver_ctx = o->ctx;
	/* an entry in use by another run, or no bpffs: a fresh load */
	if (o->cache && cache_open(s, o) > 0) {
		rc = open_cached(s, o);
		if (rc)
			snprintf(err, errlen, "cannot use the cache in %s: %s (sdtrace "
				 "--cache-clear empties it)", sd_cache_root(), strerror(-rc));
	} else {
		rc = open_fresh(s, o, err, errlen);
	}
	if (rc)
		goto fail;
	s->bss->sd_self_tgid = (__u32)getpid();
	s->bss->sd_start_ns = s->start_ns;
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++)
		s->bss->sd_selected[nr] = !o->selected || o->selected[nr];
	s->bss->sd_overhead_ns = o->overhead_ns;
	rc = o->summary ? 0 : wire(s, o);
	if (rc) {
		snprintf(err, errlen, "cannot fill the dispatch tables: %s", strerror(-rc));
		goto fail;
	}
	if (s->cache.dirfd >= 0 && !s->cache.hit && (rc = cache_store(s)) < 0) {
		if (getenv("SDTRACE_DEBUG"))
			fprintf(stderr, "sdtrace: cannot fill the cache: %s\n", strerror(-rc));
		sd_cache_close(&s->cache);
	}
	/* the program arrays hold the recorders now: their objects can go,
	 * and the memory of their BTF with them, before the rings take theirs */
	sd_loader_free(&s->loader);
	malloc_trim(0);
	rc = make_rings(s, o->ringbuf_bytes, o->flight_bytes);
	if (rc) {
		snprintf(err, errlen, "cannot create the ring buffers: %s", strerror(-rc));
		goto fail;
	}
	if (getenv("SDTRACE_DEBUG"))
		fprintf(stderr, "sdtrace: start-up: %s, ready after %.1f ms\n",
			s->cache.hit ? "programs from the cache" : "programs loaded",
			(now_ns() - t0) / 1e6);
	return 0;
fail:
	sd_session_close(s);
	return rc;
}

int sd_session_attach(struct sd_session *s, char *err, size_t errlen)
{
	int rc;

	if (s->kmod) {
		rc = sd_kmod_attach(s, err, errlen);
	} else {
		rc = s->cache.hit ? sd_cache_attach(&s->cache) : sdtrace_bpf__attach(s->skel);
		if (rc)
			snprintf(err, errlen, "cannot attach to the syscall tracepoints: %s",
				 strerror(-rc));
	}
	if (!rc)
		start_reader(s);
	return rc;
}

int sd_session_trace_exec(struct sd_session *s, uint32_t tgid)
{
	if (s->kmod)
		return sd_kmod_trace_exec(s, tgid);
	if (tgid >= SD_PID_LIMIT)
		return -ERANGE;
	if (!s->bss->sd_root_tgid)
		s->bss->sd_root_tgid = tgid;
	__atomic_store_n(&s->bss->sd_exec_pending, tgid, __ATOMIC_SEQ_CST);
	return 0;
}

int sd_session_trace(struct sd_session *s, uint32_t tgid)
{
	if (s->kmod)
		return sd_kmod_trace(s, tgid);
	if (tgid >= SD_PID_LIMIT)
		return -ERANGE;
	if (!s->bss->sd_root_tgid)
		s->bss->sd_root_tgid = tgid;
	__atomic_fetch_or(&s->bss->sd_traced_bits[tgid / 64],
			  1ULL << (tgid % 64), __ATOMIC_SEQ_CST);
	return 0;
}

int sd_session_poll(struct sd_session *s, int timeout_ms)
{
	if (s->threaded) {
		int rc = __atomic_load_n(&s->reader_err, __ATOMIC_ACQUIRE);

		if (rc < 0)
			return rc;
		sd_spool_wait(&s->spool, timeout_ms);
	} else {
		int rc = drain(s, sd_spool_empty(&s->spool) ? timeout_ms : 0);

		if (rc < 0)
			return rc;
	}
	deliver(s, DELIVER_NS);
	return !sd_spool_empty(&s->spool) || (!s->threaded && s->backlog);
}

int sd_session_finish(struct sd_session *s)
{
	int rc = 0;

	stop_reader(s);
	/* what the rings still hold (bounded: --all never runs dry) */
	for (int i = 0; i < 1024 && (rc = drain(s, 0)) > 0; i++)
		;
	while (!sd_spool_empty(&s->spool))
		deliver(s, DELIVER_NS);
	if (s->spool.spilled && getenv("SDTRACE_STATS"))
		fprintf(stderr, "sdtrace: %llu bytes of records waited on disk (at most %llu at "
			"once)\n", (unsigned long long)s->spool.spilled,
			(unsigned long long)s->spool.file_peak);
	return rc < 0 ? rc : 0;
}

int sd_session_counters(struct sd_session *s, uint64_t out[SD_CNT_MAX])
{
	if (s->kmod)
		return sd_kmod_counters(s, out);
	for (int k = 0; k < SD_CNT_MAX; k++) {
		out[k] = 0;
		for (int c = 0; c < SD_MAX_CPUS; c++)
			out[k] += __atomic_load_n(&s->bss->sd_counters[c][k],
						  __ATOMIC_RELAXED);
	}
	return 0;
}

int sd_session_summary(struct sd_session *s, unsigned int nr, struct sd_sum *out)
{
	int ncpu = libbpf_num_possible_cpus();
	struct sd_sum *vals;
	__u32 key = nr;

	memset(out, 0, sizeof(*out));
	if (ncpu <= 0)
		return -EINVAL;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(s->maps.summary, &key, vals)) {
		free(vals);
		return -errno;
	}
	for (int c = 0; c < ncpu; c++) {
		out->calls += vals[c].calls;
		out->errors += vals[c].errors;
		out->ns += vals[c].ns;
		if (vals[c].min_ns1 && (!out->min_ns1 || vals[c].min_ns1 < out->min_ns1))
			out->min_ns1 = vals[c].min_ns1;
		if (vals[c].max_ns > out->max_ns)
			out->max_ns = vals[c].max_ns;
	}
	free(vals);
	return 0;
}

void sd_session_close(struct sd_session *s)
{
	stop_reader(s);
	sd_spool_free(&s->spool);
	pthread_mutex_destroy(&s->flight_lock);
	for (int i = 0; i < s->nflight; i++)
		sd_flight_free(&s->flight[i]);
	free(s->flight);
	s->flight = NULL;
	s->nflight = 0;
	if (s->kmod) {
		sd_kmod_close(s);
		return;
	}
	if (s->epfd > 0)
		close(s->epfd);
	if (s->wakefd > 0)
		close(s->wakefd);
	for (int i = 0; i < s->nrings; i++) {
		ring_buffer__free(s->rings[i].rb);
		close(s->rings[i].fd);
	}
	free(s->rings);
	free(s->batch.ents);
	free(s->batch.data);
	sd_loader_free(&s->loader);
	sd_cache_close(&s->cache);
	if (s->skel) {
		sdtrace_bpf__destroy(s->skel);
	} else {	/* from the cache */
		for (size_t i = 0; i < sizeof(session_maps) / sizeof(session_maps[0]); i++)
			if (MAP_FD(s, i) > 0)
				close(MAP_FD(s, i));
		if (s->bss)
			munmap(s->bss, s->bss_size);
		if (s->rodata)
			munmap((void *)s->rodata, s->rodata_size);
	}
	memset(s, 0, sizeof(*s));
}

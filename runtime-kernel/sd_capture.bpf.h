/* SPDX-License-Identifier: MIT */
/*
 * sd_capture.bpf.h - the bounded building blocks the generated recorders
 * (sd_recorders.bpf.h) are made of: per-task and per-CPU record buffers,
 * argument registers, user-memory copies and ring buffer output.
 *
 * Every copy lands at an offset masked below SD_REC_MAX, in a buffer twice
 * that size, so the verifier can prove each access in bounds; sysdefc
 * already guarantees no record exceeds SD_REC_MAX.
 */
#ifndef SD_CAPTURE_BPF_H
#define SD_CAPTURE_BPF_H

#define SD_BUF_SIZE	(2 * SD_REC_MAX)
#define SD_OFF(o)	((o) & (SD_REC_MAX - 1))
#define SD_IS_ERR(r)	((unsigned long)(r) >= (unsigned long)-4095L)

/*
 * Records are committed without waking the reader (sdtrace polls the ring
 * every few milliseconds); only the end of a process wakes it at once.
 */

/* Set by sdtrace before loading. */
const volatile __u32 sd_strsize = 32;		/* -s */
const volatile __u8 sd_trace_all;		/* trace every process */
const volatile __u8 sd_follow_forks;		/* -f */
const volatile __u8 sd_extras;			/* SD_F_TAIL: what records' tails hold */
const volatile __u32 sd_stack_bytes = SD_STACK_MAX;	/* -k: stack copied */
const volatile __u8 sd_verbose;			/* -v: @abbrev string arrays whole */

/*
 * Set by sdtrace after loading, before attaching: they differ from run to
 * run, and programs taken from the cache (--cache) were loaded by another.
 */
__u32 sd_self_tgid;		/* never trace ourselves */
__u64 sd_start_ns;		/* CLOCK_MONOTONIC at the start */

/* A call in flight: its record is built here from entry to exit. */
struct sd_task {
	__u32 nr1;		/* syscall number + 1; 0 when idle */
	__u32 off;		/* bytes of the record so far */
	__u32 retry;		/* slots whose entry copy faulted */
	__u32 len_in;		/* a *LEN length as the call was given it */
	__u8 buf[SD_BUF_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sd_task);
} sd_tasks SEC(".maps");

struct sd_scratch {
	__u8 buf[SD_BUF_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sd_scratch);
} sd_scratch_map SEC(".maps");

/*
 * One ring buffer per CPU: a thread reserves space on its own CPU's ring,
 * so threads on different CPUs never contend for a ring's lock.  sdtrace
 * creates the rings (sized by -b) and merges them by time.
 */
struct sd_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, SD_MAX_CPUS);
	__type(key, __u32);
	__array(values, struct sd_ring);
} sd_rings SEC(".maps");

/* This CPU's ring. */
static __always_inline void *sd_ring(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&sd_rings, &cpu);
}

/*
 * Per-CPU counters (enum sd_counter), one cache line per CPU in a global
 * array: no lookup, no branch, which keeps the verifier's work small in
 * the capture helpers that count.
 */
__u64 sd_counters[SD_MAX_CPUS][SD_CNT_SLOTS];

static __always_inline void sd_count(__u32 what)
{
	__u32 cpu = bpf_get_smp_processor_id() & (SD_MAX_CPUS - 1);

	sd_counters[cpu][what & (SD_CNT_SLOTS - 1)]++;
}

/* x86_64 syscall argument registers. */
#if defined(__TARGET_ARCH_x86)
#define SD_ARG(regs, i)							\
	((i) == 0 ? (regs)->di : (i) == 1 ? (regs)->si :		\
	 (i) == 2 ? (regs)->dx : (i) == 3 ? (regs)->r10 :		\
	 (i) == 4 ? (regs)->r8 : (i) == 5 ? (regs)->r9 : (regs)->sp)	/* 6: @sp */
#define SD_NR(regs)	((regs)->orig_ax)
#define SD_NR_EXECVE	59	/* a successful execveat also exits as execve */
#define SD_NR_EXECVEAT	322
#define SD_EXEC_DONE(regs, ret)	(SD_NR(regs) == SD_NR_EXECVE && (ret) == 0)
#define SD_TS_COMPAT	0x0002	/* thread_info.status: an i386 syscall runs */
#define SD_NR_I386_EXECVE 11	/* an execve into an i386 program returns as it */
#else
#error "sd_capture.bpf.h: only x86_64 syscall registers are described"
#endif

/*
 * The registers a recorder reads, copied from the tracepoint's pt_regs:
 * recorders are BPF global functions, whose arguments are plain memory.
 * The names are pt_regs', so that SD_ARG() and SD_NR() read either.
 */
struct sd_regs {
	__u64 di, si, dx, r10, r8, r9, orig_ax, sp;
};

/* The syscall running is an i386 one (sd_compat.bpf.h). */
static __always_inline int sd_compat_now(void)
{
	return (bpf_get_current_task_btf()->thread_info.status & SD_TS_COMPAT) != 0;
}

/* x86_64's execve into an i386 program returns as i386's: as x86_64's here. */
static __always_inline __u64 sd_orig_nr(struct pt_regs *regs)
{
	__u64 nr = regs->orig_ax;

	return nr == SD_NR_I386_EXECVE && sd_compat_now() ? SD_NR_EXECVE : nr;
}

static __always_inline void sd_regs_get(struct sd_regs *r, struct pt_regs *regs)
{
	r->di = regs->di;
	r->si = regs->si;
	r->dx = regs->dx;
	r->r10 = regs->r10;
	r->r8 = regs->r8;
	r->r9 = regs->r9;
	r->orig_ax = sd_orig_nr(regs);
	r->sp = regs->sp;
}

/* The time now, in ns since the session began. */
static __always_inline void sd_stamp(struct sd_hdr *h)
{
	__u64 now = bpf_ktime_get_ns() - sd_start_ns;

	h->ts_lo = (__u32)now;
	h->ts_hi = (__u16)(now >> 32);
}

/*
 * A thread other than the leader exec'ed: it returns with the leader's
 * id ("<pid changed to 1266 ...>", strace prints).
 */
static __always_inline void sd_mark_exec(struct sd_hdr *h, struct sd_regs *regs, long ret)
{
	if (SD_EXEC_DONE(regs, ret) && h->tid != (__u32)bpf_get_current_pid_tgid())
		h->flags |= SD_F_PIDCHANGED;
}

/* The header but its time (h->size is set when the record is sent). */
static __always_inline void sd_hdr_who(struct sd_hdr *h, long nr)
{
	h->tid = (__u32)bpf_get_current_pid_tgid();
	h->nr = (__u16)nr;
	h->kind = SD_K_CALL;
	h->flags = 0;
}

static __always_inline void sd_hdr_fill(struct sd_hdr *h, long nr)
{
	sd_stamp(h);
	sd_hdr_who(h, nr);
}

/*
 * A SIGKILL is pending: the caller dies before it can see the result, so
 * strace shows "= ?" (it never gets the syscall-exit stop).
 */
static __always_inline void sd_mark_killed(struct sd_hdr *h)
{
	struct task_struct *task = bpf_get_current_task_btf();

	if (task->pending.signal.sig[0] & (1UL << (9 - 1)))
		h->flags |= SD_F_KILLED;
}

static __always_inline __u8 *sd_scratch(void)
{
	__u32 zero = 0;
	struct sd_scratch *s = bpf_map_lookup_elem(&sd_scratch_map, &zero);

	return s ? s->buf : NULL;
}

/* The task's record buffer, made on its first call. */
static __always_inline struct sd_task *sd_task_get(void)
{
	return bpf_task_storage_get(&sd_tasks, bpf_get_current_task_btf(), 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
}

/*
 * A call that restores the registers (rt_sigreturn, from the signal frame)
 * returns with orig_ax -1: as the call in flight.
 */
#define SD_NR_RESTORED	((__u64)-1)

/* The record begun at entry of the call now returning, or NULL. */
static __always_inline struct sd_task *sd_task_end(struct sd_regs *regs)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct sd_task *t = bpf_task_storage_get(&sd_tasks, task, 0, 0);

	if (!t || !t->nr1 || t->off > SD_REC_MAX)
		return NULL;
	if (t->nr1 != (__u32)SD_NR(regs) + 1 && SD_NR(regs) != SD_NR_EXECVE &&
	    SD_NR(regs) != SD_NR_RESTORED)
		return NULL;
	return t;
}

/*
 * The syscall a returning call began as: a successful execveat exits as
 * execve, rt_sigreturn as orig_ax -1.
 */
static __always_inline __u32 sd_exit_nr(struct pt_regs *regs)
{
	__u32 nr = (__u32)sd_orig_nr(regs);

	if (nr == SD_NR_EXECVE || nr == (__u32)SD_NR_RESTORED) {
		struct sd_task *t = bpf_task_storage_get(&sd_tasks,
							 bpf_get_current_task_btf(), 0, 0);

		if (t && t->nr1)
			nr = t->nr1 - 1;
	}
	return nr;
}

static __always_inline void sd_submit_body(__u8 *buf, __u32 size)
{
	void *ring;

	if (size > SD_REC_MAX) {
		sd_count(SD_LOST_TOOBIG);
		return;
	}
	/* clang may test one copy of size and pass another: bound it again */
	asm volatile("" : "+r"(size));
	size &= SD_BUF_SIZE - 1;
	((struct sd_hdr *)buf)->size = (__u16)size;
	ring = sd_ring();
	if (!ring || bpf_ringbuf_output(ring, buf, size, BPF_RB_NO_WAKEUP))
		sd_count(SD_LOST_RINGBUF);
}

static __always_inline void *sd_reserve(__u32 size)
{
	void *ring = sd_ring();
	void *r = ring ? bpf_ringbuf_reserve(ring, size, 0) : NULL;

	if (!r)
		sd_count(SD_LOST_RINGBUF);
	else
		((struct sd_hdr *)r)->size = (__u16)size;
	return r;
}

static __always_inline void sd_commit(void *r)
{
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

/* -i: a signal record's tail, the user instruction pointer it interrupts */
static __always_inline __u32 sd_ip_tail_size(void)
{
	return sd_extras & SD_F_IP ? 8 : 0;
}

static __always_inline void sd_ip_tail(struct sd_hdr *h, void *end)
{
	__u64 ip;

	if (!(sd_extras & SD_F_IP))
		return;
	ip = ((struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf()))->ip;
	__builtin_memcpy(end, &ip, sizeof(ip));
	h->flags |= SD_F_IP;
}

/*
 * Signals the target ignores are dropped when sent; strace shows them when
 * the tracee next leaves the kernel.  They wait here, by thread, until that
 * thread's next syscall record (sd_after_exit) or its exit.
 */
struct sd_pending_sig {
	__s32 signo;
	__u32 has_info;
	__u8 info[48];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct sd_pending_sig);
} sd_sigq SEC(".maps");

__u64 sd_nsigq;		/* entries in sd_sigq: the exit path looks only if set */

static __always_inline void sd_signal_put(__u32 tid, __s32 signo, __u32 has_info,
					  const __u8 *info)
{
	struct sd_ev_signal *r = sd_reserve(sizeof(*r) + sd_ip_tail_size());

	if (!r)
		return;
	sd_hdr_fill(&r->h, 0);
	r->h.kind = SD_K_SIGNAL;
	r->h.tid = tid;
	r->signo = signo;
	r->has_info = has_info;
	__builtin_memcpy(r->info, info, sizeof(r->info));
	sd_ip_tail(&r->h, r + 1);
	sd_commit(r);
}

/* Report the ignored signal waiting for thread @tid, if any. */
static __always_inline void sd_flush_sig(__u32 tid)
{
	struct sd_pending_sig *p = bpf_map_lookup_elem(&sd_sigq, &tid);

	if (!p)
		return;
	sd_signal_put(tid, p->signo, p->has_info, p->info);
	if (!bpf_map_delete_elem(&sd_sigq, &tid))
		__sync_fetch_and_add(&sd_nsigq, -1);
}

__noinline int sd_flush_sig_g(__u32 tid)
{
	sd_flush_sig(tid);
	return 0;
}

/* After a syscall's exit record: a waiting ignored signal comes next. */
static __always_inline void sd_after_exit(void)
{
	if (sd_nsigq)
		sd_flush_sig_g((__u32)bpf_get_current_pid_tgid());
}

static __always_inline void sd_var_put(__u8 *buf, __u32 off, __u8 slot, __u8 st,
				       __u16 len)
{
	struct sd_var *v = (void *)(buf + SD_OFF(off));

	v->slot = slot;
	v->st = st;
	v->len = len;
}

/*
 * Copy a NUL-terminated string: paths whole (up to @bound), other strings
 * to just past the string limit so the decoder knows when to print "...".
 * Returns 0, or -EFAULT when the copy faulted (the capture says so).
 */
static __always_inline int sd_cap_str_body(__u8 *buf, __u32 *offp, __u8 slot,
				      __u64 uptr, __u32 bound, int is_path)
{
	/* a path's byte past its bound tells a whole PATH_MAX - 1 one from a cut one */
	__u32 off = SD_OFF(*offp);
	__u64 lim = is_path ? (__u64)bound + 1 : bound;	/* 64-bit: one register to bound */
	long n;

	if (!is_path && sd_strsize + 2 < lim)
		lim = sd_strsize + 2;
	/* @bound may come as an argument of a global function: bound it */
	asm volatile("" : "+r"(lim));
	if (lim > SD_MAX_BOUND + 1)
		lim = SD_MAX_BOUND + 1;
	asm volatile("" : "+r"(lim));
	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	n = bpf_probe_read_user_str(buf + off + sizeof(struct sd_var), lim,
				    (const void *)uptr);
	if (n <= 0) {
		/* a string running into an unmapped page just after all that
		 * would print: that much, cut, as strace prints it ("abc"...) */
		__u32 avail = 4096 - (uptr & 4095);

		if (avail + 1 == lim) {
			avail &= SD_MAX_BOUND - 1;
			if (avail && !bpf_probe_read_user(buf + off + sizeof(struct sd_var),
							  avail, (const void *)uptr)) {
				sd_var_put(buf, off, slot, SD_ST_TRUNC, (__u16)avail);
				*offp = off + sizeof(struct sd_var) + avail;
				return 0;
			}
		}
	}
	if (n <= 0) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -14;
	}
	n = (n - 1) & (SD_MAX_BOUND - 1);
	sd_var_put(buf, off, slot, n + 1 >= lim ? SD_ST_TRUNC : 0, (__u16)n);
	*offp = off + sizeof(struct sd_var) + (__u32)n;
	return 0;
}

/*
 * Copy @len bytes (at most @bound, and at most the string limit when
 * @by_strsize) from @uptr.  Returns 0 or -EFAULT.
 */
static __always_inline int sd_cap_mem_body(__u8 *buf, __u32 *offp, __u8 slot,
				      __u64 uptr, __u64 len, __u32 bound,
				      int by_strsize)
{
	__u32 off = SD_OFF(*offp);
	__u8 st = 0;
	__u64 n = len;

	/* one byte past -s, as strace reads: a buffer that ends before it
	 * prints as its address */
	if (by_strsize && n > sd_strsize + 1) {
		n = sd_strsize + 1;
		st = SD_ST_TRUNC;
	}
	if (n > bound) {
		n = bound;
		st = SD_ST_TRUNC;
		sd_count(SD_CNT_TRUNC);
	}
	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	/* keep clang from folding the checks the verifier needs to see */
	asm volatile("" : "+r"(n));
	if (n > SD_MAX_BOUND)
		n = SD_MAX_BOUND;
	asm volatile("" : "+r"(n));
	if (bpf_probe_read_user(buf + off + sizeof(struct sd_var), n,
				(const void *)uptr)) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -14;
	}
	sd_var_put(buf, off, slot, st, (__u16)n);
	*offp = off + sizeof(struct sd_var) + (__u32)n;
	return 0;
}

/* The int at user address @p (a socklen), 0 if it cannot be read. */
static __always_inline __u64 sd_user_u32(__u64 p)
{
	__u32 v = 0;

	if (!p || bpf_probe_read_user(&v, sizeof(v), (const void *)p))
		return 0;
	return v;
}

/*
 * An array of @esize-byte elements: as sd_cap_mem(), but when the copy
 * faults, the elements before the first unreadable page are kept
 * (SD_ST_PART: strace prints them, then "... C(address)").  Still returns
 * -14 then, so that an entry copy is tried again whole at exit.
 */
static __always_inline int sd_cap_array_body(__u8 *buf, __u32 *offp, __u8 slot,
					__u64 uptr, __u64 len, __u32 bound, __u32 esize)
{
	int rc = sd_cap_mem_body(buf, offp, slot, uptr, len, bound, 0);
	__u32 off, n;

	if (rc != -14 || !esize)
		return rc;
	off = SD_OFF(*offp - sizeof(struct sd_var));	/* the faulted capture */
	n = (4096 - (__u32)(uptr & 4095)) / esize * esize;
	if (!n || n >= len || n > bound)
		return rc;
	asm volatile("" : "+r"(n));
	n &= SD_MAX_BOUND - 1;
	asm volatile("" : "+r"(n));
	if (!n || bpf_probe_read_user(buf + off + sizeof(struct sd_var), n,
				      (const void *)uptr))
		return rc;
	sd_var_put(buf, off, slot, SD_ST_PART, (__u16)n);
	*offp = off + sizeof(struct sd_var) + n;
	return rc;
}

/* Counting records of their own length each (getdents' dirents). */
struct sd_rec_ctx {
	__u64 uptr;
	__u32 len;		/* bytes the records fill */
	__u32 off;		/* where the next one starts */
	__u32 count;
	__u16 reclen_off;
	__u8 reclen_size;
	__u8 align;		/* each record starts so aligned (cmsg: 8) */
};

static long sd_records_step(__u32 i, void *vctx)
{
	struct sd_rec_ctx *c = vctx;
	__u32 rl = 0;

	(void)i;
	/* little-endian: a 2-byte length lands in rl's low bytes */
	if (c->off + c->reclen_off + c->reclen_size > c->len ||
	    bpf_probe_read_user(&rl, c->reclen_size == 2 ? 2 : c->reclen_size == 1 ? 1 : 4,
				(const void *)(c->uptr + c->off + c->reclen_off)) ||
	    !rl || c->off + rl > c->len)
		return 1;
	c->count++;
	c->off += (rl + c->align - 1) & ~(__u32)(c->align - 1);
	return c->off >= c->len;
}

/*
 * @len bytes of records at @uptr, each as long as its field at @reclen_off
 * (@reclen_size bytes) says: their count (bit 31: bytes left over), then
 * the first @bound bytes.
 */
static __always_inline int sd_cap_records_body(__u8 *buf, __u32 *offp, __u8 slot,
					  __u64 uptr, __u64 len, __u32 bound,
					  __u16 reclen_off, __u16 reclen_size)
{
	struct sd_rec_ctx c = { .uptr = uptr, .len = len > 0x7fffffff ? 0 : (__u32)len,
				.reclen_off = reclen_off, .reclen_size = reclen_size & 0xff,
				.align = (reclen_size >> 8) ? (reclen_size >> 8) : 1 };
	__u32 off = SD_OFF(*offp), n = c.len, count;
	__u8 st = 0;

	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	bpf_loop(65536, sd_records_step, &c, 0);
	count = c.count | (c.off < c.len ? 0x80000000u : 0);
	if (n > bound) {
		n = bound;
		st = SD_ST_TRUNC;
	}
	__builtin_memcpy(buf + off + sizeof(struct sd_var), &count, sizeof(count));
	asm volatile("" : "+r"(n));
	n &= SD_MAX_BOUND - 1;		/* bound < SD_MAX_BOUND - 4 already */
	asm volatile("" : "+r"(n));
	if (n && bpf_probe_read_user(buf + off + sizeof(struct sd_var) + 4, n,
				     (const void *)uptr)) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -14;
	}
	sd_var_put(buf, off, slot, st, (__u16)(n + 4));
	*offp = off + sizeof(struct sd_var) + 4 + n;
	return 0;
}

/* Walking the elements of an array capture (generated sd_deep_*()). */
struct sd_deep_ctx {
	__u8 *buf;
	__u32 off;		/* where the next capture goes */
	__u32 aoff;		/* the array capture */
	__u8 slot;		/* first slot of the deep fields */
	__u64 uptr;		/* the array in the tracee */
	int fault;		/* a copy faulted: the page may come in by exit */
};

/*
 * Return @off as a value the verifier knows nothing of but its type: a
 * loop whose offset starts exactly known grows its range a little every
 * step and never converges.  The round trip goes through the last bytes of
 * the record buffer, which no record reaches.
 */
static __always_inline __u32 sd_forget(__u8 *buf, __u32 off)
{
	__u32 v;

	__builtin_memcpy(buf + SD_BUF_SIZE - sizeof(v), &off, sizeof(v));
	asm volatile("" ::: "memory");	/* no store-to-load forwarding */
	__builtin_memcpy(&v, buf + SD_BUF_SIZE - sizeof(v), sizeof(v));
	return v;
}

struct sd_strarray_ctx {
	__u8 *buf;
	__u64 uptr;
	__u32 o;		/* where the next string goes */
	__u32 count;		/* strings seen */
	__u32 lim;		/* bytes per string, NUL included */
	__u32 end;		/* -v, @abbrev: no string past this offset */
	__u8 abbrev;
	__u8 fault;
	__u8 ended;		/* met the NULL terminator */
	__u8 unterminated;	/* the pointers ran into unreadable memory */
};

/* One element of a string array; bpf_loop() callback: 1 stops the loop. */
static long sd_strarray_step(__u32 i, void *vctx)
{
	struct sd_strarray_ctx *c = vctx;
	__u64 p = 0;
	__u32 o;
	long k;
	__u16 l;

	if (bpf_probe_read_user(&p, sizeof(p), (const void *)(c->uptr + 8 * (__u64)i))) {
		c->fault = !i;
		c->unterminated = 1;
		c->ended = 1;
		return 1;
	}
	if (!p) {
		c->ended = 1;
		return 1;
	}
	if (c->end && c->o + 2 + (c->lim > 8 ? c->lim : 8) > c->end)
		return 1;	/* no room for more: SD_ST_MORE */
	c->count++;
	if (c->abbrev)
		return 0;
	o = SD_OFF(c->o);
	k = bpf_probe_read_user_str(c->buf + o + 2, c->lim & (SD_MAX_BOUND - 1),
				    (const void *)p);
	if (k <= 0) {	/* unreadable: its pointer, as strace prints it */
		l = SD_STR_PTR | sizeof(p);
		__builtin_memcpy(c->buf + o, &l, sizeof(l));
		__builtin_memcpy(c->buf + SD_OFF(o + 2), &p, sizeof(p));
		c->o = o + 2 + sizeof(p);
		return 0;
	}
	k = (k - 1) & (SD_MAX_BOUND - 1);
	l = (__u16)k;
	if (k + 1 >= c->lim)
		l |= SD_STR_CUT;
	__builtin_memcpy(c->buf + o, &l, sizeof(l));
	c->o = o + 2 + (__u32)k;
	return 0;
}

/*
 * Copy a NULL-terminated array of strings (argv): at most @n strings of
 * @s bytes each, each as a __u16 length and its bytes; with @abbrev only
 * count the entries (envp).  With -v (strace prints every string) as many
 * as the same bytes hold, and @abbrev ones too, cut at -s, as far as
 * SD_ABBREV_BOUND bytes go.  Returns 0 or -EFAULT.
 */
static __always_inline int sd_cap_strarray_body(__u8 *buf, __u32 *offp, __u8 slot,
					   __u64 uptr, __u32 n, __u32 s, int abbrev)
{
	__u32 off = SD_OFF(*offp);
	struct sd_strarray_ctx c = {
		.buf = buf, .uptr = uptr, .o = off + sizeof(struct sd_var),
		.lim = s, .abbrev = abbrev,
	};
	__u8 st = 0;
	__u64 p = 0;

	if (sd_verbose) {	/* -v: as many strings as the bytes allow */
		c.end = c.o + (abbrev ? SD_ABBREV_BOUND : n * (2 + s));
		n = SD_MAX_ELEMS;
	}
	if (abbrev && sd_verbose) {
		abbrev = c.abbrev = 0;
		c.lim = sd_strsize + 2 < SD_ABBREV_BOUND ? sd_strsize + 2 : SD_ABBREV_BOUND;
		st = SD_ST_STRS;
	}
	if (!abbrev && sd_strsize + 2 < c.lim)
		c.lim = sd_strsize + 2;
	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	bpf_loop(n, sd_strarray_step, &c, 0);
	if (c.fault) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -14;
	}
	if (!c.ended &&
	    !bpf_probe_read_user(&p, sizeof(p), (const void *)(uptr + 8 * (__u64)c.count)) && p) {
		st |= SD_ST_MORE;
		sd_count(SD_CNT_TRUNC);
	}
	if (c.unterminated)
		st |= SD_ST_PART;
	c.o = SD_OFF(c.o);
	if (abbrev) {
		__builtin_memcpy(buf + c.o, &c.count, sizeof(c.count));
		c.o += sizeof(c.count);
	}
	sd_var_put(buf, off, slot, st, (__u16)(c.o - off - sizeof(struct sd_var)));
	*offp = c.o;
	return 0;
}


/*
 * The capture functions as BPF global functions: the verifier checks each
 * once per program, knowing only its arguments' types, where an inlined
 * copy is checked again at every use.  Recorders call them through the
 * wrappers below, which pack the constant parameters into one argument
 * (BPF calls pass at most five).
 */
struct sd_recbuf {
	__u8 b[SD_BUF_SIZE];
};

#define SD_SPEC(a, b, c, d)	((__u64)(a) | (__u64)(b) << 8 | (__u64)(c) << 24 | \
				 (__u64)(d) << 40)
#define SD_SPEC_A(s)		((__u8)(s))
#define SD_SPEC_B(s)		((__u32)((s) >> 8) & 0xffff)
#define SD_SPEC_C(s)		((__u32)((s) >> 24) & 0xffff)
#define SD_SPEC_D(s)		((__u32)((s) >> 40) & 0xffff)

__noinline int sd_cap_str_g(struct sd_recbuf *rb, __u32 *offp, __u64 uptr, __u64 spec)
{
	if (!rb || !offp)
		return 0;
	return sd_cap_str_body(rb->b, offp, SD_SPEC_A(spec), uptr, SD_SPEC_B(spec),
			       SD_SPEC_C(spec));
}

static __always_inline int sd_cap_str(__u8 *buf, __u32 *offp, __u8 slot,
				      __u64 uptr, __u32 bound, int is_path)
{
	return sd_cap_str_g((struct sd_recbuf *)buf, offp, uptr,
			    SD_SPEC(slot, bound, is_path, 0));
}

__noinline int sd_cap_mem_g(struct sd_recbuf *rb, __u32 *offp, __u64 uptr, __u64 len,
			    __u64 spec)
{
	if (!rb || !offp)
		return 0;
	return sd_cap_mem_body(rb->b, offp, SD_SPEC_A(spec), uptr, len, SD_SPEC_B(spec),
			       SD_SPEC_C(spec));
}

static __always_inline int sd_cap_mem(__u8 *buf, __u32 *offp, __u8 slot,
				      __u64 uptr, __u64 len, __u32 bound,
				      int by_strsize)
{
	return sd_cap_mem_g((struct sd_recbuf *)buf, offp, uptr, len,
			    SD_SPEC(slot, bound, by_strsize, 0));
}

__noinline int sd_cap_array_g(struct sd_recbuf *rb, __u32 *offp, __u64 uptr, __u64 len,
			      __u64 spec)
{
	if (!rb || !offp)
		return 0;
	return sd_cap_array_body(rb->b, offp, SD_SPEC_A(spec), uptr, len, SD_SPEC_B(spec),
				 SD_SPEC_C(spec));
}

static __always_inline int sd_cap_array(__u8 *buf, __u32 *offp, __u8 slot,
					__u64 uptr, __u64 len, __u32 bound, __u32 esize)
{
	return sd_cap_array_g((struct sd_recbuf *)buf, offp, uptr, len,
			      SD_SPEC(slot, bound, esize, 0));
}

__noinline int sd_cap_records_g(struct sd_recbuf *rb, __u32 *offp, __u64 uptr, __u64 len,
				__u64 spec)
{
	if (!rb || !offp)
		return 0;
	return sd_cap_records_body(rb->b, offp, SD_SPEC_A(spec), uptr, len,
				   SD_SPEC_B(spec), SD_SPEC_C(spec), SD_SPEC_D(spec));
}

static __always_inline int sd_cap_records(__u8 *buf, __u32 *offp, __u8 slot,
					  __u64 uptr, __u64 len, __u32 bound,
					  __u16 reclen_off, __u16 reclen_size)
{
	return sd_cap_records_g((struct sd_recbuf *)buf, offp, uptr, len,
				SD_SPEC(slot, bound, reclen_off, reclen_size));
}

__noinline int sd_cap_strarray_g(struct sd_recbuf *rb, __u32 *offp, __u64 uptr, __u64 spec)
{
	if (!rb || !offp)
		return 0;
	return sd_cap_strarray_body(rb->b, offp, SD_SPEC_A(spec), uptr, SD_SPEC_B(spec),
				    SD_SPEC_C(spec), SD_SPEC_D(spec));
}

static __always_inline int sd_cap_strarray(__u8 *buf, __u32 *offp, __u8 slot,
					   __u64 uptr, __u32 n, __u32 s, int abbrev)
{
	return sd_cap_strarray_g((struct sd_recbuf *)buf, offp, uptr,
				 SD_SPEC(slot, n, s, abbrev));
}

/*
 * -T/-t/-r, -i: when and where each call began, noted by the dispatcher
 * at entry (only when asked) for the record's tail.
 */
struct sd_entry {
	__u64 ns;		/* bpf_ktime_get_ns() at entry */
	__u64 ip;		/* the user instruction pointer */
	__u32 nr1;		/* syscall number + 1; 0: used */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sd_entry);
} sd_entries SEC(".maps");

static __always_inline void sd_entry_note(long nr)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct sd_entry *e = bpf_task_storage_get(&sd_entries, task, 0,
						  BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!e) {
		sd_count(SD_LOST_NOMEM);
		return;
	}
	e->nr1 = (__u32)nr + 1;
	e->ip = ((struct pt_regs *)bpf_task_pt_regs(task))->ip;
	e->ns = bpf_ktime_get_ns();
}

/* -k: the user registers, then as much of the stack as can be read. */
static __always_inline __u32 sd_stack_put(__u8 *buf, __u32 off, struct pt_regs *regs)
{
	struct sd_ustack u = {};
	__u64 sp = regs->sp;
	__u32 want = sd_stack_bytes, got = 0, room, o;

	u.regs[0] = regs->ax;
	u.regs[1] = regs->dx;
	u.regs[2] = regs->cx;
	u.regs[3] = regs->bx;
	u.regs[4] = regs->si;
	u.regs[5] = regs->di;
	u.regs[6] = regs->bp;
	u.regs[7] = sp;
	u.regs[8] = regs->r8;
	u.regs[9] = regs->r9;
	u.regs[10] = regs->r10;
	u.regs[11] = regs->r11;
	u.regs[12] = regs->r12;
	u.regs[13] = regs->r13;
	u.regs[14] = regs->r14;
	u.regs[15] = regs->r15;
	u.regs[16] = regs->ip;
	room = SD_REC_MAX - off - sizeof(u) - 12 - SD_COMM_LEN;	/* off < SD_REC_MAX - 256 */
	if (want > room)
		want = room;
	if (want > SD_STACK_MAX)
		want = SD_STACK_MAX;
	/* page by page: the last page of a stack may be followed by nothing */
	for (int i = 0; i < SD_STACK_MAX / 4096 + 1; i++) {
		__u32 n = 4096 - (__u32)((sp + got) & 4095);

		if (got >= want)
			break;
		if (n > want - got)
			n = want - got;
		asm volatile("" : "+r"(n));
		n &= 8191;	/* <= 4096 already: a bound the verifier sees */
		o = off + got;
		asm volatile("" : "+r"(o));	/* keep the mask the verifier needs */
		if (!n || bpf_probe_read_user(buf + SD_OFF(o), n, (const void *)(sp + got)))
			break;
		got += n;
	}
	u.len = got;
	o = off + got;
	asm volatile("" : "+r"(o));
	__builtin_memcpy(buf + SD_OFF(o), &u, sizeof(u));
	return off + got + sizeof(u);
}

/*
 * Append the tail sdtrace asked for (sd_extras) to the record of @size
 * bytes in @rb, whose header's time is already the call's end.  Returns
 * the new size.
 */
__noinline int sd_tail_g(struct sd_recbuf *rb, __u32 size)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
	struct sd_entry *e = bpf_task_storage_get(&sd_entries, task, 0, 0);
	struct sd_hdr *h;
	__u32 off = size;
	__u64 ip;

	if (!rb || off > SD_REC_MAX - 256)
		return size;	/* too big already: sd_submit_body() drops it */
	h = (void *)rb->b;
	if (e && e->nr1 != (__u32)h->nr + 1)
		e = NULL;	/* begun before tracing did */
	if (sd_extras & SD_F_STACK) {
		off = sd_stack_put(rb->b, off, regs);
		h->flags |= SD_F_STACK;
	}
	if (sd_extras & SD_F_IP) {
		ip = regs->ip;	/* two loads: the verifier wants one pointer each */
		asm volatile("" : "+r"(ip));
		if (e)
			ip = e->ip;
		__builtin_memcpy(rb->b + SD_OFF(off), &ip, sizeof(ip));
		off += sizeof(ip);
		h->flags |= SD_F_IP;
	}
	if ((sd_extras & SD_F_DUR) && e && !(h->flags & SD_F_NORETURN)) {
		__u64 d = SD_HDR_TS(h) + sd_start_ns - e->ns;
		__u32 v;

		if (d > 0x7fffffff) {
			d /= 1000;
			v = SD_DUR_US | (d > 0x7fffffff ? 0x7fffffff : (__u32)d);
		} else {
			v = (__u32)d;
		}
		__builtin_memcpy(rb->b + SD_OFF(off), &v, sizeof(v));
		off += sizeof(v);
		h->flags |= SD_F_DUR;
	}
	if (sd_extras & SD_F_COMM) {	/* -Y: outermost, taken off first */
		char comm[SD_COMM_LEN];

		bpf_get_current_comm(comm, sizeof(comm));
		__builtin_memcpy(rb->b + SD_OFF(off), comm, sizeof(comm));
		off += sizeof(comm);
		h->flags |= SD_F_COMM;
	}
	if (e && !(h->flags & SD_F_NORETURN))
		e->nr1 = 0;
	return off;
}

__noinline int sd_submit_g(struct sd_recbuf *rb, __u32 size)
{
	if (!rb)
		return 0;
	if (sd_extras)
		size = sd_tail_g(rb, size);
	sd_submit_body(rb->b, size);
	return 0;
}

static __always_inline void sd_submit(__u8 *buf, __u32 size)
{
	sd_submit_g((struct sd_recbuf *)buf, size);
}

/*
 * What every recorder does the same way is in global functions, verified
 * once per program instead of once per recorder (most of start-up is the
 * verifier's): counting a loss, beginning a call's record, marking its
 * result, sending it.
 */
__noinline int sd_lost_g(__u32 what)
{
	sd_count(what);
	return 0;
}

/* Syscall @nr begins: task @t's record is its header so far. */
__noinline int sd_begin_g(struct sd_task *t, long nr)
{
	if (!t)
		return 0;
	t->nr1 = (__u32)nr + 1;
	t->retry = 0;
	t->off = 0;
	sd_hdr_fill((struct sd_hdr *)t->buf, nr);
	return 0;
}

/* The call returned @ret, kept at @retoff of record @rb: when, and how. */
__noinline int sd_returned_g(struct sd_recbuf *rb, struct sd_regs *regs, long ret,
			     __u32 retoff)
{
	struct sd_hdr *h;
	__s64 v = ret;

	if (!rb || !regs)
		return 0;
	h = (void *)rb->b;
	__builtin_memcpy(rb->b + SD_OFF(retoff), &v, sizeof(v));
	sd_stamp(h);	/* records are merged by completion */
	sd_mark_killed(h);
	sd_mark_exec(h, regs, ret);
	return 0;
}

/* A record of syscall @nr begins in @rb (no entry part), sd_returned_g() next. */
__noinline int sd_head_g(struct sd_recbuf *rb, long nr)
{
	if (rb)	/* its time: sd_returned_g()'s */
		sd_hdr_who((struct sd_hdr *)rb->b, nr);
	return 0;
}

/* The call's record is @size bytes of @rb: send it. */
__noinline int sd_send_g(struct sd_recbuf *rb, __u32 size)
{
	sd_submit_g(rb, size);
	sd_after_exit();
	return 0;
}

/* Task @t's call is recorded: send its @size bytes. */
__noinline int sd_end_g(struct sd_task *t, __u32 size)
{
	if (!t)
		return 0;
	t->nr1 = 0;
	return sd_send_g((struct sd_recbuf *)t->buf, size);
}

#endif

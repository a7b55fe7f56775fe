/* SPDX-License-Identifier: MIT */
/*
 * sd_compat.bpf.h - i386 syscalls of traced processes (int $0x80 from
 * 64-bit code, an i386 program): their numbers and argument registers are
 * i386's, so they never reach the x86_64 recorders.  Each gets an
 * SD_K_GENERIC record marked SD_F_COMPAT (sdtrace decodes it with the i386
 * table), whatever -e trace= says (sdtrace filters them by name); each
 * change of a thread's personality an SD_K_PERS record, for strace's
 * "[ Process PID=N runs in 32 bit mode. ]", which it prints at every
 * change, traced call or not.
 */
#ifndef SD_COMPAT_BPF_H
#define SD_COMPAT_BPF_H

#define SD_NR_I386_EXIT		1
#define SD_NR_I386_EXIT_GROUP	252

/* A thread that made an i386 call: its personality, its i386 call in flight. */
struct sd_mode {
	__u32 compat;		/* its last syscall was an i386 one */
	__u32 nr1;		/* the i386 call in flight: its number + 1; 0: none */
	__u64 args[SD_MAX_ARGS];	/* its arguments at entry (an exec replaces them) */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sd_mode);
} sd_modes SEC(".maps");

/* A traced thread made an i386 call: x86_64 calls look up their thread's mode. */
__u32 sd_compat_seen;

static __always_inline void sd_pers_put(long nr, __u32 compat)
{
	struct sd_ev_pers *r = sd_reserve(sizeof(*r));

	if (!r)
		return;
	sd_hdr_fill(&r->h, nr);
	r->h.kind = SD_K_PERS;
	r->bits = compat ? 32 : 64;
	r->pad = 0;
	sd_commit(r);
}

/* An i386 call's record: its number, the low halves of its arguments. */
static __always_inline void sd_compat_put(long nr, const __u64 *args, long ret, __u8 flags)
{
	struct sd_rec_generic *r = sd_extras ? (void *)sd_scratch() : sd_reserve(sizeof(*r));

	if (!r)
		return;
	sd_hdr_fill(&r->h, nr);
	r->h.kind = SD_K_GENERIC;
	r->h.flags = SD_F_COMPAT | flags;
	r->ret = ret;
	for (int i = 0; i < SD_MAX_ARGS; i++)
		r->args[i] = args[i];
	if (sd_extras)
		sd_submit((void *)r, sizeof(*r));
	else
		sd_commit(r);
}

/*
 * At a traced thread's syscall entry: note a change of personality; an
 * i386 call is begun here (exit and exit_group recorded, as they never
 * return).  Returns 1 for an i386 call: the x86_64 routes are not for it.
 */
static __always_inline int sd_compat_enter(struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 compat = (task->thread_info.status & SD_TS_COMPAT) != 0;
	struct sd_mode *m;

	if (!compat && !sd_compat_seen)
		return 0;
	m = bpf_task_storage_get(&sd_modes, task, 0,
				 compat ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	if (!m) {
		if (compat)
			sd_count(SD_LOST_NOMEM);
		return compat;
	}
	if (compat && !sd_compat_seen)
		sd_compat_seen = 1;
	if (m->compat != compat) {
		m->compat = compat;
		sd_pers_put(id, compat);
	}
	if (!compat)
		return 0;
	if (sd_extras)
		sd_entry_note(id);
	m->args[0] = (__u32)regs->bx;
	m->args[1] = (__u32)regs->cx;
	m->args[2] = (__u32)regs->dx;
	m->args[3] = (__u32)regs->si;
	m->args[4] = (__u32)regs->di;
	m->args[5] = (__u32)regs->bp;
	if (id == SD_NR_I386_EXIT || id == SD_NR_I386_EXIT_GROUP) {
		m->nr1 = 0;
		sd_compat_put(id, m->args, 0, SD_F_NORETURN);
		return 1;
	}
	m->nr1 = (__u32)id + 1;
	return 1;
}

/*
 * At a traced thread's syscall exit: the end of an i386 call (an exec may
 * end it in x86_64 mode).  Returns 1 when the x86_64 routes are not for it.
 */
static __always_inline int sd_compat_exit(struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	int compat = (task->thread_info.status & SD_TS_COMPAT) != 0;
	struct sd_mode *m;
	struct sd_task *t;
	__u32 nr;

	if (!compat && !sd_compat_seen)
		return 0;
	m = bpf_task_storage_get(&sd_modes, task, 0, 0);
	if (m && m->nr1) {
		nr = m->nr1 - 1;
		m->nr1 = 0;
		sd_compat_put(nr, m->args, ret, 0);
		sd_after_exit();
		return 1;
	}
	if (!compat)
		return 0;
	/* x86_64's execve into an i386 program: its x86_64 record */
	t = bpf_task_storage_get(&sd_tasks, task, 0, 0);
	if (regs->orig_ax == SD_NR_I386_EXECVE && t &&
	    (t->nr1 == SD_NR_EXECVE + 1 || t->nr1 == SD_NR_EXECVEAT + 1))
		return 0;
	return 1;	/* begun before tracing was */
}

/* A new thread starts in its parent's personality (as strace's do). */
static __always_inline void sd_compat_fork(struct task_struct *parent, struct task_struct *child)
{
	struct sd_mode *m, *c;

	if (!sd_compat_seen)
		return;
	m = bpf_task_storage_get(&sd_modes, parent, 0, 0);
	if (!m || !m->compat)
		return;
	c = bpf_task_storage_get(&sd_modes, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (c)
		c->compat = 1;
}

#endif

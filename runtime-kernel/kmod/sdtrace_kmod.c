// SPDX-License-Identifier: GPL-2.0
/*
 * sdtrace_kmod.c - sdtrace's kernel-module backend: the recorders sysdefc
 * generates from the .sysdef descriptions (sd_recorders.kmod.h), called
 * from probes on the raw syscall tracepoints, writing the same records as
 * the eBPF backend into per-CPU buffers that sdtrace reads from
 * /dev/sdtrace (sd_kmod_abi.h).
 *
 * The traced set is a bitmap of thread groups, extended at fork (before
 * the child runs) and cleared when a group ends.  A full buffer drops the
 * record and counts it by cause; the traced program never waits.  A call
 * with entry captures keeps its record in a per-task buffer from entry to
 * exit.  One session at a time: the probes are registered while it is
 * open and removed when it is closed.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/task_stack.h>
#include <linux/hash.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <linux/version.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "sd_records.h"
#include "sd_events.h"
#include "sd_kmod_abi.h"
#include "sd_kcapture.h"

/* ---- the session ---------------------------------------------------- */

struct sd_kring {
	u8 *data;
	u64 head;		/* bytes written, ever (the producer's) */
	u64 tail;		/* bytes read, ever (the reader's) */
} ____cacheline_aligned;

static DEFINE_MUTEX(sd_lock);		/* the session's setup and end */
static bool sd_busy;			/* a session is open */
static bool sd_attached;
static struct sd_kring *sd_rings;	/* [nr_cpu_ids] */
static u32 sd_ring_size;		/* bytes per CPU, a power of two */
static u8 *sd_scratch_mem;		/* [nr_cpu_ids][2 * SD_BUF_SIZE] */
static unsigned long *sd_traced_bits;	/* [SD_PID_LIMIT] */
static u8 sd_selected[SD_NR_MAX];
static u32 sd_self_tgid, sd_root_tgid;
static u32 sd_exec_pending;		/* traced from its next execve on */
static u8 sd_trace_all, sd_follow_forks;
static struct sd_kmod_case *sd_cases;	/* sorted by family, value */
static u32 sd_ncases;
static DECLARE_WAIT_QUEUE_HEAD(sd_wait);
static atomic_t sd_wake = ATOMIC_INIT(0);

/* Tasks with a call in flight: hashed by task, one lock per bucket. */
#define SD_TASK_BITS	10
static struct hlist_head sd_task_hash[1 << SD_TASK_BITS];
static spinlock_t sd_task_locks[1 << SD_TASK_BITS];

static u8 *sd_scratch(void)
{
	return sd_scratch_mem + (size_t)smp_processor_id() * 2 * SD_BUF_SIZE;
}

static u8 *sd_namebuf(void)
{
	return sd_scratch() + SD_BUF_SIZE;
}

static struct sd_ktask *sd_task_find(struct task_struct *task, bool create)
{
	u32 b = hash_ptr(task, SD_TASK_BITS);
	struct sd_ktask *t;

	spin_lock(&sd_task_locks[b]);
	hlist_for_each_entry(t, &sd_task_hash[b], node)
		if (t->task == task)
			goto out;
	t = NULL;
	if (create) {
		t = kmalloc(sizeof(*t), GFP_NOWAIT | __GFP_NOWARN);
		if (t) {
			t->buf = (u8 *)__get_free_pages(GFP_NOWAIT | __GFP_NOWARN,
							get_order(SD_BUF_SIZE));
			if (!t->buf) {
				kfree(t);
				t = NULL;
				goto out;
			}
			t->task = task;
			t->nr1 = 0;
			t->ent_nr1 = 0;
			t->compat = 0;
			t->cnr1 = 0;
			hlist_add_head(&t->node, &sd_task_hash[b]);
		}
	}
out:
	spin_unlock(&sd_task_locks[b]);
	return t;
}

static struct sd_ktask *sd_task_get(bool create)
{
	return sd_task_find(current, create);
}

static void sd_task_drop(struct task_struct *task)
{
	u32 b = hash_ptr(task, SD_TASK_BITS);
	struct sd_ktask *t;

	spin_lock(&sd_task_locks[b]);
	hlist_for_each_entry(t, &sd_task_hash[b], node)
		if (t->task == task) {
			hlist_del(&t->node);
			free_pages((unsigned long)t->buf, get_order(SD_BUF_SIZE));
			kfree(t);
			break;
		}
	spin_unlock(&sd_task_locks[b]);
}

static void sd_task_drop_all(void)
{
	struct hlist_node *n;
	struct sd_ktask *t;

	for (int b = 0; b < (1 << SD_TASK_BITS); b++)
		hlist_for_each_entry_safe(t, n, &sd_task_hash[b], node) {
			hlist_del(&t->node);
			free_pages((unsigned long)t->buf, get_order(SD_BUF_SIZE));
			kfree(t);
		}
}

/*
 * Append @size bytes to this CPU's buffer (preemption is off in every
 * probe and no probe runs in interrupt context: one writer per buffer).
 * A record never wraps: the rest of the buffer is skipped, marked by a
 * header of kind 0 when there is room for one.
 */
static void sd_ring_put(const void *rec, u32 size)
{
	struct sd_kring *r = &sd_rings[smp_processor_id()];
	u32 need = ALIGN(size, 8), pos = r->head & (sd_ring_size - 1);
	u32 room = sd_ring_size - pos, skip = room < need ? room : 0;
	u64 tail = smp_load_acquire(&r->tail);

	if (r->head + skip + need - tail > sd_ring_size) {
		sd_count(SD_LOST_RINGBUF);
		return;
	}
	if (skip) {
		if (skip >= sizeof(struct sd_hdr))
			((struct sd_hdr *)(r->data + pos))->kind = 0;
		pos = 0;
	}
	memcpy(r->data + pos, rec, size);
	smp_store_release(&r->head, r->head + skip + need);
}

/* -k: the user registers, then as much of the stack as can be read. */
static u32 sd_stack_put(u8 *buf, u32 off, struct pt_regs *regs)
{
	struct sd_ustack u = {};
	u64 sp = regs->sp;
	u32 want = SD_STACK_MAX, got = 0, room;

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
	room = SD_REC_MAX - off - sizeof(u) - 12;
	want = min(want, room);
	/* page by page, as the eBPF side reads it */
	while (got < want) {
		u32 n = min_t(u32, 4096 - (u32)((sp + got) & 4095), want - got);

		if (sd_read_user(buf + SD_OFF(off + got), n, sp + got))
			break;
		got += n;
	}
	u.len = got;
	memcpy(buf + SD_OFF(off + got), &u, sizeof(u));
	return off + got + sizeof(u);
}

/* The tail sdtrace asked for (sd_capture.bpf.h's sd_tail_g()). */
static u32 sd_tail(u8 *buf, u32 size)
{
	struct sd_hdr *h = (void *)buf;
	struct pt_regs *regs = task_pt_regs(current);
	struct sd_ktask *t = sd_task_get(false);
	u32 off = size;
	u64 ip;

	if (off > SD_REC_MAX - 256)
		return size;
	if (t && t->ent_nr1 != (u32)h->nr + 1)
		t = NULL;
	if (sd_extras & SD_F_STACK) {
		off = sd_stack_put(buf, off, regs);
		h->flags |= SD_F_STACK;
	}
	if (sd_extras & SD_F_IP) {
		ip = t ? t->ent_ip : regs->ip;
		memcpy(buf + SD_OFF(off), &ip, sizeof(ip));
		off += sizeof(ip);
		h->flags |= SD_F_IP;
	}
	if ((sd_extras & SD_F_DUR) && t && !(h->flags & SD_F_NORETURN)) {
		u64 d = SD_HDR_TS(h) + sd_start_ns - t->ent_ns;
		u32 v;

		if (d > 0x7fffffff) {
			d = div_u64(d, 1000);
			v = SD_DUR_US | (d > 0x7fffffff ? 0x7fffffff : (u32)d);
		} else {
			v = (u32)d;
		}
		memcpy(buf + SD_OFF(off), &v, sizeof(v));
		off += sizeof(v);
		h->flags |= SD_F_DUR;
	}
	if (t && !(h->flags & SD_F_NORETURN))
		t->ent_nr1 = 0;
	return off;
}

static void sd_submit(u8 *buf, u32 size)
{
	u8 kind = ((struct sd_hdr *)buf)->kind;

	if (sd_extras && (kind == SD_K_CALL || kind == SD_K_GENERIC))
		size = sd_tail(buf, size);
	if (size > SD_REC_MAX) {
		sd_count(SD_LOST_TOOBIG);
		return;
	}
	((struct sd_hdr *)buf)->size = (u16)size;
	sd_ring_put(buf, size);
}

static int sd_variant_of(u32 family, u64 value)
{
	u32 lo = 0, hi = sd_ncases;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;
		const struct sd_kmod_case *c = &sd_cases[mid];

		if (c->family == family && c->value == value)
			return c->member;
		if (c->family < family || (c->family == family && c->value < value))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void sd_kx_none(struct pt_regs *regs, long ret)
{
}

#include "sd_recorders.kmod.h"

/* ---- the probes ------------------------------------------------------- */

static __always_inline bool sd_tgid_traced(u32 tgid)
{
	if (sd_trace_all)
		return tgid != sd_self_tgid;
	return tgid < SD_PID_LIMIT && test_bit(tgid, sd_traced_bits);
}

/*
 * i386 calls (int $0x80, an i386 program): records as sd_compat.bpf.h
 * makes them, an SD_K_GENERIC one marked SD_F_COMPAT per call, whatever
 * -e trace= says, and an SD_K_PERS one at each change of personality.
 */
#define SD_NR_I386_EXIT		1
#define SD_NR_I386_EXIT_GROUP	252
static bool sd_compat_seen;	/* a traced thread made an i386 call */

static void sd_pers_put(long nr, u32 compat)
{
	struct sd_ev_pers r;

	sd_hdr_fill(&r.h, nr);
	r.h.kind = SD_K_PERS;
	r.h.size = sizeof(r);
	r.bits = compat ? 32 : 64;
	r.pad = 0;
	sd_ring_put(&r, sizeof(r));
}

static void sd_compat_put(long nr, const u64 *args, long ret, u8 flags)
{
	struct sd_rec_generic *r = (void *)sd_scratch();

	sd_hdr_fill(&r->h, nr);
	r->h.kind = SD_K_GENERIC;
	r->h.flags = SD_F_COMPAT | flags;
	r->ret = ret;
	memcpy(r->args, args, sizeof(r->args));
	sd_submit((u8 *)r, sizeof(*r));
}

/* At a traced thread's entry: true for an i386 call (begun here). */
static bool sd_compat_enter(struct pt_regs *regs, long id)
{
	u32 compat = in_ia32_syscall() ? 1 : 0;
	struct sd_ktask *t;

	if (!compat && !READ_ONCE(sd_compat_seen))
		return false;
	t = sd_task_get(compat);
	if (!t) {
		if (compat)
			sd_count(SD_LOST_NOMEM);
		return compat;
	}
	if (compat && !READ_ONCE(sd_compat_seen))
		WRITE_ONCE(sd_compat_seen, true);
	if (t->compat != compat) {
		t->compat = compat;
		sd_pers_put(id, compat);
	}
	if (!compat)
		return false;
	if (sd_extras) {
		t->ent_nr1 = (u32)id + 1;
		t->ent_ip = regs->ip;
		t->ent_ns = ktime_get_ns();
	}
	t->cargs[0] = (u32)regs->bx;
	t->cargs[1] = (u32)regs->cx;
	t->cargs[2] = (u32)regs->dx;
	t->cargs[3] = (u32)regs->si;
	t->cargs[4] = (u32)regs->di;
	t->cargs[5] = (u32)regs->bp;
	if (id == SD_NR_I386_EXIT || id == SD_NR_I386_EXIT_GROUP) {
		t->cnr1 = 0;
		sd_compat_put(id, t->cargs, 0, SD_F_NORETURN);
		return true;
	}
	t->cnr1 = (u32)id + 1;
	return true;
}

/* At a traced thread's exit: true when the x86_64 recorders are not for it. */
static bool sd_compat_exit(struct pt_regs *regs, long ret)
{
	bool compat = in_ia32_syscall();
	struct sd_ktask *t;
	u32 nr;

	if (!compat && !READ_ONCE(sd_compat_seen))
		return false;
	t = sd_task_get(false);
	if (t && t->cnr1) {
		nr = t->cnr1 - 1;
		t->cnr1 = 0;
		sd_compat_put(nr, t->cargs, ret, 0);
		return true;
	}
	if (!compat)
		return false;
	/* x86_64's execve into an i386 program: its x86_64 record */
	if (regs->orig_ax == SD_NR_I386_EXECVE && t &&
	    (t->nr1 == SD_NR_EXECVE + 1 || t->nr1 == SD_NR_EXECVEAT + 1))
		return false;
	return true;	/* begun before tracing was */
}

static void sd_probe_enter(void *data, struct pt_regs *regs, long id)
{
	sd_krec_fn fn;

	if (READ_ONCE(sd_exec_pending) == current->tgid &&
	    (id == __NR_execve || id == __NR_execveat)) {
		set_bit(current->tgid, sd_traced_bits);
		WRITE_ONCE(sd_exec_pending, 0);
	}
	if (sd_tgid_traced(current->tgid) && sd_compat_enter(regs, id))
		return;
	if ((u64)id >= SD_NR_MAX)
		return;
	if (!sd_selected[id])
		return;
	fn = sd_kenter_of[id];
	if ((!fn && !sd_extras) || !sd_tgid_traced(current->tgid))
		return;
	if (sd_extras) {	/* -T/-t/-r, -i: every traced call's start */
		struct sd_ktask *t = sd_task_get(true);

		if (t) {
			t->ent_nr1 = (u32)id + 1;
			t->ent_ip = regs->ip;
			t->ent_ns = ktime_get_ns();
		} else {
			sd_count(SD_LOST_NOMEM);
		}
	}
	if (fn)
		fn(regs, id);
}

/*
 * -k: an executable file mapping of the current process, as an SD_K_MMAP
 * record (addr 0: the process exec'd); see sdtrace.bpf.c's sd_map_note_g().
 */
static void sd_map_note(u64 addr)
{
	struct mm_struct *mm = current->mm;
	struct sd_ev_mmap *r = (void *)sd_scratch();
	struct vm_area_struct *vma;
	u32 off = sizeof(*r);
	struct file *file = NULL;

	memset(r, 0, sizeof(*r));
	if (addr) {
		if (!mm || !mmap_read_trylock(mm))
			return;
		vma = find_vma(mm, addr);
		if (vma && vma->vm_start <= addr && (vma->vm_flags & VM_EXEC) && vma->vm_file) {
			file = get_file(vma->vm_file);
			r->start = vma->vm_start;
			r->end = vma->vm_end;
			r->pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
		}
		mmap_read_unlock(mm);
		if (!file)
			return;
	}
	sd_hdr_fill(&r->h, 0);
	r->h.kind = SD_K_MMAP;
	r->tgid = current->tgid;
	if (file) {
		sd_cap_path_name((u8 *)r, &off, 0, &file->f_path);
		fput(file);
	}
	sd_submit((u8 *)r, off);
}

static void sd_maps_after(struct pt_regs *regs, long ret)
{
	u64 nr = SD_NR(regs);

	if (SD_IS_ERR(ret))
		return;
	if (nr == __NR_mmap && (SD_ARG(regs, 2) & PROT_EXEC)) {
		sd_map_note(ret);
	} else if (nr == __NR_mprotect && (SD_ARG(regs, 2) & PROT_EXEC)) {
		sd_map_note(SD_ARG(regs, 0));
	} else if (SD_EXEC_DONE(regs, ret)) {
		sd_map_note(0);
		if (current->mm)
			sd_map_note(current->mm->start_code);	/* the program */
		sd_map_note(regs->ip);	/* its loader, where it starts */
	}
}

/* A syscall no description has: its number and raw arguments. */
static void sd_exit_generic(struct pt_regs *regs, long ret)
{
	struct sd_rec_generic *r = (void *)sd_scratch();

	sd_hdr_fill(&r->h, SD_NR(regs));
	r->h.kind = SD_K_GENERIC;
	r->ret = ret;
	for (int i = 0; i < SD_MAX_ARGS; i++)
		r->args[i] = SD_ARG(regs, i);
	sd_submit((u8 *)r, sizeof(*r));
}

static void sd_probe_exit(void *data, struct pt_regs *regs, long ret)
{
	u32 nr = (u32)SD_NR(regs);
	sd_krec_fn fn;

	if (!sd_tgid_traced(current->tgid) || sd_compat_exit(regs, ret))
		return;
	if (sd_extras & SD_F_STACK)
		sd_maps_after(regs, ret);
	/* the call begun may have been execveat, or rt_sigreturn (orig_ax -1) */
	if (nr == SD_NR_EXECVE || nr == (u32)SD_NR_RESTORED) {
		struct sd_ktask *t = sd_task_get(false);

		if (t && t->nr1)
			nr = t->nr1 - 1;
	}
	if (nr >= SD_NR_MAX || !sd_selected[nr])
		return;
	fn = sd_kexit_of[nr];
	(fn ? fn : sd_exit_generic)(regs, ret);
}

static void sd_probe_fork(void *data, struct task_struct *parent, struct task_struct *child)
{
	struct sd_ev_fork r;

	if (sd_trace_all || !sd_tgid_traced(parent->tgid))
		return;
	if (parent->tgid != child->tgid) {
		if (!sd_follow_forks)
			return;
		set_bit(child->tgid, sd_traced_bits);
	}
	if (READ_ONCE(sd_compat_seen)) {	/* a thread starts in its parent's personality */
		struct sd_ktask *t = sd_task_find(parent, false);

		if (t && t->compat && (t = sd_task_find(child, true)))
			t->compat = 1;
	}
	sd_hdr_fill(&r.h, 0);
	r.h.kind = SD_K_FORK;
	r.h.size = sizeof(r);
	r.child_tid = child->pid;
	r.child_tgid = child->tgid;
	sd_ring_put(&r, sizeof(r));
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
static void sd_probe_proc_exit(void *data, struct task_struct *task, bool group_dead)
#else
static void sd_probe_proc_exit(void *data, struct task_struct *task)
#endif
{
	struct sd_ev_exit r;
	u32 tgid = task->tgid;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 16, 0)
	/* the last thread out finds the group's live count at 0 */
	bool group_dead = atomic_read(&task->signal->live) == 0;
#endif

	sd_task_drop(task);
	if (!sd_tgid_traced(tgid))
		return;
	sd_hdr_fill(&r.h, 0);
	r.h.kind = SD_K_EXIT;
	r.h.size = sizeof(r);
	r.h.tid = task->pid;
	r.tgid = tgid;
	r.code = task->exit_code;
	r.group_dead = group_dead;
	r.pad = 0;
	sd_ring_put(&r, sizeof(r));
	if (group_dead && !sd_trace_all)
		clear_bit(tgid, sd_traced_bits);
	if (group_dead && tgid == sd_root_tgid) {	/* wake the reader now */
		atomic_set(&sd_wake, 1);
		wake_up_interruptible(&sd_wait);
	}
}

static void sd_probe_signal(void *data, int sig, struct kernel_siginfo *info,
			    struct k_sigaction *ka)
{
	struct {
		struct sd_ev_signal r;
		u64 ip;		/* -i: the tail */
	} __packed e;
	struct sd_ev_signal *r = &e.r;

	/* a group exit kills every thread without siginfo: strace shows nothing */
	if ((sig == SIGKILL && (unsigned long)info <= 1) || !sd_tgid_traced(current->tgid))
		return;
	sd_hdr_fill(&r->h, 0);
	r->h.kind = SD_K_SIGNAL;
	r->h.size = sizeof(*r);
	r->signo = sig;
	r->has_info = (unsigned long)info > 1;
	if (r->has_info)
		memcpy(r->info, info, min(sizeof(r->info), sizeof(*info)));
	else
		memset(r->info, 0, sizeof(r->info));
	if (sd_extras & SD_F_IP) {	/* -i: where the signal interrupts */
		e.ip = task_pt_regs(current)->ip;
		r->h.flags |= SD_F_IP;
		r->h.size = sizeof(e);
	}
	sd_ring_put(&e, r->h.size);
}

static const struct {
	const char *name;
	void *probe;
} sd_probes[] = {
	{ "sys_enter", sd_probe_enter },
	{ "sys_exit", sd_probe_exit },
	{ "sched_process_fork", sd_probe_fork },
	{ "sched_process_exit", sd_probe_proc_exit },
	{ "signal_deliver", sd_probe_signal },
};

#define SD_NPROBES	ARRAY_SIZE(sd_probes)
static struct tracepoint *sd_tps[SD_NPROBES];

/* __tracepoint_sys_enter is not exported: find the tracepoints by name. */
static void sd_find_tp(struct tracepoint *tp, void *priv)
{
	for (size_t i = 0; i < SD_NPROBES; i++)
		if (!strcmp(tp->name, sd_probes[i].name))
			sd_tps[i] = tp;
}

static void sd_detach(void)
{
	for (size_t i = 0; i < SD_NPROBES; i++)
		if (sd_tps[i])
			tracepoint_probe_unregister(sd_tps[i], sd_probes[i].probe, NULL);
	tracepoint_synchronize_unregister();
	memset(sd_tps, 0, sizeof(sd_tps));
	sd_attached = false;
}

static int sd_attach(void)
{
	struct tracepoint *found[SD_NPROBES];
	int rc;

	memset(sd_tps, 0, sizeof(sd_tps));
	for_each_kernel_tracepoint(sd_find_tp, NULL);
	memcpy(found, sd_tps, sizeof(found));
	memset(sd_tps, 0, sizeof(sd_tps));
	for (size_t i = 0; i < SD_NPROBES; i++) {
		if (!found[i]) {
			pr_err("sdtrace: no tracepoint %s\n", sd_probes[i].name);
			sd_detach();
			return -ENOENT;
		}
		rc = tracepoint_probe_register(found[i], sd_probes[i].probe, NULL);
		if (rc) {
			sd_detach();
			return rc;
		}
		sd_tps[i] = found[i];
	}
	sd_attached = true;
	return 0;
}

/* ---- the device ------------------------------------------------------- */

static void sd_free(void)
{
	if (sd_attached)
		sd_detach();
	sd_task_drop_all();
	if (sd_rings)
		for (unsigned int c = 0; c < nr_cpu_ids; c++)
			vfree(sd_rings[c].data);
	kfree(sd_rings);
	sd_rings = NULL;
	vfree(sd_scratch_mem);
	sd_scratch_mem = NULL;
	vfree(sd_traced_bits);
	sd_traced_bits = NULL;
	kvfree(sd_cases);
	sd_cases = NULL;
	sd_ncases = 0;
	free_percpu(sd_counters);
	sd_counters = NULL;
}

static int sd_open(struct inode *inode, struct file *f)
{
	int rc = 0;

	mutex_lock(&sd_lock);
	if (sd_busy)
		rc = -EBUSY;
	else
		sd_busy = true;
	mutex_unlock(&sd_lock);
	return rc;
}

static int sd_release(struct inode *inode, struct file *f)
{
	mutex_lock(&sd_lock);
	sd_free();
	sd_busy = false;
	mutex_unlock(&sd_lock);
	return 0;
}

static long sd_setup(const struct sd_kmod_setup __user *up)
{
	struct sd_kmod_setup *s;
	u64 each = 2 * SD_REC_MAX;
	long rc = -ENOMEM;

	if (sd_rings)
		return -EBUSY;
	s = memdup_user(up, sizeof(*s));
	if (IS_ERR(s))
		return PTR_ERR(s);
	while (each * 2 * nr_cpu_ids <= s->buf_bytes && each < (1ULL << 30))
		each *= 2;
	sd_ring_size = (u32)each;
	sd_start_ns = s->start_ns;
	sd_strsize = s->strsize;
	sd_verbose = s->verbose;
	sd_self_tgid = s->self_tgid;
	sd_trace_all = s->trace_all;
	sd_compat_seen = false;
	sd_follow_forks = s->follow_forks;
	sd_fd_names = s->fd_names;
	sd_extras = s->extras;
	sd_root_tgid = 0;
	sd_exec_pending = 0;
	memcpy(sd_selected, s->selected, sizeof(sd_selected));
	sd_counters = alloc_percpu(struct sd_kcounters);
	sd_traced_bits = vzalloc(BITS_TO_LONGS(SD_PID_LIMIT) * sizeof(long));
	sd_scratch_mem = vmalloc(array_size(nr_cpu_ids, 2 * SD_BUF_SIZE));
	sd_rings = kcalloc(nr_cpu_ids, sizeof(*sd_rings), GFP_KERNEL);
	if (!sd_counters || !sd_traced_bits || !sd_scratch_mem || !sd_rings)
		goto fail;
	for (unsigned int c = 0; c < nr_cpu_ids; c++) {
		sd_rings[c].data = vmalloc(sd_ring_size);
		if (!sd_rings[c].data)
			goto fail;
	}
	kfree(s);
	return 0;
fail:
	kfree(s);
	sd_free();
	return rc;
}

static int sd_case_cmp(const void *x, const void *y)
{
	const struct sd_kmod_case *a = x, *b = y;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return a->value < b->value ? -1 : a->value > b->value;
}

static long sd_set_cases(const struct sd_kmod_cases __user *up)
{
	struct sd_kmod_cases c;
	struct sd_kmod_case *v;

	if (copy_from_user(&c, up, sizeof(c)))
		return -EFAULT;
	if (c.n > 65536 || sd_attached)
		return -EINVAL;
	v = kvmalloc_array(c.n ? c.n : 1, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	if (copy_from_user(v, u64_to_user_ptr(c.cases), c.n * sizeof(*v))) {
		kvfree(v);
		return -EFAULT;
	}
	for (u32 i = 0; i < c.n; i++)
		if (v[i].member >= ARRAY_SIZE(sd_kvexit) || !sd_kvexit[v[i].member]) {
			kvfree(v);
			return -EINVAL;
		}
	sort(v, c.n, sizeof(*v), sd_case_cmp, NULL);
	kvfree(sd_cases);
	sd_cases = v;
	sd_ncases = c.n;
	return 0;
}

static long sd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *up = (void __user *)arg;
	long rc;
	u32 tgid;

	mutex_lock(&sd_lock);
	if (cmd != SD_KIOC_SETUP && !sd_rings) {
		rc = -EINVAL;
		goto out;
	}
	switch (cmd) {
	case SD_KIOC_SETUP:
		rc = sd_setup(up);
		break;
	case SD_KIOC_CASES:
		rc = sd_set_cases(up);
		break;
	case SD_KIOC_TRACE:
		rc = -EFAULT;
		if (get_user(tgid, (u32 __user *)up))
			break;
		rc = -ERANGE;
		if (tgid >= SD_PID_LIMIT)
			break;
		if (!sd_root_tgid)
			sd_root_tgid = tgid;
		set_bit(tgid, sd_traced_bits);
		rc = 0;
		break;
	case SD_KIOC_TRACE_EXEC:
		rc = -EFAULT;
		if (get_user(tgid, (u32 __user *)up))
			break;
		rc = -ERANGE;
		if (!tgid || tgid >= SD_PID_LIMIT)
			break;
		if (!sd_root_tgid)
			sd_root_tgid = tgid;
		WRITE_ONCE(sd_exec_pending, tgid);
		rc = 0;
		break;
	case SD_KIOC_ATTACH:
		rc = sd_attached ? -EBUSY : sd_attach();
		break;
	case SD_KIOC_COUNTERS: {
		u64 sum[SD_CNT_SLOTS] = {};
		unsigned int c;

		for_each_possible_cpu(c)
			for (int k = 0; k < SD_CNT_SLOTS; k++)
				sum[k] += READ_ONCE(per_cpu_ptr(sd_counters, c)->c[k]);
		rc = copy_to_user(up, sum, sizeof(sum)) ? -EFAULT : 0;
		break;
	}
	default:
		rc = -ENOTTY;
	}
out:
	mutex_unlock(&sd_lock);
	return rc;
}

static bool sd_readable(void)
{
	for (unsigned int c = 0; c < nr_cpu_ids; c++)
		if (smp_load_acquire(&sd_rings[c].head) != READ_ONCE(sd_rings[c].tail))
			return true;
	return false;
}

/* Whole records from every CPU's buffer, as many as fit in @len. */
static ssize_t sd_read(struct file *f, char __user *ubuf, size_t len, loff_t *ppos)
{
	size_t done = 0;
	ssize_t rc = 0;

	mutex_lock(&sd_lock);
	if (!sd_rings) {
		rc = -EINVAL;
		goto out;
	}
	atomic_set(&sd_wake, 0);
	for (unsigned int c = 0; c < nr_cpu_ids; c++) {
		struct sd_kring *r = &sd_rings[c];
		u64 head = smp_load_acquire(&r->head), tail = r->tail;

		while (tail < head) {
			u32 pos = tail & (sd_ring_size - 1), room = sd_ring_size - pos;
			const struct sd_hdr *h = (void *)(r->data + pos);
			u32 size;

			if (room < sizeof(*h) || !h->kind) {	/* skipped to the start */
				tail += room;
				continue;
			}
			size = h->size;
			if (size < sizeof(*h) || ALIGN(size, 8) > room) {
				tail = head;	/* cannot happen: drop the rest */
				break;
			}
			if (done + ALIGN(size, 8) > len)
				break;
			if (copy_to_user(ubuf + done, h, size)) {
				rc = -EFAULT;
				break;
			}
			done += ALIGN(size, 8);
			tail += ALIGN(size, 8);
		}
		smp_store_release(&r->tail, tail);
		if (rc)
			break;
	}
out:
	mutex_unlock(&sd_lock);
	return done ? (ssize_t)done : rc;
}

static __poll_t sd_poll(struct file *f, poll_table *pt)
{
	poll_wait(f, &sd_wait, pt);
	if (atomic_read(&sd_wake) || (sd_rings && sd_readable()))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct file_operations sd_fops = {
	.owner = THIS_MODULE,
	.open = sd_open,
	.release = sd_release,
	.unlocked_ioctl = sd_ioctl,
	.read = sd_read,
	.poll = sd_poll,
	.llseek = noop_llseek,
};

static struct miscdevice sd_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "sdtrace",
	.fops = &sd_fops,
	.mode = 0600,
};

static int __init sd_init(void)
{
	for (int b = 0; b < (1 << SD_TASK_BITS); b++) {
		INIT_HLIST_HEAD(&sd_task_hash[b]);
		spin_lock_init(&sd_task_locks[b]);
	}
	return misc_register(&sd_dev);
}

static void __exit sd_exit(void)
{
	misc_deregister(&sd_dev);	/* no session is open: the device held us */
}

module_init(sd_init);
module_exit(sd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sdtrace: syscall recorders generated from .sysdef descriptions");

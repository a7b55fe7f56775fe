/* SPDX-License-Identifier: MIT OR GPL-2.0 */
/*
 * sdtrace.bpf.c - the in-kernel side of sdtrace.
 *
 * Two dispatchers on the raw syscall tracepoints decide in the kernel
 * whether the current process is traced, then tail-call the generated
 * recorder for the syscall number (entry and exit); undescribed syscalls
 * get a generic record.  sched_process_fork follows children before they
 * run; sched_process_exit reports how each traced process ended.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sd_records.h"
#include "sd_events.h"
#include "sd_capture.bpf.h"
#include "sd_fdname.bpf.h"
#include "sd_compat.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/*
 * Thread groups being traced: one bit per pid (set by sdtrace, extended at
 * fork, cleared at exit).  A global array costs a load per syscall, where
 * a hash map lookup would cost a helper call.
 */
__u64 sd_traced_bits[SD_PID_LIMIT / 64];
/* pids never reach SD_PID_LIMIT; the mask is for the verifier */
#define SD_BIT_WORD(pid)	(((pid) & (SD_PID_LIMIT - 1)) / 64)
#define SD_BIT(pid)		(1ULL << ((pid) % 64))

/* The first process traced (set by sdtrace): its end wakes the reader. */
__u32 sd_root_tgid;
/* The command sdtrace starts, traced from its execve on (set by sdtrace). */
__u32 sd_exec_pending;
/* -b execve: a traced process is let go at its exec, but for this thread's
 * first (the command's own, which the gate let in) */
const volatile __u8 sd_detach_exec;
__u32 sd_exec_first;

/*
 * Where each syscall goes (set by sdtrace): 0 nowhere, else the slot of
 * its recorder in the program arrays below, a few dozen programs (bundles
 * of recorders, the scalar and generic exit recorders), so that wiring
 * them takes one update per program, not one per syscall.
 */
__u8 sd_enter_route[SD_NR_MAX];
__u8 sd_exit_route[SD_NR_MAX];

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SD_ROUTES);
	__type(key, __u32);
	__type(value, __u32);
} sd_enter_progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SD_ROUTES);
	__type(key, __u32);
	__type(value, __u32);
} sd_exit_progs SEC(".maps");

static __always_inline int sd_tgid_traced(__u32 tgid)
{
	if (sd_trace_all)
		return tgid != sd_self_tgid;
	return (sd_traced_bits[SD_BIT_WORD(tgid)] & SD_BIT(tgid)) != 0;
}

static __always_inline int sd_is_traced(void)
{
	return sd_tgid_traced(bpf_get_current_pid_tgid() >> 32);
}

/* The command sdtrace started is traced from its execve on. */
static __always_inline void sd_exec_gate(long id)
{
	__u32 pend = sd_exec_pending;

	if (pend && (__u32)(bpf_get_current_pid_tgid() >> 32) == pend &&
	    (id == SD_NR_EXECVE || id == SD_NR_EXECVEAT)) {
		__sync_fetch_and_or(&sd_traced_bits[SD_BIT_WORD(pend)], SD_BIT(pend));
		sd_exec_pending = 0;
		sd_exec_first = (__u32)bpf_get_current_pid_tgid();
	}
}

/*
 * -b execve: an exec succeeded: the process is traced no further (its
 * execve record, already routed, is the last; userspace prints it
 * "<detached ...>" by the same rule).
 */
static __always_inline void sd_detach_at_exec(__u32 nr, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;

	if (ret || (nr != SD_NR_EXECVE && nr != SD_NR_EXECVEAT))
		return;
	if (sd_exec_first && sd_exec_first == (__u32)id) {
		sd_exec_first = 0;
		return;
	}
	if (!sd_trace_all)
		__sync_fetch_and_and(&sd_traced_bits[SD_BIT_WORD(tgid)], ~SD_BIT(tgid));
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sd_sys_enter, struct pt_regs *regs, long id)
{
	sd_exec_gate(id);
	/* an ignored signal sent while the thread ran in user mode: strace
	 * shows it before the next syscall */
	if (sd_nsigq && sd_is_traced())
		sd_flush_sig((__u32)bpf_get_current_pid_tgid());
	if (sd_is_traced() && sd_compat_enter(regs, id))
		return 0;	/* an i386 call */
	__u32 nr = (__u32)id, r;

	if ((__u64)id >= SD_NR_MAX)
		return 0;
	asm volatile("" : "+r"(nr));	/* keep the bound the verifier needs */
	nr &= SD_NR_MAX - 1;
	r = sd_enter_route[nr];
	if (sd_extras) {	/* -T/-t/-r, -i: every traced call's start */
		if ((!r && !sd_exit_route[nr]) || !sd_is_traced())
			return 0;
		sd_entry_note(id);
		if (r)
			bpf_tail_call(ctx, &sd_enter_progs, r);
		return 0;
	}
	if (!r || !sd_is_traced())
		return 0;
	bpf_tail_call(ctx, &sd_enter_progs, r);
	return 0;
}

/*
 * -k: the executable file mappings a traced process makes (its binary and
 * loader at exec, libraries, dlopen), as SD_K_MMAP records, so that
 * sdtrace can unwind its stacks after it is gone.  Found where the calls
 * that make them return, with bpf_find_vma().
 */
#define SD_VM_EXEC	0x4
#define SD_PROT_EXEC	0x4
#define SD_NR_MMAP	9
#define SD_NR_MPROTECT	10

struct sd_vma_ctx {
	__u64 start, end, pgoff, file;
};

static long sd_vma_cb(struct task_struct *task, struct vm_area_struct *vma, void *data)
{
	struct sd_vma_ctx *c = data;

	(void)task;
	c->start = vma->vm_start;
	c->end = vma->vm_end;
	c->pgoff = (__u64)vma->vm_pgoff << 12;
	c->file = vma->vm_flags & SD_VM_EXEC ? (__u64)vma->vm_file : 0;
	return 0;
}

/*
 * The executable file mapping at @addr of the current process, if any;
 * @addr 0: the process exec'd, its old mappings are gone.
 */
__noinline int sd_map_note_g(__u64 addr)
{
	struct sd_vma_ctx c = {};
	__u32 off = sizeof(struct sd_ev_mmap);
	struct sd_ev_mmap *r;
	__u8 *buf;

	if (addr && (bpf_find_vma(bpf_get_current_task_btf(), addr, sd_vma_cb, &c, 0) ||
		     !c.file))
		return 0;
	buf = sd_scratch();
	if (!buf)
		return 0;
	r = (void *)buf;
	sd_hdr_fill(&r->h, 0);
	r->h.kind = SD_K_MMAP;
	r->tgid = bpf_get_current_pid_tgid() >> 32;
	r->pad = 0;
	r->start = c.start;
	r->end = c.end;
	r->pgoff = c.pgoff;
	if (c.file)
		sd_cap_path_name(buf, &off, 0, &((struct file *)c.file)->f_path);
	sd_submit_body(buf, off);
	return 0;
}

static __always_inline void sd_maps_after(struct pt_regs *regs, long ret)
{
	__u64 nr = SD_NR(regs);

	if (SD_IS_ERR(ret))
		return;
	if (nr == SD_NR_MMAP && (SD_ARG(regs, 2) & SD_PROT_EXEC))
		sd_map_note_g(ret);
	else if (nr == SD_NR_MPROTECT && (SD_ARG(regs, 2) & SD_PROT_EXEC))
		sd_map_note_g(SD_ARG(regs, 0));
	else if (SD_EXEC_DONE(regs, ret)) {
		struct task_struct *task = bpf_get_current_task_btf();

		sd_map_note_g(0);
		sd_map_note_g(BPF_CORE_READ(task, mm, start_code));	/* the program */
		sd_map_note_g(regs->ip);	/* its loader, where it starts */
	}
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sd_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 nr;

	if (!sd_is_traced() || sd_compat_exit(regs, ret))
		return 0;
	if (sd_extras & SD_F_STACK)
		sd_maps_after(regs, ret);
	nr = sd_exit_nr(regs);	/* the call begun may have been execveat */
	if (sd_detach_exec)
		sd_detach_at_exec(nr, ret);
	if (nr >= SD_NR_MAX)
		return 0;
	asm volatile("" : "+r"(nr));
	nr &= SD_NR_MAX - 1;
	if (sd_exit_route[nr])
		bpf_tail_call(ctx, &sd_exit_progs, sd_exit_route[nr]);
	return 0;
}

/* A syscall no .sysdef describes: its number and raw arguments. */
SEC("tp_btf/sys_exit")
int BPF_PROG(sd_exit_generic, struct pt_regs *regs, long ret)
{
	/* with a tail (-T, -i, -k): built in the scratch buffer */
	struct sd_rec_generic *r = sd_extras ? (void *)sd_scratch() : sd_reserve(sizeof(*r));

	if (!r)
		return 0;
	sd_hdr_fill(&r->h, SD_NR(regs));
	r->h.kind = SD_K_GENERIC;
	r->ret = ret;
	r->args[0] = SD_ARG(regs, 0);
	r->args[1] = SD_ARG(regs, 1);
	r->args[2] = SD_ARG(regs, 2);
	r->args[3] = SD_ARG(regs, 3);
	r->args[4] = SD_ARG(regs, 4);
	r->args[5] = SD_ARG(regs, 5);
	if (sd_extras)
		sd_submit((void *)r, sizeof(*r));
	else
		sd_commit(r);
	sd_after_exit();
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(sd_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	struct sd_ev_fork *r;

	if (sd_trace_all || !sd_tgid_traced(ptgid))
		return 0;
	if (ptgid != ctgid) {
		if (!sd_follow_forks)
			return 0;
		__sync_fetch_and_or(&sd_traced_bits[SD_BIT_WORD(ctgid)], SD_BIT(ctgid));
	}
	sd_compat_fork(parent, child);
	r = sd_reserve(sizeof(*r));
	if (!r)
		return 0;
	sd_hdr_fill(&r->h, 0);
	r->h.kind = SD_K_FORK;
	r->child_tid = child->pid;
	r->child_tgid = ctgid;
	sd_commit(r);
	return 0;
}

/*
 * Kernels before 6.16 give no group_dead to sched_process_exit (6.1 has
 * no trace_event_raw_sched_process_exit): there the last thread out finds
 * the group's live count at 0 (two threads dying together may both).
 */
SEC("tp_btf/sched_process_exit")
int sd_proc_exit(__u64 *ctx)
{
	struct task_struct *task = (void *)ctx[0];
	__u32 tgid = task->tgid;
	struct sd_ev_exit *r;
	bool group_dead;

	if (bpf_core_type_exists(struct trace_event_raw_sched_process_exit))
		group_dead = ((volatile __u64 *)ctx)[1];
	else
		group_dead = BPF_CORE_READ(task, signal, live.counter) == 0;

	if (!sd_tgid_traced(tgid))
		return 0;
	if (sd_nsigq)
		sd_flush_sig(task->pid);
	r = sd_reserve(sizeof(*r));
	if (r) {
		sd_hdr_fill(&r->h, 0);
		r->h.kind = SD_K_EXIT;
		r->h.tid = task->pid;
		r->tgid = tgid;
		r->code = task->exit_code;
		r->group_dead = group_dead;
		r->pad = 0;
		/* the end of the traced command wakes the reader; other ends
		 * wait for its next poll, so a fork storm costs no wakeups */
		bpf_ringbuf_submit(r, group_dead && tgid == sd_root_tgid ?
				   BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
	}
	if (group_dead && !sd_trace_all)
		__sync_fetch_and_and(&sd_traced_bits[SD_BIT_WORD(tgid)], ~SD_BIT(tgid));
	return 0;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(sd_signal, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct sd_ev_signal *r;

	/* a group exit kills every thread without siginfo: strace shows nothing */
	if ((sig == 9 && (unsigned long)info <= 1) || !sd_is_traced())
		return 0;
	r = sd_reserve(sizeof(*r) + sd_ip_tail_size());
	if (!r)
		return 0;
	sd_hdr_fill(&r->h, 0);
	r->h.kind = SD_K_SIGNAL;
	r->signo = sig;
	r->has_info = (unsigned long)info > 1;
	if (!r->has_info || bpf_probe_read_kernel(r->info, sizeof(r->info), info))
		__builtin_memset(r->info, 0, sizeof(r->info));
	sd_ip_tail(&r->h, r + 1);
	sd_commit(r);
	return 0;
}

/*
 * sdtrace -c: count calls, errors and time per syscall in the kernel and
 * write no records at all (loaded instead of the dispatchers); -C loads
 * both.  A call counts when it returns, as strace counts it.
 */
__u8 sd_selected[SD_NR_MAX];
__u64 sd_overhead_ns;	/* --summary-syscall-overhead: taken off each call */
/*
 * -w: a call's time is its latency, entry to exit; without it, as strace
 * means it, the system time the thread spent in it: the kernel's own
 * account (task->stime, which ticks sample unless the kernel accounts
 * exactly), what strace reads from wait4's rusage.  A call that sleeps
 * counts for nothing.
 */
const volatile __u8 sd_count_wall;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SD_NR_MAX);
	__type(key, __u32);
	__type(value, struct sd_sum);
} sd_summary SEC(".maps");

struct sd_cstart {
	__u64 start;	/* -w: the time; else the thread's system time */
	__u32 nr1;
	__u32 pad;
};

static __always_inline __u64 sd_count_now(void)
{
	if (sd_count_wall)
		return bpf_ktime_get_ns();
	return bpf_get_current_task_btf()->stime;
}

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sd_cstart);
} sd_cstarts SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(sd_count_enter, struct pt_regs *regs, long id)
{
	struct sd_cstart *c;
	__u32 nr = (__u32)id;

	sd_exec_gate(id);	/* with -C the dispatcher may run second */
	if (nr >= SD_NR_MAX || !sd_selected[nr] || !sd_is_traced())
		return 0;
	if (sd_compat_now())
		return 0;	/* i386 calls: not counted (strace counts them apart) */
	c = bpf_task_storage_get(&sd_cstarts, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!c) {
		sd_count(SD_LOST_NOMEM);
		return 0;
	}
	c->nr1 = nr + 1;
	c->start = sd_count_now();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sd_count_exit, struct pt_regs *regs, long ret)
{
	struct sd_cstart *c;
	struct sd_sum *sum;
	__u64 ns;
	__u32 nr;

	if (!sd_is_traced())
		return 0;
	/* a child's return from fork finds no entry: counted once */
	c = bpf_task_storage_get(&sd_cstarts, bpf_get_current_task_btf(), 0, 0);
	if (!c || !c->nr1)
		return 0;
	nr = c->nr1 - 1;	/* execveat returns as execve */
	c->nr1 = 0;
	sum = bpf_map_lookup_elem(&sd_summary, &nr);
	if (!sum)
		return 0;
	ns = sd_count_now() - c->start;
	ns = ns > sd_overhead_ns ? ns - sd_overhead_ns : 0;
	sum->calls++;
	if (SD_IS_ERR(ret))
		sum->errors++;
	sum->ns += ns;
	if (!sum->min_ns1 || ns + 1 < sum->min_ns1)
		sum->min_ns1 = ns + 1;
	if (ns > sum->max_ns)
		sum->max_ns = ns;
	return 0;
}

/*
 * A signal the target ignores is dropped when it is sent, never delivered;
 * strace, whose tracee sees it anyway, shows it: report it here.
 */
SEC("tp_btf/signal_generate")
int BPF_PROG(sd_signal_ignored, int sig, struct kernel_siginfo *info,
	     struct task_struct *task, int group, int result)
{
	/* sdtrace's own SIGCONT that starts the command is not the command's */
	struct sd_pending_sig p = { .signo = sig };
	__u32 tid = task->pid;

	if (result != 1 /* TRACE_SIGNAL_IGNORED */ || !sd_tgid_traced(task->tgid) ||
	    (bpf_get_current_pid_tgid() >> 32) == sd_self_tgid)
		return 0;
	p.has_info = (unsigned long)info > 1;
	if (p.has_info && bpf_probe_read_kernel(p.info, sizeof(p.info), info))
		p.has_info = 0;
	if (!bpf_map_update_elem(&sd_sigq, &tid, &p, BPF_NOEXIST))
		__sync_fetch_and_add(&sd_nsigq, 1);
	else
		sd_signal_put(tid, p.signo, p.has_info, p.info);	/* one waits already */
	return 0;
}

/*
 * --cache: programs kept pinned between runs keep their maps, and the task
 * storage of tasks an earlier run traced.  Each run from the cache first
 * walks every task with this iterator and forgets that state.
 */
SEC("iter/task")
int sd_forget_tasks(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	bpf_task_storage_delete(&sd_tasks, task);
	bpf_task_storage_delete(&sd_entries, task);
	bpf_task_storage_delete(&sd_modes, task);
	bpf_task_storage_delete(&sd_cstarts, task);
	return 0;
}

#include "sd_recorders.bpf.h"

/* SPDX-License-Identifier: MIT */
/*
 * sd_events.h - the runtime's own records and maps' shapes, shared by the
 * eBPF programs and sdtrace.  Syscall records are in the generated
 * sd_records.h, which must be included first.
 */
#ifndef SD_EVENTS_H
#define SD_EVENTS_H

#define SD_NR_MAX	1024	/* syscall numbers the dispatchers accept */

/* Slots of the dispatchers' program arrays (sd_enter_route/sd_exit_route). */
#define SD_ROUTES		256
#define SD_ROUTE_GENERIC	1	/* exit: an undescribed syscall */
#define SD_ROUTE_SCALARS	2	/* exit: the shared scalar-only recorder */
#define SD_ROUTE_BUNDLE		3	/* + n: recorders' bundle n */
#define SD_PID_LIMIT	(1 << 22)	/* PID_MAX_LIMIT on 64-bit */

/* SD_K_FORK: a traced thread made a new traced thread or process. */
struct sd_ev_fork {
	struct sd_hdr h;	/* tid: the parent thread */
	__u32 child_tid;
	__u32 child_tgid;
};

/* SD_K_EXIT: a traced thread ended; group_dead: the last of its process. */
struct sd_ev_exit {
	struct sd_hdr h;	/* tid: the thread */
	__u32 tgid;
	__s32 code;		/* wait status: exit << 8, or signal | 0x80 core */
	__u32 group_dead;
	__u32 pad;
};

/* SD_K_SIGNAL: a signal is being delivered to a traced thread. */
struct sd_ev_signal {
	struct sd_hdr h;	/* tid: the thread */
	__s32 signo;
	__u32 has_info;		/* 0: sent without siginfo (SEND_SIG_NOINFO/PRIV) */
	__u8 info[48];		/* the kernel's siginfo, as is */
};

/*
 * SD_K_MMAP (-k only): a traced process mapped part of a file executable
 * (exec, the dynamic loader, dlopen), so that its stacks can be unwound
 * and symbolised after it is gone.  The path follows as a capture: a
 * struct sd_var (slot 0) and its bytes.  With start = end = 0 and no
 * path: the process exec'd, its mappings before are gone.
 */
struct sd_ev_mmap {
	struct sd_hdr h;	/* tid: the thread */
	__u32 tgid;
	__u32 pad;
	__u64 start;
	__u64 end;
	__u64 pgoff;		/* in bytes */
};

/*
 * SD_K_PERS: a traced thread's syscall runs in another personality than
 * its last one (strace's "[ Process PID=N runs in 32 bit mode. ]"); a
 * thread starts in its parent's, a process in 64 bit mode.
 */
struct sd_ev_pers {
	struct sd_hdr h;	/* tid: the thread; nr: the syscall, in the new one's numbers */
	__u32 bits;		/* 64: x86_64, 32: i386 */
	__u32 pad;
};

/* sdtrace -c: per-CPU totals per syscall number (map sd_summary). */
struct sd_sum {
	__u64 calls;
	__u64 errors;
	__u64 ns;		/* wall-clock time from entry to exit */
	__u64 min_ns1;		/* the shortest call + 1; 0: none yet */
	__u64 max_ns;		/* the longest call */
};

#define SD_MAX_CPUS	1024	/* counters are kept for this many CPUs */
#define SD_CNT_SLOTS	8	/* counters per CPU: one cache line */

/* Per-CPU counters (sd_counters[cpu][...]), indexed by: */
enum sd_counter {
	SD_LOST_RINGBUF,	/* record dropped: ring buffer full */
	SD_LOST_NOMEM,		/* record dropped: no per-task memory */
	SD_LOST_TOOBIG,		/* record dropped: larger than SD_REC_MAX */
	SD_LOST_UNSTARTED,	/* call begun before tracing; its entry is missing */
	SD_CNT_FAULT,		/* copies from user memory that faulted */
	SD_CNT_TRUNC,		/* copies cut at their description's bound */
	SD_CNT_MAX,
};

_Static_assert(SD_CNT_MAX <= SD_CNT_SLOTS, "one cache line of counters per CPU");

#endif

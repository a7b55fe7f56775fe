/* SPDX-License-Identifier: MIT OR GPL-2.0 */
/*
 * sd_kmod_abi.h - between sdtrace (--backend=kmod) and sdtrace_kmod.ko:
 * the ioctls on /dev/sdtrace.  One session per open; records are read()
 * from the same descriptor: whole records, each padded to 8 bytes, every
 * CPU's in the order they were made.  Needs linux/types.h and sd_events.h.
 */
#ifndef SD_KMOD_ABI_H
#define SD_KMOD_ABI_H

#include <linux/ioctl.h>

#define SD_KMOD_DEV	"/dev/sdtrace"
#define SD_KMOD_NAME	"sdtrace_kmod"

/* SD_KIOC_SETUP: the session's settings; buffers are allocated here. */
struct sd_kmod_setup {
	__u64 start_ns;		/* CLOCK_MONOTONIC of record time 0 */
	__u64 buf_bytes;	/* all CPUs' buffers together */
	__u32 strsize;		/* -s */
	__u32 self_tgid;	/* never traced */
	__u8 trace_all;
	__u8 follow_forks;
	__u8 fd_names;
	__u8 extras;		/* SD_F_TAIL: what records' tails hold */
	__u8 verbose;		/* -v: @abbrev string arrays whole */
	__u8 pad[3];
	__u8 selected[SD_NR_MAX];	/* syscall numbers to record */
};

/* SD_KIOC_CASES: which family member each selector value chooses. */
struct sd_kmod_case {
	__u32 family;
	__u32 member;
	__u64 value;		/* as the recorder casts the selector */
};

struct sd_kmod_cases {
	__u64 cases;		/* struct sd_kmod_case[n], user pointer */
	__u32 n;
	__u32 pad;
};

#define SD_KIOC_SETUP		_IOW('S', 1, struct sd_kmod_setup)
#define SD_KIOC_CASES		_IOW('S', 2, struct sd_kmod_cases)
#define SD_KIOC_TRACE		_IOW('S', 3, __u32)	/* trace this tgid */
#define SD_KIOC_ATTACH		_IO('S', 4)		/* register the probes */
#define SD_KIOC_COUNTERS	_IOR('S', 5, __u64[SD_CNT_SLOTS])	/* enum sd_counter */
#define SD_KIOC_TRACE_EXEC	_IOW('S', 6, __u32)	/* trace this tgid from its execve */

#endif

/* SPDX-License-Identifier: MIT */
/*
 * printer.h - turns records into lines, strace-style text or JSON, and
 * keeps what it needs to know of the traced processes to do so.
 */
#ifndef SD_PRINTER_H
#define SD_PRINTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fdtab.h"
#include "pidcomm.h"
#include "sd_decode.h"
#include "sd_abi.h"
#include "tidmap.h"

struct sd_unwind;

struct sd_printer_opts {
	enum sd_dec_mode mode;
	unsigned int strsize;	/* -s */
	int verbose;		/* -v */
	int pid_column;		/* -f -o FILE: every line starts "PID " */
	int show_generic;	/* print undescribed syscalls */
	int quiet;		/* keep track of processes, print nothing (-w) */
	int fd_names;		/* -y: descriptors with what they are; 2: -yy */
	int hide_fd_names;	/* -P without -y: known, not shown */
	const struct sd_pathfilter *paths;	/* -P: calls that touch these; NULL: all */
	const bool *shown;	/* [SD_NR_MAX]: syscalls to print (-e trace=); NULL: all */
	const bool *compat_shown;	/* the same for i386 calls (recorded all), by their
				 * x86_64 namesakes; NULL: shown */
	int always_pid;		/* --always-show-pid: "[pid N] " on every line */
	int decode_comm;	/* -Y: "1234<sh>" for pids in prefixes and results */
	/* strace's line prefixes and suffix (text only) */
	const char *ts_fmt;	/* -t: strftime format of the time; NULL: none */
	int ts_digits;		/* -tt: digits after the second (0, 3, 6, 9) */
	int rel_ts;		/* -r: time since the previous line */
	int rel_digits;		/* its digits after the second */
	int64_t wall_ns;	/* CLOCK_REALTIME, in ns, of record time 0 */
	int syscall_nr;		/* -n: "[  39] " */
	int syscall_times;	/* -T: digits after the second; < 0: none */
	int show_ip;		/* -i: "[00007f2a1c5e3a7b] " */
	struct sd_unwind *unwind;	/* -k: the stack after each call; NULL: none */
	int column;		/* -a: where " = " goes; 0: strace's 40, < 0: at once */
	unsigned int status;	/* -e status=: SD_STATUS_* to print; 0: all */
	int quiet_exit;		/* -e quiet=exit: no "+++ exited with N +++" */
	int quiet_pers;		/* -e quiet=personality: no "[ Process PID=N runs in ...]" */
	FILE *attach_msgs;	/* "sdtrace: Process N attached" (-f); NULL: none */
	int detach_exec;	/* -b execve: a process is let go at its exec... */
	uint32_t exec_first;	/* ...but for this thread's first (the command's) */
	FILE *detach_msgs;	/* "sdtrace: Process N detached" then; NULL: none */
	uint64_t sig_hidden;	/* -e signal=: bit N-1 set: signal N not shown */
	/* -ff: each thread's lines go to a file of its own */
	FILE *(*route)(void *ctx, uint32_t tid);
	void (*route_end)(void *ctx, uint32_t tid);	/* @tid ended */
	void *route_ctx;
};

/* -e status= (strace's sets): which calls are printed */
#define SD_STATUS_SUCCESSFUL	1
#define SD_STATUS_FAILED	2
#define SD_STATUS_UNFINISHED	4	/* "= ?": exit, killed, exec'd away */
#define SD_STATUS_UNAVAILABLE	8
#define SD_STATUS_DETACHED	16

struct sd_printer {
	FILE *out;
	int out_errno;			/* why a line could first not be written */
	struct sd_printer_opts opts;
	struct sd_dec dec;
	struct sd_buf line;
	struct sd_tidmap tids;		/* live traced threads -> tgid */
	struct sd_tidmap procs;		/* live traced processes (tgid -> tgid) */
	struct sd_fdtab fds;		/* -y: what their descriptors are */
	struct sd_comms comms;		/* -Y: what the threads are called */
	struct sd_tidmap last_nr;	/* -n: each thread's last syscall + 1 */
	uint32_t line_tid;		/* whose line is being made */
	uint64_t last_ts;		/* -r: time of the previous line; ~0: none */
	struct sd_tail tail;		/* the record's tail (-T, -i, -k) */
	struct sd_buf stack;		/* -k: the lines of exit_group's stack... */
	uint32_t stack_tid;		/* ...printed after its thread's exit line */
	uint64_t records, bad_records;
	const struct sd_syscall_ent **by_nr;
	const char *as_name;		/* an i386 call printed by print_call(): its */
	unsigned int as_nr1;		/* name and number + 1 */
};

/* Set up @p to write lines to @out. Returns 0 or -ENOMEM. */
int sd_printer_init(struct sd_printer *p, FILE *out, const struct sd_printer_opts *o);

/* Free @p's memory (does not close @out). */
void sd_printer_free(struct sd_printer *p);

/* How many traced processes are alive, as far as the records tell. */
static inline size_t sd_printer_live(const struct sd_printer *p)
{
	return p->procs.count;
}

/*
 * Declare a traced process the tracer started or attached to (with -y, its
 * descriptors and cwd are read from /proc now).
 */
int sd_printer_add_proc(struct sd_printer *p, uint32_t tgid);

/*
 * Print one record of @size bytes (8-byte aligned).  Returns 0, or
 * -EINVAL for a malformed record (counted, and reported as such).
 */
int sd_printer_record(struct sd_printer *p, const void *rec, size_t size);

/*
 * Forget traced processes that no longer exist (their exit records were
 * lost), so that tracing can end.  Returns how many were forgotten.
 */
size_t sd_printer_prune(struct sd_printer *p);

/* Print a line of the tracer's own ("sdtrace: ..."), e.g. lost counts. */
void sd_printer_note(struct sd_printer *p, const char *text);

#endif

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
#include "sd_decode.h"
#include "tidmap.h"

struct sd_printer_opts {
	enum sd_dec_mode mode;
	unsigned int strsize;	/* -s */
	int verbose;		/* -v */
	int pid_column;		/* -f -o FILE: every line starts "PID " */
	int show_generic;	/* print undescribed syscalls */
	int quiet;		/* keep track of processes, print nothing (-w) */
	int fd_names;		/* -y: descriptors with what they are; 2: -yy */
	const bool *shown;	/* [SD_NR_MAX]: syscalls to print (-e trace=); NULL: all */
};

struct sd_printer {
	FILE *out;
	struct sd_printer_opts opts;
	struct sd_dec dec;
	struct sd_buf line;
	struct sd_tidmap tids;		/* live traced threads -> tgid */
	struct sd_tidmap procs;		/* live traced processes (tgid -> tgid) */
	struct sd_fdtab fds;		/* -y: what their descriptors are */
	uint64_t records, bad_records;
	const struct sd_syscall_ent **by_nr;
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

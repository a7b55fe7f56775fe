/* SPDX-License-Identifier: MIT */
/*
 * summary.h - sdtrace -c/-C: the per-syscall table strace -c prints, its
 * columns (-U) and order (-S).
 */
#ifndef SD_SUMMARY_H
#define SD_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "session.h"

enum sd_sum_col {
	SD_COL_NONE,
	SD_COL_PERCENT,		/* "% time" */
	SD_COL_TOTAL,		/* "seconds" */
	SD_COL_MIN,		/* "shortest" */
	SD_COL_MAX,		/* "longest" */
	SD_COL_AVG,		/* "usecs/call" */
	SD_COL_CALLS,
	SD_COL_ERRORS,
	SD_COL_NAME,
	SD_COL_MAX_,
};

struct sd_summary_opts {
	enum sd_sum_col sortby;		/* SD_COL_NONE: syscall number order */
	enum sd_sum_col columns[SD_COL_MAX_];	/* SD_COL_NONE-terminated */
	const bool *shown;		/* [SD_NR_MAX]: rows to print; NULL: all */
};

/* strace's defaults: time, seconds, usecs/call, calls, errors, syscall; by time. */
void sd_summary_defaults(struct sd_summary_opts *o);

/* -S NAME: returns 0 or -EINVAL. */
int sd_summary_sortby(struct sd_summary_opts *o, const char *name);

/* -U COL[,COL...]: returns 0 or -EINVAL with the reason in @err. */
int sd_summary_columns(struct sd_summary_opts *o, const char *list, char *err,
		       size_t errlen);

/* -O OVERHEAD[UNIT] (s, ms, us, ns; us if none): returns 0 or -EINVAL. */
int sd_summary_overhead(const char *arg, uint64_t *ns);

/*
 * Print the table of calls, errors and times per syscall in strace -c's
 * layout (times are wall-clock, as strace -c -w).  Nothing when no call
 * was counted.  Returns 0 or a negative errno.
 */
int sd_summary_print(FILE *out, struct sd_session *s, const struct sd_summary_opts *o);
/* The same table from counts per syscall number, sums[SD_NR_MAX] (--replay -c). */
int sd_summary_print_sums(FILE *out, const struct sd_sum *sums,
			  const struct sd_summary_opts *o);

#endif

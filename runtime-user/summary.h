/* SPDX-License-Identifier: MIT */
/* summary.h - sdtrace -c: the per-syscall table strace -c prints. */
#ifndef SD_SUMMARY_H
#define SD_SUMMARY_H

#include <stdio.h>

#include "session.h"

/*
 * Print the table of calls, errors and time per syscall, most time first,
 * in strace -c's layout (times are wall-clock, as strace -c -w).
 * Returns 0 or a negative errno.
 */
int sd_summary_print(FILE *out, struct sd_session *s);

/* The same from per-syscall totals (a replayed trace's: no times). */
int sd_summary_print_sums(FILE *out, const struct sd_sum *sums);	/* [SD_NR_MAX] */

#endif

/* SPDX-License-Identifier: MIT */
/*
 * capplan.h - recorders as capture plans (runtime-kernel/sd_capplan.h):
 * the lowering from the checked plan that the kernel backends share.
 */
#ifndef SD_CAPPLAN_C_H
#define SD_CAPPLAN_C_H

#include "plan.h"
#include "sd_capplan.h"

/* A recorder as a plan, where it can be one. */
struct sd_planned {
	struct sd_capplan plan;
	const struct sd_syscall *sc;
	int enter;			/* the entry recorder, else the exit one */
	char asserts[1024];		/* C checks of the offsets the plan relies on */
	size_t alen;
};

/*
 * Every recorder that can be a plan (entry, then exit, description by
 * description), in @*n; NULL with @*n = 0 when there is none, NULL with
 * @*n = -1 when out of memory.  Free with free().
 */
struct sd_planned *sd_capplans_collect(const struct sd_plan *p, int *n);

/* The plan of @sc's entry (@enter) or exit recorder among @v: its index, or -1. */
int sd_capplan_index(const struct sd_planned *v, int n, const struct sd_syscall *sc,
		     int enter);

#endif

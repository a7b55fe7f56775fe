/* SPDX-License-Identifier: MIT */
/* lower.h - semantic passes: check the AST and build the capture plan. */
#ifndef SD_LOWER_H
#define SD_LOWER_H

#include "plan.h"

/* The syscall names the target architecture knows, sorted with strcmp. */
struct sd_arch {
	const char *const *names;
	int count;
};

/*
 * Check every item of @items (includes already expanded, in order) and
 * build @plan.  Every error is reported to @diag.  Returns 0, or -EINVAL
 * when any error was found (then @plan must not be used).
 */
int sd_lower(struct sd_arena *a, struct sd_diag *diag, const struct sd_arch *arch,
	     struct sd_item *items, struct sd_plan *plan);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * lower_int.h - what the semantic passes (lower*.c, layout.c) share: their
 * state, the annotations' table, and the helpers each pass uses.
 */
#ifndef SD_LOWER_INT_H
#define SD_LOWER_INT_H

#include "lower.h"
#include "sd_printers.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { ON_ARG = 1, ON_FIELD = 2, ON_RET = 4 };

enum akind { K_DIR, K_CAP, K_FMT, K_IF, K_ABBREV, K_RET, K_VERBOSE, K_HIDDEN, K_CASE, K_INSIDE, K_AFTER, K_RECLEN, K_FOUND, K_NAMED, K_WHEN, K_LEFT, K_NETLINK, K_DEREF, K_EXACT, K_BE, K_CLOSES, K_DATE, K_SP, K_DONE, K_FILLED, K_CHANGED, K_READY, K_JOIN };

struct annot_def {
	const char *name;
	int min, max;
	int where;
	enum akind kind;
	int val;	/* enum sd_dir, sd_cap or sd_fmt */
};


struct lower {
	struct sd_arena *a;
	struct sd_diag *diag;
	const struct sd_arch *arch;
	struct sd_plan *plan;
	struct sd_table **tables_tail;
	struct sd_struct **structs_tail;
	struct sd_syscall **syscalls_tail;
	struct sd_name **headers_tail;
	/* every syscall name seen so far, for duplicate checks */
	struct sd_name *seen_names;
	const char **name_index;	/* sorted copy of names, grown as needed */
	int name_count, name_cap;
	struct sd_loc *name_locs;
};


/* lower.c: lookups and checks */
struct sd_table *lw_table_find(struct sd_plan *p, const char *name);
struct sd_struct *lw_struct_find(struct sd_plan *p, const char *name);
/* Report @name (of a @what) if it is reserved in the generated C. */
void lw_check_name(struct lower *l, const char *name, struct sd_loc loc,
		   const char *what);
/* 1 if @s has no lower-case letter (a C constant's name). */
int lw_is_upper_ident(const char *s);
/* Type words for messages: "unsigned long *". */
const char *lw_type_str(struct lower *l, const struct sd_type *t);
/* Report names listed twice in @n. */
void lw_check_unique(struct lower *l, const struct sd_name *n, const char *what);
/* The names of list @n, and their C values, as arrays. */
const char **lw_name_array(struct lower *l, const struct sd_name *n, int *count);
const char **lw_value_array(struct lower *l, const struct sd_name *n);
/* A bound: a number within [1, @max], else reported and -1. */
int lw_get_bound(struct lower *l, const struct sd_expr *e, int max, const char *what);

/* lower_annot.c */
/* The definition of @an if it may stand at @where (ON_*), else reported. */
const struct annot_def *lw_check_annot(struct lower *l, const struct sd_annot *an,
				       int where);
/* A print annotation: its format, table and printer; 0 or -EINVAL. */
int lw_lower_fmt(struct lower *l, const struct sd_annot *an,
		 const struct annot_def *def, enum sd_fmt *fmt,
		 const struct sd_table **table, const char **printer,
		 int *fmt_seen, int where);

/* the passes */
void lw_pass_symbols(struct lower *l, struct sd_item *items);
void lw_add_syscall(struct lower *l, struct sd_item *it);
/* A netlink protocol's block (lower_netlink.c). */
void lw_add_netlink(struct lower *l, struct sd_item *it);
/* An "attrs" set of netlink attribute values (lower_netlink.c). */
void lw_add_attrs(struct lower *l, struct sd_item *it);
void lw_pass_variants(struct lower *l);
/* "fcntl" of "fcntl$getfl", in the arena. */
const char *lw_base_name(struct lower *l, const char *name);

/* layout.c */
/* Largest number of bytes one capture of @arg can take in a record. */
int lw_capture_max(const struct sd_arg *arg);
/* Lay out @sc's record: its order, fixed and largest sizes. */
void lw_layout(struct sd_syscall *sc);

#endif

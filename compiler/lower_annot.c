/* SPDX-License-Identifier: MIT */
/*
 * lower_annot.c - the annotations: where each may stand, how many
 * arguments it takes, and the print formats they choose.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower_int.h"

#define SD_PRINT_LIST(name, NAME, what) " " #name
static const char sd_printer_list[] = SD_PRINTERS(SD_PRINT_LIST);
#undef SD_PRINT_LIST

static const struct annot_def annot_defs[] = {
	{ "in", 0, 0, ON_ARG, K_DIR, SD_DIR_IN },
	{ "out", 0, 0, ON_ARG | ON_FIELD, K_DIR, SD_DIR_OUT },
	{ "inout", 0, 1, ON_ARG | ON_FIELD, K_DIR, SD_DIR_INOUT },
	{ "restart", 0, 0, ON_ARG, K_DIR, SD_DIR_RESTART },
	{ "atexit", 0, 0, ON_ARG, K_DIR, SD_DIR_EXIT },
	{ "null_terminated_deep_copy", 0, 1, ON_ARG, K_CAP, SD_CAP_PATH },
	{ "path", 0, 0, ON_ARG, K_CAP, SD_CAP_PATH },
	{ "string", 1, 1, ON_ARG | ON_FIELD, K_CAP, SD_CAP_STRING },
	{ "buffer", 1, 2, ON_ARG | ON_FIELD, K_CAP, SD_CAP_BUFFER },
	{ "array", 2, 2, ON_ARG | ON_FIELD, K_CAP, SD_CAP_ARRAY },
	{ "strarray", 2, 2, ON_ARG, K_CAP, SD_CAP_STRARRAY },
	{ "records", 2, 2, ON_ARG | ON_FIELD, K_CAP, SD_CAP_RECORDS },
	{ "fdset", 1, 2, ON_ARG, K_CAP, SD_CAP_BUFFER },
	{ "netlink", 1, 1, ON_ARG, K_NETLINK, 0 },
	{ "reclen", 0, 1, ON_FIELD, K_RECLEN, 0 },
	{ "found", 3, 3, ON_RET, K_FOUND, 0 },
	{ "left", 1, 1, ON_RET, K_LEFT, 0 },
	{ "ready", 1, SD_MAX_READY, ON_RET, K_READY, 0 },
	{ "dec", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_DEC },
	{ "hex", 0, 1, ON_ARG | ON_FIELD, K_FMT, SD_FMT_HEX },
	{ "oct", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_OCT },
	{ "umode", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_UMODE },
	{ "filemode", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_FILEMODE },
	{ "ptr", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_PTR },
	{ "fd", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_FD },
	{ "dirfd", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_DIRFD },
	{ "pid", 0, 1, ON_ARG | ON_FIELD, K_FMT, SD_FMT_PID },
	{ "signal", 0, 0, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_SIGNAL },
	{ "print", 1, 1, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_PRINTER },
	{ "flags", 1, 2, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_FLAGS },
	{ "enum", 1, 2, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_ENUM },
	{ "case", 1, 64, ON_ARG, K_CASE, 0 },
	{ "if", 1, 1, ON_ARG | ON_FIELD, K_IF, 0 },
	{ "after", 1, 1, ON_FIELD | ON_ARG, K_AFTER, 0 },
	{ "named", 0, 0, ON_ARG, K_NAMED, 0 },
	{ "when", 1, 1, ON_ARG, K_WHEN, 0 },
	{ "abbrev", 0, 0, ON_ARG, K_ABBREV, 0 },
	{ "inside", 0, 0, ON_ARG, K_INSIDE, 0 },
	{ "exact", 0, 0, ON_ARG, K_EXACT, 0 },
	{ "closes", 0, 2, ON_ARG, K_CLOSES, 0 },
	{ "sp", 0, 0, ON_ARG, K_SP, 0 },
	/* an argument's @changed(VIEW), a field's @changed */
	{ "changed", 0, 1, ON_ARG | ON_FIELD, K_CHANGED, 0 },
	{ "ret", 1, 1, ON_RET, K_RET, 0 },
	{ "verbose", 0, 0, ON_FIELD, K_VERBOSE, 0 },
	{ "hidden", 0, 0, ON_FIELD, K_HIDDEN, 0 },
	{ "deref", 0, 0, ON_FIELD, K_DEREF, 0 },
	{ "be", 0, 0, ON_FIELD, K_BE, 0 },
	{ "date", 1, 2, ON_FIELD, K_DATE, 0 },
	{ "done", 0, 0, ON_FIELD, K_DONE, 0 },
	{ "filled", 1, 1, ON_FIELD, K_FILLED, 0 },
	{ "join", 2, 2, ON_FIELD, K_JOIN, 0 },
};

#define SD_PRINT_NAME(name, NAME, what) #name,
const char *const sd_printer_names[] = { SD_PRINTERS(SD_PRINT_NAME) NULL };
#undef SD_PRINT_NAME

static const struct annot_def *annot_find(const char *name)
{
	for (size_t i = 0; i < N_ELEMS(annot_defs); i++)
		if (!strcmp(annot_defs[i].name, name))
			return &annot_defs[i];
	return NULL;
}

/* @enum(T, dec|udec|verbose), @flags(T, verbose): how unnamed values print. */
static int lower_style(struct lower *l, const struct sd_annot *an,
		       const struct annot_def *def, enum sd_fmt *fmt)
{
	const struct sd_expr *e = an->args->next;
	const char *st = e->kind == SD_E_NAME ? e->name : "";

	if (def->val == SD_FMT_ENUM && !strcmp(st, "dec"))
		*fmt = SD_FMT_ENUM_DEC;
	else if (def->val == SD_FMT_ENUM && !strcmp(st, "udec"))
		*fmt = SD_FMT_ENUM_UDEC;
	else if (def->val == SD_FMT_ENUM && !strcmp(st, "verbose"))
		*fmt = SD_FMT_ENUM_VERBOSE;
	else if (def->val == SD_FMT_ENUM && !strcmp(st, "dverbose"))
		*fmt = SD_FMT_ENUM_DVERBOSE;
	else if (def->val == SD_FMT_ENUM && !strcmp(st, "ioc"))
		*fmt = SD_FMT_ENUM_IOC;
	else if (def->val == SD_FMT_ENUM && !strcmp(st, "bits"))
		*fmt = SD_FMT_ENUM_BITS;
	else if (def->val == SD_FMT_FLAGS && !strcmp(st, "verbose"))
		*fmt = SD_FMT_FLAGS_VERBOSE;
	else {
		sd_error(l->diag, e->loc, "unknown style (expected %s)",
			 def->val == SD_FMT_ENUM ? "dec, udec, verbose, dverbose, ioc or bits" :
			 "verbose; a label is for return values");
		return -EINVAL;
	}
	return 0;
}

/* Format annotations shared by struct fields and arguments. */
int lw_lower_fmt(struct lower *l, const struct sd_annot *an,
		     const struct annot_def *def, enum sd_fmt *fmt,
		     const struct sd_table **table, const char **printer,
		     int *fmt_seen, int where)
{
	if (*fmt_seen) {
		sd_error(l->diag, an->loc, "second print annotation '@%s'", an->name);
		return -EINVAL;
	}
	*fmt_seen = 1;
	*fmt = (enum sd_fmt)def->val;
	if (def->val == SD_FMT_PID && an->nargs && where != ON_ARG) {
		sd_error(l->diag, an->loc, "only an argument's @pid takes a condition");
		return -EINVAL;
	}
	if (def->val == SD_FMT_PRINTER) {
		const struct sd_expr *e = an->args;
		int i;

		for (i = 0; e->kind == SD_E_NAME && sd_printer_names[i]; i++)
			if (!strcmp(sd_printer_names[i], e->name))
				break;
		if (e->kind != SD_E_NAME || !sd_printer_names[i]) {
			sd_error(l->diag, e->loc, "unknown printer (expected one of:%s)",
				 sd_printer_list);
			return -EINVAL;
		}
		*printer = sd_printer_names[i];
	}
	if (def->val == SD_FMT_HEX && an->nargs) {
		const struct sd_expr *e = an->args;

		if (e->kind != SD_E_NAME || strcmp(e->name, "pad")) {
			sd_error(l->diag, e->loc, "unknown style (expected pad)");
			return -EINVAL;
		}
		*fmt = SD_FMT_HEX_PAD;
	}
	if (def->val == SD_FMT_FLAGS || def->val == SD_FMT_ENUM) {
		const struct sd_expr *e = an->args;
		const struct sd_table *t;

		if (e->kind != SD_E_NAME) {
			sd_error(l->diag, e->loc, "@%s takes a table name", an->name);
			return -EINVAL;
		}
		t = lw_table_find(l->plan, e->name);
		if (!t) {
			sd_error(l->diag, e->loc, "unknown %s table '%s'",
				 def->val == SD_FMT_FLAGS ? "flags" : "enum", e->name);
			return -EINVAL;
		}
		if (t->is_flags != (def->val == SD_FMT_FLAGS)) {
			sd_error(l->diag, e->loc, "'%s' is %s table, not %s table",
				 e->name, t->is_flags ? "a flags" : "an enum",
				 t->is_flags ? "an enum" : "a flags");
			return -EINVAL;
		}
		*table = t;
		if (an->nargs > 1 && where != ON_RET)
			return lower_style(l, an, def, fmt);
		if (an->nargs > 1 && def->val == SD_FMT_ENUM) {
			sd_error(l->diag, e->next->loc, "a result's @enum takes no style");
			return -EINVAL;
		}
	}
	return 0;
}

/* Check that annotation @an may stand at @where; report it otherwise. */
const struct annot_def *lw_check_annot(struct lower *l, const struct sd_annot *an,
					   int where)
{
	const struct annot_def *def = annot_find(an->name);

	if (!def) {
		sd_error(l->diag, an->loc, "unknown annotation '@%s'", an->name);
		return NULL;
	}
	if (!(def->where & where)) {
		sd_error(l->diag, an->loc, "@%s cannot be used on %s", an->name,
			 where == ON_ARG ? "an argument" :
			 where == ON_FIELD ? "a struct field" : "the return value");
		return NULL;
	}
	if (an->nargs < def->min || an->nargs > def->max) {
		if (def->min == def->max && def->min == 0)
			sd_error(l->diag, an->loc, "@%s takes no arguments", an->name);
		else if (def->min == def->max)
			sd_error(l->diag, an->loc, "@%s takes %d argument%s, not %d",
				 an->name, def->min, def->min > 1 ? "s" : "", an->nargs);
		else
			sd_error(l->diag, an->loc, "@%s takes %d to %d arguments, not %d",
				 an->name, def->min, def->max, an->nargs);
		return NULL;
	}
	return def;
}

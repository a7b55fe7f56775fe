/* SPDX-License-Identifier: MIT */
/*
 * lower.c - the semantic passes' driver and the helpers they share.
 *
 * Pass 1 (lower_symbols.c) collects headers, flag and enum tables and
 * structs; pass 2 (lower_syscalls.c) checks every record against them and
 * the target's syscall names and lowers it into the capture plan; pass 3
 * (lower_variants.c) joins each NAME$VARIANT to its family; then every
 * record is laid out (layout.c).  Errors never stop a pass.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower_int.h"

const char *const sd_class_names[] = {
	"file", "desc", "process", "network", "signal", "ipc", "memory",
	"creds", "clock", "stat", "lstat", "fstat", "statfs", "fstatfs",
	"pure", NULL,
};

struct sd_table *lw_table_find(struct sd_plan *p, const char *name)
{
	for (struct sd_table *t = p->tables; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

struct sd_struct *lw_struct_find(struct sd_plan *p, const char *name)
{
	for (struct sd_struct *s = p->structs; s; s = s->next)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/*
 * Names become C identifiers in the generated records: C's keywords and
 * the record's own members (h, ret) cannot be used.
 */
void lw_check_name(struct lower *l, const char *name, struct sd_loc loc,
		       const char *what)
{
	static const char *const reserved[] = {
		"h", "ret", "auto", "break", "case", "char", "const", "continue",
		"default", "do", "double", "else", "enum", "extern", "float", "for",
		"goto", "if", "inline", "int", "long", "register", "restrict",
		"return", "short", "signed", "sizeof", "static", "struct", "switch",
		"typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
		"bool", "asm", NULL,
	};

	for (int i = 0; reserved[i]; i++)
		if (!strcmp(reserved[i], name)) {
			sd_error(l->diag, loc, "%s name '%s' is reserved in the "
				 "generated C", what, name);
			return;
		}
}

int lw_is_upper_ident(const char *s)
{
	for (; *s; s++)
		if (islower((unsigned char)*s))
			return 0;
	return 1;
}

/* Type words for messages: "unsigned long *". */
const char *lw_type_str(struct lower *l, const struct sd_type *t)
{
	const char *base = t->struct_name ?
		sd_asprintf(l->a, "struct %s", t->struct_name) : t->words;

	return sd_asprintf(l->a, "%s%s%s%.*s", t->is_const ? "const " : "",
			   base, t->stars ? " " : "", t->stars, "******************");
}

/* Check a list of names for duplicates within itself. */
void lw_check_unique(struct lower *l, const struct sd_name *n, const char *what)
{
	for (; n; n = n->next)
		for (const struct sd_name *m = n->next; m; m = m->next)
			if (!strcmp(n->name, m->name)) {
				sd_error(l->diag, m->loc, "duplicate %s '%s'",
					 what, m->name);
				sd_note(l->diag, n->loc, "first listed here");
			}
}

/* The names of list @n as an array, or (@values) their C values: each
 * name itself, or the number the table gives it. */
static const char **array_of(struct lower *l, const struct sd_name *n, int *count,
			     int values)
{
	int k = 0;
	const char **v;

	for (const struct sd_name *m = n; m; m = m->next)
		k++;
	v = sd_alloc(l->a, sizeof(*v) * (size_t)(k + 1));
	k = 0;
	for (; n; n = n->next)
		v[k++] = values && n->value ? n->value : n->name;
	if (count)
		*count = k;
	return v;
}

const char **lw_value_array(struct lower *l, const struct sd_name *n)
{
	return array_of(l, n, NULL, 1);
}

const char **lw_name_array(struct lower *l, const struct sd_name *n, int *count)
{
	return array_of(l, n, count, 0);
}

/* Check a bound expression: a number within [1, max]. */
int lw_get_bound(struct lower *l, const struct sd_expr *e, int max, const char *what)
{
	if (e->kind != SD_E_INT) {
		sd_error(l->diag, e->loc, "%s must be a number", what);
		return -1;
	}
	if (e->ival < 1 || e->ival > max) {
		sd_error(l->diag, e->loc, "%s %lld is out of range (1 to %d)",
			 what, e->ival, max);
		return -1;
	}
	return (int)e->ival;
}

int sd_lower(struct sd_arena *a, struct sd_diag *diag, const struct sd_arch *arch,
	     struct sd_item *items, struct sd_plan *plan)
{
	struct lower l = { .a = a, .diag = diag, .arch = arch, .plan = plan };
	int before = diag->errors;

	memset(plan, 0, sizeof(*plan));
	l.tables_tail = &plan->tables;
	l.structs_tail = &plan->structs;
	l.syscalls_tail = &plan->syscalls;
	l.headers_tail = &plan->headers;
	lw_pass_symbols(&l, items);
	for (struct sd_item *it = items; it; it = it->next)
		if (it->kind == SD_I_SYSCALL)
			lw_add_syscall(&l, it);
		else if (it->kind == SD_I_NETLINK)
			lw_add_netlink(&l, it);
		else if (it->kind == SD_I_ATTRS)
			lw_add_attrs(&l, it);
	lw_pass_variants(&l);
	for (struct sd_syscall *sc = plan->syscalls; sc; sc = sc->next) {
		lw_layout(sc);
		if (sc->max_size > SD_REC_MAX)
			sd_error(l.diag, sc->loc, "a record of '%s' can reach %d bytes, "
				 "more than the %d a record may hold; lower its bounds",
				 sc->id, sc->max_size, SD_REC_MAX);
	}
	return diag->errors > before ? -EINVAL : 0;
}

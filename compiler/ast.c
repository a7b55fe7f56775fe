/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "ast.h"

/* O(1) append: a list's head keeps its tail. */
#define APPEND_LAST(list, node)					\
	do {							\
		if (!(list)) {					\
			(node)->last = (node);			\
			return (node);				\
		}						\
		if (!(list)->last) /* a single node, made as is */ \
			(list)->last = (list);			\
		(list)->last->next = (node);			\
		(list)->last = (node);				\
		return (list);					\
	} while (0)

struct sd_expr *sd_expr_int(struct sd_arena *a, struct sd_loc loc, long long v)
{
	struct sd_expr *e = sd_alloc(a, sizeof(*e));

	e->kind = SD_E_INT;
	e->loc = loc;
	e->ival = v;
	return e;
}

struct sd_expr *sd_expr_name(struct sd_arena *a, struct sd_loc loc, const char *n)
{
	struct sd_expr *e = sd_alloc(a, sizeof(*e));

	e->kind = SD_E_NAME;
	e->loc = loc;
	e->name = n;
	return e;
}

struct sd_expr *sd_expr_binop(struct sd_arena *a, struct sd_loc loc, int op,
			      struct sd_expr *l, struct sd_expr *r)
{
	struct sd_expr *e = sd_alloc(a, sizeof(*e));

	e->kind = SD_E_BINOP;
	e->loc = loc;
	e->op = op;
	e->lhs = l;
	e->rhs = r;
	e->depth = 1 + (l->depth > r->depth ? l->depth : r->depth);
	return e;
}

struct sd_expr *sd_expr_deref(struct sd_arena *a, struct sd_loc loc, const char *n)
{
	struct sd_expr *e = sd_expr_name(a, loc, n);

	e->kind = SD_E_DEREF;
	return e;
}

struct sd_expr *sd_expr_append(struct sd_expr *list, struct sd_expr *e)
{
	APPEND_LAST(list, e);
}

struct sd_annot *sd_annot_new(struct sd_arena *a, struct sd_loc loc,
			      const char *name, struct sd_expr *args)
{
	struct sd_annot *an = sd_alloc(a, sizeof(*an));

	an->name = name;
	an->loc = loc;
	an->args = args;
	for (; args; args = args->next)
		an->nargs++;
	return an;
}

struct sd_annot *sd_annot_append(struct sd_annot *list, struct sd_annot *an)
{
	APPEND_LAST(list, an);
}

struct sd_type *sd_type_new(struct sd_arena *a, struct sd_loc loc,
			    const char *word)
{
	struct sd_type *t = sd_alloc(a, sizeof(*t));

	t->words = word;
	t->loc = loc;
	return t;
}

struct sd_type *sd_type_struct(struct sd_arena *a, struct sd_loc loc,
			       const char *name)
{
	struct sd_type *t = sd_type_new(a, loc, "struct");

	t->struct_name = name;
	return t;
}

struct sd_type *sd_type_add_word(struct sd_arena *a, struct sd_type *t,
				 const char *word)
{
	t->words = sd_asprintf(a, "%s %s", t->words, word);
	return t;
}

struct sd_type *sd_type_const(struct sd_type *t)
{
	t->is_const = 1;
	return t;
}

struct sd_type *sd_type_star(struct sd_type *t)
{
	t->stars++;
	return t;
}

struct sd_decl *sd_decl_new(struct sd_arena *a, struct sd_loc loc,
			    struct sd_annot *an, struct sd_type *t,
			    const char *name, long long array_len)
{
	struct sd_decl *d = sd_alloc(a, sizeof(*d));

	d->loc = loc;
	d->annots = an;
	d->type = t;
	d->name = name;
	d->array_len = array_len;
	return d;
}

/* @d may be a list itself (a union's fields): its tail is kept. */
struct sd_decl *sd_decl_append(struct sd_decl *list, struct sd_decl *d)
{
	struct sd_decl *tail;

	if (!d)		/* an empty union, reported by the parser */
		return list;
	tail = d->last ? d->last : d;
	if (!list) {
		d->last = tail;
		return d;
	}
	if (!list->last)
		list->last = list;
	list->last->next = d;
	list->last = tail;
	if (d != tail)
		d->last = NULL;
	return list;
}

struct sd_umember *sd_umember_new(struct sd_arena *a, struct sd_loc loc,
				  struct sd_name *cases, struct sd_decl *fields)
{
	struct sd_umember *m = sd_alloc(a, sizeof(*m));

	m->loc = loc;
	m->cases = cases;
	m->fields = fields;
	return m;
}

struct sd_umember *sd_umember_append(struct sd_umember *list, struct sd_umember *m)
{
	APPEND_LAST(list, m);
}

/* (BY == C1) | (BY == C2) ... for @cases */
static struct sd_expr *cases_expr(struct sd_arena *a, const char *by, struct sd_loc loc,
				  const struct sd_name *cases)
{
	struct sd_expr *e = NULL;

	for (const struct sd_name *c = cases; c; c = c->next) {
		struct sd_expr *eq = sd_expr_binop(a, c->loc, '=', sd_expr_name(a, loc, by),
						   sd_expr_name(a, c->loc, c->name));

		e = e ? sd_expr_binop(a, c->loc, '|', e, eq) : eq;
	}
	return e;
}

struct sd_decl *sd_union_flatten(struct sd_arena *a, const char *by, struct sd_loc by_loc,
				 struct sd_umember *members)
{
	static int unions;
	struct sd_decl *all = NULL, *next;
	struct sd_expr *others = NULL;	/* any member's case */
	int k = 0, group = ++unions;

	for (struct sd_umember *m = members; by && m; m = m->next)
		if (!(m->cases && !m->cases->next && !strcmp(m->cases->name, "default"))) {
			struct sd_expr *e = cases_expr(a, by, by_loc, m->cases);

			if (e)
				others = others ? sd_expr_binop(a, e->loc, '|', others, e) : e;
		}
	for (struct sd_umember *m = members; m; m = m->next) {
		struct sd_expr *cond = NULL;
		int dflt = m->cases && !m->cases->next && !strcmp(m->cases->name, "default");

		k++;
		if (by && dflt && others)	/* none of the other cases */
			cond = sd_expr_binop(a, m->loc, '=', others, sd_expr_int(a, m->loc, 0));
		else if (by && !dflt)
			cond = cases_expr(a, by, by_loc, m->cases);
		for (struct sd_decl *d = m->fields; d; d = next) {
			next = d->next;
			d->next = NULL;
			d->last = NULL;
			if (d->ugroup)
				d->unested = 1;
			d->ugroup = group;
			d->umember = k;
			d->ucond = cond;
			d->uby = by;
			d->uby_loc = by_loc;
			d->ucases = dflt ? NULL : m->cases;
			all = sd_decl_append(all, d);
		}
	}
	return all;
}

struct sd_name *sd_name_new(struct sd_arena *a, struct sd_loc loc,
			    const char *name)
{
	struct sd_name *n = sd_alloc(a, sizeof(*n));

	n->loc = loc;
	n->name = name;
	return n;
}

struct sd_name *sd_name_valued(struct sd_arena *a, struct sd_loc loc,
			       const char *name, long long value)
{
	struct sd_name *n = sd_name_new(a, loc, name);

	n->value = sd_asprintf(a, "%#llxULL", value);
	return n;
}

struct sd_name *sd_name_shift(struct sd_arena *a, struct sd_loc loc,
			      long long bit, const char *name, long long minus)
{
	struct sd_name *n;

	if (minus)
		n = sd_name_new(a, loc, sd_asprintf(a, "%lld<<(%s-%lld)", bit, name, minus));
	else
		n = sd_name_new(a, loc, sd_asprintf(a, "%lld<<%s", bit, name));
	n->value = sd_asprintf(a, "%lldULL << ((%s) - %lld)", bit, name, minus);
	return n;
}

struct sd_name *sd_name_shift_at(struct sd_arena *a, struct sd_loc loc,
				 long long bit, const char *name, long long at)
{
	struct sd_name *n = sd_name_shift(a, loc, bit, name, 0);

	n->value = sd_asprintf(a, "%lldULL << %lld", bit, at);
	return n;
}

struct sd_name *sd_name_shown(struct sd_arena *a, struct sd_loc loc,
			      const char *name, const char *shown)
{
	struct sd_name *n = sd_name_new(a, loc, name);

	n->shown = shown;
	return n;
}

struct sd_name *sd_name_append(struct sd_name *list, struct sd_name *n)
{
	APPEND_LAST(list, n);
}

struct sd_flag_item *sd_flag_bit(struct sd_arena *a, struct sd_name *n)
{
	struct sd_flag_item *f = sd_alloc(a, sizeof(*f));

	f->name = n;
	return f;
}

struct sd_flag_item *sd_flag_field(struct sd_arena *a, struct sd_name *mask,
				   const char *dflt, struct sd_name *values)
{
	struct sd_flag_item *f = sd_flag_bit(a, mask);

	f->values = values;
	f->dflt = dflt;
	f->is_field = 1;
	return f;
}

struct sd_flag_item *sd_flag_number(struct sd_arena *a, struct sd_name *mask,
				    struct sd_loc loc, const char *fmt,
				    const char *shift)
{
	struct sd_flag_item *f = sd_flag_bit(a, mask);

	f->number = fmt;
	f->number_loc = loc;
	f->shift = shift;
	return f;
}

struct sd_flag_item *sd_flag_append(struct sd_flag_item *list,
				    struct sd_flag_item *f)
{
	APPEND_LAST(list, f);
}

static struct sd_item *item_new(struct sd_arena *a, struct sd_loc loc,
				enum sd_item_kind kind, const char *name)
{
	struct sd_item *it = sd_alloc(a, sizeof(*it));

	it->kind = kind;
	it->loc = loc;
	it->name = name;
	return it;
}

struct sd_item *sd_item_include(struct sd_arena *a, struct sd_loc loc,
				int kind, const char *path)
{
	struct sd_item *it = item_new(a, loc, (enum sd_item_kind)kind, NULL);

	it->path = path;
	return it;
}

struct sd_item *sd_item_flags(struct sd_arena *a, struct sd_loc loc,
			      const char *name, const char *dflt,
			      struct sd_flag_item *items)
{
	struct sd_item *it = item_new(a, loc, SD_I_FLAGS, name);

	it->dflt = dflt;
	it->flags = items;
	return it;
}

struct sd_item *sd_item_enum(struct sd_arena *a, struct sd_loc loc,
			     const char *name, const char *dflt,
			     struct sd_name *values)
{
	struct sd_item *it = item_new(a, loc, SD_I_ENUM, name);

	it->dflt = dflt;
	it->names = values;
	return it;
}

struct sd_item *sd_item_struct(struct sd_arena *a, struct sd_loc loc,
			       const char *name, const char *ctag, int kernel,
			       struct sd_decl *fields)
{
	struct sd_item *it = item_new(a, loc, SD_I_STRUCT, name);

	it->kernel = kernel;
	it->path = ctag;
	it->decls = fields;
	return it;
}

struct sd_item *sd_item_syscall(struct sd_arena *a, struct sd_name *names,
				struct sd_name *classes, struct sd_decl *args,
				struct sd_decl *ret)
{
	struct sd_item *it = item_new(a, names->loc, SD_I_SYSCALL, names->name);

	it->names = names;
	it->classes = classes;
	it->decls = args;
	it->ret = ret;
	return it;
}

struct sd_nl *sd_nl_spec(struct sd_arena *a, struct sd_loc loc)
{
	struct sd_nl *n = sd_alloc(a, sizeof(*n));

	n->loc = loc;
	return n;
}

struct sd_nl *sd_nl_spec_table(struct sd_arena *a, struct sd_nl *spec,
			       struct sd_loc loc, const char *table)
{
	spec->tables = sd_name_append(spec->tables, sd_name_new(a, loc, table));
	return spec;
}

struct sd_nl *sd_nl_spec_struct(struct sd_arena *a, struct sd_nl *spec,
				struct sd_loc loc, const char *st)
{
	spec->structs = sd_name_append(spec->structs, sd_name_new(a, loc, st));
	return spec;
}

struct sd_nl *sd_nl_msgs(struct sd_loc loc, struct sd_name *names,
			 struct sd_nl *spec)
{
	spec->names = names;
	spec->loc = loc;
	return spec;
}

struct sd_nl *sd_nl_by(struct sd_arena *a, struct sd_loc loc, struct sd_name *names,
		       struct sd_nl *spec, struct sd_loc by_loc, const char *by,
		       const char *field, struct sd_nl *cases)
{
	(void)a;
	spec->names = names;
	spec->loc = loc;
	spec->by = field;
	spec->by_loc = by_loc;
	spec->by_word = by;
	spec->body = cases;
	return spec;
}

struct sd_nl *sd_nl_prefix(struct sd_loc loc, const char *prefix, struct sd_nl *spec)
{
	spec->prefix = prefix;
	spec->loc = loc;
	return spec;
}

struct sd_nl *sd_nl_block(struct sd_arena *a, struct sd_loc loc,
			  struct sd_name *names, struct sd_nl *body)
{
	struct sd_nl *n = sd_nl_spec(a, loc);

	n->names = names;
	n->body = body;
	n->is_block = 1;
	return n;
}

struct sd_nl *sd_nl_append(struct sd_nl *list, struct sd_nl *n)
{
	APPEND_LAST(list, n);
}

struct sd_nl *sd_nl_value(struct sd_arena *a, struct sd_loc loc,
			  struct sd_name *names, struct sd_decl *value)
{
	struct sd_nl *n = sd_nl_spec(a, loc);

	n->names = names;
	n->value = value;
	return n;
}

struct sd_nl *sd_nl_nested(struct sd_arena *a, struct sd_loc loc,
			   struct sd_name *names, struct sd_loc nloc, const char *attrs)
{
	struct sd_nl *n = sd_nl_spec(a, loc);

	n->names = names;
	n->tables = sd_name_new(a, nloc, attrs);
	return n;
}

struct sd_item *sd_item_attrs(struct sd_arena *a, struct sd_loc loc, const char *name,
			      const char *types, struct sd_nl *lines)
{
	struct sd_item *it = item_new(a, loc, SD_I_ATTRS, name);

	it->path = types;
	it->nl = lines;
	return it;
}

struct sd_item *sd_item_netlink(struct sd_arena *a, struct sd_nl *block)
{
	struct sd_item *it = item_new(a, block->loc, SD_I_NETLINK, block->names->name);

	it->nl = block;
	return it;
}

struct sd_item *sd_item_append(struct sd_item *list, struct sd_item *it)
{
	APPEND_LAST(list, it);
}

int sd_decl_count(const struct sd_decl *d)
{
	int n = 0;

	for (; d; d = d->next)
		n++;
	return n;
}

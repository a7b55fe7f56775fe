/* SPDX-License-Identifier: MIT */
/*
 * lower_netlink.c - netlink protocols: which tables name a protocol's
 * message types and flags, and which struct and attribute table each
 * message's payload has.  The runtime walks the messages (netlink.c).
 */
#include <string.h>

#include "lower_int.h"

/* @n names a table of kind @want (1 flags, 0 enum); NULL if not. */
static const struct sd_table *table_of(struct lower *l, const struct sd_name *n,
				       int want, const char *what)
{
	const struct sd_table *t = lw_table_find(l->plan, n->name);

	if (!t)
		sd_error(l->diag, n->loc, "unknown table '%s'", n->name);
	else if (t->is_flags != want)
		sd_error(l->diag, n->loc, "%s '%s' must be %s table", what, n->name,
			 want ? "a flags" : "an enum");
	else
		return t;
	return NULL;
}

static struct sd_nl_block *lower_block(struct lower *l, const struct sd_nl *nl,
				       int top);

static struct sd_nl_attrs *attrs_find(struct lower *l, const char *name)
{
	for (struct sd_nl_attrs *a = l->plan->nl_attrs; a; a = a->next)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

static struct sd_nl_attrs *attrs_new(struct lower *l, const char *name,
				     const struct sd_table *types, struct sd_loc loc)
{
	struct sd_nl_attrs *a = sd_alloc(l->a, sizeof(*a)), **tail = &l->plan->nl_attrs;

	a->name = name;
	a->types = types;
	a->loc = loc;
	a->id = l->plan->nnla++;
	while (*tail)
		tail = &(*tail)->next;
	*tail = a;
	return a;
}

/* The attribute set @n names: an "attrs" set, or an enum (values as bytes). */
static const struct sd_nl_attrs *attrs_of(struct lower *l, const struct sd_name *n)
{
	const struct sd_table *t;
	struct sd_nl_attrs *a = attrs_find(l, n->name);

	if (a)
		return a;
	t = lw_table_find(l->plan, n->name);
	if (!t || t->is_flags) {
		sd_error(l->diag, n->loc, "'%s' is no attribute set (attrs) or enum "
			 "table", n->name);
		return NULL;
	}
	return attrs_new(l, n->name, t, n->loc);
}

/* One value line: "NAMES: [annotations] TYPE [[]]" or "NAMES: attrs SET". */
static struct sd_nl_attr *lower_value(struct lower *l, const struct sd_nl *nl)
{
	struct sd_nl_attr *v = sd_alloc(l->a, sizeof(*v));
	const struct sd_decl *d = nl->value;
	int fmt_seen = 0;

	v->loc = nl->loc;
	v->types = lw_name_array(l, nl->names, &v->ntypes);
	for (const struct sd_name *n = nl->names; n; n = n->next)
		if (!lw_is_upper_ident(n->name))
			sd_error(l->diag, n->loc, "attribute type '%s' is not a C "
				 "constant (UPPER_CASE)", n->name);
	if (!d) {
		v->kind = SD_NLA_NESTED;
		v->nested = attrs_find(l, nl->tables->name);
		if (!v->nested)
			sd_error(l->diag, nl->tables->loc, "unknown attribute set '%s' "
				 "(declare it before)", nl->tables->name);
		return v;
	}
	v->is_array = d->array_len == -2;
	if (d->type->stars)
		sd_error(l->diag, d->type->loc, "an attribute's value is not a pointer");
	v->fmt = SD_FMT_DEC;
	for (const struct sd_annot *an = d->annots; an; an = an->next) {
		const struct annot_def *def = lw_check_annot(l, an, ON_FIELD);

		if (def && def->kind == K_FMT)
			lw_lower_fmt(l, an, def, &v->fmt, &v->table, &v->printer,
				     &fmt_seen, ON_FIELD);
		else if (def && def->kind == K_BE)
			v->be = 1;
		else if (def)
			sd_error(l->diag, an->loc, "@%s does not apply to an attribute's "
				 "value", an->name);
	}
	if (d->type->struct_name) {
		v->kind = SD_NLA_STRUCT;
		v->st = lw_struct_find(l->plan, d->type->struct_name);
		if (!v->st)
			sd_error(l->diag, d->type->loc, "unknown struct '%s'",
				 d->type->struct_name);
		else if (v->st->ndeep || v->st->flex)
			sd_error(l->diag, d->type->loc, "struct '%s' has pointers or a "
				 "flexible field", v->st->name);
	} else if (d->array_len > 0) {	/* N bytes through a printer */
		v->kind = SD_NLA_BYTES;
		v->nbytes = d->array_len;
		if (v->fmt != SD_FMT_PRINTER || strcmp(d->type->words, "unsigned char"))
			sd_error(l->diag, d->loc, "an attribute holds one value or '[]', "
				 "as many as fit; N bytes are '@print(P) unsigned char [N]'");
		fmt_seen = 0;
	} else if (v->is_array && !strcmp(d->type->words, "char")) {
		v->kind = SD_NLA_STRING;
		v->is_array = 0;
	} else {
		v->kind = SD_NLA_SCALAR;
		v->ctype = sd_ctype_find(d->type->words);
		if (!v->ctype || !v->ctype->size)
			sd_error(l->diag, d->type->loc, "unknown type '%s'", d->type->words);
	}
	if (fmt_seen && v->kind != SD_NLA_SCALAR)
		sd_error(l->diag, d->loc, "a print annotation applies to numbers only");
	if (v->be && (v->kind != SD_NLA_SCALAR || !v->ctype ||
		      (v->ctype->size != 2 && v->ctype->size != 4 && v->ctype->size != 8)))
		sd_error(l->diag, d->loc, "@be applies to a number of 2, 4 or 8 bytes");
	if (nl->tables) {	/* "TYPE attrs SET": attributes after the value */
		v->nested = attrs_find(l, nl->tables->name);
		if (!v->nested)
			sd_error(l->diag, nl->tables->loc, "unknown attribute set '%s' "
				 "(declare it before)", nl->tables->name);
		if (v->is_array || v->kind == SD_NLA_STRING)
			sd_error(l->diag, nl->tables->loc, "attributes follow a value of "
				 "one size, not an array");
	}
	return v;
}

void lw_add_attrs(struct lower *l, struct sd_item *it)
{
	const struct sd_table *t = lw_table_find(l->plan, it->path);
	struct sd_nl_attrs *a;
	struct sd_nl_attr **tail;

	if (attrs_find(l, it->name) || lw_table_find(l->plan, it->name)) {
		sd_error(l->diag, it->loc, "'%s' is already declared", it->name);
		return;
	}
	if (!t || t->is_flags)
		sd_error(l->diag, it->loc, "attribute set '%s' needs the enum naming "
			 "its attributes, '%s' is none", it->name, it->path);
	{	/* an attribute described twice */
		struct sd_name *all = NULL;

		for (const struct sd_nl *x = it->nl; x; x = x->next)
			for (const struct sd_name *m = x->names; m; m = m->next)
				all = sd_name_append(all, sd_name_new(l->a, m->loc, m->name));
		lw_check_unique(l, all, "attribute");
	}
	a = attrs_new(l, it->name, t && !t->is_flags ? t : NULL, it->loc);
	tail = &a->attrs;
	for (const struct sd_nl *nl = it->nl; nl; nl = nl->next) {
		*tail = lower_value(l, nl);
		tail = &(*tail)->next;
	}
}

static struct sd_nl_msg *lower_msgs(struct lower *l, const struct sd_nl *nl,
				    const struct sd_nl_msg *of);

/*
 * "by(FIELD) { CASES }": FIELD, a scalar of the line's struct, chooses
 * among the cases "VALUES [request|response]: [struct S] [ATTRS]".
 */
static void lower_by(struct lower *l, const struct sd_nl *nl, struct sd_nl_msg *m)
{
	struct sd_nl_msg **tail = &m->cases;

	if (strcmp(nl->by_word, "by")) {
		sd_error(l->diag, nl->by_loc, "expected 'by(FIELD)', not '%s'",
			 nl->by_word);
		return;
	}
	if (!m->st) {
		sd_error(l->diag, nl->by_loc, "by(%s) needs the struct whose field "
			 "chooses the payload", nl->by);
		return;
	}
	for (const struct sd_field *f = m->st->fields; f; f = f->next)
		if (!strcmp(f->name, nl->by))
			m->sel = f;
	if (!m->sel || !m->sel->ctype || m->sel->array_len || m->sel->is_ptr) {
		sd_error(l->diag, nl->by_loc, "struct '%s' has no number field '%s'",
			 m->st->name, nl->by);
		m->sel = NULL;
		return;
	}
	for (const struct sd_nl *x = nl->body; x; x = x->next) {
		if (x->is_block || x->by) {
			sd_error(l->diag, x->loc, "a case is a line 'VALUES: [struct S] "
				 "[ATTRS]'");
			continue;
		}
		*tail = lower_msgs(l, x, m);
		if (!(*tail)->st)	/* a case without a struct of its own: the line's */
			(*tail)->st = m->st;
		tail = &(*tail)->next;
	}
}

/* "NAMES: [FLAGS] [struct S] [ATTRS] [by(FIELD) {...}]"; a case of @of. */
static struct sd_nl_msg *lower_msgs(struct lower *l, const struct sd_nl *nl,
				    const struct sd_nl_msg *of)
{
	struct sd_nl_msg *m = sd_alloc(l->a, sizeof(*m));
	struct sd_name *names = NULL;

	m->loc = nl->loc;
	for (const struct sd_name *n = nl->names; n; n = n->next) {
		int dir = !strcmp(n->name, "request") ? 1 :
			  !strcmp(n->name, "response") ? 2 : 0;

		if (of && dir) {
			if (m->dir)
				sd_error(l->diag, n->loc, "a second '%s'", n->name);
			m->dir = dir;
			continue;
		}
		if (!lw_is_upper_ident(n->name))
			sd_error(l->diag, n->loc, of ? "value '%s' is not a C constant "
				 "(UPPER_CASE), 'request' or 'response'" :
				 "message type '%s' is not a C constant (UPPER_CASE)",
				 n->name);
		names = sd_name_append(names, sd_name_new(l->a, n->loc, n->name));
	}
	if (of && !names)
		sd_error(l->diag, nl->loc, "a case needs the values it is for");
	m->types = lw_name_array(l, names, &m->ntypes);
	for (const struct sd_name *n = nl->tables; n; n = n->next) {
		const struct sd_table *t = lw_table_find(l->plan, n->name);

		if (!t && !attrs_find(l, n->name)) {
			sd_error(l->diag, n->loc, "unknown table '%s'", n->name);
		} else if (t && t->is_flags) {
			if (m->flags)
				sd_error(l->diag, n->loc, "second flags table '%s'", n->name);
			m->flags = t;
		} else {
			if (m->attrs)
				sd_error(l->diag, n->loc, "second attribute table '%s'",
					 n->name);
			m->attrs = attrs_of(l, n);
		}
	}
	for (const struct sd_name *n = nl->structs; n; n = n->next) {
		const struct sd_struct *st = lw_struct_find(l->plan, n->name);

		if (n != nl->structs)
			sd_error(l->diag, n->loc, "second payload struct '%s'", n->name);
		else if (!st)
			sd_error(l->diag, n->loc, "unknown struct '%s'", n->name);
		else if (st->ndeep || st->flex)
			sd_error(l->diag, n->loc, "struct '%s' has pointers or a "
				 "flexible field: a netlink payload is plain bytes", n->name);
		else
			m->st = st;
	}
	if (of && m->flags)
		sd_error(l->diag, nl->loc, "a case takes no flags table: its message "
			 "line gives them");
	if (nl->by)
		lower_by(l, nl, m);
	m->prefix = nl->prefix;
	if (m->prefix && (of || m->flags || m->attrs || !m->st))
		sd_error(l->diag, nl->loc, "a message without nlmsghdr (\"%s\") is a "
			 "struct alone", m->prefix);
	if (m->prefix && (!*m->prefix || strpbrk(m->prefix, "\\\"")))
		sd_error(l->diag, nl->loc, "a prefix is plain text, not empty");
	return m;
}

/*
 * A block's header: its constant, then tables: an enum naming its message
 * types, a second enum for the subsystems (type >> 8) of types the first
 * does not name, and ("common" only) the flags every message has.
 */
static struct sd_nl_block *lower_block(struct lower *l, const struct sd_nl *nl,
				       int top)
{
	struct sd_nl_block *b = sd_alloc(l->a, sizeof(*b));
	struct sd_nl_msg **mt = &b->msgs;
	struct sd_nl_block **st = &b->subs;
	const struct sd_name *n = nl->names;
	int common = top && !strcmp(n->name, "common");

	b->name = n->name;
	b->loc = nl->loc;
	if (!common && !lw_is_upper_ident(n->name))
		sd_error(l->diag, n->loc, "'%s' is not a C constant (a %s such as %s)",
			 n->name, top ? "protocol" : "subsystem",
			 top ? "NETLINK_ROUTE" : "NFNL_SUBSYS_CTNETLINK");
	for (n = n->next; n; n = n->next) {
		const struct sd_table *t = lw_table_find(l->plan, n->name);

		if (t && t->is_flags && common && !b->flags)
			b->flags = t;
		else if (!b->types)
			b->types = table_of(l, n, 0, "message type table");
		else if (top && !b->subs && !b->subsys)
			b->subsys = table_of(l, n, 0, "subsystem table");
		else
			sd_error(l->diag, n->loc, "too many tables for '%s'", b->name);
	}
	{	/* a message type described twice */
		struct sd_name *all = NULL;

		for (const struct sd_nl *x = nl->body; x; x = x->next)
			for (const struct sd_name *m = x->is_block ? NULL : x->names; m; m = m->next)
				all = sd_name_append(all, sd_name_new(l->a, m->loc, m->name));
		lw_check_unique(l, all, "message type");
	}
	if (common && !b->flags)
		sd_error(l->diag, nl->loc, "'netlink common' needs the flags table "
			 "every message has");
	for (const struct sd_nl *x = nl->body; x; x = x->next)
		if (x->prefix && (!top || (nl->body->prefix == NULL)))
			sd_error(l->diag, x->loc, "messages without nlmsghdr (\"%s\") are a "
				 "protocol's only lines, first", x->prefix);
		else if (!x->prefix && nl->body->prefix)
			sd_error(l->diag, x->loc, "a protocol with messages without "
				 "nlmsghdr has no others");
	for (const struct sd_nl *x = nl->body; x; x = x->next) {
		if (!x->is_block) {
			*mt = lower_msgs(l, x, NULL);
			mt = &(*mt)->next;
		} else if (!top || !b->subsys) {
			sd_error(l->diag, x->loc, "a subsystem block needs a subsystem "
				 "table in its protocol's line");
		} else {
			*st = lower_block(l, x, 0);
			st = &(*st)->next;
		}
	}
	return b;
}

void lw_add_netlink(struct lower *l, struct sd_item *it)
{
	struct sd_nl_block *b, **tail = &l->plan->netlink;

	for (b = l->plan->netlink; b; b = b->next) {
		if (!strcmp(b->name, it->name)) {
			sd_error(l->diag, it->loc, "netlink protocol '%s' is described "
				 "twice", it->name);
			return;
		}
		tail = &b->next;
	}
	b = lower_block(l, it->nl, 1);
	b->id = l->plan->nnl++;
	*tail = b;
}

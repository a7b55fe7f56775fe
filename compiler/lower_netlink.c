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

/* "NAMES: [FLAGS] [struct S] [ATTRS]": the flags table, the enum of attributes. */
static struct sd_nl_msg *lower_msgs(struct lower *l, const struct sd_nl *nl)
{
	struct sd_nl_msg *m = sd_alloc(l->a, sizeof(*m));

	m->loc = nl->loc;
	m->types = lw_name_array(l, nl->names, &m->ntypes);
	for (const struct sd_name *n = nl->names; n; n = n->next)
		if (!lw_is_upper_ident(n->name))
			sd_error(l->diag, n->loc, "message type '%s' is not a C "
				 "constant (UPPER_CASE)", n->name);
	for (const struct sd_name *n = nl->tables; n; n = n->next) {
		const struct sd_table *t = lw_table_find(l->plan, n->name);

		if (!t) {
			sd_error(l->diag, n->loc, "unknown table '%s'", n->name);
		} else if (t->is_flags) {
			if (m->flags)
				sd_error(l->diag, n->loc, "second flags table '%s'", n->name);
			m->flags = t;
		} else {
			if (m->attrs)
				sd_error(l->diag, n->loc, "second attribute table '%s'",
					 n->name);
			m->attrs = t;
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
	if (common && !b->flags)
		sd_error(l->diag, nl->loc, "'netlink common' needs the flags table "
			 "every message has");
	for (const struct sd_nl *x = nl->body; x; x = x->next) {
		if (!x->is_block) {
			*mt = lower_msgs(l, x);
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

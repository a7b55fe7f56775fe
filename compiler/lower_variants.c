/* SPDX-License-Identifier: MIT */
/*
 * lower_variants.c - pass 3: each NAME$VARIANT joins its base's family.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower_int.h"

static struct sd_syscall *find_base(struct lower *l, const char *name)
{
	for (struct sd_syscall *sc = l->plan->syscalls; sc; sc = sc->next)
		for (const struct sd_name *n = sc->names; n; n = n->next)
			if (!strcmp(n->name, name))
				return sc;
	return NULL;
}

/*
 * The C value of constant @name: a number a table gives it (a name the
 * headers lack, INOTIFY_IOC_SETNEXTWD = 0x80044900), else the name.
 */
static const char *const_value(struct lower *l, const char *name)
{
	for (const struct sd_table *t = l->plan->tables; t; t = t->next)
		for (int i = 0; i < t->nnames; i++)
			if (!strcmp(t->names[i], name) && t->values[i] != t->names[i])
				return t->values[i];
	return name;
}

static int const_index(struct lower *l, const char *name)
{
	struct sd_plan *p = l->plan;

	for (int i = 0; i < p->nconsts; i++)
		if (!strcmp(p->consts[i], name))
			return i;
	if (p->nconsts % 64 == 0) {
		const char **v = sd_alloc(l->a, sizeof(*v) * (size_t)(p->nconsts + 64));

		if (p->nconsts)
			memcpy(v, p->consts, sizeof(*v) * (size_t)p->nconsts);
		p->consts = v;
	}
	p->consts[p->nconsts] = name;
	return p->nconsts++;
}

/*
 * @v declares every selector of its family tree (the outer ones too,
 * getsockopt$sol_socket$so_error's level) as its base does.
 */
static int same_selectors(struct lower *l, const struct sd_syscall *v,
			  const struct sd_syscall *b)
{
	for (const struct sd_syscall *a = b; a; a = a->base) {
		int i = a == b ? v->case_arg : a->case_arg;
		const struct sd_arg *vs, *bs;

		if (i < 0)
			continue;
		vs = i < v->nargs ? &v->args[i] : NULL;
		bs = i < b->nargs ? &b->args[i] : NULL;
		if (!vs || !bs || bs->size != vs->size || bs->is_signed != vs->is_signed) {
			sd_error(l->diag, vs ? vs->loc : v->loc, "selector %d of '%s' "
				 "must have the type of argument %d of '%s'", i + 1,
				 v->names->name, i + 1, b->id);
			if (bs)
				sd_note(l->diag, bs->loc, "declared here");
			return 0;
		}
	}
	return 1;
}

/*
 * Pass 3: variants.  Each NAME$VARIANT joins the family of its base NAME
 * (a variant may have variants of its own, by another argument:
 * getsockopt$sol_socket$so_error): the same selectors (position and type)
 * everywhere, no constant in two variants, no fork or exec in a family
 * (its records pass through dispatchers), and entry recorders for the
 * whole tree when one member needs them.
 */
void lw_pass_variants(struct lower *l)
{
	/* link each variant to its base */
	for (struct sd_syscall *v = l->plan->syscalls; v; v = v->next) {
		struct sd_syscall *b;

		if (!v->cases)
			continue;
		b = find_base(l, lw_base_name(l, v->names->name));
		if (!b) {
			sd_error(l->diag, v->names->loc, "variant '%s' has no base "
				 "description '%s.' for the other values",
				 v->names->name, lw_base_name(l, v->names->name));
			continue;
		}
		if (b->variants && b->sel != v->case_arg) {
			sd_error(l->diag, v->args[v->case_arg].loc, "'%s' selects by "
				 "argument %d, its family by argument %d", v->names->name,
				 v->case_arg + 1, b->sel + 1);
			continue;
		}
		if (b->case_arg == v->case_arg) {
			sd_error(l->diag, v->args[v->case_arg].loc, "'%s' selects by the "
				 "argument its base '%s' is chosen by", v->names->name,
				 b->names->name);
			continue;
		}
		if (b->ret == SD_RET_FORKED || b->ret == SD_RET_NORETURN ||
		    v->ret == SD_RET_FORKED || v->ret == SD_RET_NORETURN) {
			sd_error(l->diag, v->names->loc, "a call that forks or does not "
				 "return cannot have variants");
			continue;
		}
		v->base = b;
		b->sel = v->case_arg;
		v->next_variant = b->variants;
		b->variants = v;
	}
	/* then check each against its whole tree, and number the constants */
	for (struct sd_syscall *v = l->plan->syscalls; v; v = v->next) {
		const struct sd_syscall *b = v->base;

		if (!b || !same_selectors(l, v, b))
			continue;
		for (struct sd_case *c = v->cases; c; c = c->next) {
			const struct sd_case *d = NULL;

			for (const struct sd_syscall *o = b->variants; o && !d;
			     o = o->next_variant)
				if (o->index < v->index)	/* each pair once */
					for (d = o->cases; d && strcmp(d->name, c->name);
					     d = d->next)
						;
			if (d) {
				sd_error(l->diag, c->loc, "'%s' already selects another "
					 "variant of '%s'", c->name, b->id);
				sd_note(l->diag, d->loc, "listed here");
			}
			c->value = const_value(l, c->name);
			c->k = const_index(l, c->value);
		}
		if (l->plan->nconsts > SD_MAX_CONSTS)
			sd_error(l->diag, v->cases->loc, "more than %d @case constants",
				 SD_MAX_CONSTS);
	}
	/*
	 * Program slots: a family's base, each member; a member with variants
	 * of its own dispatches in its slot and runs its own body in another.
	 */
	for (struct sd_syscall *b = l->plan->syscalls; b; b = b->next) {
		if (!sd_in_family(b))
			continue;
		b->vidx = l->plan->nmembers++;
		if (b->base && b->variants)
			b->vidx_self = l->plan->nmembers++;
	}
	/* entry recorders for the whole tree when one member needs them */
	for (int changed = 1; changed;) {
		changed = 0;
		for (struct sd_syscall *v = l->plan->syscalls; v; v = v->next) {
			struct sd_syscall *b = v->base;

			if (b && v->has_entry != b->has_entry) {
				v->has_entry = b->has_entry = 1;
				changed = 1;
			}
		}
	}
}

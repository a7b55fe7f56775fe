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
 * Pass 3: variants.  Each NAME$VARIANT joins the family of its base NAME:
 * the same selector (position and type) everywhere, no constant in two
 * variants, no fork or exec in a family (its records pass through one
 * dispatcher), and entry recorders for all when one needs them.
 */
void lw_pass_variants(struct lower *l)
{
	for (struct sd_syscall *v = l->plan->syscalls; v; v = v->next) {
		struct sd_syscall *b;
		const struct sd_arg *vs, *bs;

		if (!v->cases)
			continue;
		b = find_base(l, lw_base_name(l, v->names->name));
		if (!b || b->cases) {
			if (!b)
				sd_error(l->diag, v->names->loc, "variant '%s' has no "
					 "base description '%s.' for the other values",
					 v->names->name, lw_base_name(l, v->names->name));
			continue;
		}
		vs = &v->args[v->sel];
		if (b->variants && b->sel != v->sel) {
			sd_error(l->diag, vs->loc, "'%s' selects by argument %d, its "
				 "family by argument %d", v->names->name, v->sel + 1,
				 b->sel + 1);
			continue;
		}
		bs = v->sel < b->nargs ? &b->args[v->sel] : NULL;
		if (!bs || bs->size != vs->size || bs->is_signed != vs->is_signed) {
			sd_error(l->diag, vs->loc, "selector '%s' must have the type "
				 "of argument %d of '%s'", vs->name, v->sel + 1, b->id);
			if (bs)
				sd_note(l->diag, bs->loc, "declared here");
			continue;
		}
		for (struct sd_case *c = v->cases; c; c = c->next) {
			const struct sd_syscall *o;
			const struct sd_case *d = NULL;

			for (o = b->variants; o && !d; o = o->next_variant)
				for (d = o->cases; d && strcmp(d->name, c->name); d = d->next)
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
		if (b->ret == SD_RET_FORKED || b->ret == SD_RET_NORETURN ||
		    v->ret == SD_RET_FORKED || v->ret == SD_RET_NORETURN)
			sd_error(l->diag, v->names->loc, "a call that forks or does not "
				 "return cannot have variants");
		v->base = b;
		b->sel = v->sel;
		v->next_variant = b->variants;
		b->variants = v;
		if (v->has_entry)
			b->has_entry = 1;
	}
	/* each member's recorders, programs of their own the family tail-calls */
	for (struct sd_syscall *b = l->plan->syscalls; b; b = b->next) {
		if (!b->variants)
			continue;
		b->vidx = l->plan->nmembers++;
		for (struct sd_syscall *v = b->variants; v; v = v->next_variant)
			v->vidx = l->plan->nmembers++;
	}
	/* entry recorders for the whole family when one member needs one */
	for (struct sd_syscall *b = l->plan->syscalls; b; b = b->next)
		if (b->variants && b->has_entry)
			for (struct sd_syscall *v = b->variants; v; v = v->next_variant)
				v->has_entry = 1;
	for (struct sd_syscall *b = l->plan->syscalls; b; b = b->next)
		if (b->variants)
			for (struct sd_syscall *v = b->variants; v; v = v->next_variant)
				if (v->has_entry)
					b->has_entry = 1;
}

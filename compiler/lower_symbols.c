/* SPDX-License-Identifier: MIT */
/*
 * lower_symbols.c - pass 1: headers, flag and enum tables, structs (their
 * fields, deep copies, print order), each checked for duplicates.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower_int.h"

static void add_table(struct lower *l, struct sd_item *it)
{
	struct sd_table *t;
	struct sd_name *bits = NULL, *field_mask = NULL, *field_vals = NULL;
	struct sd_name **bits_tail = &bits;

	if (lw_table_find(l->plan, it->name)) {
		sd_error(l->diag, it->loc, "table '%s' is already declared", it->name);
		sd_note(l->diag, lw_table_find(l->plan, it->name)->loc,
			"previous declaration here");
		return;
	}
	t = sd_alloc(l->a, sizeof(*t));
	t->name = it->name;
	t->loc = it->loc;
	t->dflt = it->dflt;
	t->is_flags = it->kind == SD_I_FLAGS;
	if (t->is_flags) {
		for (struct sd_flag_item *f = it->flags; f; f = f->next) {
			if (!f->is_field) {
				*bits_tail = sd_name_new(l->a, f->name->loc, f->name->name);
				(*bits_tail)->value = f->name->value;
				bits_tail = &(*bits_tail)->next;
				continue;
			}
			if (field_mask) {
				sd_error(l->diag, f->name->loc,
					 "flags table '%s' has a second field '%s'",
					 it->name, f->name->name);
				continue;
			}
			field_mask = f->name;
			field_vals = f->values;
			if (!field_vals)
				sd_error(l->diag, f->name->loc, "field '%s' lists no values",
					 f->name->name);
		}
		lw_check_unique(l, bits, "flag");
		lw_check_unique(l, field_vals, "field value");
		t->names = lw_name_array(l, bits, &t->nnames);
		t->values = lw_value_array(l, bits);
		if (field_mask) {
			t->field_mask = field_mask->value ? field_mask->value :
				field_mask->name;
			t->field_names = lw_name_array(l, field_vals, &t->nfield);
			t->field_values = lw_value_array(l, field_vals);
		}
		if (!t->nnames && !t->nfield)
			sd_error(l->diag, it->loc, "flags table '%s' is empty", it->name);
	} else {
		lw_check_unique(l, it->names, "enum value");
		t->names = lw_name_array(l, it->names, &t->nnames);
		t->values = lw_value_array(l, it->names);
		t->shown = sd_alloc(l->a, sizeof(*t->shown) * (size_t)(t->nnames + 1));
		{
			int k = 0;

			for (const struct sd_name *n = it->names; n; n = n->next) {
				if (n->shown && strchr(n->shown, '\\'))
					sd_error(l->diag, n->loc, "the text of '%s' has a "
						 "backslash", n->name);
				t->shown[k++] = n->shown ? n->shown : n->name;
			}
		}
		if (!t->nnames)
			sd_error(l->diag, it->loc, "enum table '%s' is empty", it->name);
	}
	t->id = l->plan->ntables++;
	*l->tables_tail = t;
	l->tables_tail = &t->next;
}

/*
 * @buffer(LEN[, N]) on a pointer field: the bytes it points to are copied
 * too, LEN being a scalar sibling field.  Such structs are captured whole
 * (as an argument or an array's elements), never nested in another struct.
 */
static void lower_deep_field(struct lower *l, struct sd_struct *s, struct sd_field *f,
			     const struct sd_annot *an, struct sd_decl *decls)
{
	const struct sd_expr *len = an->args, *bound = len->next;

	if (!f->is_ptr) {
		sd_error(l->diag, an->loc, "@buffer needs a pointer field, '%s' is not one",
			 f->name);
		return;
	}
	if (len->kind != SD_E_NAME) {
		sd_error(l->diag, len->loc, "a field's length is another field's name");
		return;
	}
	for (struct sd_decl *d = decls; d; d = d->next)
		if (!strcmp(d->name, len->name) && d->type->stars == 0 &&
		    !d->type->struct_name && !d->array_len) {
			f->deep = 1;
			f->bound = bound ? lw_get_bound(l, bound, SD_MAX_BOUND, "buffer bound")
				: SD_BUF_BOUND;
			if (f->bound < 1)
				f->bound = 1;
			f->deep_index = s->ndeep++;
			f->fmt = SD_FMT_PTR;
			/* resolved to the field once every field exists */
			f->len_field = (const struct sd_field *)len->name;
			return;
		}
	sd_error(l->diag, len->loc, "length '%s' names no scalar field of struct '%s'",
		 len->name, s->name);
}

static void resolve_deep_fields(struct sd_struct *s)
{
	for (struct sd_field *f = s->fields; f; f = f->next) {
		const char *name = (const char *)f->len_field;

		if (!f->deep)
			continue;
		for (struct sd_field *g = s->fields; g; g = g->next)
			if (!strcmp(g->name, name))
				f->len_field = g;
	}
}

/* Names in a field's @if: sibling scalar fields, or CONSTANTS. */
static void check_field_cond(struct lower *l, const struct sd_struct *s,
			     const struct sd_expr *e, const struct sd_decl *decls)
{
	if (!e)
		return;
	if (e->kind == SD_E_BINOP) {
		check_field_cond(l, s, e->lhs, decls);
		check_field_cond(l, s, e->rhs, decls);
		return;
	}
	if (e->kind != SD_E_NAME)
		return;
	for (const struct sd_decl *d = decls; d; d = d->next)
		if (!strcmp(d->name, e->name))
			return;
	if (!lw_is_upper_ident(e->name))
		sd_error(l->diag, e->loc, "condition names '%s', which is no field "
			 "of struct '%s' (constants are UPPER_CASE)", e->name, s->name);
}

/* 1 if @g is among the first @n fields of @v. */
static int placed(struct sd_field **v, int n, const struct sd_field *g)
{
	for (int i = 0; i < n; i++)
		if (v[i] == g)
			return 1;
	return 0;
}

/*
 * The order fields print in: declaration order, each @after(FIELD) field
 * moved behind FIELD (the kernel's struct sigaction keeps sa_mask last,
 * strace prints it second).
 */
static void print_order(struct lower *l, struct sd_struct *s)
{
	struct sd_field **v = sd_alloc(l->a, sizeof(*v) * (size_t)(s->nfields + 1));
	int n = 0;

	for (struct sd_field *f = s->fields; f; f = f->next) {
		if (f->after)
			continue;
		v[n++] = f;
		/* then the fields that follow it, in declaration order (each
		 * once, even when duplicate names match it twice) */
		for (struct sd_field *g = s->fields; g; g = g->next)
			if (g->after && !strcmp(g->after, f->name) && !placed(v, n, g))
				v[n++] = g;
	}
	for (struct sd_field *g = s->fields; g; g = g->next) {
		if (!placed(v, n, g)) {
			sd_error(l->diag, g->loc, "@after(%s): no field '%s' without "
				 "@after in struct '%s'", g->after, g->after, s->name);
			v[n++] = g;
		}
	}
	s->print_order = v;
}

static void add_struct(struct lower *l, struct sd_item *it)
{
	struct sd_struct *s;
	struct sd_field **tail;

	if (lw_struct_find(l->plan, it->name)) {
		sd_error(l->diag, it->loc, "struct '%s' is already declared", it->name);
		sd_note(l->diag, lw_struct_find(l->plan, it->name)->loc,
			"previous declaration here");
		return;
	}
	s = sd_alloc(l->a, sizeof(*s));
	s->name = it->name;
	s->ctag = it->path ? it->path : it->name;
	s->kernel = it->kernel;
	s->loc = it->loc;
	tail = &s->fields;
	if (!it->decls)
		sd_error(l->diag, it->loc, "struct '%s' has no fields", it->name);
	for (struct sd_decl *d = it->decls; d; d = d->next) {
		struct sd_field *f = sd_alloc(l->a, sizeof(*f));
		int fmt_seen = 0;

		lw_check_name(l, d->name, d->loc, "field");
		f->name = d->name;
		f->cname = it->kernel ? sd_asprintf(l->a, "k_%s", d->name) : d->name;
		f->loc = d->loc;
		f->array_len = d->array_len;
		if (d->array_len > SD_REC_MAX)
			sd_error(l->diag, d->loc, "field '%s' has %lld elements; a record "
				 "holds %d bytes", d->name, d->array_len, SD_REC_MAX);
		f->is_ptr = d->type->stars > 0;
		if (d->array_len == -2) {
			f->flex = 1;
			f->array_len = 0;
			if (d->next || d->type->stars || d->type->struct_name ||
			    !sd_ctype_find(d->type->words) ||
			    sd_ctype_find(d->type->words)->size != 1)
				sd_error(l->diag, d->loc, "a flexible array ('%s[]') is the "
					 "last field and holds chars", d->name);
			s->flex = f;
		} else if (d->array_len < 0) {
			sd_error(l->diag, d->loc, "field '%s' has an empty array", d->name);
		}
		for (struct sd_field *g = s->fields; g; g = g->next)
			if (!strcmp(g->name, d->name)) {
				sd_error(l->diag, d->loc, "duplicate field '%s' in struct '%s'",
					 d->name, it->name);
				break;
			}
		if (d->type->struct_name && !f->is_ptr) {
			f->sub = lw_struct_find(l->plan, d->type->struct_name);
			if (!f->sub)
				sd_error(l->diag, d->type->loc,
					 "unknown struct '%s' (declare it before '%s')",
					 d->type->struct_name, it->name);
		} else if (!f->is_ptr) {
			f->ctype = sd_ctype_find(d->type->words);
			if (!f->ctype)
				sd_error(l->diag, d->type->loc, "unknown type '%s'",
					 d->type->words);
			else if (!f->ctype->size)
				sd_error(l->diag, d->type->loc, "field '%s' cannot be void",
					 d->name);
		} else {
			f->ctype = sd_ctype_find("unsigned long");
			f->fmt = SD_FMT_PTR;
			if (!d->type->struct_name && !sd_ctype_find(d->type->words))
				sd_error(l->diag, d->type->loc, "unknown type '%s'",
					 d->type->words);
		}
		if (f->ctype && f->ctype->is_signed == 0 && f->fmt == SD_FMT_DEC)
			f->fmt = SD_FMT_DEC;
		for (struct sd_annot *an = d->annots; an; an = an->next) {
			const struct annot_def *def = lw_check_annot(l, an, ON_FIELD);

			if (!def)
				continue;
			if (def->kind == K_VERBOSE) {
				f->verbose = 1;
				s->has_verbose = 1;
			} else if (def->kind == K_HIDDEN) {
				f->hidden = 1;
			} else if (def->kind == K_FMT) {
				lw_lower_fmt(l, an, def, &f->fmt, &f->table, &f->printer,
					  &fmt_seen, ON_FIELD);
			} else if (def->kind == K_CAP) {
				lower_deep_field(l, s, f, an, it->decls);
			} else if (def->kind == K_IF) {
				f->cond = an->args;
				check_field_cond(l, s, an->args, it->decls);
			} else if (def->kind == K_RECLEN) {
				if (s->reclen)
					sd_error(l->diag, an->loc, "a second @reclen field");
				f->reclen = 1;
				s->reclen = f;
			} else if (def->kind == K_AFTER) {
				if (an->args->kind != SD_E_NAME)
					sd_error(l->diag, an->args->loc, "@after names a field");
				else
					f->after = an->args->name;
			}
		}
		if (f->sub && fmt_seen)
			sd_error(l->diag, d->loc, "field '%s' is a struct and prints as one",
				 d->name);
		*tail = f;
		tail = &f->next;
		s->nfields++;
	}
	resolve_deep_fields(s);
	print_order(l, s);
	for (struct sd_field *f = s->fields; f; f = f->next)
		if (f->sub && f->sub->ndeep)
			sd_error(l->diag, f->loc, "struct '%s' copies through its pointers "
				 "and cannot be nested in struct '%s'", f->sub->name, s->name);
	s->id = l->plan->nstructs++;
	*l->structs_tail = s;
	l->structs_tail = &s->next;
}

static int valid_header(const char *p)
{
	size_t n = strlen(p);

	if (n < 3 || strcmp(p + n - 2, ".h") || strstr(p, "..") || p[0] == '/')
		return 0;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-./", *p))
			return 0;
	return 1;
}

void lw_pass_symbols(struct lower *l, struct sd_item *items)
{
	for (struct sd_item *it = items; it; it = it->next) {
		switch (it->kind) {
		case SD_I_HEADER:
			if (!valid_header(it->path)) {
				sd_error(l->diag, it->loc,
					 "header '%s' is not a relative C header path",
					 it->path);
				break;
			}
			*l->headers_tail = sd_name_new(l->a, it->loc, it->path);
			l->headers_tail = &(*l->headers_tail)->next;
			break;
		case SD_I_FLAGS:
		case SD_I_ENUM:
			add_table(l, it);
			break;
		case SD_I_STRUCT:
			add_struct(l, it);
			break;
		default:
			break;
		}
	}
}

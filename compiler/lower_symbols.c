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

/* "field MASK dec|hex" or "field MASK << SHIFT": a number after the bits. */
static void add_number(struct lower *l, struct sd_table *t, const struct sd_flag_item *f)
{
	if (t->num_mask) {
		sd_error(l->diag, f->name->loc, "flags table '%s' has a second number '%s'",
			 t->name, f->name->name);
		return;
	}
	if (!strcmp(f->number, "<<")) {
		t->num_fmt = 's';
		t->num_shift = f->shift;
	} else if (!strcmp(f->number, "hex<<")) {
		t->num_fmt = 'X';
		t->num_shift = f->shift;
	} else if (!strcmp(f->number, "dec") || !strcmp(f->number, "hex")) {
		t->num_fmt = f->number[0] == 'd' ? 'd' : 'x';
	} else {
		sd_error(l->diag, f->number_loc, "unknown number format '%s' (dec, hex, "
			 "<< SHIFT or hex << SHIFT)", f->number);
		return;
	}
	t->num_mask = f->name->value ? f->name->value : f->name->name;
}

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
			if (f->number) {
				add_number(l, t, f);
				continue;
			}
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
			t->field_dflt = f->dflt;
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
			/* a value printed as a text of its own */
			for (struct sd_name *n = field_vals; n; n = n->next) {
				int k = 0;

				if (!n->shown)
					continue;
				if (strchr(n->shown, '\\'))
					sd_error(l->diag, n->loc, "a shown name has no escapes");
				for (struct sd_name *m = field_vals; m != n; m = m->next)
					k++;
				t->field_names[k] = n->shown;
			}
		}
		if (!t->nnames && !t->nfield && !t->num_mask)
			sd_error(l->diag, it->loc, "flags table '%s' is empty", it->name);
	} else {
		const struct sd_table *base = it->path ? lw_table_find(l->plan, it->path) : NULL;
		int nb = 0, k = 0;

		if (it->path && (!base || base->is_flags)) {
			sd_error(l->diag, it->loc, "enum '%s' starts as '%s', which is no "
				 "enum declared before it", it->name, it->path);
			base = NULL;
		}
		nb = base ? base->nnames : 0;
		lw_check_unique(l, it->names, "enum value");
		t->names = lw_name_array(l, it->names, &t->nnames);
		t->values = lw_value_array(l, it->names);
		t->shown = sd_alloc(l->a, sizeof(*t->shown) * (size_t)(nb + t->nnames + 1));
		for (const struct sd_name *n = it->names; n; n = n->next) {
			if (n->shown && strchr(n->shown, '\\'))
				sd_error(l->diag, n->loc, "the text of '%s' has a "
					 "backslash", n->name);
			t->shown[nb + k++] = n->shown ? n->shown : n->name;
		}
		if (base) {	/* the base's entries first, then these */
			const char **names = sd_alloc(l->a, sizeof(*names) * (size_t)(nb + t->nnames + 1));
			const char **values = sd_alloc(l->a, sizeof(*values) * (size_t)(nb + t->nnames + 1));

			for (int i = 0; i < nb; i++) {
				names[i] = base->names[i];
				values[i] = base->values[i];
				t->shown[i] = base->shown[i];
			}
			for (int i = 0; i < t->nnames; i++) {
				names[nb + i] = t->names[i];
				values[nb + i] = t->values[i];
			}
			t->names = names;
			t->values = values;
			t->nnames += nb;
			if (!t->dflt)
				t->dflt = base->dflt;
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
 * On a fixed array field: its first LEN elements print (at most all of
 * them); a char array's as bytes (struct loop_info's lo_encrypt_key).  On
 * a flexible char array: the LEN bytes that follow the struct are copied.
 */
static void lower_deep_field(struct lower *l, struct sd_struct *s, struct sd_field *f,
			     const struct sd_annot *an, const struct annot_def *def,
			     const struct sd_decl *fd, struct sd_decl *decls)
{
	const struct sd_expr *len = an->args, *bound = len->next;
	const struct sd_struct *elem = NULL;
	int upto = f->array_len > 0 && (f->ctype || f->sub);

	if (def->val == SD_CAP_ARRAY || def->val == SD_CAP_RECORDS) {
		elem = fd->type->struct_name && fd->type->stars == 1 && !fd->array_len ?
			lw_struct_find(l->plan, fd->type->struct_name) : NULL;
		if (!elem) {
			sd_error(l->diag, an->loc, "@%s on a field needs a pointer to a "
				 "declared struct, '%s' is not one", an->name, f->name);
			return;
		}
		if (def->val == SD_CAP_RECORDS && (!elem->reclen || !elem->flex || elem->ndeep)) {
			sd_error(l->diag, an->loc, "@records needs a pointer to a struct "
				 "with a @reclen field and a flexible last field");
			return;
		}
		upto = 0;
	} else if (def->val == SD_CAP_STRING) {
		if (!(f->array_len > 0 && f->ctype && f->ctype->size == 1)) {
			sd_error(l->diag, an->loc, "@string on a field needs a fixed "
				 "char array, '%s' is not one", f->name);
			return;
		}
	} else if (def->val != SD_CAP_BUFFER) {
		sd_error(l->diag, an->loc, "@%s cannot be used on a struct field", an->name);
		return;
	}

	if (!f->is_ptr && !upto && !f->flex) {
		sd_error(l->diag, an->loc, "@buffer needs a pointer or array "
			 "field, '%s' is neither", f->name);
		return;
	}
	if (len->kind != SD_E_NAME) {
		sd_error(l->diag, len->loc, "a field's length is another field's name");
		return;
	}
	for (struct sd_decl *d = decls; d; d = d->next)
		if (!strcmp(d->name, len->name) && d->type->stars == 0 &&
		    !d->type->struct_name && !d->array_len) {
			if (upto) {
				if (bound)
					sd_error(l->diag, bound->loc, "an array "
						 "is its own bound");
				if (def->val == SD_CAP_STRING)
					f->str_len = (const struct sd_field *)len->name;
				else
					f->chars_len = (const struct sd_field *)len->name;
				return;
			}
			f->deep = 1;
			f->deep_inline = f->flex;
			if (elem) {	/* bound: elements, or bytes of records */
				f->elem = elem;
				f->records = def->val == SD_CAP_RECORDS;
				if (!bound)
					sd_error(l->diag, an->loc, "@%s takes a bound", an->name);
				f->bound = !bound ? 1 : f->records ?
					lw_get_bound(l, bound, SD_MAX_BOUND - 4, "records bound") :
					lw_get_bound(l, bound, SD_MAX_ELEMS, "array bound");
			} else {
				f->bound = bound ? lw_get_bound(l, bound, SD_MAX_BOUND,
								"buffer bound") : SD_BUF_BOUND;
			}
			if (f->bound < 1)
				f->bound = 1;
			f->deep_index = s->ndeep++;
			/* the element's own deep fields take the slots after it */
			if (elem && elem->ndeep) {
				s->ndeep += elem->ndeep;
				s->nested = 1;
			}
			if (!f->fmt_given)
				f->fmt = SD_FMT_PTR;
			/* resolved to the field once every field exists */
			f->len_field = (const struct sd_field *)len->name;
			return;
		}
	sd_error(l->diag, len->loc, "length '%s' names no scalar field of struct '%s'",
		 len->name, s->name);
}

/*
 * @deref on a "struct S *" field: the struct it points to is copied too and
 * prints in its place (blkpg's data={start=..., ...}), or its address.
 */
static void lower_deref_field(struct lower *l, struct sd_struct *s, struct sd_field *f,
			      const struct sd_decl *d, const struct sd_annot *an)
{
	const struct sd_struct *t = d->type->struct_name && d->type->stars == 1 &&
		!d->array_len ? lw_struct_find(l->plan, d->type->struct_name) : NULL;

	if (!t) {
		sd_error(l->diag, an->loc, "@deref needs a pointer to a declared "
			 "struct, '%s' is not one", f->name);
		return;
	}
	if (t->ndeep) {
		sd_error(l->diag, an->loc, "struct '%s' copies through its pointers "
			 "and cannot be copied through '%s'", t->name, f->name);
		return;
	}
	f->deep = 1;
	f->deref = t;
	f->bound = sd_struct_size(t);
	f->deep_index = s->ndeep++;
	f->fmt = SD_FMT_PTR;
}

static void resolve_deep_fields(struct sd_struct *s)
{
	for (struct sd_field *f = s->fields; f; f = f->next) {
		const char *name = (const char *)f->len_field;

		if (f->deref)
			continue;
		if (f->chars_len)
			name = (const char *)f->chars_len;
		else if (f->str_len)
			name = (const char *)f->str_len;
		else if (!f->deep)
			continue;
		for (struct sd_field *g = s->fields; g; g = g->next) {
			if (strcmp(g->name, name))
				continue;
			if (f->chars_len)
				f->chars_len = g;
			else if (f->str_len)
				f->str_len = g;
			else
				f->len_field = g;
			break;
		}
	}
}

/*
 * A nested struct whose fields are copied through their pointers (struct
 * mmsghdr's msg_hdr): its deep fields become this struct's, in the slots
 * from the field's deep_index on, copied and printed as the nested
 * struct's.  Not in a fixed array or a union.
 * @filled(FIELD): FIELD, a number sibling, says how many bytes the call
 * filled of what it points to.
 */
static void nest_deep_fields(struct lower *l, struct sd_struct *s)
{
	for (struct sd_field *f = s->fields; f; f = f->next) {
		const char *fname = (const char *)f->filled;

		if (fname) {
			f->filled = NULL;
			for (const struct sd_field *g = s->fields; g; g = g->next)
				if (!strcmp(g->name, fname) && g->ctype && !g->is_ptr &&
				    !g->array_len && !g->flex)
					f->filled = g;
			if (!sd_field_nests_deep(f))
				sd_error(l->diag, f->loc, "@filled applies to a nested "
					 "struct copied through its pointers");
			else if (!f->filled)
				sd_error(l->diag, f->loc, "@filled(%s) names no number "
					 "field of struct '%s'", fname, s->name);
		}
		if (!f->sub || !f->sub->ndeep)
			continue;
		if (!sd_field_nests_deep(f) || f->ugroup) {
			sd_error(l->diag, f->loc, "struct '%s' copies through its pointers "
				 "and cannot be nested in struct '%s'%s", f->sub->name,
				 s->name, f->ugroup ? " in a union" : " as an array");
			continue;
		}
		f->deep_index = s->ndeep;
		s->ndeep += f->sub->ndeep;
		s->nested = 1;
		s->has_inout |= f->sub->has_inout;
	}
}

/* A plain number field named by @date's argument @e among @fields. */
static const struct sd_field *date_field(struct lower *l, const struct sd_field *fields,
					 const struct sd_expr *e, const char *sname)
{
	for (const struct sd_field *g = fields; e->kind == SD_E_NAME && g; g = g->next)
		if (!strcmp(g->name, e->name) && g->ctype && !g->is_ptr &&
		    !g->array_len && !g->flex)
			return g;
	sd_error(l->diag, e->loc, "@date names %s%s%s, which is no number field of "
		 "struct '%s'", e->kind == SD_E_NAME ? "'" : "",
		 e->kind == SD_E_NAME ? e->name : "no field",
		 e->kind == SD_E_NAME ? "'" : "", sname);
	return NULL;
}

/*
 * @join(HI, TABLE) on a @flags number: sibling number HI holds the high
 * word of the same set, printed through flags table TABLE after it.
 */
static void resolve_joins(struct lower *l, struct sd_struct *s)
{
	for (struct sd_field *f = s->fields; f; f = f->next) {
		const struct sd_annot *an = f->join_an;
		const struct sd_expr *hi = an ? an->args : NULL;
		const struct sd_expr *t = hi ? hi->next : NULL;

		if (!an)
			continue;
		if (f->fmt != SD_FMT_FLAGS || f->is_ptr || f->array_len || f->flex ||
		    f->bits || f->ugroup || f->inout || f->out) {
			sd_error(l->diag, an->loc, "@join applies to a @flags number field");
			continue;
		}
		for (const struct sd_field *g = s->fields; hi->kind == SD_E_NAME && g;
		     g = g->next)
			if (g != f && !strcmp(g->name, hi->name) && g->ctype && !g->is_ptr &&
			    !g->array_len && !g->flex && !g->bits && !g->ugroup)
				f->join_hi = g;
		if (!f->join_hi)
			sd_error(l->diag, hi->loc, "@join's high word is a number field "
				 "of struct '%s'", s->name);
		if (t->kind == SD_E_NAME)
			f->join_table = lw_table_find(l->plan, t->name);
		if (!f->join_table || !f->join_table->is_flags)
			sd_error(l->diag, t->loc, "@join's second argument is a flags table");
	}
}

/*
 * @date(NSEC) on a number: it is the seconds, sibling NSEC the
 * nanoseconds; @date(SEC, NSEC) on a nested struct: two of its fields.
 */
static void resolve_dates(struct lower *l, struct sd_struct *s)
{
	for (struct sd_field *f = s->fields; f; f = f->next) {
		const struct sd_annot *an = f->date_an;

		if (!an)
			continue;
		if (f->sub && !f->array_len) {
			if (an->nargs != 2) {
				sd_error(l->diag, an->loc, "@date on a struct field names "
					 "two of its fields: seconds and nanoseconds");
				continue;
			}
			f->date_sec = date_field(l, f->sub->fields, an->args, f->sub->name);
			f->date_nsec = date_field(l, f->sub->fields, an->args->next,
						  f->sub->name);
		} else if (f->ctype && !f->is_ptr && !f->array_len && !f->flex) {
			if (an->nargs != 1) {
				sd_error(l->diag, an->loc, "@date on a number names one "
					 "sibling: the nanoseconds");
				continue;
			}
			f->date_sec = f;
			f->date_nsec = date_field(l, s->fields, an->args, s->name);
		} else {
			sd_error(l->diag, an->loc, "@date applies to a number or a "
				 "nested struct");
		}
	}
}

/*
 * Names in a field's @if: sibling fields, or CONSTANTS.  An array or
 * struct field stands for 1 when any of its bytes is not 0, else 0.
 */
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

/*
 * A union chosen by a field: FIELD is a scalar of the struct outside the
 * union, each case constant chooses one member, one member at most is
 * "default" (none of the cases).
 */
static int member_first(const struct sd_decl *decls, const struct sd_decl *d)
{
	for (const struct sd_decl *e = decls; e != d; e = e->next)
		if (e->ugroup == d->ugroup && e->umember == d->umember)
			return 0;
	return 1;
}

static void check_unions(struct lower *l, const struct sd_struct *s,
			 const struct sd_decl *decls)
{
	for (const struct sd_decl *d = decls; d; d = d->next) {
		const struct sd_field *by = NULL;

		if (!d->uby || !member_first(decls, d))
			continue;
		if (d->umember == 1) {
			for (const struct sd_field *f = s->fields; f; f = f->next)
				if (!strcmp(f->name, d->uby) && f->ugroup != d->ugroup)
					by = f;
			if (!by || by->sub || by->array_len || by->is_ptr)
				sd_error(l->diag, d->uby_loc, "union by(%s): struct '%s' has "
					 "no number '%s' outside the union", d->uby, s->name,
					 d->uby);
		}
		for (const struct sd_decl *e = decls; e != d; e = e->next) {
			if (e->ugroup != d->ugroup || e->umember == d->umember ||
			    !member_first(decls, e))
				continue;
			if (!e->ucases && !d->ucases) {
				sd_error(l->diag, d->loc, "a union has one default member");
				break;
			}
			for (const struct sd_name *c = d->ucases; c; c = c->next)
				for (const struct sd_name *k = e->ucases; k; k = k->next)
					if (!strcmp(c->name, k->name)) {
						sd_error(l->diag, c->loc, "case '%s' chooses two "
							 "members of the union", c->name);
						sd_note(l->diag, k->loc, "first chosen here");
					}
		}
		for (const struct sd_name *c = d->ucases; c; c = c->next)
			if (!lw_is_upper_ident(c->name))
				sd_error(l->diag, c->loc, "a union's case is an UPPER_CASE "
					 "constant, not '%s'", c->name);
	}
}

static int has_if(const struct sd_decl *d)
{
	for (const struct sd_annot *an = d->annots; an; an = an->next)
		if (!strcmp(an->name, "if"))
			return 1;
	return 0;
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
	s->ckw = it->ctag_typedef ? "" : it->is_union ? "union " : "struct ";
	s->kernel = it->kernel == 1;
	s->wire = it->kernel == 2;
	s->packed = it->kernel == 3;
	s->loc = it->loc;
	if (it->kernel && it->kernel != 3 && strchr(s->ctag, '.'))
		sd_error(l->diag, it->loc, "a kernel struct cannot view a member ('%s')",
			 s->ctag);
	tail = &s->fields;
	/* "[@if(EXPR)] ...": the last line, the struct ends in "..." */
	for (struct sd_decl **pd = &it->decls; *pd; ) {
		struct sd_decl *d = *pd;

		if (!d->more) {
			pd = &d->next;
			continue;
		}
		*pd = d->next;
		if (d->next || d->ugroup) {
			sd_error(l->diag, d->loc, "'...' is a struct's last line");
			continue;
		}
		s->more = sd_expr_int(l->a, d->loc, 1);
		for (struct sd_annot *an = d->annots; an; an = an->next) {
			if (strcmp(an->name, "if") || an->nargs != 1) {
				sd_error(l->diag, an->loc, "'...' takes @if(EXPR) only");
				continue;
			}
			s->more = an->args;
			check_field_cond(l, s, an->args, it->decls);
		}
	}
	if (!it->decls)
		sd_error(l->diag, it->loc, "struct '%s' has no fields", it->name);
	for (struct sd_decl *d = it->decls; d; d = d->next) {
		struct sd_field *f = sd_alloc(l->a, sizeof(*f));
		int fmt_seen = 0;

		lw_check_name(l, d->name, d->loc, "field");
		f->name = d->name;
		f->cpath = d->cpath;
		f->ugroup = d->ugroup;
		f->umember = d->umember;
		if (d->unested)
			sd_error(l->diag, d->loc, "field '%s': a union's member holds no "
				 "other union", d->name);
		f->cname = it->kernel == 1 ? sd_asprintf(l->a, "k_%s", d->name) : d->name;
		f->loc = d->loc;
		f->array_len = d->array_len;
		if (d->array_len > SD_REC_MAX)
			sd_error(l->diag, d->loc, "field '%s' has %lld elements; a record "
				 "holds %d bytes", d->name, d->array_len, SD_REC_MAX);
		f->is_ptr = d->type->stars > 0;
		if (d->array_len == -2) {
			const struct sd_decl *n = d->next;

			f->flex = 1;
			f->array_len = 0;
			while (n && !strcmp(n->name, d->name))	/* its alternatives */
				n = n->next;
			if (n || d->type->stars)
				sd_error(l->diag, d->loc, "a flexible array ('%s[]') is the "
					 "last field", d->name);
			if (!s->flex)
				s->flex = f;
		} else if (d->array_len < 0) {
			sd_error(l->diag, d->loc, "field '%s' has an empty array", d->name);
		}
		for (struct sd_field *g = s->fields; g; g = g->next) {
			if (strcmp(g->name, d->name) || g->alt_of)
				continue;
			/* declared again, each with @if: views of the same bytes */
			if (g->cond && has_if(d) && g->flex == f->flex) {
				f->alt_of = g;
				continue;
			}
			sd_error(l->diag, d->loc, "duplicate field '%s' in struct '%s'%s",
				 d->name, it->name, g->cond || has_if(d) ?
				 " (alternatives each take @if)" : "");
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
			} else if (def->kind == K_DEREF) {
				lower_deref_field(l, s, f, d, an);
			} else if (def->kind == K_HIDDEN) {
				f->hidden = 1;
			} else if (def->kind == K_BE) {
				f->be = 1;
				if (!f->ctype || f->is_ptr || f->array_len ||
				    (f->ctype->size != 2 && f->ctype->size != 4 &&
				     f->ctype->size != 8))
					sd_error(l->diag, an->loc, "@be applies to a number "
						 "of 2, 4 or 8 bytes");
			} else if (def->kind == K_FMT) {
				lw_lower_fmt(l, an, def, &f->fmt, &f->table, &f->printer,
					  &fmt_seen, ON_FIELD);
				f->fmt_given = 1;
			} else if (def->kind == K_CAP) {
				lower_deep_field(l, s, f, an, def, d, it->decls);
			} else if (def->kind == K_DIR && def->val == SD_DIR_OUT) {
				f->out = SD_FOUT_OUT;
				s->has_out = 1;
			} else if (def->kind == K_CHANGED) {
				if (an->nargs)
					sd_error(l->diag, an->loc, "@changed(VIEW) is an "
						 "argument's, a field's @changed takes none");
				f->out = SD_FOUT_CHANGED;
				s->has_out = 1;
			} else if (def->kind == K_DIR) {
				if (def->val != SD_DIR_INOUT)
					sd_error(l->diag, an->loc, "@%s cannot be used on a "
						 "struct field", an->name);
				else if (an->nargs)
					sd_error(l->diag, an->loc, "@inout(LEN) is an "
						 "argument's, a field's @inout takes none");
				f->inout = 1;
				s->has_inout = 1;
			} else if (def->kind == K_IF) {
				f->cond = an->args;
				check_field_cond(l, s, an->args, it->decls);
			} else if (def->kind == K_RECLEN) {
				if (s->reclen)
					sd_error(l->diag, an->loc, "a second @reclen field");
				f->reclen = 1;
				s->reclen = f;
				s->rec_align = an->args ? lw_get_bound(l, an->args, 64,
								      "record alignment") : 1;
				if (s->rec_align < 1 || (s->rec_align & (s->rec_align - 1))) {
					if (s->rec_align > 0)
						sd_error(l->diag, an->args->loc, "a record "
							 "alignment is a power of 2");
					s->rec_align = 1;
				}
			} else if (def->kind == K_DATE) {
				f->date_an = an;
			} else if (def->kind == K_JOIN) {
				f->join_an = an;
			} else if (def->kind == K_DONE) {
				if (!f->ctype || f->is_ptr || f->array_len || f->flex)
					sd_error(l->diag, an->loc, "@done applies to a number "
						 "field");
				f->done = 1;
				s->has_done = 1;
			} else if (def->kind == K_FILLED) {
				if (an->args->kind != SD_E_NAME)
					sd_error(l->diag, an->args->loc, "@filled names a field");
				else
					f->filled = (const struct sd_field *)an->args->name;
			} else if (def->kind == K_AFTER) {
				if (an->args->kind != SD_E_NAME)
					sd_error(l->diag, an->args->loc, "@after names a field");
				else
					f->after = an->args->name;
			}
		}
		if (d->bits) {	/* a bit-field: a number, laid out as C packs it */
			f->bits = d->bits;
			if (d->bits < 0 || !f->ctype || f->is_ptr || f->array_len || f->flex ||
			    f->ugroup || f->deep || f->inout || f->reclen || f->date_an ||
			    f->be || d->bits > f->ctype->size * 8) {
				sd_error(l->diag, d->loc, "bit-field '%s' is a number of 1 to "
					 "%d bits outside unions, printed as itself", d->name,
					 f->ctype && f->ctype->size ? f->ctype->size * 8 : 64);
				f->bits = 0;
			}
		}
		if (d->ucond)	/* a union's member: printed when FIELD chooses it */
			f->cond = f->cond ? sd_expr_binop(l->a, d->loc, 'A', d->ucond,
							  (struct sd_expr *)f->cond) : d->ucond;
		if (f->ugroup && (f->deep || f->flex || f->reclen))
			sd_error(l->diag, d->loc, "field '%s' is in a union: it cannot be "
				 "copied through its pointer, flexible or a record length",
				 d->name);
		/* a struct field prints as one, or its bytes through a printer */
		if (f->sub && fmt_seen && f->fmt != SD_FMT_PRINTER)
			sd_error(l->diag, d->loc, "field '%s' is a struct and prints as one",
				 d->name);
		*tail = f;
		tail = &f->next;
		s->nfields++;
	}
	if (s->has_inout && s->has_out)
		sd_error(l->diag, it->loc, "struct '%s' prints as the call left it "
			 "(@inout fields) or as given (@out, @changed fields), not both",
			 s->name);
	check_unions(l, s, it->decls);
	resolve_deep_fields(s);
	resolve_dates(l, s);
	resolve_joins(l, s);
	print_order(l, s);
	nest_deep_fields(l, s);
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

/* SPDX-License-Identifier: MIT */
/*
 * lower.c - the semantic passes over the AST.
 *
 * Pass 1 (symbols) collects headers, flag and enum tables and structs,
 * checking each for duplicates.  Pass 2 (syscalls) checks every record
 * against those symbols and the target's syscall names, and lowers each
 * declaration into a capture plan entry.  Errors never stop a pass.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"
#include "sd_printers.h"

#define SD_PRINT_LIST(name, NAME, what) " " #name
static const char sd_printer_list[] = SD_PRINTERS(SD_PRINT_LIST);
#undef SD_PRINT_LIST

enum { ON_ARG = 1, ON_FIELD = 2, ON_RET = 4 };

enum akind { K_DIR, K_CAP, K_FMT, K_IF, K_ABBREV, K_RET, K_VERBOSE, K_HIDDEN, K_CASE, K_INSIDE, K_AFTER, K_RECLEN };

struct annot_def {
	const char *name;
	int min, max;
	int where;
	enum akind kind;
	int val;	/* enum sd_dir, sd_cap or sd_fmt */
};

static const struct annot_def annot_defs[] = {
	{ "in", 0, 0, ON_ARG, K_DIR, SD_DIR_IN },
	{ "out", 0, 0, ON_ARG, K_DIR, SD_DIR_OUT },
	{ "inout", 0, 0, ON_ARG, K_DIR, SD_DIR_INOUT },
	{ "null_terminated_deep_copy", 0, 1, ON_ARG, K_CAP, SD_CAP_PATH },
	{ "path", 0, 0, ON_ARG, K_CAP, SD_CAP_PATH },
	{ "string", 1, 1, ON_ARG, K_CAP, SD_CAP_STRING },
	{ "buffer", 1, 2, ON_ARG | ON_FIELD, K_CAP, SD_CAP_BUFFER },
	{ "array", 2, 2, ON_ARG, K_CAP, SD_CAP_ARRAY },
	{ "strarray", 2, 2, ON_ARG, K_CAP, SD_CAP_STRARRAY },
	{ "records", 2, 2, ON_ARG, K_CAP, SD_CAP_RECORDS },
	{ "reclen", 0, 0, ON_FIELD, K_RECLEN, 0 },
	{ "dec", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_DEC },
	{ "hex", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_HEX },
	{ "oct", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_OCT },
	{ "umode", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_UMODE },
	{ "filemode", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_FILEMODE },
	{ "ptr", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_PTR },
	{ "fd", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_FD },
	{ "dirfd", 0, 0, ON_ARG | ON_FIELD, K_FMT, SD_FMT_DIRFD },
	{ "signal", 0, 0, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_SIGNAL },
	{ "print", 1, 1, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_PRINTER },
	{ "flags", 1, 2, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_FLAGS },
	{ "enum", 1, 2, ON_ARG | ON_FIELD | ON_RET, K_FMT, SD_FMT_ENUM },
	{ "case", 1, 64, ON_ARG, K_CASE, 0 },
	{ "if", 1, 1, ON_ARG | ON_FIELD, K_IF, 0 },
	{ "after", 1, 1, ON_FIELD, K_AFTER, 0 },
	{ "abbrev", 0, 0, ON_ARG, K_ABBREV, 0 },
	{ "inside", 0, 0, ON_ARG, K_INSIDE, 0 },
	{ "ret", 1, 1, ON_RET, K_RET, 0 },
	{ "verbose", 0, 0, ON_FIELD, K_VERBOSE, 0 },
	{ "hidden", 0, 0, ON_FIELD, K_HIDDEN, 0 },
};

#define SD_PRINT_NAME(name, NAME, what) #name,
const char *const sd_printer_names[] = { SD_PRINTERS(SD_PRINT_NAME) NULL };
#undef SD_PRINT_NAME

const char *const sd_class_names[] = {
	"file", "desc", "process", "network", "signal", "ipc", "memory",
	"creds", "clock", "stat", "lstat", "fstat", "statfs", "fstatfs",
	"pure", NULL,
};

#define SD_RET_KIND(word, NAME) { #word, SD_RET_##NAME },
static const struct {
	const char *name;
	enum sd_ret_kind ret;
} ret_kinds[] = {
	SD_RET_KINDS(SD_RET_KIND)
	/* the same as errno, named for readers */
	{ "size", SD_RET_ERRNO }, { "pid", SD_RET_ERRNO },
};
#undef SD_RET_KIND

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

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

static const struct annot_def *annot_find(const char *name)
{
	for (size_t i = 0; i < N_ELEMS(annot_defs); i++)
		if (!strcmp(annot_defs[i].name, name))
			return &annot_defs[i];
	return NULL;
}

static struct sd_table *table_find(struct sd_plan *p, const char *name)
{
	for (struct sd_table *t = p->tables; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static struct sd_struct *struct_find(struct sd_plan *p, const char *name)
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
static void check_name(struct lower *l, const char *name, struct sd_loc loc,
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

static int is_upper_ident(const char *s)
{
	for (; *s; s++)
		if (islower((unsigned char)*s))
			return 0;
	return 1;
}

/* Type words for messages: "unsigned long *". */
static const char *type_str(struct lower *l, const struct sd_type *t)
{
	const char *base = t->struct_name ?
		sd_asprintf(l->a, "struct %s", t->struct_name) : t->words;

	return sd_asprintf(l->a, "%s%s%s%.*s", t->is_const ? "const " : "",
			   base, t->stars ? " " : "", t->stars, "******************");
}

/* Check a list of names for duplicates within itself. */
static void check_unique(struct lower *l, const struct sd_name *n, const char *what)
{
	for (; n; n = n->next)
		for (const struct sd_name *m = n->next; m; m = m->next)
			if (!strcmp(n->name, m->name)) {
				sd_error(l->diag, m->loc, "duplicate %s '%s'",
					 what, m->name);
				sd_note(l->diag, n->loc, "first listed here");
			}
}

/* The C value of each name: itself, or the number the table gives it. */
static const char **value_array(struct lower *l, const struct sd_name *n)
{
	int k = 0;
	const char **v;

	for (const struct sd_name *m = n; m; m = m->next)
		k++;
	v = sd_alloc(l->a, sizeof(*v) * (size_t)(k + 1));
	k = 0;
	for (; n; n = n->next)
		v[k++] = n->value ? n->value : n->name;
	return v;
}

static const char **name_array(struct lower *l, const struct sd_name *n, int *count)
{
	int k = 0;
	const char **v;

	for (const struct sd_name *m = n; m; m = m->next)
		k++;
	v = sd_alloc(l->a, sizeof(*v) * (size_t)(k + 1));
	k = 0;
	for (; n; n = n->next)
		v[k++] = n->name;
	*count = k;
	return v;
}

static int get_bound(struct lower *l, const struct sd_expr *e, int max, const char *what);

/* ---- pass 1: symbols ---- */

static void add_table(struct lower *l, struct sd_item *it)
{
	struct sd_table *t;
	struct sd_name *bits = NULL, *field_mask = NULL, *field_vals = NULL;
	struct sd_name **bits_tail = &bits;

	if (table_find(l->plan, it->name)) {
		sd_error(l->diag, it->loc, "table '%s' is already declared", it->name);
		sd_note(l->diag, table_find(l->plan, it->name)->loc,
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
		check_unique(l, bits, "flag");
		check_unique(l, field_vals, "field value");
		t->names = name_array(l, bits, &t->nnames);
		t->values = value_array(l, bits);
		if (field_mask) {
			t->field_mask = field_mask->value ? field_mask->value :
				field_mask->name;
			t->field_names = name_array(l, field_vals, &t->nfield);
			t->field_values = value_array(l, field_vals);
		}
		if (!t->nnames && !t->nfield)
			sd_error(l->diag, it->loc, "flags table '%s' is empty", it->name);
	} else {
		check_unique(l, it->names, "enum value");
		t->names = name_array(l, it->names, &t->nnames);
		t->values = value_array(l, it->names);
		if (!t->nnames)
			sd_error(l->diag, it->loc, "enum table '%s' is empty", it->name);
	}
	t->id = l->plan->ntables++;
	*l->tables_tail = t;
	l->tables_tail = &t->next;
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
	else if (def->val == SD_FMT_FLAGS && !strcmp(st, "verbose"))
		*fmt = SD_FMT_FLAGS_VERBOSE;
	else {
		sd_error(l->diag, e->loc, "unknown style (expected %s)",
			 def->val == SD_FMT_ENUM ? "dec, udec or verbose" :
			 "verbose; a label is for return values");
		return -EINVAL;
	}
	return 0;
}

/* Format annotations shared by struct fields and arguments. */
static int lower_fmt(struct lower *l, const struct sd_annot *an,
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
	if (def->val == SD_FMT_FLAGS || def->val == SD_FMT_ENUM) {
		const struct sd_expr *e = an->args;
		const struct sd_table *t;

		if (e->kind != SD_E_NAME) {
			sd_error(l->diag, e->loc, "@%s takes a table name", an->name);
			return -EINVAL;
		}
		t = table_find(l->plan, e->name);
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
static const struct annot_def *check_annot(struct lower *l, const struct sd_annot *an,
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
			f->bound = bound ? get_bound(l, bound, SD_MAX_BOUND, "buffer bound")
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
	if (!is_upper_ident(e->name))
		sd_error(l->diag, e->loc, "condition names '%s', which is no field "
			 "of struct '%s' (constants are UPPER_CASE)", e->name, s->name);
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
		/* then the fields that follow it, in declaration order */
		for (struct sd_field *g = s->fields; g; g = g->next)
			if (g->after && !strcmp(g->after, f->name))
				v[n++] = g;
	}
	for (struct sd_field *g = s->fields; g; g = g->next) {
		int found = 0;

		for (int i = 0; i < n; i++)
			found |= v[i] == g;
		if (!found) {
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

	if (struct_find(l->plan, it->name)) {
		sd_error(l->diag, it->loc, "struct '%s' is already declared", it->name);
		sd_note(l->diag, struct_find(l->plan, it->name)->loc,
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

		check_name(l, d->name, d->loc, "field");
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
			f->sub = struct_find(l->plan, d->type->struct_name);
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
			const struct annot_def *def = check_annot(l, an, ON_FIELD);

			if (!def)
				continue;
			if (def->kind == K_VERBOSE) {
				f->verbose = 1;
				s->has_verbose = 1;
			} else if (def->kind == K_HIDDEN) {
				f->hidden = 1;
			} else if (def->kind == K_FMT) {
				lower_fmt(l, an, def, &f->fmt, &f->table, &f->printer,
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

static void pass_symbols(struct lower *l, struct sd_item *items)
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

/* ---- pass 2: syscalls ---- */

static int arch_knows(const struct sd_arch *arch, const char *name)
{
	int lo = 0, hi = arch->count - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(arch->names[mid], name);

		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Register a syscall name; report duplicates (binary search over seen names). */
static void add_name(struct lower *l, const struct sd_name *n)
{
	const char **hit;

	if (l->name_count) {
		hit = bsearch(&n->name, l->name_index, (size_t)l->name_count,
			      sizeof(*l->name_index), cmp_str);
		if (hit) {
			sd_error(l->diag, n->loc, "syscall '%s' is already described",
				 n->name);
			sd_note(l->diag, l->name_locs[hit - l->name_index],
				"previous description here");
			return;
		}
	}
	if (l->name_count == l->name_cap) {
		int cap = l->name_cap ? l->name_cap * 2 : 256;
		const char **v = sd_alloc(l->a, sizeof(*v) * (size_t)cap);
		struct sd_loc *locs = sd_alloc(l->a, sizeof(*locs) * (size_t)cap);

		if (l->name_count) {
			memcpy(v, l->name_index, sizeof(*v) * (size_t)l->name_count);
			memcpy(locs, l->name_locs, sizeof(*locs) * (size_t)l->name_count);
		}
		l->name_index = v;
		l->name_locs = locs;
		l->name_cap = cap;
	}
	/* insertion keeps the index sorted */
	{
		int i = l->name_count;

		while (i > 0 && strcmp(l->name_index[i - 1], n->name) > 0) {
			l->name_index[i] = l->name_index[i - 1];
			l->name_locs[i] = l->name_locs[i - 1];
			i--;
		}
		l->name_index[i] = n->name;
		l->name_locs[i] = n->loc;
		l->name_count++;
	}
}

/* Check a bound expression: a number within [1, max]. */
static int get_bound(struct lower *l, const struct sd_expr *e, int max, const char *what)
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

/* A length source: an argument name, return_value, or a number. */
static void get_len(struct lower *l, struct sd_syscall *sc, struct sd_arg *arg,
		    const struct sd_expr *e, int nargs_decl, struct sd_decl *decls)
{
	if (e->kind == SD_E_INT) {
		arg->len_kind = SD_LEN_CONST;
		arg->len_const = e->ival;
		return;
	}
	if (e->kind != SD_E_NAME && e->kind != SD_E_DEREF) {
		sd_error(l->diag, e->loc, "a length is an argument name, *name, "
			 "return_value or a number");
		return;
	}
	if (!strcmp(e->name, "return_value")) {
		arg->len_kind = SD_LEN_RET;
		return;
	}
	{
		int i = 0;

		for (struct sd_decl *d = decls; d && i < nargs_decl; d = d->next, i++)
			if (!strcmp(d->name, e->name)) {
				if (e->kind == SD_E_DEREF) {
					/* checked once that argument is lowered */
					arg->len_kind = SD_LEN_DEREF;
					arg->len_arg = i;
					return;
				}
				if (d->type->stars) {
					sd_error(l->diag, e->loc,
						 "length '%s' is a pointer, not a number "
						 "(*%s: the int it points to)", e->name, e->name);
					return;
				}
				arg->len_kind = SD_LEN_ARG;
				arg->len_arg = i;
				return;
			}
	}
	sd_error(l->diag, e->loc, "length '%s' names no argument of '%s'",
		 e->name, sc->id);
}

/* Check names in a condition: arguments (scalars) or CONSTANTS. */
static void check_cond(struct lower *l, struct sd_syscall *sc, const struct sd_expr *e,
		       struct sd_decl *decls)
{
	if (!e)
		return;
	if (e->kind == SD_E_BINOP) {
		check_cond(l, sc, e->lhs, decls);
		check_cond(l, sc, e->rhs, decls);
		return;
	}
	if (e->kind != SD_E_NAME)
		return;
	for (struct sd_decl *d = decls; d; d = d->next)
		if (!strcmp(d->name, e->name)) {
			if (d->type->stars)
				sd_error(l->diag, e->loc,
					 "condition uses '%s', a pointer", e->name);
			return;
		}
	if (!is_upper_ident(e->name))
		sd_error(l->diag, e->loc, "condition names '%s', which is no argument "
			 "of '%s' (constants are UPPER_CASE)", e->name, sc->id);
}

static int elem_size(const struct sd_arg *arg)
{
	if (arg->st)
		return sd_struct_size(arg->st);
	return arg->elem_ctype ? arg->elem_ctype->size : 8;
}

/* Largest number of bytes one capture of @arg can take in a record. */
static int capture_max(const struct sd_arg *arg)
{
	switch (arg->cap) {
	case SD_CAP_STRING:
	case SD_CAP_PATH:
	case SD_CAP_BUFFER:
		return arg->bound;
	case SD_CAP_STRUCT:
		return sd_struct_size(arg->st);
	case SD_CAP_ARRAY:
		return arg->bound * elem_size(arg);
	case SD_CAP_STRARRAY:
		return arg->abbrev ? 4 : arg->bound * (2 + arg->elem_bound);
	case SD_CAP_RECORDS:
		return 4 + arg->bound;	/* the count, then the bytes */
	default:
		return 0;
	}
}

/* @case(CONST, ...) on argument @idx: it selects the variant @sc. */
static void lower_case(struct lower *l, struct sd_syscall *sc,
		       const struct sd_annot *an, int idx)
{
	struct sd_case **tail = &sc->cases;

	if (sc->cases) {
		sd_error(l->diag, an->loc, "a second @case in '%s' (one argument "
			 "selects a variant)", sc->id);
		return;
	}
	sc->sel = idx;
	for (const struct sd_expr *e = an->args; e; e = e->next) {
		struct sd_case *c;

		if (e->kind != SD_E_NAME || !is_upper_ident(e->name)) {
			sd_error(l->diag, e->loc, "@case lists UPPER_CASE constants");
			continue;
		}
		for (c = sc->cases; c; c = c->next)
			if (!strcmp(c->name, e->name))
				break;
		if (c) {
			sd_error(l->diag, e->loc, "constant '%s' is listed twice",
				 e->name);
			continue;
		}
		c = sd_alloc(l->a, sizeof(*c));
		c->name = e->name;
		c->loc = e->loc;
		*tail = c;
		tail = &c->next;
	}
}

static void lower_arg(struct lower *l, struct sd_syscall *sc, struct sd_decl *d,
		      struct sd_decl *decls, int idx)
{
	struct sd_arg *arg = &sc->args[idx];
	const struct sd_type *t = d->type;
	const struct sd_annot *cap_an = NULL, *dir_an = NULL;
	int fmt_seen = 0, dir_seen = 0;

	check_name(l, d->name, d->loc, "argument");
	arg->name = d->name;
	arg->index = idx;
	arg->loc = d->loc;
	arg->slot = -1;
	arg->is_ptr = t->stars > 0;
	if (d->array_len)
		sd_error(l->diag, d->loc, "argument '%s' cannot be an array; "
			 "use a pointer", d->name);
	if (arg->is_ptr) {
		arg->size = 8;
		arg->fmt = SD_FMT_PTR;
		if (t->struct_name) {
			arg->st = struct_find(l->plan, t->struct_name);
		} else if (!sd_ctype_find(t->words)) {
			sd_error(l->diag, t->loc, "unknown type '%s'", t->words);
		}
	} else if (t->struct_name) {
		sd_error(l->diag, t->loc, "argument '%s' passes a struct by value; "
			 "syscalls take scalars or pointers", d->name);
		arg->size = 8;
	} else {
		const struct sd_ctype *ct = sd_ctype_find(t->words);

		if (!ct) {
			sd_error(l->diag, t->loc, "unknown type '%s'", t->words);
			arg->size = 8;
		} else if (!ct->size) {
			sd_error(l->diag, t->loc, "argument '%s' cannot be void", d->name);
			arg->size = 8;
		} else {
			arg->size = ct->size;
			arg->is_signed = ct->is_signed;
		}
	}
	for (struct sd_annot *an = d->annots; an; an = an->next) {
		const struct annot_def *def = check_annot(l, an, ON_ARG);

		if (!def)
			continue;
		switch (def->kind) {
		case K_DIR:
			if (dir_seen)
				sd_error(l->diag, an->loc, "second direction '@%s'", an->name);
			dir_seen = 1;
			dir_an = an;
			arg->dir = (enum sd_dir)def->val;
			break;
		case K_CAP:
			if (cap_an) {
				sd_error(l->diag, an->loc,
					 "conflicting capture annotations '@%s' and '@%s'",
					 cap_an->name, an->name);
				break;
			}
			cap_an = an;
			arg->cap = (enum sd_cap)def->val;
			break;
		case K_FMT:
			lower_fmt(l, an, def, &arg->fmt, &arg->table, &arg->printer,
				  &fmt_seen, ON_ARG);
			break;
		case K_IF:
			if (an->args->depth > SD_MAX_COND_DEPTH) {
				sd_error(l->diag, an->args->loc, "condition nests %d "
					 "operators deep (at most %d)", an->args->depth,
					 SD_MAX_COND_DEPTH);
				break;
			}
			arg->cond = an->args;
			check_cond(l, sc, an->args, decls);
			break;
		case K_ABBREV:
			arg->abbrev = 1;
			break;
		case K_CASE:
			lower_case(l, sc, an, idx);
			break;
		case K_INSIDE:
			arg->inside = 1;
			break;
		default:
			break;
		}
	}
	if (sc->sel == idx && arg->is_ptr)
		sd_error(l->diag, d->loc, "the selector '%s' is a pointer; @case "
			 "chooses by a number", d->name);
	/* a pointer to a declared struct is captured as that struct */
	if (!cap_an && arg->st && !fmt_seen)
		arg->cap = SD_CAP_STRUCT;
	if (!cap_an && arg->is_ptr && t->struct_name && !arg->st && !fmt_seen) {
		sd_error(l->diag, t->loc, "unknown struct '%s' (declare it, or print "
			 "the pointer with @ptr)", t->struct_name);
		return;
	}
	if (cap_an) {
		const struct sd_expr *a0 = cap_an->args;
		const struct sd_expr *a1 = a0 ? a0->next : NULL;

		if (!arg->is_ptr) {
			sd_error(l->diag, cap_an->loc, "@%s needs a pointer argument, "
				 "'%s' is '%s'", cap_an->name, d->name, type_str(l, t));
			arg->cap = SD_CAP_NONE;
			return;
		}
		/* a print annotation applies to array elements and to buffers
		 * a structured printer reads; nothing else */
		if (fmt_seen && !(arg->cap == SD_CAP_ARRAY && !arg->st) &&
		    !(arg->cap == SD_CAP_BUFFER && arg->fmt == SD_FMT_PRINTER))
			sd_error(l->diag, cap_an->loc, "argument '%s' is captured by "
				 "@%s and cannot have a print annotation too",
				 d->name, cap_an->name);
		switch (arg->cap) {
		case SD_CAP_PATH:
			arg->bound = SD_PATH_BOUND;
			if (a0) {
				arg->cap = SD_CAP_STRING;
				arg->bound = get_bound(l, a0, SD_MAX_BOUND, "string bound");
			}
			goto string;
		case SD_CAP_STRING:
			arg->bound = get_bound(l, a0, SD_MAX_BOUND, "string bound");
string:
			if (t->stars != 1 || (strcmp(t->words, "char") &&
					      strcmp(t->words, "unsigned char")))
				sd_error(l->diag, cap_an->loc, "@%s needs a 'char *' "
					 "argument, '%s' is '%s'", cap_an->name,
					 d->name, type_str(l, t));
			break;
		case SD_CAP_BUFFER:
			get_len(l, sc, arg, a0, SD_MAX_ARGS, decls);
			arg->bound = a1 ? get_bound(l, a1, SD_MAX_BOUND, "buffer bound")
				: SD_BUF_BOUND;
			break;
		case SD_CAP_ARRAY:
			get_len(l, sc, arg, a0, SD_MAX_ARGS, decls);
			arg->bound = get_bound(l, a1, SD_MAX_ELEMS, "array bound");
			if (t->stars != 1 || (!arg->st &&
			    !(arg->elem_ctype = sd_ctype_find(t->words)))) {
				sd_error(l->diag, cap_an->loc, "@array needs a pointer to "
					 "a declared struct or a scalar, '%s' is '%s'",
					 d->name, type_str(l, t));
			} else if (arg->elem_ctype && !arg->elem_ctype->size) {
				sd_error(l->diag, cap_an->loc, "@array of void");
			}
			break;
		case SD_CAP_RECORDS:
			get_len(l, sc, arg, a0, SD_MAX_ARGS, decls);
			arg->bound = get_bound(l, a1, SD_MAX_BOUND - 4, "records bound");
			if (!arg->st || t->stars != 1 || !arg->st->reclen || !arg->st->flex)
				sd_error(l->diag, cap_an->loc, "@records needs a pointer to a "
					 "struct with a @reclen field and a flexible last field");
			break;
		case SD_CAP_STRARRAY:
			arg->bound = get_bound(l, a0, SD_MAX_ELEMS, "array bound");
			arg->elem_bound = get_bound(l, a1, SD_MAX_BOUND, "string bound");
			if (t->stars != 2 || strcmp(t->words, "char"))
				sd_error(l->diag, cap_an->loc, "@strarray needs a 'char **' "
					 "argument, '%s' is '%s'", d->name, type_str(l, t));
			break;
		default:
			break;
		}
		if (arg->bound < 0)
			arg->bound = 1;
		if (arg->elem_bound < 0)
			arg->elem_bound = 1;
	}
	/* array elements print as numbers unless told otherwise (@ptr: NULL) */
	if (arg->cap == SD_CAP_ARRAY && !arg->st && !fmt_seen)
		arg->fmt = SD_FMT_DEC;
	if (arg->abbrev && arg->cap != SD_CAP_STRARRAY)
		sd_error(l->diag, d->loc, "@abbrev applies to @strarray arguments only");
	if (dir_an && arg->cap == SD_CAP_NONE)
		sd_error(l->diag, dir_an->loc, "@%s needs a captured pointer "
			 "(a string, buffer, struct or array)", dir_an->name);
	if (arg->len_kind == SD_LEN_RET && arg->dir != SD_DIR_OUT)
		sd_error(l->diag, cap_an->loc, "'%s' is sized by the return "
			 "value, so it must be @out", d->name);
	if (arg->cap != SD_CAP_NONE) {
		arg->at_entry = arg->dir != SD_DIR_OUT;
		arg->slot = sc->nslots++;
		if (arg->dir == SD_DIR_INOUT)
			sc->nslots++;	/* the exit copy has its own slot */
		if ((arg->cap == SD_CAP_ARRAY || arg->cap == SD_CAP_STRUCT) &&
		    arg->st && arg->st->ndeep) {
			if (arg->dir == SD_DIR_INOUT)
				sd_error(l->diag, d->loc, "@inout '%s' cannot copy through "
					 "its elements' pointers", d->name);
			arg->deep_slot = sc->nslots;
			sc->nslots += arg->st->ndeep;
		}
	}
	if ((arg->fmt == SD_FMT_FD || arg->fmt == SD_FMT_DIRFD ||
	     arg->fmt == SD_FMT_FLAGS || arg->fmt == SD_FMT_ENUM ||
	     arg->fmt >= SD_FMT_ENUM_DEC ||
	     arg->fmt == SD_FMT_SIGNAL || arg->fmt == SD_FMT_UMODE ||
	     arg->fmt == SD_FMT_FILEMODE) && arg->is_ptr && arg->cap != SD_CAP_ARRAY)
		sd_error(l->diag, d->loc, "argument '%s' is a pointer and cannot "
			 "print as a number", d->name);
}

static void lower_ret(struct lower *l, struct sd_syscall *sc, struct sd_decl *d)
{
	const struct sd_type *t = d->type;
	int fmt_seen = 0;

	sc->ret = SD_RET_ERRNO;
	if (!t->struct_name && !sd_ctype_find(t->words))
		sd_error(l->diag, t->loc, "unknown type '%s'", t->words);
	if (t->struct_name && !t->stars)
		sd_error(l->diag, t->loc, "a syscall returns a scalar, not a struct");
	if (t->stars)
		sc->ret = SD_RET_HEX;
	for (struct sd_annot *an = d->annots; an; an = an->next) {
		const struct annot_def *def = check_annot(l, an, ON_RET);
		const struct sd_expr *e;
		size_t i;

		if (!def)
			continue;
		if (def->kind == K_FMT) {
			if (def->val == SD_FMT_PRINTER && an->args->kind == SD_E_NAME &&
			    !strcmp(an->args->name, "time")) {
				sc->ret_fmt = SD_FMT_PRINTER;	/* = 1796241814 (2026-...) */
				continue;
			}
			if (def->val != SD_FMT_FLAGS && def->val != SD_FMT_ENUM &&
			    def->val != SD_FMT_SIGNAL) {
				sd_error(l->diag, an->loc, "@%s cannot be used on the "
					 "return value", an->name);
				continue;
			}
			if (!lower_fmt(l, an, def, &sc->ret_fmt, &sc->ret_table,
				       NULL, &fmt_seen, ON_RET) && an->nargs > 1) {
				e = an->args->next;
				if (e->kind != SD_E_NAME)
					sd_error(l->diag, e->loc, "a label is a word");
				else
					sc->ret_label = e->name;
			}
			continue;
		}
		e = an->args;
		for (i = 0; i < N_ELEMS(ret_kinds); i++)
			if (e->kind == SD_E_NAME && !strcmp(ret_kinds[i].name, e->name))
				break;
		if (i == N_ELEMS(ret_kinds)) {
			sd_error(l->diag, e->loc, "unknown return kind (expected errno, "
				 "fd, chdir, size, pid, hex, oct, forked or noreturn)");
			continue;
		}
		sc->ret = ret_kinds[i].ret;
	}
	if (!t->stars && !t->struct_name && !strcmp(t->words, "void") &&
	    sc->ret != SD_RET_NORETURN)
		sd_error(l->diag, t->loc, "a void return_value needs @ret(noreturn)");
}

/*
 * Order the fixed part: a family's selector first (all its records have it
 * at the same offset), then size descending, declaration order among equals.
 */
static void layout(struct sd_syscall *sc)
{
	int n = 0, size = 24;	/* struct sd_hdr (16) and the result (8) */

	if (sc->sel >= 0 && sc->sel < sc->nargs) {
		sc->order[n++] = sc->sel;
		size += sc->args[sc->sel].size;
	}
	for (int s = 8; s >= 1; s /= 2)
		for (int i = 0; i < sc->nargs; i++)
			if (sc->args[i].size == s && i != sc->sel) {
				size = (size + s - 1) / s * s;	/* C's alignment */
				sc->order[n++] = i;
				size += s;
			}
	sc->fixed_size = (size + 7) & ~7;	/* the C struct's tail padding */
	sc->max_size = size;
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *arg = &sc->args[i];

		if (arg->cap == SD_CAP_NONE)
			continue;
		sc->max_size += 4 + capture_max(arg);
		if (arg->st && arg->st->ndeep) {
			int per = 0, n = arg->cap == SD_CAP_ARRAY ? arg->bound : 1;

			for (const struct sd_field *f = arg->st->fields; f; f = f->next)
				if (f->deep)
					per += 4 + f->bound;
			sc->max_size += n * per;
		}
		if (arg->at_entry)
			sc->max_size += 4;	/* an entry copy retried at exit */
		if (arg->dir == SD_DIR_INOUT)
			sc->max_size += 4 + capture_max(arg);
		if (arg->name_slot >= 0)
			sc->max_size += arg->bound * (4 + SD_PATH_BOUND);
	}
	if (sc->name_slot >= 0)
		sc->max_size += 4 + SD_PATH_BOUND;
}

/* "fcntl" of "fcntl$getfl", in the arena. */
static const char *base_name(struct lower *l, const char *name)
{
	const char *dollar = strchr(name, '$');

	return dollar ? sd_strndup(l->a, name, (size_t)(dollar - name)) : name;
}

/* The C identifier of a description: '$' becomes "__". */
static const char *c_ident(struct lower *l, const char *name)
{
	const char *dollar = strchr(name, '$');

	if (!dollar)
		return name;
	return sd_asprintf(l->a, "%.*s__%s", (int)(dollar - name), name, dollar + 1);
}

static void add_syscall(struct lower *l, struct sd_item *it)
{
	struct sd_syscall *sc = sd_alloc(l->a, sizeof(*sc));
	int nargs = sd_decl_count(it->decls), i = 0;

	sc->id = c_ident(l, it->names->name);
	sc->names = it->names;
	sc->classes = it->classes;
	sc->loc = it->loc;
	sc->sel = -1;
	for (struct sd_name *n = it->names; n; n = n->next) {
		const char *base = base_name(l, n->name);

		add_name(l, n);
		if (!arch_knows(l->arch, base))
			sd_error(l->diag, n->loc, "the target architecture has no "
				 "syscall '%s'", base);
		if (base != n->name && (n != it->names || n->next))
			sd_error(l->diag, n->loc, "variant '%s' shares its description; "
				 "a variant has one name", n->name);
		if (base == n->name)
			l->plan->nnames++;
	}
	for (struct sd_name *c = it->classes; c; c = c->next) {
		size_t k;

		for (k = 0; sd_class_names[k]; k++)
			if (!strcmp(sd_class_names[k], c->name))
				break;
		if (!sd_class_names[k])
			sd_error(l->diag, c->loc, "unknown class '%%%s'", c->name);
	}
	check_unique(l, it->classes, "class");
	if (nargs > SD_MAX_ARGS) {
		struct sd_decl *d = it->decls;

		for (int k = 0; k < SD_MAX_ARGS; k++)
			d = d->next;
		sd_error(l->diag, d->loc, "'%s' has %d arguments; a syscall has at "
			 "most %d", sc->id, nargs, SD_MAX_ARGS);
	}
	for (struct sd_decl *d = it->decls; d; d = d->next, i++) {
		for (struct sd_decl *e = it->decls; e != d; e = e->next)
			if (!strcmp(e->name, d->name)) {
				sd_error(l->diag, d->loc, "duplicate argument '%s' in '%s'",
					 d->name, sc->id);
				sd_note(l->diag, e->loc, "first declared here");
				break;
			}
		if (i >= SD_MAX_ARGS)
			break;
		sc->nargs = i + 1;
	}
	lower_ret(l, sc, it->ret);
	for (i = 0; i < sc->nargs; i++) {
		struct sd_decl *d = it->decls;

		for (int k = 0; k < i; k++)
			d = d->next;
		lower_arg(l, sc, d, it->decls, i);
	}
	for (i = 0; i < sc->nargs; i++) {
		struct sd_arg *arg = &sc->args[i];

		if (arg->cap != SD_CAP_NONE && arg->at_entry)
			sc->has_entry = 1;
		if ((arg->len_kind == SD_LEN_ARG || arg->len_kind == SD_LEN_DEREF) &&
		    arg->len_arg >= sc->nargs)
			arg->len_kind = SD_LEN_NONE;	/* already reported */
		if (arg->len_kind == SD_LEN_DEREF) {
			const struct sd_arg *la = &sc->args[arg->len_arg];

			for (int k = 0; k < i; k++)
				if (sc->args[k].len_kind == SD_LEN_DEREF)
					sd_error(l->diag, arg->loc, "'%s' has a second "
						 "*LEN length (one per call)", sc->id);
			if (la->cap != SD_CAP_ARRAY || !la->elem_ctype ||
			    la->elem_ctype->size != 4 || la->dir == SD_DIR_OUT) {
				sd_error(l->diag, arg->loc, "'%s' is sized by *%s, which must "
					 "be an @in or @inout @array of one int", arg->name,
					 la->name);
				arg->len_kind = SD_LEN_NONE;
			} else if (arg->cap != SD_CAP_BUFFER || arg->dir != SD_DIR_OUT) {
				sd_error(l->diag, arg->loc, "only an @out @buffer is sized "
					 "by *%s", la->name);
				arg->len_kind = SD_LEN_NONE;
			}
		}
		if (arg->inside && (arg->dir != SD_DIR_INOUT || arg->cap != SD_CAP_ARRAY ||
				    arg->st))
			sd_error(l->diag, arg->loc, "@inside applies to @inout arrays of "
				 "numbers");
		if (sc->ret == SD_RET_NORETURN && arg->cap != SD_CAP_NONE &&
		    arg->dir != SD_DIR_IN)
			sd_error(l->diag, arg->loc, "'%s' never returns, so its @%s "
				 "argument '%s' can never be captured", sc->id,
				 arg->dir == SD_DIR_OUT ? "out" : "inout", arg->name);
	}
	if (sc->ret == SD_RET_NORETURN)
		sc->has_entry = 1;
	/* -y: what a new descriptor, or the new cwd, is; captured at exit */
	sc->name_slot = -1;
	for (i = 0; i < sc->nargs; i++) {
		struct sd_arg *arg = &sc->args[i];

		arg->name_slot = -1;
		if (arg->cap == SD_CAP_ARRAY && arg->fmt == SD_FMT_FD &&
		    arg->dir == SD_DIR_OUT && !arg->st && arg->elem_ctype->size == 4 &&
		    arg->bound <= 2) {
			arg->name_slot = sc->nslots;
			sc->nslots += arg->bound;
		}
	}
	if (sc->ret == SD_RET_FD || sc->ret == SD_RET_CHDIR)
		sc->name_slot = sc->nslots++;
	if (sc->nslots > SD_MAX_SLOTS)
		sd_error(l->diag, it->loc, "'%s' has %d captures (at most %d)", sc->id,
			 sc->nslots, SD_MAX_SLOTS);
	if (strchr(it->names->name, '$')) {
		if (!sc->cases)
			sd_error(l->diag, it->names->loc, "variant '%s' needs an "
				 "argument with @case(CONSTANT, ...) to select it",
				 it->names->name);
	} else if (sc->cases) {
		sd_error(l->diag, it->names->loc, "@case selects a variant: name "
			 "the description '%s$VARIANT'", it->names->name);
		sc->cases = NULL;
		sc->sel = -1;
	}
	sc->index = l->plan->nsyscalls++;
	*l->syscalls_tail = sc;
	l->syscalls_tail = &sc->next;
}

static struct sd_syscall *find_base(struct lower *l, const char *name)
{
	for (struct sd_syscall *sc = l->plan->syscalls; sc; sc = sc->next)
		for (const struct sd_name *n = sc->names; n; n = n->next)
			if (!strcmp(n->name, name))
				return sc;
	return NULL;
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
static void pass_variants(struct lower *l)
{
	for (struct sd_syscall *v = l->plan->syscalls; v; v = v->next) {
		struct sd_syscall *b;
		const struct sd_arg *vs, *bs;

		if (!v->cases)
			continue;
		b = find_base(l, base_name(l, v->names->name));
		if (!b || b->cases) {
			if (!b)
				sd_error(l->diag, v->names->loc, "variant '%s' has no "
					 "base description '%s.' for the other values",
					 v->names->name, base_name(l, v->names->name));
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
			c->k = const_index(l, c->name);
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
	pass_symbols(&l, items);
	for (struct sd_item *it = items; it; it = it->next)
		if (it->kind == SD_I_SYSCALL)
			add_syscall(&l, it);
	pass_variants(&l);
	for (struct sd_syscall *sc = plan->syscalls; sc; sc = sc->next) {
		layout(sc);
		if (sc->max_size > SD_REC_MAX)
			sd_error(l.diag, sc->loc, "a record of '%s' can reach %d bytes, "
				 "more than the %d a record may hold; lower its bounds",
				 sc->id, sc->max_size, SD_REC_MAX);
	}
	return diag->errors > before ? -EINVAL : 0;
}

/* ---- layout helpers shared by the backends ---- */

static int field_size(const struct sd_field *f, int *align)
{
	int sz, al;

	if (f->sub) {
		sz = sd_struct_size(f->sub);
		al = sd_struct_align(f->sub);
	} else {
		sz = f->ctype ? f->ctype->size : 8;
		al = sz;
	}
	if (f->flex)
		sz = 0;		/* the rest of the record */
	if (f->array_len > 0)
		sz *= (int)f->array_len;
	*align = al;
	return sz;
}

int sd_field_offset(const struct sd_struct *s, const struct sd_field *want)
{
	int off = 0, a, sz;

	for (const struct sd_field *f = s->fields; f; f = f->next) {
		sz = field_size(f, &a);
		off = (off + a - 1) / a * a;
		if (f == want)
			return off;
		off += sz;
	}
	return -1;
}

int sd_struct_align(const struct sd_struct *s)
{
	int al = 1, a;

	for (const struct sd_field *f = s->fields; f; f = f->next) {
		field_size(f, &a);
		if (a > al)
			al = a;
	}
	return al;
}

int sd_struct_size(const struct sd_struct *s)
{
	int off = 0, a, sz, al = sd_struct_align(s);

	for (const struct sd_field *f = s->fields; f; f = f->next) {
		sz = field_size(f, &a);
		off = (off + a - 1) / a * a + sz;
	}
	return (off + al - 1) / al * al;
}

/* SPDX-License-Identifier: MIT */
/*
 * lower_syscalls.c - pass 2: every record checked against the symbols and
 * the target's syscall names, and lowered into the capture plan.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower_int.h"

#define SD_RET_KIND(word, NAME) { #word, SD_RET_##NAME },
static const struct {
	const char *name;
	enum sd_ret_kind ret;
} ret_kinds[] = {
	SD_RET_KINDS(SD_RET_KIND)
	/* the same as errno, named for readers */
	{ "size", SD_RET_ERRNO },
};
#undef SD_RET_KIND

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

/* A length source: an argument name, return_value, or a number. */
/*
 * A length computed from arguments: numbers, names of scalar arguments
 * before the sixth, + - * / and the comparisons (1 or 0), as mincore's
 * (len + 4095) / 4096.  Division is unsigned, by a number not 0.
 */
/*
 * ARG.FIELD in a length: a number field of the struct argument ARG
 * (checked to be copied at entry once the arguments are lowered).
 */
static int check_len_field(struct lower *l, struct sd_syscall *sc, const struct sd_expr *e,
			   int nargs_decl, struct sd_decl *decls)
{
	const char *dot = strchr(e->name, '.');
	size_t n = (size_t)(dot - e->name);
	int i = 0;

	for (struct sd_decl *d = decls; d && i < nargs_decl; d = d->next, i++) {
		const struct sd_struct *st;

		if (strlen(d->name) != n || strncmp(d->name, e->name, n))
			continue;
		st = d->type->struct_name && d->type->stars == 1 ?
			lw_struct_find(l->plan, d->type->struct_name) : NULL;
		for (const struct sd_field *f = st ? st->fields : NULL; f; f = f->next)
			if (!strcmp(f->name, dot + 1) && f->ctype && !f->is_ptr &&
			    !f->array_len && !f->flex && !f->bits && !f->ugroup)
				return 1;
		break;
	}
	sd_error(l->diag, e->loc, "'%s' in a length names no number field of a "
		 "struct argument of '%s'", e->name, sc->id);
	return 0;
}

/* Checking a length only the decoder computes: it may name constants. */
static int len_dec_consts;

/* The argument of the first ARG.FIELD in @e, or -1. */
static int len_field_arg(const struct sd_expr *e, struct sd_decl *decls)
{
	int i = 0, k;

	if (e->kind == SD_E_BINOP)
		return (k = len_field_arg(e->lhs, decls)) >= 0 ? k :
			len_field_arg(e->rhs, decls);
	if (e->kind != SD_E_NAME || !strchr(e->name, '.'))
		return -1;
	for (struct sd_decl *d = decls; d; d = d->next, i++)
		if (!strncmp(d->name, e->name, strlen(d->name)) &&
		    e->name[strlen(d->name)] == '.')
			return i;
	return -1;
}

/* Whether every ARG.FIELD in @e names argument @k. */
static int len_fields_of(const struct sd_expr *e, struct sd_decl *decls, int k)
{
	if (e->kind == SD_E_BINOP)
		return len_fields_of(e->lhs, decls, k) && len_fields_of(e->rhs, decls, k);
	return e->kind != SD_E_NAME || !strchr(e->name, '.') ||
		len_field_arg(e, decls) == k;
}

static int check_len_expr(struct lower *l, struct sd_syscall *sc, const struct sd_expr *e,
			  int nargs_decl, struct sd_decl *decls)
{
	int i = 0, ok;

	switch (e->kind) {
	case SD_E_INT:
		return 1;
	case SD_E_BINOP:
		if (e->op == '|' || e->op == '&') {
			sd_error(l->diag, e->loc, "a length computes with + - * / and "
				 "comparisons, not '%c'", e->op);
			return 0;
		}
		ok = check_len_expr(l, sc, e->lhs, nargs_decl, decls);
		ok &= check_len_expr(l, sc, e->rhs, nargs_decl, decls);
		if (e->op == '/' && (e->rhs->kind != SD_E_INT || !e->rhs->ival)) {
			sd_error(l->diag, e->rhs->loc, "a length divides by a number "
				 "other than 0");
			return 0;
		}
		return ok;
	case SD_E_NAME:
		if (strchr(e->name, '.'))
			return check_len_field(l, sc, e, nargs_decl, decls);
		if (len_dec_consts && lw_is_upper_ident(e->name))
			return 1;	/* the decoder's: the headers' constants */
		for (struct sd_decl *d = decls; d && i < nargs_decl; d = d->next, i++)
			if (!strcmp(d->name, e->name)) {
				if (!d->type->stars)
					return 1;
				sd_error(l->diag, e->loc, "length '%s' is a pointer, "
					 "not a number", e->name);
				return 0;
			}
		sd_error(l->diag, e->loc, "'%s' in a length names no argument of "
			 "'%s'", e->name, sc->id);
		return 0;
	default:
		sd_error(l->diag, e->loc, "a length computes with arguments and "
			 "numbers only");
		return 0;
	}
}

static void get_len(struct lower *l, struct sd_syscall *sc, struct sd_arg *arg,
		    const struct sd_expr *e, int nargs_decl, struct sd_decl *decls)
{
	int k = len_field_arg(e, decls);

	if (k >= 0) {	/* the decoder's: the recorder copies the bound */
		int ok;

		len_dec_consts = 1;
		ok = check_len_expr(l, sc, e, nargs_decl, decls);
		len_dec_consts = 0;
		if (!ok)
			return;
		if (!len_fields_of(e, decls, k)) {
			sd_error(l->diag, e->loc, "a length names the fields of one "
				 "struct argument");
			return;
		}
		arg->len_kind = SD_LEN_CONST;
		arg->len_const = 1LL << 30;
		arg->len_dec = e;
		arg->len_dec_arg = k;
		return;
	}
	if (e->kind == SD_E_BINOP) {
		if (check_len_expr(l, sc, e, nargs_decl, decls)) {
			arg->len_kind = SD_LEN_EXPR;
			arg->len_expr = e;
		}
		return;
	}
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

/*
 * @inout(LEN): an array sized by the result is copied at entry too, as
 * long as argument LEN says (recvmmsg's vlen): what was given of each
 * element the call filled.
 */
static void lower_in_len(struct lower *l, struct sd_syscall *sc, struct sd_arg *arg,
			 const struct sd_expr *e, struct sd_decl *decls)
{
	int i = 0;

	if (arg->dir == SD_DIR_INOUT && e->kind == SD_E_NAME)
		for (struct sd_decl *d = decls; d && i < SD_MAX_ARGS; d = d->next, i++)
			if (!strcmp(d->name, e->name) && !d->type->stars &&
			    !d->type->struct_name) {
				arg->in_len_arg = i;
				return;
			}
	sd_error(l->diag, e->loc, "@inout(LEN): LEN is a number argument of '%s'",
		 sc->id);
}

/*
 * @fdset(NFDS[, N]): an fd_set holding NFDS descriptors, a number argument.
 * The kernel reads NFDS bits rounded up to longs, and so does the recorder
 * (at most N bytes, SD_FDSET_BOUND by default): a length of
 * (NFDS > 0) * ((NFDS + 63) / 64 * 8), nothing when NFDS is not positive.
 */
static void lower_fdset(struct lower *l, struct sd_syscall *sc, struct sd_arg *arg,
			const struct sd_annot *an, struct sd_decl *decls)
{
	const struct sd_expr *n = an->args;
	struct sd_loc lc = an->loc;
	struct sd_expr *e;
	int i = 0, found = 0;

	for (struct sd_decl *d = decls; n->kind == SD_E_NAME && d && i < SD_MAX_ARGS;
	     d = d->next, i++)
		if (!strcmp(d->name, n->name) && !d->type->stars && !d->type->struct_name) {
			found = 1;
			break;
		}
	if (!found) {
		sd_error(l->diag, n->loc, "@fdset(NFDS): NFDS is a number argument "
			 "of '%s'", sc->id);
		arg->fdset_nfds = -2;	/* an @fdset still, for @ready */
		return;
	}
	arg->fdset_nfds = i;
	e = sd_expr_binop(l->a, lc, '+', sd_expr_name(l->a, lc, n->name),
			  sd_expr_int(l->a, lc, 63));
	e = sd_expr_binop(l->a, lc, '/', e, sd_expr_int(l->a, lc, 64));
	e = sd_expr_binop(l->a, lc, '*', e, sd_expr_int(l->a, lc, 8));
	e = sd_expr_binop(l->a, lc, '*', sd_expr_binop(l->a, lc, '>',
			  sd_expr_name(l->a, lc, n->name), sd_expr_int(l->a, lc, 0)), e);
	arg->len_kind = SD_LEN_EXPR;
	arg->len_expr = e;
	arg->bound = n->next ? lw_get_bound(l, n->next, SD_MAX_BOUND, "fdset bound")
		: SD_FDSET_BOUND;
	if (arg->typed || arg->fmt == SD_FMT_PRINTER)
		sd_error(l->diag, an->loc, "@fdset prints descriptors: '%s' is a "
			 "'void *' without a printer", arg->name);
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
	if (!strcmp(e->name, "return_value"))
		return;		/* the result, once the call returned */
	if (!lw_is_upper_ident(e->name))
		sd_error(l->diag, e->loc, "condition names '%s', which is no argument "
			 "of '%s' (constants are UPPER_CASE)", e->name, sc->id);
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
	sc->case_arg = idx;
	for (const struct sd_expr *e = an->args; e; e = e->next) {
		struct sd_case *c;

		if (e->kind != SD_E_NAME || !lw_is_upper_ident(e->name)) {
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

/*
 * @netlink(FD) on a buffer: FD names an @fd argument before it; when FD
 * is a netlink socket the buffer is netlink messages (syscalls/netlink.sysdef).
 */
static void lower_netlink(struct lower *l, struct sd_syscall *sc,
			  struct sd_arg *arg, const struct sd_annot *an,
			  struct sd_decl *decls)
{
	const struct sd_expr *e = an->args;
	int i = 0;

	if (arg->cap != SD_CAP_BUFFER || arg->fmt == SD_FMT_PRINTER) {
		sd_error(l->diag, an->loc, "@netlink needs a @buffer argument "
			 "without a printer");
		return;
	}
	if (e->kind != SD_E_NAME) {
		sd_error(l->diag, e->loc, "@netlink names a descriptor argument");
		return;
	}
	for (struct sd_decl *d = decls; d && i < arg->index; d = d->next, i++)
		if (!strcmp(d->name, e->name))
			break;
	if (i >= arg->index || sc->args[i].fmt != SD_FMT_FD) {
		sd_error(l->diag, e->loc, "@netlink(%s): no @fd argument '%s' before "
			 "'%s'", e->name, e->name, arg->name);
		return;
	}
	arg->netlink_fd = i;
}

static void lower_arg(struct lower *l, struct sd_syscall *sc, struct sd_decl *d,
		      struct sd_decl *decls, int idx)
{
	struct sd_arg *arg = &sc->args[idx];
	const struct sd_type *t = d->type;
	const struct sd_annot *cap_an = NULL, *dir_an = NULL, *nl_an = NULL, *changed_an = NULL;
	int fmt_seen = 0, dir_seen = 0;

	lw_check_name(l, d->name, d->loc, "argument");
	arg->name = d->name;
	arg->index = idx;
	arg->reg = idx;
	arg->loc = d->loc;
	arg->slot = -1;
	arg->netlink_fd = -1;
	arg->sock_slot = -1;
	arg->in_len_arg = -1;
	arg->fdset_nfds = -1;
	arg->is_ptr = t->stars > 0;
	if (d->array_len)
		sd_error(l->diag, d->loc, "argument '%s' cannot be an array; "
			 "use a pointer", d->name);
	if (arg->is_ptr) {
		arg->size = 8;
		arg->fmt = SD_FMT_PTR;
		if (t->struct_name) {
			arg->st = lw_struct_find(l->plan, t->struct_name);
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
		const struct annot_def *def = lw_check_annot(l, an, ON_ARG);

		if (!def)
			continue;
		switch (def->kind) {
		case K_DIR:
			if (dir_seen)
				sd_error(l->diag, an->loc, "second direction '@%s'", an->name);
			dir_seen = 1;
			dir_an = an;
			arg->dir = (enum sd_dir)def->val;
			if (an->nargs)
				lower_in_len(l, sc, arg, an->args, decls);
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
			lw_lower_fmt(l, an, def, &arg->fmt, &arg->table, &arg->printer,
				  &fmt_seen, ON_ARG);
			if (def->val == SD_FMT_PID && an->nargs) {	/* @pid(EXPR) */
				arg->pid_if = an->args;
				check_cond(l, sc, an->args, decls);
			}
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
		case K_EXACT:
			arg->exact = 1;
			break;
		case K_CLOSES:
			arg->closes = 1;
			if (an->nargs > 0) {	/* a range: first .. LAST, if COND */
				arg->closes_last = an->args;
				arg->closes_if = an->args->next;
				for (const struct sd_expr *e = an->args; e; e = e->next)
					check_cond(l, sc, e, decls);
			}
			break;
		case K_NAMED:
			arg->named = 1;
			break;
		case K_SP:
			if (!arg->is_ptr)
				sd_error(l->diag, an->loc, "@sp: the stack pointer is a "
					 "pointer, '%s' is '%s'", d->name, lw_type_str(l, t));
			arg->reg = SD_REG_SP;
			break;
		case K_WHEN:
			arg->when = an->args;
			check_cond(l, sc, an->args, decls);
			break;
		case K_NETLINK:
			nl_an = an;
			break;
		case K_CHANGED:
			changed_an = an;
			break;
		case K_AFTER:
			if (an->args->kind != SD_E_NAME)
				sd_error(l->diag, an->args->loc, "@after names an argument");
			else
				arg->after = an->args->name;
			break;
		default:
			break;
		}
	}
	if (sc->case_arg == idx && arg->is_ptr)
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
				 "'%s' is '%s'", cap_an->name, d->name, lw_type_str(l, t));
			arg->cap = SD_CAP_NONE;
			return;
		}
		/* a buffer of a struct or of a number (not bytes) prints as
		 * that type, as far as its length covers (getsockopt's value) */
		if (arg->cap == SD_CAP_BUFFER && arg->fmt != SD_FMT_PRINTER &&
		    t->stars == 1) {
			const struct sd_ctype *ct = arg->st ? NULL : sd_ctype_find(t->words);

			if (arg->st || (ct && ct->size > 1)) {
				arg->typed = 1;
				arg->elem_ctype = ct;
			}
		}
		/* a print annotation applies to array elements, to buffers of
		 * numbers and to buffers a structured printer reads */
		if (fmt_seen && !(arg->cap == SD_CAP_ARRAY && !arg->st) &&
		    !(arg->typed && !arg->st) &&
		    !(arg->cap == SD_CAP_BUFFER && arg->fmt == SD_FMT_PRINTER))
			sd_error(l->diag, cap_an->loc, "argument '%s' is captured by "
				 "@%s and cannot have a print annotation too",
				 d->name, cap_an->name);
		switch (arg->cap) {
		case SD_CAP_PATH:
			arg->bound = SD_PATH_BOUND;
			if (a0) {
				arg->cap = SD_CAP_STRING;
				arg->bound = lw_get_bound(l, a0, SD_MAX_BOUND, "string bound");
			}
			goto string;
		case SD_CAP_STRING:
			arg->bound = lw_get_bound(l, a0, SD_MAX_BOUND, "string bound");
string:
			if (t->stars != 1 || (strcmp(t->words, "char") &&
					      strcmp(t->words, "unsigned char")))
				sd_error(l->diag, cap_an->loc, "@%s needs a 'char *' "
					 "argument, '%s' is '%s'", cap_an->name,
					 d->name, lw_type_str(l, t));
			break;
		case SD_CAP_BUFFER:
			if (!strcmp(cap_an->name, "fdset")) {
				lower_fdset(l, sc, arg, cap_an, decls);
				break;
			}
			get_len(l, sc, arg, a0, SD_MAX_ARGS, decls);
			arg->bound = a1 ? lw_get_bound(l, a1, SD_MAX_BOUND, "buffer bound")
				: SD_BUF_BOUND;
			if (arg->typed && !arg->exact) {	/* the type's size at most */
				int size = arg->st ? sd_struct_size(arg->st) :
					arg->elem_ctype->size;

				if (arg->bound > size)
					arg->bound = size;
				if (arg->st)
					((struct sd_struct *)arg->st)->partial = 1;
			}
			break;
		case SD_CAP_ARRAY:
			get_len(l, sc, arg, a0, SD_MAX_ARGS, decls);
			arg->bound = lw_get_bound(l, a1, SD_MAX_ELEMS, "array bound");
			if (t->stars != 1 || (!arg->st &&
			    !(arg->elem_ctype = sd_ctype_find(t->words)))) {
				sd_error(l->diag, cap_an->loc, "@array needs a pointer to "
					 "a declared struct or a scalar, '%s' is '%s'",
					 d->name, lw_type_str(l, t));
			} else if (arg->elem_ctype && !arg->elem_ctype->size) {
				sd_error(l->diag, cap_an->loc, "@array of void");
			}
			break;
		case SD_CAP_RECORDS:
			get_len(l, sc, arg, a0, SD_MAX_ARGS, decls);
			arg->bound = lw_get_bound(l, a1, SD_MAX_BOUND - 4, "records bound");
			if (!arg->st || t->stars != 1 || !arg->st->reclen || !arg->st->flex)
				sd_error(l->diag, cap_an->loc, "@records needs a pointer to a "
					 "struct with a @reclen field and a flexible last field");
			break;
		case SD_CAP_STRARRAY:
			arg->bound = lw_get_bound(l, a0, SD_MAX_ELEMS, "array bound");
			arg->elem_bound = lw_get_bound(l, a1, SD_MAX_BOUND, "string bound");
			if (t->stars != 2 || strcmp(t->words, "char"))
				sd_error(l->diag, cap_an->loc, "@strarray needs a 'char **' "
					 "argument, '%s' is '%s'", d->name, lw_type_str(l, t));
			break;
		default:
			break;
		}
		if (arg->bound < 0)
			arg->bound = 1;
		if (arg->elem_bound < 0)
			arg->elem_bound = 1;
	}
	if (nl_an)
		lower_netlink(l, sc, arg, nl_an, decls);
	/* array elements print as numbers unless told otherwise (@ptr: NULL) */
	if (((arg->cap == SD_CAP_ARRAY && !arg->st) || (arg->typed && !arg->st)) &&
	    !fmt_seen)
		arg->fmt = SD_FMT_DEC;
	if (arg->abbrev && arg->cap != SD_CAP_STRARRAY)
		sd_error(l->diag, d->loc, "@abbrev applies to @strarray arguments only");
	if (dir_an && arg->cap == SD_CAP_NONE)
		sd_error(l->diag, dir_an->loc, "@%s needs a captured pointer "
			 "(a string, buffer, struct or array)", dir_an->name);
	if (arg->len_kind == SD_LEN_RET && arg->dir != SD_DIR_OUT &&
	    arg->dir != SD_DIR_EXIT && arg->in_len_arg < 0)
		sd_error(l->diag, cap_an->loc, "'%s' is sized by the return "
			 "value, so it must be @out, @atexit or @inout(LEN)", d->name);
	if (arg->in_len_arg >= 0 && (arg->cap != SD_CAP_ARRAY || arg->len_kind != SD_LEN_RET))
		sd_error(l->diag, dir_an->loc, "@inout(%s) sizes the entry copy of an "
			 "@array sized by return_value, which '%s' is not",
			 dir_an->args->name, d->name);
	/* the stack pointer as the call began: stored with what entry copies */
	if (arg->reg == SD_REG_SP && arg->is_ptr &&
	    (arg->cap == SD_CAP_NONE || (arg->dir != SD_DIR_IN && arg->dir != SD_DIR_INOUT)))
		sd_error(l->diag, d->loc, "@sp '%s' is the stack pointer at entry: "
			 "copy what it points to there (@in or @inout)", d->name);
	if (arg->cap != SD_CAP_NONE) {
		arg->at_entry = arg->dir == SD_DIR_IN || arg->dir == SD_DIR_INOUT;
		arg->slot = sc->nslots++;
		if (arg->dir == SD_DIR_INOUT)
			sc->nslots++;	/* the exit copy has its own slot */
		if ((arg->cap == SD_CAP_ARRAY || arg->cap == SD_CAP_STRUCT) &&
		    arg->st && arg->st->ndeep) {
			/* an @inout struct's pointers are followed at exit */
			arg->deep_slot = sc->nslots;
			sc->nslots += arg->st->ndeep;
			/* readv's iovecs: given, only their buffers are out */
			arg->addr_on_fail = arg->dir == SD_DIR_OUT &&
				arg->cap == SD_CAP_ARRAY && arg->len_kind != SD_LEN_RET;
		}
	}
	if (changed_an && !changed_an->nargs) {
		sd_error(l->diag, changed_an->loc, "an argument's @changed names the view "
			 "it prints after ' => ': @changed(VIEW)");
	} else if (changed_an) {
		const struct sd_expr *v = changed_an->args;
		const struct sd_struct *view = NULL;

		if (arg->dir != SD_DIR_INOUT || arg->cap != SD_CAP_STRUCT || arg->st->ndeep ||
		    arg->st->has_inout)
			sd_error(l->diag, changed_an->loc, "@changed needs an @inout struct "
				 "argument (no @inout fields, no pointers followed), which "
				 "'%s' is not", d->name);
		else if (v->kind != SD_E_NAME || !(view = lw_struct_find(l->plan, v->name)) ||
			 strcmp(view->ctag, arg->st->ctag) || view->ndeep ||
			 sd_struct_size(view) > sd_struct_size(arg->st))
			sd_error(l->diag, v->loc, "'%s' is no view of struct %s (of its size "
				 "at most, no pointers followed)",
				 v->kind == SD_E_NAME ? v->name : "?", arg->st->ctag);
		else
			arg->changed = view;
	}
	if (arg->closes && !arg->closes_last && (arg->fmt != SD_FMT_FD || arg->is_ptr))
		sd_error(l->diag, d->loc, "@closes needs a descriptor: '%s' is no @fd "
			 "number", d->name);
	if (arg->closes_last && arg->is_ptr)
		sd_error(l->diag, d->loc, "@closes(LAST) needs the first descriptor's "
			 "number: '%s' is a pointer", d->name);
	if ((arg->fmt == SD_FMT_FD || arg->fmt == SD_FMT_DIRFD ||
	     arg->fmt == SD_FMT_FLAGS || arg->fmt == SD_FMT_ENUM ||
	     arg->fmt >= SD_FMT_ENUM_DEC ||
	     arg->fmt == SD_FMT_SIGNAL || arg->fmt == SD_FMT_UMODE ||
	     arg->fmt == SD_FMT_FILEMODE) && arg->is_ptr && arg->cap != SD_CAP_ARRAY &&
	    !arg->typed)
		sd_error(l->diag, d->loc, "argument '%s' is a pointer and cannot "
			 "print as a number", d->name);
}

/*
 * The order arguments print in: declaration order, each @after(ARG) one
 * moved behind ARG (strace prints clone's child_stack first).
 */
static void print_order(struct lower *l, struct sd_syscall *sc)
{
	int n = 0, seen[SD_MAX_ARGS] = { 0 };

	for (int i = 0; i < sc->nargs; i++) {
		if (sc->args[i].after)
			continue;
		sc->print_order[n++] = i;
		seen[i] = 1;
		for (int j = 0; j < sc->nargs; j++)
			if (!seen[j] && sc->args[j].after &&
			    !strcmp(sc->args[j].after, sc->args[i].name)) {
				sc->print_order[n++] = j;
				seen[j] = 1;
			}
	}
	for (int i = 0; i < sc->nargs; i++)
		if (!seen[i]) {
			sd_error(l->diag, sc->args[i].loc, "@after(%s): no argument '%s' "
				 "without @after in '%s'", sc->args[i].after,
				 sc->args[i].after, sc->id);
			sc->print_order[n++] = i;
		}
}

/* @found(ARG, VIEW, FIELD) on the result: checked against the arguments. */
static void lower_found(struct lower *l, struct sd_syscall *sc)
{
	const struct sd_expr *a = sc->found_an->args, *v = a->next, *fl = v->next;
	const struct sd_arg *arg = NULL;

	if (a->kind != SD_E_NAME || v->kind != SD_E_NAME || fl->kind != SD_E_NAME) {
		sd_error(l->diag, sc->found_an->loc, "@found takes an argument, a "
			 "struct and a field, by name");
		return;
	}
	for (int i = 0; i < sc->nargs; i++)
		if (!strcmp(sc->args[i].name, a->name)) {
			arg = &sc->args[i];
			sc->found_arg = i;
		}
	if (!arg || arg->cap != SD_CAP_ARRAY || !arg->st || arg->st->ndeep) {
		sd_error(l->diag, a->loc, "@found needs an @array of structs, which "
			 "'%s' is not", a->name);
		return;
	}
	sc->found_view = lw_struct_find(l->plan, v->name);
	if (!sc->found_view || strcmp(sc->found_view->ctag, arg->st->ctag)) {
		sd_error(l->diag, v->loc, "'%s' is no view of struct %s", v->name,
			 arg->st->ctag);
		return;
	}
	for (const struct sd_field *f = sc->found_view->fields; f; f = f->next)
		if (!strcmp(f->name, fl->name) && f->ctype && !f->array_len)
			sc->found_field = f;
	if (!sc->found_field) {
		sd_error(l->diag, fl->loc, "struct '%s' has no scalar field '%s'",
			 v->name, fl->name);
		return;
	}
	sc->found_slot = sc->nslots++;
}

/* @left(ARG) on the result: a struct the call updates, after what it found. */
static void lower_left(struct lower *l, struct sd_syscall *sc)
{
	const struct sd_expr *a = sc->left_an->args;

	for (int i = 0; a->kind == SD_E_NAME && i < sc->nargs; i++)
		if (!strcmp(sc->args[i].name, a->name) && sc->args[i].cap == SD_CAP_STRUCT &&
		    !sc->args[i].st->ndeep) {
			sc->left_arg = i;
			sc->left_slot = sc->nslots++;
			return;
		}
	sd_error(l->diag, a->loc, "@left names a struct argument");
}

/*
 * @ready(ARG...) on the result: @fdset arguments read again at exit, each
 * printed with its name and the descriptors it holds, as many in all as
 * the result counts (select: "= 2 (in [3], out [4])").
 */
static void lower_ready(struct lower *l, struct sd_syscall *sc)
{
	if (sc->found_an) {
		sd_error(l->diag, sc->ready_an->loc, "@ready and @found both say what "
			 "the call found: one of them");
		return;
	}
	for (const struct sd_expr *a = sc->ready_an->args; a; a = a->next) {
		int i;

		for (i = 0; a->kind == SD_E_NAME && i < sc->nargs; i++)
			if (!strcmp(sc->args[i].name, a->name))
				break;
		if (a->kind != SD_E_NAME || i == sc->nargs || sc->args[i].fdset_nfds == -1) {
			sd_error(l->diag, a->loc, "@ready names @fdset arguments, which "
				 "'%s' is not", a->kind == SD_E_NAME ? a->name : "?");
			continue;
		}
		if (sc->args[i].fdset_nfds < 0)	/* reported at the argument */
			continue;
		sc->ready_arg[sc->nready] = i;
		sc->ready_slot[sc->nready++] = sc->nslots++;
	}
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
		const struct annot_def *def = lw_check_annot(l, an, ON_RET);
		const struct sd_expr *e;
		size_t i;

		if (!def)
			continue;
		if (def->kind == K_LEFT) {
			sc->left_an = an;	/* resolved once the arguments are */
			continue;
		}
		if (def->kind == K_READY) {
			sc->ready_an = an;	/* resolved once the arguments are */
			continue;
		}
		if (def->kind == K_FOUND) {
			if (sc->found_an)
				sd_error(l->diag, an->loc, "a second @found");
			else
				sc->found_an = an;	/* resolved once the arguments are */
			continue;
		}
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
			if (!lw_lower_fmt(l, an, def, &sc->ret_fmt, &sc->ret_table,
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

/* "fcntl" of "fcntl$getfl", in the arena. */
const char *lw_base_name(struct lower *l, const char *name)
{
	const char *dollar = strrchr(name, '$');

	return dollar ? sd_strndup(l->a, name, (size_t)(dollar - name)) : name;
}

/* "getsockopt" of "getsockopt$sol_socket$so_error": the syscall itself. */
static const char *root_name(struct lower *l, const char *name)
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
	return c_ident(l, sd_asprintf(l->a, "%.*s__%s", (int)(dollar - name), name,
				      dollar + 1));
}

void lw_add_syscall(struct lower *l, struct sd_item *it)
{
	struct sd_syscall *sc = sd_alloc(l->a, sizeof(*sc));
	int nargs, i = 0;

	/* "..." ends a struct: reported, and left out */
	for (struct sd_decl **pd = &it->decls; *pd; ) {
		if ((*pd)->more) {
			sd_error(l->diag, (*pd)->loc, "'...' ends a struct's fields, not "
				 "a syscall's arguments");
			*pd = (*pd)->next;
		} else {
			pd = &(*pd)->next;
		}
	}
	nargs = sd_decl_count(it->decls);

	sc->id = c_ident(l, it->names->name);
	sc->names = it->names;
	sc->classes = it->classes;
	sc->loc = it->loc;
	sc->sel = -1;
	sc->case_arg = -1;
	for (struct sd_name *n = it->names; n; n = n->next) {
		const char *base = lw_base_name(l, n->name);

		add_name(l, n);
		if (!arch_knows(l->arch, root_name(l, n->name)))
			sd_error(l->diag, n->loc, "the target architecture has no "
				 "syscall '%s'", root_name(l, n->name));
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
	lw_check_unique(l, it->classes, "class");
	if (nargs > SD_MAX_ARGS) {
		struct sd_decl *d = it->decls;

		for (int k = 0; k < SD_MAX_ARGS; k++)
			d = d->next;
		sd_error(l->diag, d->loc, "'%s' has %d arguments; a syscall has at "
			 "most %d", sc->id, nargs, SD_MAX_ARGS);
	}
	for (struct sd_decl *d = it->decls; d; d = d->next, i++) {
		if (d->ugroup || d->cpath)
			sd_error(l->diag, d->loc, "'%s': unions and C member names are "
				 "a struct's, not a syscall's", d->name);
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
		if (arg->len_dec) {
			const struct sd_arg *la = &sc->args[arg->len_dec_arg];

			if (la->cap != SD_CAP_STRUCT || !la->at_entry || la->dir != SD_DIR_IN ||
			    arg->cap != SD_CAP_BUFFER) {
				sd_error(l->diag, arg->loc, "'%s' is sized by fields of '%s': "
					 "a @buffer, by an @in struct argument", arg->name,
					 la->name);
				arg->len_dec = NULL;
			}
		}
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
		if (arg->exact && (!arg->typed || arg->st))
			sd_error(l->diag, arg->loc, "@exact applies to a @buffer of a number");
		if (arg->inside && (arg->dir != SD_DIR_INOUT || arg->cap != SD_CAP_ARRAY ||
				    arg->st))
			sd_error(l->diag, arg->loc, "@inside applies to @inout arrays of "
				 "numbers");
		if (sc->ret == SD_RET_NORETURN && arg->cap != SD_CAP_NONE &&
		    arg->dir != SD_DIR_IN)
			sd_error(l->diag, arg->loc, "'%s' never returns, so its @%s "
				 "argument '%s' can never be captured", sc->id,
				 arg->dir == SD_DIR_OUT ? "out" : arg->dir == SD_DIR_RESTART ? "restart" :
				 arg->dir == SD_DIR_EXIT ? "atexit" : "inout", arg->name);
	}
	if (sc->ret == SD_RET_NORETURN)
		sc->has_entry = 1;
	/* -y: what a new descriptor, or the new cwd, is; captured at exit */
	print_order(l, sc);
	sc->found_slot = -1;
	if (sc->found_an)
		lower_found(l, sc);
	sc->left_slot = -1;
	if (sc->left_an)
		lower_left(l, sc);
	sc->nready = 0;
	if (sc->ready_an)
		lower_ready(l, sc);
	sc->name_slot = -1;
	for (i = 0; i < sc->nargs; i++) {
		struct sd_arg *arg = &sc->args[i];

		arg->name_slot = -1;
		if (arg->cap == SD_CAP_ARRAY && arg->fmt == SD_FMT_FD &&
		    arg->dir == SD_DIR_OUT && !arg->st && arg->elem_ctype &&
		    arg->elem_ctype->size == 4 &&
		    arg->bound <= 2) {
			arg->name_slot = sc->nslots;
			sc->nslots += arg->bound;
		}
	}
	if (sc->ret == SD_RET_FD || sc->ret == SD_RET_CHDIR)
		sc->name_slot = sc->nslots++;
	for (i = 0; i < sc->nargs; i++)
		if (sc->args[i].netlink_fd >= 0)
			sc->args[i].sock_slot = sc->nslots++;
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
		sc->case_arg = -1;
	}
	sc->index = l->plan->nsyscalls++;
	*l->syscalls_tail = sc;
	l->syscalls_tail = &sc->next;
}

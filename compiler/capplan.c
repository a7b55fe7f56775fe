/* SPDX-License-Identifier: MIT */
/*
 * capplan.c - recorders as capture plans: the arguments a recorder stores
 * and the copies it makes, each under its condition, in the order the
 * code recorders of emit_bpf.c make them, so that the interpreter
 * (runtime-kernel/sd_capplan.bpf.h) writes the same bytes.  A recorder a
 * plan cannot say stays code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capplan.h"
#include "emit.h"


/* The record field of argument @i: its offset, size and sign, or -1. */
static int field_of(const struct sd_syscall *sc, int i, int *size, int *sign)
{
	const char *st = sd_arg_storage(&sc->args[i]);

	if (sscanf(st, "__%*c%d", size) != 1)
		return -1;
	*size /= 8;
	*sign = st[2] == 's';
	return sc->arg_off[i];
}

/* Check in C that argument @i of @sc lies where the plan says. */
static void plan_assert(struct sd_planned *pd, int i)
{
	const struct sd_syscall *sc = pd->sc;
	int n = snprintf(pd->asserts + pd->alen, sizeof(pd->asserts) - pd->alen,
			 "_Static_assert(__builtin_offsetof(struct sd_rec_%s, %s) == %d, "
			 "\"plan\");\n", sc->id, sc->args[i].name, sc->arg_off[i]);

	if (n > 0 && pd->alen + (size_t)n < sizeof(pd->asserts))
		pd->alen += (size_t)n;
}

/*
 * Add the step copying argument @a into slot @slot when @when; returns 0,
 * or -1 when a plan cannot say it (the recorder stays code).
 */
static int plan_step(struct sd_planned *pd, const struct sd_arg *a, int slot, int when)
{
	const struct sd_syscall *sc = pd->sc;
	struct sd_capplan *p = &pd->plan;
	struct sd_capstep *st;
	int ai = (int)(a - sc->args), size, sign, off;
	long long bound = a->bound;
	/* on failure, a vector alone: its fields' addresses are printed */
	int deep = (a->cap == SD_CAP_STRUCT || a->cap == SD_CAP_ARRAY) && a->st &&
		   a->st->ndeep && !(a->dir == SD_DIR_INOUT && slot == a->slot) &&
		   when != SD_W_FAIL;

	if (p->nsteps >= SD_PLAN_STEPS || deep || slot < 0 || slot > 255)
		return -1;
	st = &p->steps[p->nsteps];
	memset(st, 0, sizeof(*st));
	off = field_of(sc, ai, &size, &sign);
	if (off < 0 || off > 255 || size != 8)
		return -1;
	st->ptr = (unsigned char)off;
	plan_assert(pd, ai);
	st->slot = (unsigned char)slot;
	st->when = (unsigned char)when;
	switch (a->len_kind) {
	case SD_LEN_NONE:
		break;
	case SD_LEN_ARG:
		off = field_of(sc, a->len_arg, &size, &sign);
		if (off < 0 || off > 255)
			return -1;
		st->len = sign ? SD_L_SFIELD : SD_L_FIELD;
		st->len_at = (unsigned char)off;
		st->len_size = (unsigned char)size;
		plan_assert(pd, a->len_arg);
		break;
	case SD_LEN_RET:
		st->len = SD_L_RET;
		break;
	case SD_LEN_CONST:
		if (a->len_const < 0 || a->len_const > 0xffffffffLL)
			return -1;
		st->len = SD_L_CONST;
		st->k = (unsigned int)a->len_const;
		break;
	default:
		return -1;
	}
	switch (a->cap) {
	case SD_CAP_STRING:
	case SD_CAP_PATH:
		st->op = a->cap == SD_CAP_PATH ? SD_OP_PATH : SD_OP_STR;
		break;
	case SD_CAP_BUFFER:
		if (a->netlink_fd >= 0)
			return -1;
		st->op = a->fmt != SD_FMT_PRINTER || !strcmp(a->printer, "hexstr") ||
			 !strcmp(a->printer, "bytes0") ? SD_OP_MEMS : SD_OP_MEM;
		break;
	case SD_CAP_STRUCT:
		st->op = SD_OP_MEM;
		st->len = SD_L_CONST;
		st->k = (unsigned int)sd_struct_size(a->st);
		bound = sd_struct_size(a->st);
		break;
	case SD_CAP_ARRAY:
		st->op = SD_OP_ARRAY;
		st->esize = (unsigned short)(a->st ? sd_struct_size(a->st) : a->elem_ctype->size);
		bound *= st->esize;
		break;
	case SD_CAP_STRARRAY:
		st->op = SD_OP_STRARRAY;
		st->esize = (unsigned short)a->elem_bound;
		st->k = (unsigned int)a->abbrev;
		break;
	case SD_CAP_RECORDS:
		st->op = SD_OP_RECORDS;
		st->esize = (unsigned short)sd_field_offset(a->st, a->st->reclen);
		st->k = (unsigned int)(a->st->reclen->ctype->size | a->st->rec_align << 8);
		break;
	default:
		return -1;
	}
	if (bound < 0 || bound > 0xffff)
		return -1;
	st->bound = (unsigned short)bound;
	p->nsteps++;
	return 0;
}

/* The arguments' fields, stored by the plan's recorder. */
static int plan_args(struct sd_planned *pd)
{
	const struct sd_syscall *sc = pd->sc;
	struct sd_capplan *p = &pd->plan;

	for (int k = 0; k < sc->nargs; k++) {
		int i = sc->order[k];	/* by offset: sd_capplan_args_g() needs it */
		int size, sign, off = field_of(sc, i, &size, &sign);

		if (off < 0 || off > 255 || sc->args[i].reg < 0 || sc->args[i].reg > 5 ||
		    (k && off <= p->arg_off[p->nargs - 1]))
			return -1;
		p->arg_idx[p->nargs] = (unsigned char)sc->args[i].reg;
		p->arg_off[p->nargs] = (unsigned char)off;
		p->arg_size[p->nargs] = (unsigned char)size;
		p->nargs++;
		plan_assert(pd, i);
	}
	return 0;
}

static int is_exit_cap(const struct sd_arg *a)
{
	return a->cap != SD_CAP_NONE && a->dir != SD_DIR_IN;
}

/*
 * @sc's entry (@enter) or exit recorder as a plan, the same steps in the
 * same order as emit_entry() and emit_exit() write code: 0, or -1 if it
 * stays code.
 */
static int make_plan(const struct sd_syscall *sc, int enter, struct sd_planned *pd)
{
	struct sd_capplan *p = &pd->plan;
	int begun = sc->has_entry;

	memset(pd, 0, sizeof(*pd));
	pd->sc = sc;
	pd->enter = enter;
	p->size = (unsigned short)sc->fixed_size;
	if (sc->ret == SD_RET_FORKED)
		p->flags |= SD_P_FORKED;
	for (int i = 0; i < sc->nargs; i++)
		if (sc->args[i].len_kind == SD_LEN_DEREF || sc->args[i].len_kind == SD_LEN_EXPR ||
		    sc->args[i].name_slot >= 0 || sc->args[i].in_len_arg >= 0 ||
		    (sc->args[i].cap != SD_CAP_NONE && sc->args[i].dir == SD_DIR_EXIT))
			return -1;
	if (enter) {
		int noreturn = sc->ret == SD_RET_NORETURN;

		if (noreturn)
			p->flags |= SD_P_NORETURN;
		if (plan_args(pd))
			return -1;
		for (int i = 0; i < sc->nargs; i++) {
			const struct sd_arg *a = &sc->args[i];

			if (a->cap != SD_CAP_NONE && a->at_entry &&
			    plan_step(pd, a, a->slot, noreturn ? SD_W_ENTRY_ONCE : SD_W_ENTRY))
				return -1;
		}
		return 0;
	}
	if (begun) {
		p->flags |= SD_P_BEGUN;
		for (int i = 0; i < sc->nargs; i++) {
			const struct sd_arg *a = &sc->args[i];

			if (a->cap != SD_CAP_NONE && a->at_entry &&
			    plan_step(pd, a, a->slot, SD_W_RETRY))
				return -1;
		}
	} else if (plan_args(pd)) {
		return -1;
	}
	/* sd_emit_exit_caps(): restarts, then successes, then failures */
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->cap != SD_CAP_NONE && a->dir == SD_DIR_RESTART &&
		    plan_step(pd, a, a->slot, SD_W_RESTART))
			return -1;
	}
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (!is_exit_cap(a) || a->dir == SD_DIR_RESTART)
			continue;
		if (plan_step(pd, a, a->dir == SD_DIR_INOUT ? a->slot + 1 : a->slot, SD_W_OK))
			return -1;
	}
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->changed && plan_step(pd, a, a->slot + 1, SD_W_FAIL))
			return -1;
	}
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->addr_on_fail &&
		    (a->cap != SD_CAP_ARRAY || !a->st || plan_step(pd, a, a->slot, SD_W_FAIL)))
			return -1;
	}
	/* emit_names() */
	if (sc->found_slot >= 0 &&
	    plan_step(pd, &sc->args[sc->found_arg], sc->found_slot, SD_W_POS))
		return -1;
	if (sc->left_slot >= 0 &&
	    plan_step(pd, &sc->args[sc->left_arg], sc->left_slot, SD_W_POS))
		return -1;
	for (int k = 0; k < sc->nready; k++)
		if (plan_step(pd, &sc->args[sc->ready_arg[k]], sc->ready_slot[k], SD_W_POS))
			return -1;
	if (sc->name_slot >= 0) {
		struct sd_capstep *st;

		if (p->nsteps >= SD_PLAN_STEPS || sc->name_slot > 255)
			return -1;
		st = &p->steps[p->nsteps++];
		memset(st, 0, sizeof(*st));
		st->op = sc->ret == SD_RET_CHDIR ? SD_OP_CWDNAME : SD_OP_FDNAME;
		st->when = SD_W_NAMES;
		st->slot = (unsigned char)sc->name_slot;
	}
	return 0;
}

struct sd_planned *sd_capplans_collect(const struct sd_plan *pl, int *n)
{
	struct sd_planned *v = NULL, pd;
	int cap = 0;

	*n = 0;
	for (const struct sd_syscall *sc = pl->syscalls; sc; sc = sc->next) {
		for (int enter = 1; enter >= 0; enter--) {
			if (enter ? !sc->has_entry :
			    sc->ret == SD_RET_NORETURN || sd_is_scalar_only(sc))
				continue;
			if (make_plan(sc, enter, &pd))
				continue;
			if (*n == cap) {
				struct sd_planned *nv;

				cap = cap ? cap * 2 : 256;
				nv = realloc(v, (size_t)cap * sizeof(*v));
				if (!nv) {
					free(v);
					*n = -1;
					return NULL;
				}
				v = nv;
			}
			v[(*n)++] = pd;
		}
	}
	return v;
}

int sd_capplan_index(const struct sd_planned *v, int n, const struct sd_syscall *sc,
		     int enter)
{
	for (int i = 0; i < n; i++)
		if (v[i].sc == sc && v[i].enter == enter)
			return i;
	return -1;
}


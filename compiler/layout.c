/* SPDX-License-Identifier: MIT */
/*
 * layout.c - byte layouts: of the structs declared in .sysdef (natural C
 * alignment, as the kernel's), and of each syscall's record.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lower_int.h"

static int elem_size(const struct sd_arg *arg)
{
	if (arg->st)
		return sd_struct_size(arg->st);
	return arg->elem_ctype ? arg->elem_ctype->size : 8;
}

/* Largest number of bytes one capture of @arg can take in a record. */
int lw_capture_max(const struct sd_arg *arg)
{
	switch (arg->cap) {
	case SD_CAP_PATH:
		return arg->bound + 1;	/* see sd_cap_str() */
	case SD_CAP_STRING:
	case SD_CAP_BUFFER:
		return arg->bound;
	case SD_CAP_STRUCT:
		return sd_struct_size(arg->st);
	case SD_CAP_ARRAY:
		return arg->bound * elem_size(arg);
	case SD_CAP_STRARRAY:
		/* @abbrev: a count, or with -v strings as far as a bound */
		return arg->abbrev ? SD_ABBREV_BOUND : arg->bound * (2 + arg->elem_bound);
	case SD_CAP_RECORDS:
		return 4 + arg->bound;	/* the count, then the bytes */
	default:
		return 0;
	}
}

/* Bytes the deep fields of one element of @st take at most, theirs included. */
static int deep_max(const struct sd_struct *st)
{
	int per = 0;

	for (const struct sd_field *f = st->fields; f; f = f->next) {
		if (sd_field_nests_deep(f))
			per += deep_max(f->sub);
		if (!f->deep)
			continue;
		if (f->records)
			per += 4 + 4 + f->bound;
		else if (f->elem)
			per += 4 + f->bound * (sd_struct_size(f->elem) + deep_max(f->elem));
		else
			per += 4 + f->bound;
	}
	return per;
}

/*
 * The selectors every record of @sc's family tree starts with, outermost
 * first, so that each dispatcher (and decoder) finds its own at one offset.
 */
static int sel_chain(const struct sd_syscall *sc, int *out)
{
	const struct sd_syscall *fam = sc->base ? sc->base : sc->variants ? sc : NULL;
	int n = 0, k;

	for (const struct sd_syscall *f = fam; f; f = f->base)
		n++;
	k = n;
	for (const struct sd_syscall *f = fam; f; f = f->base)
		out[--k] = f->sel;
	if (sc->base && sc->variants)	/* a member with variants of its own */
		out[n++] = sc->sel;
	return n;
}

/*
 * Order the fixed part: a family's selectors first (every record of the
 * family has them at the same offsets), then size descending,
 * declaration order among equals, each at its C alignment.
 */
void lw_layout(struct sd_syscall *sc)
{
	int chain[SD_MAX_ARGS + 8], nchain = sel_chain(sc, chain), taken[SD_MAX_ARGS] = { 0 };
	int n = 0, size = (int)SD_REC_ARGS;	/* struct sd_hdr and the result */

	for (int c = 0; c < nchain && n < SD_MAX_ARGS; c++) {
		int i = chain[c], s;

		if (i < 0 || i >= sc->nargs || taken[i])
			continue;
		s = sc->args[i].size;
		size = (size + s - 1) / s * s;
		sc->arg_off[i] = size;
		sc->order[n++] = i;
		taken[i] = 1;
		size += s;
	}
	for (int s = 8; s >= 1; s /= 2)
		for (int i = 0; i < sc->nargs; i++)
			if (sc->args[i].size == s && !taken[i]) {
				size = (size + s - 1) / s * s;	/* C's alignment */
				sc->arg_off[i] = size;
				sc->order[n++] = i;
				size += s;
			}
	sc->fixed_size = (size + 7) & ~7;	/* the C struct's tail padding */
	sc->max_size = size;
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *arg = &sc->args[i];

		if (arg->cap == SD_CAP_NONE)
			continue;
		sc->max_size += 4 + lw_capture_max(arg);
		if (arg->st && arg->st->ndeep) {
			int n = arg->cap == SD_CAP_ARRAY ? arg->bound : 1;

			sc->max_size += n * deep_max(arg->st);
		}
		if (arg->at_entry)
			sc->max_size += 4;	/* an entry copy retried at exit */
		if (arg->dir == SD_DIR_INOUT)
			sc->max_size += 4 + lw_capture_max(arg);
		if (arg->name_slot >= 0)
			sc->max_size += arg->bound * (4 + SD_PATH_BOUND);
		if (arg->sock_slot >= 0)	/* at entry and again at exit */
			sc->max_size += 2 * (4 + 4);
	}
	if (sc->name_slot >= 0)
		sc->max_size += 4 + SD_PATH_BOUND;
	if (sc->found_slot >= 0)
		sc->max_size += 4 + lw_capture_max(&sc->args[sc->found_arg]);
	if (sc->left_slot >= 0)
		sc->max_size += 4 + lw_capture_max(&sc->args[sc->left_arg]);
	for (int k = 0; k < sc->nready; k++)
		sc->max_size += 4 + lw_capture_max(&sc->args[sc->ready_arg[k]]);
}

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
	/* a void field (an error already reported) still lays out */
	*align = al > 0 ? al : 1;
	return sz;
}

static int round_up(int n, int a)
{
	return (n + a - 1) / a * a;
}

/* The alignment of union @g of @s: its fields' largest. */
static int union_align(const struct sd_struct *s, int g)
{
	int al = 1, a;

	for (const struct sd_field *f = s->fields; f; f = f->next)
		if (f->ugroup == g) {
			field_size(f, &a);
			if (a > al)
				al = a;
		}
	return al;
}

/*
 * Lay out @s's fields as C does: the offset of @want (-1 if not among
 * them); *@end: where the last field ends.  A union's members each start
 * at the union's offset; it takes its largest member's size, rounded up
 * to its alignment.
 */
static int walk(const struct sd_struct *s, const struct sd_field *want, int *end)
{
	int off = 0, a, sz, g = 0, ustart = 0, uend = 0, ualign = 1, member = 0;
	long long bitpos = -1;	/* in a run of bit-fields: the next free bit */

	if (want && want->alt_of)	/* another view of the same bytes */
		want = want->alt_of;
	for (const struct sd_field *f = s->fields; f; f = f->next) {
		if (f->alt_of)
			continue;
		if (f->bits) {	/* in the unit of its type holding the next bit, if it fits */
			int unit = f->ctype->size * 8;

			if (bitpos < 0)
				bitpos = (long long)off * 8;
			if (bitpos / unit != (bitpos + f->bits - 1) / unit)
				bitpos = (bitpos + unit - 1) / unit * unit;
			if (f == want)
				return (int)(bitpos / unit * f->ctype->size);
			bitpos += f->bits;
			off = (int)((bitpos + 7) / 8);
			continue;
		}
		bitpos = -1;
		if (g && f->ugroup != g) {	/* the union ends */
			off = ustart + round_up(uend - ustart, ualign);
			g = 0;
		}
		sz = field_size(f, &a);
		if (f->ugroup && f->ugroup != g) {	/* a union starts */
			g = f->ugroup;
			ualign = union_align(s, g);
			ustart = uend = round_up(off, ualign);
			member = 0;
		}
		if (g && f->umember != member) {
			member = f->umember;
			off = ustart;
		}
		off = round_up(off, s->packed ? 1 : a);
		if (f == want)
			return off;
		off += sz;
		if (g && off > uend)
			uend = off;
	}
	if (g)
		off = ustart + round_up(uend - ustart, ualign);
	if (end)
		*end = off;
	return -1;
}

int sd_field_offset(const struct sd_struct *s, const struct sd_field *want)
{
	return walk(s, want, NULL);
}

int sd_struct_align(const struct sd_struct *s)
{
	int al = 1, a;

	if (s->packed)
		return 1;
	for (const struct sd_field *f = s->fields; f; f = f->next) {
		field_size(f, &a);
		if (a > al)
			al = a;
	}
	return al;
}

int sd_struct_size(const struct sd_struct *s)
{
	int end = 0, al = sd_struct_align(s);

	walk(s, NULL, &end);
	return round_up(end, al);
}

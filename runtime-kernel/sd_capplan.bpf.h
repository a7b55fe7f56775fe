/* SPDX-License-Identifier: MIT OR GPL-2.0 */
/*
 * sd_capplan.bpf.h - the interpreter of capture plans (sd_capplan.h).
 *
 * Included by the generated sd_recorders.bpf.h after its table
 * sd_capplans[SD_NCAPPLANS].  sd_capplan_enter_g() and sd_capplan_exit_g() do what a
 * generated entry or exit recorder does, step by step, with the same
 * capture helpers: the records are the same bytes.
 */
#ifndef SD_CAPPLAN_BPF_H
#define SD_CAPPLAN_BPF_H

#include "sd_capplan.h"

/* The 8 bytes at @at of the record in @buf. */
static __always_inline __u64 sd_capplan_u64(__u8 *buf, __u32 at)
{
	__u64 v = 0;

	__builtin_memcpy(&v, buf + SD_OFF(at), sizeof(v));
	return v;
}

/* A step's length: a field of the record, the result or a number. */
static __always_inline __u64 sd_capplan_len(__u8 *buf, const struct sd_capstep *s, long ret)
{
	__u64 v = sd_capplan_u64(buf, s->len_at);
	int sign = s->len == SD_L_SFIELD;

	switch (s->len) {
	case SD_L_FIELD:
	case SD_L_SFIELD:
		switch (s->len_size) {
		case 1:
			return sign ? (__u64)(__s64)(__s8)v : (__u8)v;
		case 2:
			return sign ? (__u64)(__s64)(__s16)v : (__u16)v;
		case 4:
			return sign ? (__u64)(__s64)(__s32)v : (__u32)v;
		}
		return v;
	case SD_L_RET:
		return (__u64)ret;
	case SD_L_CONST:
		return s->k;
	}
	return 0;
}

/* Run step @i of plan @pi on the record in @rb: the capture's result. */
__noinline int sd_capplan_step_g(struct sd_recbuf *rb, __u32 *offp, __u32 pi, __u32 i, long ret)
{
	const struct sd_capstep *s;
	__u64 ptr, len;

	if (!rb || !offp || pi >= SD_NCAPPLANS)
		return 0;
	s = &sd_capplans[pi].steps[i & (SD_PLAN_STEPS - 1)];
	ptr = sd_capplan_u64(rb->b, s->ptr);
	len = sd_capplan_len(rb->b, s, ret);
	switch (s->op) {
	case SD_OP_STR:
	case SD_OP_PATH:
		return sd_cap_str_g(rb, offp, ptr, SD_SPEC(s->slot, s->bound,
							   s->op == SD_OP_PATH, 0));
	case SD_OP_MEM:
	case SD_OP_MEMS:
		return sd_cap_mem_g(rb, offp, ptr, len, SD_SPEC(s->slot, s->bound,
								 s->op == SD_OP_MEMS, 0));
	case SD_OP_ARRAY:
		return sd_cap_array_g(rb, offp, ptr, len * s->esize,
				      SD_SPEC(s->slot, s->bound, s->esize, 0));
	case SD_OP_STRARRAY:
		return sd_cap_strarray_g(rb, offp, ptr, SD_SPEC(s->slot, s->bound, s->esize,
								 s->k));
	case SD_OP_RECORDS:
		return sd_cap_records_g(rb, offp, ptr, len, SD_SPEC(s->slot, s->bound,
								     s->esize, s->k));
	case SD_OP_FDNAME:
		return sd_cap_fd_name_g(rb, offp, s->slot, ret);
	case SD_OP_CWDNAME:
		return sd_cap_cwd_name_g(rb, offp, s->slot);
	}
	return 0;
}

/*
 * Store the arguments plan @pi keeps as the fields of the record in @rb:
 * 8 bytes each, in the order of their offsets, so that each field's
 * excess is overwritten by the next one's (records lay out fields by
 * size, descending, and end before the captures begin).
 */
__noinline int sd_capplan_args_g(struct sd_recbuf *rb, struct sd_regs *regs, __u32 pi)
{
	const struct sd_capplan *p;
	__u64 a[8] = {};		/* a power of 2: the verifier sees the mask */

	if (!rb || !regs || pi >= SD_NCAPPLANS)
		return 0;
	p = &sd_capplans[pi];
	a[0] = regs->di;
	a[1] = regs->si;
	a[2] = regs->dx;
	a[3] = regs->r10;
	a[4] = regs->r8;
	a[5] = regs->r9;
	for (int i = 0; i < SD_PLAN_ARGS; i++) {
		if (i >= p->nargs)
			break;
		__builtin_memcpy(rb->b + SD_OFF(p->arg_off[i]), &a[p->arg_idx[i] & 7],
				 sizeof(__u64));
	}
	return 0;
}

/* Does step @i of plan @pi copy now, at the exit of a call that returned @ret? */
__noinline int sd_capplan_go_g(struct sd_regs *regs, long ret, __u32 pi, __u32 i, __u32 retry)
{
	const struct sd_capstep *s;

	if (!regs || pi >= SD_NCAPPLANS)
		return 0;
	s = &sd_capplans[pi].steps[i & (SD_PLAN_STEPS - 1)];
	switch (s->when) {
	case SD_W_RETRY:
		return (retry & (1u << (s->slot & 31))) && !SD_EXEC_DONE(regs, ret);
	case SD_W_OK:
		return !SD_IS_ERR(ret);
	case SD_W_RESTART:	/* -ERESTARTSYS .. -ERESTART_RESTARTBLOCK */
		return ret >= -516 && ret <= -512;
	case SD_W_FAIL:
		return SD_IS_ERR(ret);
	case SD_W_POS:
		return !SD_IS_ERR(ret) && ret > 0;
	case SD_W_NAMES:
		return sd_fd_names && !SD_IS_ERR(ret);
	}
	return 0;
}

/* An entry recorder, as plan @pi. */
__noinline int sd_capplan_enter_g(struct sd_regs *regs, long nr, __u32 pi)
{
	const struct sd_capplan *p;
	struct sd_task *t = NULL;
	__u8 *buf;
	__u32 off;
	int once;

	if (!regs || pi >= SD_NCAPPLANS)
		return 0;
	p = &sd_capplans[pi];
	once = p->flags & SD_P_NORETURN;
	if (once) {
		buf = sd_scratch();
		if (!buf)
			return 0;
		sd_hdr_fill((struct sd_hdr *)buf, nr);
		((struct sd_hdr *)buf)->flags = SD_F_NORETURN;
		__builtin_memset(buf + sizeof(struct sd_hdr), 0, sizeof(__s64));
	} else {
		t = sd_task_get();
		if (!t) {
			sd_lost_g(SD_LOST_NOMEM);
			return 0;
		}
		sd_begin_g(t, nr);
		buf = t->buf;
	}
	sd_capplan_args_g((struct sd_recbuf *)buf, regs, pi);
	off = p->size;
	for (__u32 i = 0; i < SD_PLAN_STEPS; i++) {
		if (i >= p->nsteps)
			break;
		if (sd_capplan_step_g((struct sd_recbuf *)buf, &off, pi, i, 0) && t)
			t->retry |= 1u << (p->steps[i].slot & 31);
	}
	if (once)
		sd_submit(buf, off);
	else if (t)
		t->off = off;
	return 0;
}

/* An exit recorder, as plan @pi. */
__noinline int sd_capplan_exit_g(struct sd_regs *regs, long ret, __u32 pi)
{
	const struct sd_capplan *p;
	struct sd_task *t = NULL;
	__u32 off, retry;
	__u8 *buf;

	if (!regs || pi >= SD_NCAPPLANS)
		return 0;
	p = &sd_capplans[pi];
	if ((p->flags & SD_P_FORKED) && ret == 0 && !(p->flags & SD_P_BEGUN))
		return 0;	/* the child's side */
	if (p->flags & SD_P_BEGUN) {
		t = sd_task_end(regs);
		if (!t) {
			/* begun before tracing did (-p); a child's return
			 * from a fork is no call of its own */
			if (!(p->flags & SD_P_FORKED) || ret != 0)
				sd_lost_g(SD_LOST_UNSTARTED);
			return 0;
		}
		buf = t->buf;
		off = t->off;
	} else {
		buf = sd_scratch();
		if (!buf)
			return 0;
		sd_head_g((struct sd_recbuf *)buf, regs->orig_ax);
		off = p->size;
	}
	sd_returned_g((struct sd_recbuf *)buf, regs, ret, sizeof(struct sd_hdr));
	if (p->nargs)
		sd_capplan_args_g((struct sd_recbuf *)buf, regs, pi);
	retry = t ? t->retry : 0;
	for (__u32 i = 0; i < SD_PLAN_STEPS; i++) {
		if (i >= p->nsteps)
			break;
		if (sd_capplan_go_g(regs, ret, pi, i, retry))
			sd_capplan_step_g((struct sd_recbuf *)buf, &off, pi, i, ret);
	}
	if (t)
		sd_end_g(t, off);
	else
		sd_send_g((struct sd_recbuf *)buf, off);
	return 0;
}

#endif

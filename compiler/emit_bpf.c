/* SPDX-License-Identifier: MIT */
/*
 * emit_bpf.c - backend: the in-kernel eBPF recorders (sd_recorders.bpf.h).
 *
 * Each description gets an exit recorder, and an entry recorder when it
 * captures input memory or never returns.  The runtime's dispatchers
 * tail-call them by syscall number; every copy goes through the bounded
 * helpers of runtime-kernel/sd_capture.bpf.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "capplan.h"

static int has_vars(const struct sd_syscall *sc)
{
	for (int i = 0; i < sc->nargs; i++)
		if (sc->args[i].cap != SD_CAP_NONE)
			return 1;
	return 0;
}

/* The C expression of a capture's length (bytes or elements). */
static void emit_len(const struct sd_syscall *sc, const struct sd_arg *a, FILE *f)
{
	switch (a->len_kind) {
	case SD_LEN_ARG:
		fprintf(f, "(__u64)r->%s", sc->args[a->len_arg].name);
		break;
	case SD_LEN_RET:
		fputs("(__u64)ret", f);
		break;
	case SD_LEN_CONST:
		fprintf(f, "%lldULL", a->len_const);
		break;
	case SD_LEN_EXPR:
		sd_emit_len_expr(f, a->len_expr, sc);
		break;
	case SD_LEN_DEREF:	/* what was given, or what came back if less */
		fprintf(f, "({ __u64 l = sd_user_u32(r->%s); l < t->len_in ? l : t->len_in; })",
			sc->args[a->len_arg].name);
		break;
	default:
		fputs("0", f);
	}
}

/*
 * For a struct with fields copied through their pointers: a helper that
 * walks the elements just captured at @aoff and copies each such field,
 * one capture per element and field, in order.  How much of each an @out
 * call filled (readv) is the decoder's to work out from the result: the
 * verifier prunes this loop only if no value flows from one step to the next.
 */
struct deep_emit {
	const struct sd_struct *st;	/* the element's struct */
	FILE *f;
};

/* The copy of one deep field @fl of @holder, at @off in the element. */
static void emit_deep_field(const struct sd_struct *holder, const struct sd_field *fl,
			    int idx, int off, void *ctx)
{
	const struct deep_emit *de = ctx;
	const struct sd_field *lf = fl->len_field;
	FILE *f = de->f;
	int fo = off + sd_field_offset(holder, fl);

	if (fl->deref) {	/* the struct it points to, whole */
		fprintf(f, "\t{\n\t\t__u64 p = 0;\n\n"
			"\t\t__builtin_memcpy(&p, c->buf + SD_OFF(e + %d), sizeof(p));\n"
			"\t\tc->fault |= sd_cap_mem(c->buf, &c->off, c->slot + %d, p, "
			"sizeof(struct sd_s_%s), sizeof(struct sd_s_%s), 0);\n\t}\n",
			fo, idx, fl->deref->name, fl->deref->name);
		return;
	}
	fprintf(f, "\t{\n\t\t__u64 p = 0;\n\t\t%s l = 0;\n\n",
		sd_ctype_storage(lf->ctype->size, 0));
	if (fl->elem) {	/* an array of structs, or records */
		const char *en = fl->elem->name;

		fprintf(f, "\t\t__u32 ao = c->off;\n\n"
			"\t\t__builtin_memcpy(&p, c->buf + SD_OFF(e + %d), sizeof(p));\n"
			"\t\t__builtin_memcpy(&l, c->buf + SD_OFF(e + %d), sizeof(l));\n",
			fo, off + sd_field_offset(holder, lf));
		if (fl->records) {
			fprintf(f, "\t\tc->fault |= sd_cap_records(c->buf, &c->off, c->slot + %d, p, "
				"(__u64)l, %d, %d, %d | %d << 8);\n\t\t(void)ao;\n\t}\n",
				idx, fl->bound, sd_field_offset(fl->elem, fl->elem->reclen),
				fl->elem->reclen->ctype->size, fl->elem->rec_align);
			return;
		}
		fprintf(f, "\t\tc->fault |= sd_cap_array(c->buf, &c->off, c->slot + %d, p, "
			"(__u64)l * sizeof(struct sd_s_%s), %d * sizeof(struct sd_s_%s), "
			"sizeof(struct sd_s_%s));\n", idx, en, fl->bound, en, en);
		if (fl->elem->ndeep)	/* and what its elements point to */
			fprintf(f, "\t\t{\n\t\t\t__u32 o = c->off;\n\n"
				"\t\t\tc->fault |= sd_deep_g_%s((struct sd_recbuf *)c->buf, &o, ao, "
				"(__u64)(c->slot + %d) | (__u64)%d << 8, p);\n"
				"\t\t\tc->off = o;\n\t\t}\n", en, idx + 1, fl->bound);
		else
			fputs("\t\t(void)ao;\n", f);
		fputs("\t}\n", f);
		return;
	}
	if (fl->deep_inline)	/* the bytes after the element */
		fprintf(f, "\t\tp = c->uptr + (__u64)i * sizeof(struct sd_s_%s) + %d;\n",
			de->st->name, fo);
	else
		fprintf(f, "\t\t__builtin_memcpy(&p, c->buf + SD_OFF(e + %d), "
			"sizeof(p));\n", fo);
	fprintf(f, "\t\t__builtin_memcpy(&l, c->buf + SD_OFF(e + %d), sizeof(l));\n",
		off + sd_field_offset(holder, lf));
	if (fl->fmt == SD_FMT_PRINTER)	/* whole, or up to an unreadable page:
					 * an @inout length may say less */
		fprintf(f, "\t\tc->fault |= sd_cap_array(c->buf, &c->off, c->slot + %d, p, "
			"(__u64)l, %d, 1);\n\t}\n", idx, fl->bound);
	else
		fprintf(f, "\t\tc->fault |= sd_cap_mem(c->buf, &c->off, c->slot + %d, p, "
			"(__u64)l, %d, 1);\n\t}\n", idx, fl->bound);
}

static void emit_deep_helper(const struct sd_struct *st, FILE *f)
{
	struct deep_emit de = { st, f };

	/* one element per bpf_loop() step keeps the verifier's work small */
	fprintf(f, "static long sd_deep_step_%s(__u32 i, void *vctx)\n{\n"
		"\tstruct sd_deep_ctx *c = vctx;\n"
		"\t__u32 e = c->aoff + sizeof(struct sd_var) + i * sizeof(struct sd_s_%s);\n\n",
		st->name, st->name);
	sd_walk_deep(st, emit_deep_field, &de);
	/* every path through a step leaves the same state: one step verified */
	/* a global function: verified once, callable from another's step */
	fprintf(f, "\tc->off = sd_forget(c->buf, c->off);\n\treturn 0;\n}\n\n"
		"__noinline int sd_deep_g_%s(struct sd_recbuf *rb, __u32 *offp, __u32 aoff,\n"
		"\t\t\t__u64 spec, __u64 uptr)\n{\n"
		"\tstruct sd_deep_ctx c = { .aoff = aoff, .slot = (__u8)spec, .uptr = uptr };\n"
		"\t__u32 maxn = (__u32)(spec >> 8) & 0xffff;\n"
		"\tstruct sd_var v;\n\t__u32 n;\n\n"
		"\tif (!rb || !offp)\n\t\treturn 0;\n"
		"\tc.buf = rb->b;\n"
		"\tc.off = sd_forget(rb->b, *offp);\n"
		"\t__builtin_memcpy(&v, rb->b + SD_OFF(aoff), sizeof(v));\n"
		"\tn = v.len / sizeof(struct sd_s_%s);\n"
		"\tbpf_loop(n < maxn ? n : maxn, sd_deep_step_%s, &c, 0);\n"
		"\t*offp = c.off;\n\treturn c.fault ? -14 : 0;\n}\n\n"
		"static __always_inline int sd_deep_%s(__u8 *buf, __u32 *offp, __u32 aoff,\n"
		"\t\t\t\t\t __u8 slot, __u32 maxn, __u64 uptr)\n{\n"
		"\treturn sd_deep_g_%s((struct sd_recbuf *)buf, offp, aoff, "
		"(__u64)slot | (__u64)maxn << 8, uptr);\n"
		"}\n\n", st->name, st->name, st->name, st->name, st->name);
}

/* One copy of argument @a into slot @slot; @retry: remember a fault. */
static void emit_capture(const struct sd_syscall *sc, const struct sd_arg *a,
			 int slot, int retry, FILE *f)
{
	const char *ind = "\t";
	char elem[160];
	int deep = (a->cap == SD_CAP_STRUCT || a->cap == SD_CAP_ARRAY) && a->st &&
		   a->st->ndeep;

	/* an @inout struct's pointers are followed in its exit copy only */
	if (a->dir == SD_DIR_INOUT && slot == a->slot)
		deep = 0;

	if (deep) {	/* a fault in what it points to retries it all at exit */
		fputs("\t{\n\t__u32 aoff = off;\n\tint rc = 0;\n\n", f);
		ind = "\t";
	}
	fputs(ind, f);
	if (deep)
		fputs("rc = ", f);
	else if (retry)
		fputs("if (", f);
	switch (a->cap) {
	case SD_CAP_STRING:
	case SD_CAP_PATH:
		fprintf(f, "sd_cap_str(buf, &off, %d, r->%s, %d, %d)", slot, a->name,
			a->bound, a->cap == SD_CAP_PATH);
		break;
	case SD_CAP_BUFFER:
		if (a->netlink_fd >= 0) {
			fprintf(f, "sd_cap_nlbuf(buf, &off, %d, r->%s, ", slot, a->name);
			emit_len(sc, a, f);
			fprintf(f, ", %d, %d, r->%s)", a->bound, a->sock_slot,
				sc->args[a->netlink_fd].name);
			break;
		}
		fprintf(f, "sd_cap_mem(buf, &off, %d, r->%s, ", slot, a->name);
		emit_len(sc, a, f);
		/* the -s limit applies to bytes printed as a string only */
		fprintf(f, ", %d, %d)", a->bound, a->fmt != SD_FMT_PRINTER ||
			!strcmp(a->printer, "hexstr") || !strcmp(a->printer, "bytes0"));
		break;
	case SD_CAP_STRUCT:
		fprintf(f, "sd_cap_mem(buf, &off, %d, r->%s, sizeof(struct sd_s_%s), "
			"sizeof(struct sd_s_%s), 0)", slot, a->name, a->st->name,
			a->st->name);
		break;
	case SD_CAP_ARRAY:
		if (a->st)
			snprintf(elem, sizeof(elem), "sizeof(struct sd_s_%s)", a->st->name);
		else
			snprintf(elem, sizeof(elem), "%d", a->elem_ctype->size);
		fprintf(f, "sd_cap_array(buf, &off, %d, r->%s, ", slot, a->name);
		if (a->in_len_arg >= 0 && slot == a->slot)	/* @inout(LEN) at entry */
			fprintf(f, "(__u64)r->%s", sc->args[a->in_len_arg].name);
		else
			emit_len(sc, a, f);
		fprintf(f, " * %s, %d * %s, %s)", elem, a->bound, elem, elem);
		break;
	case SD_CAP_STRARRAY:
		fprintf(f, "sd_cap_strarray(buf, &off, %d, r->%s, %d, %d, %d)", slot,
			a->name, a->bound, a->elem_bound, a->abbrev);
		break;
	case SD_CAP_RECORDS:
		fprintf(f, "sd_cap_records(buf, &off, %d, r->%s, ", slot, a->name);
		emit_len(sc, a, f);
		fprintf(f, ", %d, %d, %d | %d << 8)", a->bound,
			sd_field_offset(a->st, a->st->reclen), a->st->reclen->ctype->size,
			a->st->rec_align);
		break;
	default:
		break;
	}
	if (retry && !deep)
		fprintf(f, ")\n\t\tt->retry |= 1u << %d;\n", slot);
	else
		fputs(";\n", f);
	if (deep) {
		fprintf(f, "\trc |= sd_deep_%s(buf, &off, aoff, %d, %d, (__u64)r->%s);\n",
			a->st->name, a->deep_slot,
			a->cap == SD_CAP_ARRAY ? a->bound : 1, a->name);
		if (retry)
			fprintf(f, "\tif (rc)\n\t\tt->retry |= 1u << %d;\n", slot);
		else
			fputs("\t(void)rc;\n", f);
		fputs("\t}\n", f);
	}
}

/* What the shared recorder walk (emit_common.c) spells this backend's way. */
static const struct sd_rec_backend backend = { emit_capture, emit_len };

/* -y: the names of the descriptors a call made, or of the new cwd. */
static void emit_names(const struct sd_syscall *sc, FILE *f)
{
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->name_slot < 0)
			continue;
		fprintf(f, "\tif (sd_fd_names && !SD_IS_ERR(ret)) {\n"
			"\t\tint fds[%d] = {};\n\n"
			"\t\tif (!bpf_probe_read_user(fds, sizeof(fds), (const void *)r->%s)) {\n",
			a->bound, a->name);
		for (int k = 0; k < a->bound; k++)
			fprintf(f, "\t\t\tsd_cap_fd_name(buf, &off, %d, fds[%d]);\n",
				a->name_slot + k, k);
		fputs("\t\t}\n\t}\n", f);
	}
	if (sc->found_slot >= 0) {
		const struct sd_arg *a = &sc->args[sc->found_arg];

		fputs("\tif (!SD_IS_ERR(ret) && ret > 0)\n\t", f);
		emit_capture(sc, a, sc->found_slot, 0, f);
	}
	if (sc->left_slot >= 0) {
		fputs("\tif (!SD_IS_ERR(ret) && ret > 0)\n\t", f);
		emit_capture(sc, &sc->args[sc->left_arg], sc->left_slot, 0, f);
	}
	for (int k = 0; k < sc->nready; k++) {	/* select's sets, as the call left them */
		fputs("\tif (!SD_IS_ERR(ret) && ret > 0)\n\t", f);
		emit_capture(sc, &sc->args[sc->ready_arg[k]], sc->ready_slot[k], 0, f);
	}
	if (sc->name_slot < 0)
		return;
	if (sc->ret == SD_RET_CHDIR)
		fprintf(f, "\tif (sd_fd_names && !SD_IS_ERR(ret))\n"
			"\t\tsd_cap_cwd_name(buf, &off, %d);\n", sc->name_slot);
	else
		fprintf(f, "\tif (sd_fd_names && !SD_IS_ERR(ret))\n"
			"\t\tsd_cap_fd_name(buf, &off, %d, ret);\n", sc->name_slot);
}

/* A recorder's name: its own, or, for a family's member, the member's. */
static void rec_name(const struct sd_syscall *sc, const char *dir, char *out, size_t n)
{
	if (sd_in_family(sc))	/* called by the family's dispatcher */
		snprintf(out, n, "sd_v%s_%s%s", !strcmp(dir, "enter") ? "e" : "x", sc->id,
			 sc->base && sc->variants ? "__self" : "");
	else
		snprintf(out, n, "sd_%s_%s", dir, sc->id);
}

/*
 * A recorder's opening: a BPF global function, which the verifier checks
 * once, whatever calls it; the bundle programs (emit_bundles()) call it.
 */
static void emit_head(const struct sd_syscall *sc, const char *dir, FILE *f)
{
	char name[200];

	rec_name(sc, dir, name, sizeof(name));
	fprintf(f, "__noinline int %s(struct sd_regs *regs, long %s)\n{\n"
		"\tif (!regs)\n\t\treturn 0;\n{\n", name,
		!strcmp(dir, "enter") ? "nr" : "ret");
}

static void emit_entry(const struct sd_syscall *sc, FILE *f)
{
	int noreturn = sc->ret == SD_RET_NORETURN;

	emit_head(sc, "enter", f);
	if (noreturn)
		fprintf(f, "\t__u8 *buf = sd_scratch();\n");
	else
		fprintf(f, "\tstruct sd_task *t = sd_task_get();\n"
			"\t__u8 *buf = t ? t->buf : NULL;\n");
	fprintf(f, "\tstruct sd_rec_%s *r = (void *)buf;\n"
		"\t__u32 off = sizeof(*r);\n\n", sc->id);
	if (noreturn)
		fputs("\tif (!buf)\n\t\treturn 0;\n\tsd_hdr_fill(&r->h, nr);\n", f);
	else
		fputs("\tif (!buf) {\n\t\tsd_lost_g(SD_LOST_NOMEM);\n\t\treturn 0;\n\t}\n"
		      "\tsd_begin_g(t, nr);\n", f);
	if (noreturn)
		fputs("\tr->h.flags = SD_F_NORETURN;\n\tr->ret = 0;\n", f);
	sd_emit_rec_args(sc, f);
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->cap != SD_CAP_NONE && a->at_entry)
			emit_capture(sc, a, a->slot, !noreturn, f);
		if (a->len_kind == SD_LEN_DEREF && !noreturn)
			fprintf(f, "\tt->len_in = sd_user_u32(r->%s);\n",
				sc->args[a->len_arg].name);
	}
	if (noreturn)
		fputs("\tsd_submit(buf, off);\n", f);
	else
		fputs("\tt->off = off;\n", f);
	fputs("\treturn 0;\n}\n}\n\n", f);
}

static void emit_exit(const struct sd_syscall *sc, FILE *f)
{
	emit_head(sc, "exit", f);
	if (sc->has_entry) {
		fprintf(f, "\tstruct sd_task *t = sd_task_end(regs);\n"
			"\t__u8 *buf = t ? t->buf : NULL;\n"
			"\tstruct sd_rec_%s *r __attribute__((unused)) = (void *)buf;\n"
			"\t__u32 off;\n\n"
			"\tif (!buf) {\n%s"
			"\t\treturn 0;\n\t}\n"
			"\toff = t->off;\n"
			"\tsd_returned_g((struct sd_recbuf *)buf, regs, ret, "
			"__builtin_offsetof(struct sd_rec_%s, ret));\n", sc->id,
			/* begun before tracing did (-p); a child's return from a
			 * fork is no call of its own */
			sc->ret == SD_RET_FORKED ?
			"\t\tif (ret != 0)\n\t\t\tsd_lost_g(SD_LOST_UNSTARTED);\n" :
			"\t\tsd_lost_g(SD_LOST_UNSTARTED);\n", sc->id);
		for (int i = 0; i < sc->nargs; i++) {
			const struct sd_arg *a = &sc->args[i];

			if (a->cap == SD_CAP_NONE || !a->at_entry)
				continue;
			/* after a successful exec the old memory is gone */
			fprintf(f, "\tif ((t->retry & (1u << %d)) && !SD_EXEC_DONE(regs, ret))\n\t",
				a->slot);
			emit_capture(sc, a, a->slot, 0, f);
		}
		sd_emit_exit_caps(sc, &backend, f);
		emit_names(sc, f);
		fputs("\tsd_end_g(t, off);\n\treturn 0;\n}\n}\n\n", f);
		return;
	}
	fprintf(f, "\t__u8 *buf = sd_scratch();\n"
		"\tstruct sd_rec_%s *r = (void *)buf;\n"
		"\t__u32 off = sizeof(*r);\n\n", sc->id);
	if (sc->ret == SD_RET_FORKED)
		fputs("\tif (ret == 0)\n\t\treturn 0;\t/* the child's side */\n", f);
	fprintf(f, "\tif (!buf)\n\t\treturn 0;\n"
		"\tsd_head_g((struct sd_recbuf *)buf, regs->orig_ax);\n"
		"\tsd_returned_g((struct sd_recbuf *)buf, regs, ret, "
		"__builtin_offsetof(struct sd_rec_%s, ret));\n", sc->id);
	sd_emit_rec_args(sc, f);
	sd_emit_exit_caps(sc, &backend, f);
	emit_names(sc, f);
	fputs("\tsd_send_g((struct sd_recbuf *)buf, off);\n\treturn 0;\n}\n}\n\n", f);
}

int sd_is_scalar_only(const struct sd_syscall *sc)
{
	return !sc->has_entry && !has_vars(sc) && sc->ret != SD_RET_NORETURN &&
	       !sd_in_family(sc) && sc->name_slot < 0;
}

/*
 * A family's dispatcher: which member the selector's value chooses is in
 * sd_variant_of, filled by sdtrace from the constants' values in the host's
 * headers; that member's recorder is called (a member with variants of its
 * own dispatches again, by its selector).
 */
static void emit_dispatch(const struct sd_plan *p, const struct sd_syscall *b,
			  const char *dir, FILE *f)
{
	const struct sd_arg *s = &b->args[b->sel];
	const char *st = sd_arg_storage(s);
	const char *arg = !strcmp(dir, "enter") ? "nr" : "ret";
	int fam = sd_family_id(b);
	char name[200];

	if (b->base)
		fprintf(f, "__noinline int sd_v%s_%s(", !strcmp(dir, "enter") ? "e" : "x",
			b->id);
	else
		fprintf(f, "__noinline int sd_%s_%s(", dir, b->id);
	fprintf(f, "struct sd_regs *regs, long %s)\n{\n"
		"\tstruct sd_variant_key key = { .family = %d };\n"
		"\t__u32 *k;\n\n"
		"\tif (!regs)\n\t\treturn 0;\n"
		"\tkey.value = (__u64)(%s)SD_ARG(regs, %d);\n"
		"\tk = bpf_map_lookup_elem(&sd_variant_of, &key);\n"
		"\tswitch (k ? *k : %d) {\t/* else %s */\n", arg, fam, st, b->sel, fam,
		b->names->name);
	rec_name(b, dir, name, sizeof(name));
	fprintf(f, "\tcase %d:\n\t\treturn %s(regs, %s);\n", fam, name, arg);
	for (const struct sd_syscall *m = p->syscalls; m; m = m->next) {
		if (m->base != b || (!strcmp(dir, "enter") && !m->has_entry))
			continue;
		fprintf(f, "\tcase %d:\n\t\treturn sd_v%s_%s(regs, %s);\n", m->vidx,
			!strcmp(dir, "enter") ? "e" : "x", m->id, arg);
	}
	fputs("\t}\n\treturn 0;\n}\n\n", f);
}

/*
 * Descriptions with nothing to copy share one exit program, a switch on
 * the description: one verifier run at start-up instead of one per syscall.
 */
static void emit_scalars(const struct sd_plan *p, FILE *f)
{
	fputs("SEC(\"tp_btf/sys_exit\")\n"
	      "int BPF_PROG(sd_exit_scalars, struct pt_regs *regs, long ret)\n{\n"
	      "\t__u32 nr = (__u32)SD_NR(regs);\n\n"
	      "\tswitch (sd_desc_of[nr & (SD_NR_MAX - 1)]) {\n", f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		if (!sd_is_scalar_only(sc))
			continue;
		fprintf(f, "\tcase %d: {\t/* %s */\n\t\tstruct sd_rec_%s *r;\n\n",
			sc->index + 1, sc->id, sc->id);
		if (sc->ret == SD_RET_FORKED)
			fputs("\t\tif (ret == 0)\n\t\t\treturn 0;\t/* the child's side */\n", f);
		/* with a tail (-T, -i, -k): built in the scratch buffer */
		fputs("\t\tr = sd_extras ? (void *)sd_scratch() : sd_reserve(sizeof(*r));\n"
		      "\t\tif (!r)\n\t\t\treturn 0;\n"
		      "\t\tsd_hdr_fill(&r->h, nr);\n"
		      "\t\tr->ret = ret;\n\t\tsd_mark_killed(&r->h);\n", f);
		for (int i = 0; i < sc->nargs; i++)
			fprintf(f, "\t\tr->%s = (%s)SD_ARG(regs, %d);\n", sc->args[i].name,
				sd_arg_storage(&sc->args[i]), sc->args[i].reg);
		fputs("\t\tif (sd_extras)\n\t\t\tsd_submit((void *)r, sizeof(*r));\n"
		      "\t\telse\n\t\t\tsd_commit(r);\n\t\tbreak;\n\t}\n", f);
	}
	fputs("\tdefault:\n\t\treturn 0;\n\t}\n\tsd_after_exit();\n\treturn 0;\n}\n\n", f);
}

static int has_exit_rec(const struct sd_syscall *sc)
{
	return sc->ret != SD_RET_NORETURN && !sd_is_scalar_only(sc);
}

/* The plans' table, then their interpreter. */
static void emit_plans(const struct sd_planned *v, int n, FILE *f)
{
	fprintf(f, "/* Recorders as capture plans, run by sd_capplan.bpf.h. */\n"
		"#include \"sd_capplan.h\"\n\n#define SD_NCAPPLANS\t%d\n\n", n ? n : 1);
	for (int i = 0; i < n; i++)
		fputs(v[i].asserts, f);
	fputs("\nstatic const struct sd_capplan sd_capplans[SD_NCAPPLANS] = {\n", f);
	for (int i = 0; i < n; i++) {
		const struct sd_capplan *p = &v[i].plan;

		fprintf(f, "\t[%d] = {\t/* %s %s */\n\t\t.nargs = %d, .nsteps = %d, "
			".flags = %d, .size = %d,\n\t\t.arg_idx = {", i, v[i].enter ? "enter" :
			"exit", v[i].sc->id, p->nargs, p->nsteps, p->flags, p->size);
		for (int k = 0; k < p->nargs; k++)
			fprintf(f, "%s%d", k ? ", " : "", p->arg_idx[k]);
		fputs("}, .arg_off = {", f);
		for (int k = 0; k < p->nargs; k++)
			fprintf(f, "%s%d", k ? ", " : "", p->arg_off[k]);
		fputs("}, .arg_size = {", f);
		for (int k = 0; k < p->nargs; k++)
			fprintf(f, "%s%d", k ? ", " : "", p->arg_size[k]);
		fputs("},\n\t\t.steps = {\n", f);
		for (int k = 0; k < p->nsteps; k++) {
			const struct sd_capstep *s = &p->steps[k];

			fprintf(f, "\t\t\t{ .op = %d, .when = %d, .slot = %d, .ptr = %d, "
				".len = %d, .len_at = %d, .len_size = %d, .bound = %d, "
				".esize = %d, .k = %u },\n", s->op, s->when, s->slot, s->ptr,
				s->len, s->len_at, s->len_size, s->bound, s->esize, s->k);
		}
		fputs("\t\t},\n\t},\n", f);
	}
	fputs("};\n\n#include \"sd_capplan.bpf.h\"\n\n", f);
}

/* Recorders one bundle program calls at most: the kernel allows 256
 * functions in a program, the capture helpers included. */
#define SD_BUNDLE_FUNCS	100

/*
 * The bundle of each top-level description's recorder, per direction, by
 * description index (-1: none): descriptions in order, a family with all
 * its members, SD_BUNDLE_FUNCS functions at most.  Returns the number of
 * bundles, or -1 when out of memory.
 */
static int assign_bundles(const struct sd_plan *p, const struct sd_planned *plans,
			  int nplans, const char *dir, int *out, int n)
{
	int enter = !strcmp(dir, "enter"), b = 0, used = 0;
	int *funcs = calloc((size_t)n, sizeof(*funcs));

	if (!funcs)
		return -1;
	/* functions: a family's dispatcher, recorders that are code (all
	 * plans call the same interpreter) */
	for (const struct sd_syscall *m = p->syscalls; m; m = m->next)
		funcs[sd_family_root(m)->index] += (m->variants ? 1 : 0) +
			(sd_capplan_index(plans, nplans, m, enter) < 0);
	for (int i = 0; i < n; i++)
		out[i] = -1;
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		int k = funcs[sc->index];

		if (sc->base || !(enter ? sc->has_entry : has_exit_rec(sc)))
			continue;
		if (used && used + k > SD_BUNDLE_FUNCS) {
			b++;
			used = 0;
		}
		used += k;
		out[sc->index] = b;
	}
	free(funcs);
	return used ? b + 1 : b;
}

/*
 * What sdtrace sets and reads: which description each syscall number has
 * (bss), which descriptions are traced (rodata, set before loading, so that
 * the verifier skips the recorders of the others), and the bundle of each
 * description's recorders (rodata, read by sdtrace to fill the dispatch
 * tables).  Then every recorder's prototype.
 */
static int emit_globals(const struct sd_plan *p, const struct sd_planned *plans,
			int nplans, FILE *f)
{
	int ndesc = 0;
	char name[200];

	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (sc->index + 2 > ndesc)
			ndesc = sc->index + 2;
	fprintf(f, "/* Description of each syscall number, + 1 (set by sdtrace). */\n"
		"__u16 sd_desc_of[SD_NR_MAX];\n\n"
		"#define SD_NDESC\t%d\n\n"
		"/* Descriptions traced, by description + 1 (set by sdtrace before loading). */\n"
		"const volatile __u8 sd_rec_on[SD_NDESC];\n\n"
		"/* The bundle program of each description's entry and exit recorders. */\n"
		"const volatile __u8 sd_bundle_of[2][SD_NDESC] = {\n", ndesc);
	for (int d = 0; d < 2; d++) {
		int *bundle = calloc((size_t)ndesc, sizeof(*bundle));

		if (!bundle || assign_bundles(p, plans, nplans, d ? "exit" : "enter", bundle, ndesc) < 0) {
			free(bundle);
			return -1;
		}
		fputs("\t{ ", f);
		for (int i = 0; i < ndesc; i++)
			if (bundle[i] > 0)
				fprintf(f, "[%d] = %d, ", i + 1, bundle[i]);
		fputs("},\n", f);
		free(bundle);
	}
	fputs("};\n\n", f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		if (sc->has_entry) {
			rec_name(sc, "enter", name, sizeof(name));
			fprintf(f, "int %s(struct sd_regs *regs, long nr);\n", name);
		}
		if (has_exit_rec(sc)) {
			rec_name(sc, "exit", name, sizeof(name));
			fprintf(f, "int %s(struct sd_regs *regs, long ret);\n", name);
		}
		if (sc->variants) {
			const char *pre = sc->base ? "sd_vx_" : "sd_exit_";

			if (sc->has_entry)
				fprintf(f, "int %s%s(struct sd_regs *regs, long nr);\n",
					sc->base ? "sd_ve_" : "sd_enter_", sc->id);
			fprintf(f, "int %s%s(struct sd_regs *regs, long ret);\n", pre, sc->id);
		}
	}
	fputc('\n', f);
	return 0;
}

/*
 * The programs the dispatchers tail-call: each calls the recorder of the
 * description of the syscall number, among a group of descriptions (one
 * program for all would exceed the kernel's limit on functions).
 */
static int emit_bundles(const struct sd_plan *p, const struct sd_planned *plans,
			int nplans, const char *dir, FILE *f)
{
	int enter = !strcmp(dir, "enter"), ndesc = 0, n;
	int *bundle;

	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (sc->index + 1 > ndesc)
			ndesc = sc->index + 1;
	bundle = calloc((size_t)ndesc + 1, sizeof(*bundle));
	if (!bundle)
		return -1;
	n = assign_bundles(p, plans, nplans, dir, bundle, ndesc);
	/* the descriptions whose recorder is a plan: its number + 1 */
	fprintf(f, "static const __u16 sd_capplan_of_%s[SD_NDESC] = {\n", dir);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		int pi = sc->variants ? -1 : sd_capplan_index(plans, nplans, sc, enter);

		if (pi >= 0 && bundle[sc->index] >= 0)
			fprintf(f, "\t[%d] = %d,\n", sc->index + 1, pi + 1);
	}
	fputs("};\n\n", f);
	for (int b = 0; b < n; b++) {
		fprintf(f, "SEC(\"tp_btf/sys_%s\")\n"
			"int BPF_PROG(sd_%s_bundle%d, struct pt_regs *regs, long %s)\n{\n"
			"\tstruct sd_regs r;\n"
			"\t__u32 nr = %s, d, pi;\n\n"
			"\tsd_regs_get(&r, regs);\n"
			"\td = sd_desc_of[nr & (SD_NR_MAX - 1)];\n"
			"\tif (d >= SD_NDESC)\n\t\treturn 0;\n"
			"\tpi = sd_capplan_of_%s[d];\n"
			"\tif (pi)\n\t\treturn sd_rec_on[d] ? sd_capplan_%s_g(&r, %s, pi - 1) : 0;\n"
			"\tswitch (d) {\n",
			dir, dir, b, enter ? "id" : "ret",
			enter ? "(__u32)id" : "sd_exit_nr(regs)", dir, dir, enter ? "id" : "ret");
		for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
			if (bundle[sc->index] != b ||
			    (!sc->variants && sd_capplan_index(plans, nplans, sc, enter) >= 0))
				continue;
			fprintf(f, "\tcase %d:\n\t\treturn sd_rec_on[%d] ? sd_%s_%s(&r, %s) : 0;\n",
				sc->index + 1, sc->index + 1, dir, sc->id,
				enter ? "id" : "ret");
		}
		fputs("\t}\n\treturn 0;\n}\n\n", f);
	}
	free(bundle);
	return n < 0 ? -1 : 0;
}


/* A recorder already written, by its text and its record's layout. */
struct sd_seen_rec {
	char *key;
	char name[200];
	struct sd_seen_rec *next;
};

/* Replace each @from in @s (in place, never longer) by @to. */
static void replace_all(char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to);
	char *w = s, *r = s;

	while (*r) {
		if (!strncmp(r, from, nf) && !(isalnum((unsigned char)r[nf]) || r[nf] == '_')) {
			memcpy(w, to, nt);
			w += nt;
			r += nf;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
}

/*
 * Write the @dir recorder of @sc, unless one with the same code and the
 * same record layout was written already: then its name stands for this
 * one (many family members record alike; each function the verifier
 * checks is start-up time).  Returns 0 or -1 when out of memory.
 */
static int emit_once(const struct sd_syscall *sc, const char *dir,
		     void (*emit)(const struct sd_syscall *, FILE *),
		     struct sd_seen_rec **seen, FILE *f)
{
	char *text = NULL, *key = NULL, name[200], rec[200];
	size_t len = 0, klen = 0;
	FILE *m = open_memstream(&text, &len), *k;
	struct sd_seen_rec *e;

	if (!m)
		return -1;
	emit(sc, m);
	fclose(m);
	k = open_memstream(&key, &klen);
	if (!k) {
		free(text);
		return -1;
	}
	rec_name(sc, dir, name, sizeof(name));
	snprintf(rec, sizeof(rec), "sd_rec_%s", sc->id);
	fputs(text, k);
	/* the record's layout: the fields after the header and result */
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[sc->order[i]];

		fprintf(k, "%s %s;", sd_arg_storage(a), a->name);
	}
	fclose(k);
	replace_all(key, name, "@");
	replace_all(key, rec, "@rec");
	for (e = *seen; e; e = e->next)
		if (!strcmp(e->key, key))
			break;
	if (e) {
		fprintf(f, "#define %s %s\t/* records alike */\n\n", name, e->name);
		free(key);
	} else {
		e = calloc(1, sizeof(*e));
		if (!e) {
			free(key);
			free(text);
			return -1;
		}
		e->key = key;
		snprintf(e->name, sizeof(e->name), "%s", name);
		e->next = *seen;
		*seen = e;
		fputs(text, f);
	}
	free(text);
	return 0;
}

int sd_emit_bpf(const struct sd_plan *p, FILE *f)
{
	struct sd_seen_rec *seen = NULL;
	struct sd_planned *plans = NULL;
	int ncases = 0, rc = -1, nplans = 0;
	char name[200];

	sd_emit_banner(p, f, "sd_recorders.bpf.h");
	fputs("/* Included by runtime-kernel/sdtrace.bpf.c after sd_capture.bpf.h. */\n\n", f);
	for (const struct sd_struct *st = p->structs; st; st = st->next)
		if (st->ndeep)
			emit_deep_helper(st, f);
	/* structs no userspace header declares: as the kernel's BTF lays them out */
	for (const struct sd_struct *st = p->structs; st; st = st->next) {
		if (!st->kernel)
			continue;
		sd_emit_line(f, st->loc);
		fprintf(f, "_Static_assert(sizeof(struct sd_s_%s) <= sizeof(%s%s), "
			"\"struct %s is larger than the kernel's\");\n", st->name,
			st->ckw, st->ctag, st->name);
		for (const struct sd_field *fl = st->fields; fl; fl = fl->next) {
			if (fl->alt_of || sd_flex_typed(fl) || fl->bits)
				continue;
			fprintf(f, "_Static_assert(__builtin_offsetof(struct sd_s_%s, %s) == "
				"__builtin_offsetof(%s%s, %s)", st->name, fl->cname,
				st->ckw, st->ctag, fl->cpath ? fl->cpath : fl->name);
			if (!fl->flex)
				fprintf(f, " && sizeof(((struct sd_s_%s *)0)->%s) == "
					"sizeof(((%s%s *)0)->%s)", st->name, fl->cname,
					st->ckw, st->ctag, fl->cpath ? fl->cpath : fl->name);
			fprintf(f, ", \"struct %s: field %s is not where the kernel has "
				"it\");\n", st->name, fl->name);
		}
		sd_emit_line_back(f);
		fputc('\n', f);
	}
	/* the family members' recorders, by member (sd_variant_progs[]), and
	 * which member each selector value chooses (sd_variant_cases[]) */
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		for (const struct sd_case *c = sc->cases; c; c = c->next)
			ncases++;
	fprintf(f, "struct sd_variant_key {\n\t__u32 family;\n\t__u32 pad;\n"
		"\t__u64 value;\n};\n\nstruct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n"
		"\t__uint(max_entries, %d);\n\t__type(key, struct sd_variant_key);\n"
		"\t__type(value, __u32);\n} sd_variant_of SEC(\".maps\");\n\n",
		ncases ? ncases : 1);
	plans = sd_capplans_collect(p, &nplans);
	if (nplans < 0 || emit_globals(p, plans, nplans, f))
		goto fail;
	emit_plans(plans, nplans, f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		fprintf(f, "/* %s */\n", sc->names->name);
		sd_emit_line(f, sc->loc);
		for (int enter = 1; enter >= 0; enter--) {
			const char *dir = enter ? "enter" : "exit";
			int pi;

			if (enter ? !sc->has_entry :
			    sc->ret == SD_RET_NORETURN || sd_is_scalar_only(sc))
				continue;
			pi = sd_capplan_index(plans, nplans, sc, enter);
			if (pi >= 0) {
				rec_name(sc, dir, name, sizeof(name));
				fprintf(f, "#define %s(regs, x) sd_capplan_%s_g(regs, x, %d)\n\n",
					name, dir, pi);
			} else if (emit_once(sc, dir, enter ? emit_entry : emit_exit, &seen, f)) {
				goto fail;
			}
		}
		sd_emit_line_back(f);
	}
	/* after their bodies: each family's dispatchers */
	for (const struct sd_syscall *b = p->syscalls; b; b = b->next) {
		if (!b->variants)
			continue;
		if (b->has_entry)
			emit_dispatch(p, b, "enter", f);
		emit_dispatch(p, b, "exit", f);
	}
	emit_scalars(p, f);
	if (emit_bundles(p, plans, nplans, "enter", f) ||
	    emit_bundles(p, plans, nplans, "exit", f))
		goto fail;
	rc = 0;
fail:
	free(plans);
	while (seen) {
		struct sd_seen_rec *n = seen->next;

		free(seen->key);
		free(seen);
		seen = n;
	}
	return rc;
}

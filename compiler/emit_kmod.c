/* SPDX-License-Identifier: MIT */
/*
 * emit_kmod.c - backend: the kernel module's recorders (sd_recorders.kmod.h).
 *
 * The same walk of the plan as emit_bpf.c, into plain C functions for a
 * GPL module: an entry recorder (sd_ke_*) when a description captures at
 * entry, an exit recorder (sd_kx_*), both writing the records sd_records.h
 * lays out through the helpers of runtime-kernel/kmod/sd_kcapture.h, which
 * have the eBPF helpers' names and meaning.  Tables by syscall number and
 * by family member replace the eBPF tail calls.
 */
#include <string.h>

#include "emit.h"

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
		fprintf(f, "sd_min_u64(sd_user_u32(r->%s), t->len_in)",
			sc->args[a->len_arg].name);
		break;
	default:
		fputs("0", f);
	}
}

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
		fprintf(f, "\t\tmemcpy(&p, buf + SD_OFF(e + %d), sizeof(p));\n"
			"\t\tsd_cap_mem(buf, offp, slot + %d, p, sizeof(struct sd_s_%s), "
			"sizeof(struct sd_s_%s), 0);\n", fo, idx, fl->deref->name,
			fl->deref->name);
		return;
	}
	if (fl->deep_inline)	/* the bytes after the element */
		fprintf(f, "\t\tp = uptr + (__u64)i * sizeof(struct sd_s_%s) + %d;\n",
			de->st->name, fo);
	else
		fprintf(f, "\t\tmemcpy(&p, buf + SD_OFF(e + %d), sizeof(p));\n", fo);
	fprintf(f, "\t\t{\n\t\t\t%s l = 0;\n\n"
		"\t\t\tmemcpy(&l, buf + SD_OFF(e + %d), sizeof(l));\n",
		sd_ctype_storage(lf->ctype->size, 0), off + sd_field_offset(holder, lf));
	if (fl->elem && fl->records) {
		fprintf(f, "\t\t\tsd_cap_records(buf, offp, slot + %d, p, (__u64)l, %d, "
			"%d, %d, %d);\n\t\t}\n", idx, fl->bound,
			sd_field_offset(fl->elem, fl->elem->reclen),
			fl->elem->reclen->ctype->size, fl->elem->rec_align);
		return;
	}
	if (fl->elem) {	/* an array of structs, and what they point to */
		const char *en = fl->elem->name;

		fprintf(f, "\t\t\t__u32 ao = *offp;\n\n"
			"\t\t\tsd_cap_array(buf, offp, slot + %d, p, (__u64)l * "
			"sizeof(struct sd_s_%s), %d * sizeof(struct sd_s_%s), "
			"sizeof(struct sd_s_%s));\n", idx, en, fl->bound, en, en);
		if (fl->elem->ndeep)
			fprintf(f, "\t\t\tsd_deep_%s(buf, offp, ao, slot + %d, %d, p);\n",
				en, idx + 1, fl->bound);
		else
			fputs("\t\t\t(void)ao;\n", f);
		fputs("\t\t}\n", f);
		return;
	}
	/* a printer's bytes: whole, or up to an unreadable page */
	if (fl->fmt == SD_FMT_PRINTER)
		fprintf(f, "\t\t\tsd_cap_array(buf, offp, slot + %d, p, (__u64)l, %d, 1);\n"
			"\t\t}\n", idx, fl->bound);
	else
		fprintf(f, "\t\t\tsd_cap_mem(buf, offp, slot + %d, p, (__u64)l, %d, 1);\n"
			"\t\t}\n", idx, fl->bound);
}

/* Each element's fields copied through their pointers, in order. */
static void emit_deep_helper(const struct sd_struct *st, FILE *f)
{
	struct deep_emit de = { st, f };

	fprintf(f, "static void sd_deep_%s(__u8 *buf, __u32 *offp, __u32 aoff, __u8 slot,\n"
		"\t\t\t__u32 maxn, __u64 uptr)\n{\n"
		"\tstruct sd_var v;\n\t__u32 n, i;\n\n"
		"\tmemcpy(&v, buf + SD_OFF(aoff), sizeof(v));\n"
		"\tn = min_t(__u32, v.len / sizeof(struct sd_s_%s), maxn);\n"
		"\tfor (i = 0; i < n; i++) {\n"
		"\t\t__u32 e = aoff + sizeof(struct sd_var) + i * sizeof(struct sd_s_%s);\n"
		"\t\t__u64 p = 0;\n\n\t\t(void)e;\n\t\t(void)p;\n",
		st->name, st->name, st->name);
	sd_walk_deep(st, emit_deep_field, &de);
	fputs("\t}\n}\n\n", f);
}

/* One copy of argument @a into slot @slot; @retry: remember a fault. */
static void emit_capture(const struct sd_syscall *sc, const struct sd_arg *a,
			 int slot, int retry, FILE *f)
{
	char elem[160];
	int deep = (a->cap == SD_CAP_STRUCT || a->cap == SD_CAP_ARRAY) && a->st &&
		   a->st->ndeep;

	if (deep)
		fputs("\t{\n\t__u32 aoff = off;\n\n", f);
	fputc('\t', f);
	if (retry)
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
		fprintf(f, ", %d, %d)", a->bound, a->fmt != SD_FMT_PRINTER ||
			!strcmp(a->printer, "hexstr"));
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
		fprintf(f, ", %d, %d, %d, %d)", a->bound, sd_field_offset(a->st, a->st->reclen),
			a->st->reclen->ctype->size, a->st->rec_align);
		break;
	default:
		break;
	}
	if (retry)
		fprintf(f, ")\n\t\tt->retry |= 1u << %d;\n", slot);
	else
		fputs(";\n", f);
	if (deep)
		fprintf(f, "\tsd_deep_%s(buf, &off, aoff, %d, %d, (__u64)r->%s);\n\t}\n",
			a->st->name, a->deep_slot,
			a->cap == SD_CAP_ARRAY ? a->bound : 1, a->name);
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
			"\t\tif (!sd_read_user(fds, sizeof(fds), r->%s)) {\n",
			a->bound, a->name);
		for (int k = 0; k < a->bound; k++)
			fprintf(f, "\t\t\tsd_cap_fd_name(buf, &off, %d, fds[%d]);\n",
				a->name_slot + k, k);
		fputs("\t\t}\n\t}\n", f);
	}
	if (sc->found_slot >= 0) {
		fputs("\tif (!SD_IS_ERR(ret) && ret > 0)\n\t", f);
		emit_capture(sc, &sc->args[sc->found_arg], sc->found_slot, 0, f);
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

/*
 * A recorder's name: sd_ke_ID / sd_kx_ID at a syscall number, sd_kve_ID /
 * sd_kvx_ID for a family member's body or dispatcher (__self: the body of
 * a member that has variants of its own).
 */
static void rec_name(const struct sd_syscall *sc, int enter, int body, FILE *f)
{
	if (sd_in_family(sc) && (sc->base || body))
		fprintf(f, "sd_kv%s_%s%s", enter ? "e" : "x", sc->id,
			body && sc->base && sc->variants ? "__self" : "");
	else
		fprintf(f, "sd_k%s_%s", enter ? "e" : "x", sc->id);
}

static void emit_head(const struct sd_syscall *sc, int enter, FILE *f)
{
	fputs("static void ", f);
	rec_name(sc, enter, 1, f);
	fprintf(f, "(struct pt_regs *regs, long %s)\n{\n", enter ? "nr" : "ret");
}

static void emit_entry(const struct sd_syscall *sc, FILE *f)
{
	int noreturn = sc->ret == SD_RET_NORETURN;

	emit_head(sc, 1, f);
	if (noreturn)
		fputs("\t__u8 *buf = sd_scratch();\n", f);
	else
		fputs("\tstruct sd_ktask *t = sd_task_begin(nr);\n"
		      "\t__u8 *buf = t ? t->buf : NULL;\n", f);
	fprintf(f, "\tstruct sd_rec_%s *r = (void *)buf;\n"
		"\t__u32 off = sizeof(*r);\n\n"
		"\tif (!buf)\n\t\treturn;\n"
		"\tsd_hdr_fill(&r->h, nr);\n", sc->id);
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
	fputs("}\n\n", f);
}

static void emit_exit(const struct sd_syscall *sc, FILE *f)
{
	emit_head(sc, 0, f);
	if (sc->has_entry) {
		fprintf(f, "\tstruct sd_ktask *t = sd_task_end(regs);\n"
			"\t__u8 *buf = t ? t->buf : NULL;\n"
			"\tstruct sd_rec_%s *r = (void *)buf;\n"
			"\t__u32 off;\n\n"
			"\tif (!buf) {\n%s\t\treturn;\n\t}\n"
			"\toff = t->off;\n\tr->ret = ret;\n"
			"\tsd_stamp(&r->h);\t/* records are merged by completion */\n"
			"\tsd_mark_killed(&r->h);\n", sc->id,
			sc->ret == SD_RET_FORKED ?
			"\t\tif (ret != 0)\n\t\t\tsd_count(SD_LOST_UNSTARTED);\n" :
			"\t\tsd_count(SD_LOST_UNSTARTED);\n");
		for (int i = 0; i < sc->nargs; i++) {
			const struct sd_arg *a = &sc->args[i];

			if (a->cap == SD_CAP_NONE || !a->at_entry)
				continue;
			/* an entry copy that faulted, again: the call faulted
			 * the page in (but after exec the old memory is gone) */
			fprintf(f, "\tif ((t->retry & (1u << %d)) && !SD_EXEC_DONE(regs, ret))\n\t",
				a->slot);
			emit_capture(sc, a, a->slot, 0, f);
		}
		sd_emit_exit_caps(sc, &backend, f);
		emit_names(sc, f);
		fputs("\tt->nr1 = 0;\n\tsd_submit(buf, off);\n}\n\n", f);
		return;
	}
	fprintf(f, "\t__u8 *buf = sd_scratch();\n"
		"\tstruct sd_rec_%s *r = (void *)buf;\n"
		"\t__u32 off = sizeof(*r);\n\n", sc->id);
	if (sc->ret == SD_RET_FORKED)
		fputs("\tif (ret == 0)\n\t\treturn;\t/* the child's side */\n", f);
	fputs("\tsd_hdr_fill(&r->h, SD_NR(regs));\n"
	      "\tr->ret = ret;\n\tsd_mark_killed(&r->h);\n", f);
	sd_emit_rec_args(sc, f);
	sd_emit_exit_caps(sc, &backend, f);
	emit_names(sc, f);
	fputs("\tsd_submit(buf, off);\n}\n\n", f);
}

/* A family's dispatcher: the member the selector's value chooses. */
static void emit_dispatch(const struct sd_syscall *b, int enter, FILE *f)
{
	const struct sd_arg *s = &b->args[b->sel];
	int fam = sd_family_id(b);

	fputs("static void ", f);
	rec_name(b, enter, 0, f);
	fprintf(f, "(struct pt_regs *regs, long %s)\n{\n"
		"\tint k = sd_variant_of(%d, (__u64)(%s)SD_ARG(regs, %d));\n\n"
		"\tsd_kv%s[k >= 0 ? k : %d](regs, %s);\t/* else %s */\n}\n\n",
		enter ? "nr" : "ret", fam, sd_arg_storage(s), b->sel,
		enter ? "enter" : "exit", fam, enter ? "nr" : "ret", b->names->name);
}

int sd_emit_kmod(const struct sd_plan *p, FILE *f)
{
	int nm = p->nmembers ? p->nmembers : 1;

	sd_emit_banner(p, f, "sd_recorders.kmod.h");
	fputs("/* Included by runtime-kernel/kmod/sdtrace_kmod.c after sd_kcapture.h. */\n\n", f);
	fprintf(f, "typedef void (*sd_krec_fn)(struct pt_regs *regs, long arg);\n"
		"static const sd_krec_fn sd_kventer[%d], sd_kvexit[%d];\n\n", nm, nm);
	for (const struct sd_struct *st = p->structs; st; st = st->next)
		if (st->ndeep)
			emit_deep_helper(st, f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		fprintf(f, "/* %s */\n", sc->names->name);
		sd_emit_line(f, sc->loc);
		if (sc->has_entry)
			emit_entry(sc, f);
		if (sc->ret != SD_RET_NORETURN)
			emit_exit(sc, f);
		sd_emit_line_back(f);
	}
	for (const struct sd_syscall *b = p->syscalls; b; b = b->next) {
		if (!b->variants)
			continue;
		if (b->has_entry)
			emit_dispatch(b, 1, f);
		emit_dispatch(b, 0, f);
	}
	/* the family members, by program slot */
	for (int enter = 1; enter >= 0; enter--) {
		fprintf(f, "static const sd_krec_fn sd_kv%s[%d] = {\n",
			enter ? "enter" : "exit", nm);
		for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
			if (!sd_in_family(sc) || (enter && !sc->has_entry))
				continue;
			if (sc->base) {	/* a variant: its dispatcher or body */
				fprintf(f, "\t[%d] = ", sc->vidx);
				rec_name(sc, enter, 0, f);
				fputs(",\n", f);
			}
			if (!sc->base || sc->variants) {	/* the body of a member with variants */
				fprintf(f, "\t[%d] = ", sc->base ? sc->vidx_self : sc->vidx);
				rec_name(sc, enter, 1, f);
				fputs(",\n", f);
			}
		}
		fputs("};\n\n", f);
	}
	/* by syscall number: entry recorders, exit recorders (a call that
	 * never returns has none, and no generic record either) */
	for (int enter = 1; enter >= 0; enter--) {
		fprintf(f, "static const sd_krec_fn sd_k%s_of[SD_NR_MAX] = {\n",
			enter ? "enter" : "exit");
		for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
			if (sc->base || (enter && !sc->has_entry))
				continue;
			for (const struct sd_name *n = sc->names; n; n = n->next) {
				fprintf(f, "#ifdef __NR_%s\n\t[__NR_%s] = ", n->name, n->name);
				if (!enter && sc->ret == SD_RET_NORETURN)
					fputs("sd_kx_none", f);
				else
					rec_name(sc, enter, 0, f);
				fputs(",\n#endif\n", f);
			}
		}
		fputs("};\n\n", f);
	}
	return 0;
}

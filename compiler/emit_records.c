/* SPDX-License-Identifier: MIT */
/* emit_records.c - backend: the binary record layouts (sd_records.h). */
#include "emit.h"

static void emit_struct(const struct sd_struct *s, FILE *f)
{
	fprintf(f, "/* struct %s, as the kernel lays it out */\n", s->name);
	fprintf(f, "struct sd_s_%s {\n", s->name);
	for (const struct sd_field *fl = s->fields; fl; fl = fl->next) {
		if (fl->sub)
			fprintf(f, "\tstruct sd_s_%s %s", fl->sub->name, fl->cname);
		else
			fprintf(f, "\t%s %s", sd_ctype_storage(fl->ctype->size,
				fl->ctype->is_signed), fl->cname);
		if (fl->array_len > 0)
			fprintf(f, "[%lld]", fl->array_len);
		else if (fl->flex)
			fputs("[]", f);
		fputs(";\n", f);
	}
	fputs("};\n\n", f);
}

static void emit_record(const struct sd_syscall *sc, FILE *f)
{
	fprintf(f, "/* %s: %d bytes fixed, at most %d with captures */\n",
		sc->id, sc->fixed_size, sc->max_size);
	fprintf(f, "struct sd_rec_%s {\n\tstruct sd_hdr h;\n\t__s64 ret;\n", sc->id);
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[sc->order[i]];

		fprintf(f, "\t%s %s;\n", sd_arg_storage(a), a->name);
	}
	fprintf(f, "};\n_Static_assert(sizeof(struct sd_rec_%s) == %d, "
		"\"sysdefc's layout of %s\");\n", sc->id, sc->fixed_size, sc->id);
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->slot >= 0)
			fprintf(f, "#define SD_SLOT_%s_%s %d\n", sc->id, a->name, a->slot);
	}
	fputc('\n', f);
}

int sd_emit_records(const struct sd_plan *p, FILE *f)
{
	sd_emit_banner(p, f, "sd_records.h");
	fputs("#ifndef SD_RECORDS_H\n#define SD_RECORDS_H\n\n"
	      "/*\n"
	      " * One record per syscall: struct sd_hdr, the result, the argument\n"
	      " * registers (widest first, so no padding), then the captures, each a\n"
	      " * struct sd_var and its bytes.  Needs __u8..__s64 (linux/types.h or\n"
	      " * vmlinux.h) before inclusion.\n"
	      " */\n\n", f);
	fprintf(f, "#define SD_MAX_ARGS\t%d\n#define SD_PATH_BOUND\t%d\n"
		"#define SD_MAX_BOUND\t%d\n#define SD_REC_MAX\t%d\n"
		"#define SD_MAX_ELEMS\t%d\n"
		"#define SD_NCONSTS\t%d\t/* @case constants (at least 1) */\n\n",
		SD_MAX_ARGS, SD_PATH_BOUND, SD_MAX_BOUND, SD_REC_MAX, SD_MAX_ELEMS,
		p->nconsts ? p->nconsts : 1);
	fputs("/* struct sd_hdr.kind */\n"
	      "#define SD_K_CALL\t1\t/* a described syscall, struct sd_rec_NAME */\n"
	      "#define SD_K_GENERIC\t2\t/* an undescribed one, struct sd_rec_generic */\n"
	      "#define SD_K_FORK\t3\t/* a new traced process */\n"
	      "#define SD_K_EXIT\t4\t/* a traced process ended */\n"
	      "#define SD_K_SIGNAL\t5\t/* a signal delivered to a traced thread */\n\n"
	      "/* struct sd_hdr.flags */\n"
	      "#define SD_F_NORETURN\t1\t/* recorded at entry: the call does not return */\n"
	      "#define SD_F_KILLED\t2\t/* SIGKILL pending: the caller never sees the result */\n\n"
	      "/*\n * 16 bytes: when the record was completed (ns since the session began,\n"
	      " * 48 bits: 78 hours), its size (so files need no framing), the thread,\n"
	      " * the syscall number, what it is.\n */\n"
	      "struct sd_hdr {\n\t__u32 ts_lo;\n\t__u16 ts_hi;\n\t__u16 size;\n"
	      "\t__u32 tid;\n\t__u16 nr;\n\t__u8 kind;\n\t__u8 flags;\n};\n\n"
	      "#define SD_HDR_TS(h)\t((__u64)(h)->ts_hi << 32 | (h)->ts_lo)\n\n"
	      "/* struct sd_var.st: the state of one capture */\n"
	      "#define SD_ST_FAULT\t1\t/* the copy faulted; no bytes */\n"
	      "#define SD_ST_TRUNC\t2\t/* more bytes existed than were copied */\n"
	      "#define SD_ST_NULL\t4\t/* the pointer was NULL */\n"
	      "#define SD_ST_MORE\t8\t/* more elements than the bound */\n"
	      "#define SD_ST_PART\t16\t/* an array's elements up to an unreadable page */\n\n"
	      "/* @strarray data: per string a __u16 length (SD_STR_CUT: cut short), bytes */\n"
	      "#define SD_STR_CUT\t0x8000\n\n"
	      "struct sd_var {\n\t__u8 slot;\n\t__u8 st;\n\t__u16 len;\t/* bytes that follow */\n};\n\n"
	      "struct sd_rec_generic {\n\tstruct sd_hdr h;\n\t__s64 ret;\n"
	      "\t__u64 args[SD_MAX_ARGS];\n};\n\n", f);
	for (const struct sd_struct *s = p->structs; s; s = s->next)
		emit_struct(s, f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		sd_emit_line(f, sc->loc);
		emit_record(sc, f);
		sd_emit_line_back(f);
	}
	fputs("#endif /* SD_RECORDS_H */\n", f);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* emit_records.c - backend: the binary record layouts (sd_records.h). */
#include "emit.h"

static void emit_struct(const struct sd_struct *s, FILE *f)
{
	fprintf(f, "/* struct %s, as the kernel lays it out */\n", s->name);
	fprintf(f, "struct sd_s_%s {\n", s->name);
	for (const struct sd_field *fl = s->fields; fl; fl = fl->next) {
		const struct sd_field *prev = NULL, *nx = fl->next;
		const char *ind = fl->ugroup ? "\t\t" : "\t";

		if (fl->alt_of)		/* the same bytes, another view */
			continue;
		for (const struct sd_field *g = s->fields; g != fl; g = g->next)
			if (!g->alt_of)
				prev = g;
		while (nx && nx->alt_of)
			nx = nx->next;
		/* a union, its members of several fields as structs */
		if (fl->ugroup && (!prev || prev->ugroup != fl->ugroup))
			fputs("\tunion {\n", f);
		if (fl->ugroup && nx && nx->ugroup == fl->ugroup &&
		    nx->umember == fl->umember &&
		    (!prev || prev->ugroup != fl->ugroup || prev->umember != fl->umember))
			fputs("\t\tstruct {\n", f);
		if (fl->ugroup && ((prev && prev->ugroup == fl->ugroup &&
				    prev->umember == fl->umember) ||
				   (nx && nx->ugroup == fl->ugroup &&
				    nx->umember == fl->umember)))
			ind = "\t\t\t";
		if (fl->sub)
			fprintf(f, "%sstruct sd_s_%s %s", ind, fl->sub->name, fl->cname);
		else
			fprintf(f, "%s%s %s", ind, sd_ctype_storage(fl->ctype->size,
				fl->ctype->is_signed), fl->cname);
		if (fl->array_len > 0)
			fprintf(f, "[%lld]", fl->array_len);
		else if (fl->flex)
			fputs("[]", f);
		else if (fl->bits)
			fprintf(f, " : %d", fl->bits);
		fputs(";\n", f);
		if (fl->ugroup && prev && prev->ugroup == fl->ugroup &&
		    prev->umember == fl->umember &&
		    (!nx || nx->ugroup != fl->ugroup || nx->umember != fl->umember))
			fputs("\t\t};\n", f);
		if (fl->ugroup && (!nx || nx->ugroup != fl->ugroup))
			fputs("\t};\n", f);
	}
	fputs(s->packed ? "} __attribute__((packed));\n\n" : "};\n\n", f);
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
	fprintf(f, "#ifndef SD_RECORDS_H\n#define SD_RECORDS_H\n\n"
		"/* Needs __u8..__s64 (linux/types.h or vmlinux.h) before inclusion. */\n"
		"#include \"sd_abi.h\"\n\n"
		"#define SD_NCONSTS\t%d\t/* @case constants (at least 1) */\n\n",
		p->nconsts ? p->nconsts : 1);
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

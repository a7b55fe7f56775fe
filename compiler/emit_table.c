/* SPDX-License-Identifier: MIT */
/*
 * emit_table.c - backend: the syscall table (sd_table.h, sd_table.c).
 *
 * One row per syscall name.  Numbers come from the target's __NR_ macros,
 * so a syscall the architecture lacks is compiled out of the table.
 */
#include <string.h>

#include "emit.h"

#define SD_RET_NAME(word, NAME) [SD_RET_##NAME] = "SD_RET_" #NAME,
static const char *const ret_names[] = { SD_RET_KINDS(SD_RET_NAME) };
#undef SD_RET_NAME

int sd_emit_table_h(const struct sd_plan *p, FILE *f)
{
	sd_emit_banner(p, f, "sd_table.h");
	fputs("#ifndef SD_TABLE_H\n#define SD_TABLE_H\n\n"
	      "#include \"sd_retkinds.h\"\n\n"
	      "struct sd_dec;\nstruct sd_hdr;\n\n"
	      "/* Syscall classes, for %file-style filters. */\n", f);
	for (int i = 0; sd_class_names[i]; i++)
		fprintf(f, "#define SD_CLASS_%s\t(1u << %d)\n", sd_class_names[i], i);
	fputs("\n/* Decode one record's arguments; returns 0 or -EINVAL if malformed. */\n"
	      "typedef int (*sd_decode_fn)(struct sd_dec *d, const struct sd_hdr *h,\n"
	      "\t\t\t    unsigned int size);\n"
	      "/* Print a successful result (text), with its description's annotations. */\n"
	      "typedef int (*sd_ret_fn)(struct sd_dec *d, const struct sd_hdr *h,\n"
	      "\t\t\t unsigned int size, long long ret);\n\n"
	      "struct sd_syscall_ent {\n"
	      "\tint nr;\t\t\t/* __NR_name */\n"
	      "\tconst char *name;\n"
	      "\tint nargs;\n"
	      "\tunsigned int classes;\t/* SD_CLASS_* */\n"
	      "\tenum sd_ret_kind ret;\n"
	      "\tunsigned int rec_size;\t/* fixed part of its record */\n"
	      "\tint desc;\t\t/* its description's number, from 1 */\n"
	      "\tsd_decode_fn decode;\n"
	      "\tsd_ret_fn decode_ret;\t/* NULL: the result prints by ret */\n"
	      "\tconst char *enter_prog;\t/* eBPF entry recorder, or NULL */\n"
	      "\tconst char *exit_prog;\t/* eBPF exit recorder, or NULL */\n"
	      "\tint names_fds;\t\t/* it makes descriptors (or a cwd) -y names */\n"
	      "};\n\n"
	      "/* Class names, in SD_CLASS_* bit order, NULL-terminated. */\n"
	      "extern const char *const sd_class_names[];\n"
	      "/* Every described syscall the target has, in description order. */\n"
	      "extern const struct sd_syscall_ent sd_syscall_table[];\n"
	      "extern const unsigned int sd_syscall_count;\n"
	      "/* A variant family's member: its recorders, in sd_variant_enter/exit[idx]. */\n"
	      "struct sd_variant_prog {\n\tunsigned int idx;\n"
	      "\tconst char *enter_prog;\t/* or NULL */\n\tconst char *exit_prog;\n"
	      "\tconst char *family;\t/* the family's exit program */\n};\n"
	      "extern const struct sd_variant_prog sd_variant_progs[];\n"
	      "/* A value that selects a member: sd_const_values[k], as the selector's C type. */\n"
	      "struct sd_variant_case {\n\tunsigned int family, member, k;\n"
	      "\tint size, is_signed;\t/* the selector's */\n};\n"
	      "extern const struct sd_variant_case sd_variant_cases[];\n"
	      "extern const unsigned int sd_variant_case_count;\n"
	      "extern const unsigned int sd_variant_count;\n"
	      "/* The @case constants' values, for the recorders' sd_k[]. */\n"
	      "extern const unsigned long long sd_const_values[];\n\n", f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		fprintf(f, "int sd_dec_%s(struct sd_dec *d, const struct sd_hdr *h, "
			"unsigned int size);\n", sc->id);
		if (sc->ret_fmt != SD_FMT_DEC || sd_in_family(sc))
			fprintf(f, "int sd_ret_%s(struct sd_dec *d, const struct sd_hdr *h, "
				"unsigned int size, long long ret);\n", sc->id);
		if (sc->variants)
			fprintf(f, "int sd_decv_%s(struct sd_dec *d, const struct sd_hdr *h, "
				"unsigned int size);\n"
				"int sd_retv_%s(struct sd_dec *d, const struct sd_hdr *h, "
				"unsigned int size, long long ret);\n", sc->id, sc->id);
	}
	fputs("\n#endif /* SD_TABLE_H */\n", f);
	return 0;
}

/* 1 if @sc, or a member of its family, names what it makes or closes (-y). */
static int names_fds(const struct sd_syscall *sc)
{
	if (sc->name_slot >= 0)
		return 1;
	for (int i = 0; i < sc->nargs; i++)
		if (sc->args[i].name_slot >= 0 || sc->args[i].closes)
			return 1;
	for (const struct sd_syscall *v = sc->variants; v; v = v->next_variant)
		if (names_fds(v))
			return 1;
	return 0;
}

int sd_emit_table(const struct sd_plan *p, FILE *f)
{
	sd_emit_banner(p, f, "sd_table.c");
	fputs("#include <stddef.h>\n#include <asm/unistd.h>\n#include <linux/types.h>\n\n"
	      "#include \"sd_records.h\"\n#include \"sd_table.h\"\n\n"
	      "const char *const sd_class_names[] = {\n", f);
	for (int i = 0; sd_class_names[i]; i++)
		fprintf(f, "\t\"%s\",\n", sd_class_names[i]);
	fputs("\tNULL,\n};\n\nconst struct sd_syscall_ent sd_syscall_table[] = {\n", f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		if (sc->base)
			continue;	/* a variant: its family's row dispatches */
		for (const struct sd_name *n = sc->names; n; n = n->next) {
			fprintf(f, "#ifdef __NR_%s\n\t{ __NR_%s, \"%s\", %d, ", n->name,
				n->name, n->name, sc->nargs);
			if (!sc->classes)
				fputs("0", f);
			for (const struct sd_name *c = sc->classes; c; c = c->next)
				fprintf(f, "%sSD_CLASS_%s", c == sc->classes ? "" : " | ",
					c->name);
			if (sc->variants)	/* the smallest: the selector */
				fprintf(f, ", %s, %d, %d, "
					"sd_decv_%s, sd_retv_%s, ", ret_names[sc->ret],
					sc->arg_off[sc->sel] + sc->args[sc->sel].size,
					sc->index + 1, sc->id, sc->id);
			else if (sc->ret_fmt != SD_FMT_DEC)
				fprintf(f, ", %s, sizeof(struct sd_rec_%s), %d, sd_dec_%s, "
					"sd_ret_%s, ", ret_names[sc->ret], sc->id,
					sc->index + 1, sc->id, sc->id);
			else
				fprintf(f, ", %s, sizeof(struct sd_rec_%s), %d, sd_dec_%s, "
					"NULL, ", ret_names[sc->ret], sc->id,
					sc->index + 1, sc->id);
			if (sc->has_entry)
				fprintf(f, "\"sd_enter_%s\", ", sc->id);
			else
				fputs("NULL, ", f);
			if (sd_is_scalar_only(sc))
				fputs("\"sd_exit_scalars\"", f);
			else if (sc->ret != SD_RET_NORETURN)
				fprintf(f, "\"sd_exit_%s\"", sc->id);
			else
				fputs("NULL", f);
			fprintf(f, ", %d },\n#endif\n", names_fds(sc));
		}
	}
	fputs("};\n\nconst unsigned int sd_syscall_count =\n"
	      "\tsizeof(sd_syscall_table) / sizeof(sd_syscall_table[0]);\n\n"
	      "const struct sd_variant_prog sd_variant_progs[] = {\n", f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		/* a member with variants: its dispatcher, then its own body */
		for (int self = 0; self < 2; self++) {
			const char *sfx = self ? "__self" : "";

			if (!sd_in_family(sc) || (self && !(sc->base && sc->variants)))
				continue;
			fprintf(f, "\t{ %d, ", self ? sc->vidx_self : sc->vidx);
			if (sc->has_entry)
				fprintf(f, "\"sd_ve_%s%s\", ", sc->id, sfx);
			else
				fputs("NULL, ", f);
			fprintf(f, "\"sd_vx_%s%s\", \"sd_exit_%s\" },\n", sc->id, sfx,
				sd_family_root(sc)->id);
		}
	}
	fputs("\t{ 0, NULL, NULL, NULL }\n};\n\nconst unsigned int sd_variant_count =\n"
	      "\tsizeof(sd_variant_progs) / sizeof(sd_variant_progs[0]) - 1;\n\n"
	      "const struct sd_variant_case sd_variant_cases[] = {\n", f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		const struct sd_arg *sel;

		if (!sc->base)
			continue;
		sel = &sc->args[sc->case_arg];
		for (const struct sd_case *c = sc->cases; c; c = c->next)
			fprintf(f, "\t{ %d, %d, %d, %d, %d },\t/* %s: %s */\n",
				sd_family_id(sc->base), sc->vidx, c->k, sel->size,
				sel->is_signed, sc->names->name, c->name);
	}
	fputs("\t{ 0, 0, 0, 0, 0 }\n};\n\nconst unsigned int sd_variant_case_count =\n"
	      "\tsizeof(sd_variant_cases) / sizeof(sd_variant_cases[0]) - 1;\n", f);
	return 0;
}

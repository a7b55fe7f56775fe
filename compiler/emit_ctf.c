/* SPDX-License-Identifier: MIT */
/*
 * emit_ctf.c - backend: sd_ctf.c, the record layouts as data for the
 * Common Trace Format metadata (runtime-user/ctf.h): every description's
 * and variant's fields with their offsets, sizes and tables, its capture
 * slots by name, which variant a record is, and every flag and enum
 * table's values (taken from the C headers when sd_ctf.c is compiled).
 * sdtrace --record writes the TSDL from these; --replay reads it back.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

/*
 * The names of labels, fields and slots, written once at the end as
 * sd_ctf_names[]: the tables hold offsets into it (pointers would each be
 * a relocation sdtrace applies at every start).
 */
static struct {
	char *p;
	size_t len, cap;
	int failed;
} names;

static size_t name_off(const char *s)
{
	size_t n = strlen(s) + 1, off = names.len;

	if (names.len + n > names.cap) {
		size_t cap = names.cap ? names.cap * 2 : 65536;
		char *p;

		while (cap < names.len + n)
			cap *= 2;
		p = realloc(names.p, cap);
		if (!p) {
			names.failed = 1;
			return 0;
		}
		names.p = p;
		names.cap = cap;
	}
	memcpy(names.p + names.len, s, n);
	names.len += n;
	return off;
}

/*
 * TSDL's keywords cannot name fields: such a name gets a '_' after it.
 * CTF readers drop a leading '_' of field names (not of enum labels, which
 * capture slots' names also are): leading '_'s are left out.
 */
static const char *field_name(const char *name, char *buf, size_t len)
{
	while (name[0] == '_' && name[1])
		name++;
	static const char *const kw[] = {
		"align", "callsite", "const", "char", "clock", "double", "enum", "env",
		"event", "floating_point", "float", "integer", "int", "long", "short",
		"signed", "stream", "string", "struct", "trace", "typealias", "typedef",
		"unsigned", "variant", "void", "_Bool", "_Complex", "_Imaginary",
		"ret", "captures", "slot", "st", "len", "data", NULL,
	};

	for (int i = 0; kw[i]; i++)
		if (!strcmp(kw[i], name)) {
			snprintf(buf, len, "%s_", name);
			return buf;
		}
	snprintf(buf, len, "%s", name);
	return buf;
}

/* The name of deep field @k of struct @s (depth-first), or NULL. */
static const char *deep_name(const struct sd_struct *s, int k)
{
	for (const struct sd_field *f = s->fields; f; f = f->next)
		if (f->deep && f->deep_index == k)
			return f->name;
	return NULL;
}

static int is_text(const struct sd_arg *a)
{
	return a->cap == SD_CAP_STRING || a->cap == SD_CAP_PATH;
}

/* What each capture slot of @sc holds: its name, and whether it is text. */
static void slot_names(const struct sd_syscall *sc, const char **names,
		       char (*bufs)[64], int *text)
{
	for (int i = 0; i < SD_MAX_SLOTS; i++) {
		names[i] = NULL;
		text[i] = 0;
	}
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (a->slot >= 0 && a->slot < SD_MAX_SLOTS) {
			names[a->slot] = a->name;
			text[a->slot] = is_text(a);
			if (a->dir == SD_DIR_INOUT && a->slot + 1 < SD_MAX_SLOTS) {
				snprintf(bufs[a->slot + 1], 64, "%s_out", a->name);
				names[a->slot + 1] = bufs[a->slot + 1];
				text[a->slot + 1] = is_text(a);
			}
		}
		if (a->slot >= 0 && a->st && a->st->ndeep &&
		    (a->cap == SD_CAP_ARRAY || a->cap == SD_CAP_STRUCT))
			for (int k = 0; k < a->st->ndeep; k++) {
				int s = a->deep_slot + k;
				const char *dn = deep_name(a->st, k);

				if (s < 0 || s >= SD_MAX_SLOTS)
					continue;
				if (dn)
					snprintf(bufs[s], 64, "%s_%s", a->name, dn);
				else
					snprintf(bufs[s], 64, "%s_deep%d", a->name, k);
				names[s] = bufs[s];
			}
		if (a->name_slot >= 0)
			for (int k = 0; k < a->bound && a->name_slot + k < SD_MAX_SLOTS; k++) {
				snprintf(bufs[a->name_slot + k], 64, "%s_name%d", a->name, k);
				names[a->name_slot + k] = bufs[a->name_slot + k];
				text[a->name_slot + k] = 1;
			}
		if (a->sock_slot >= 0 && a->sock_slot < SD_MAX_SLOTS) {
			snprintf(bufs[a->sock_slot], 64, "%s_sock", a->name);
			names[a->sock_slot] = bufs[a->sock_slot];
		}
	}
	if (sc->found_slot >= 0 && sc->found_slot < SD_MAX_SLOTS)
		names[sc->found_slot] = "found";
	if (sc->left_slot >= 0 && sc->left_slot < SD_MAX_SLOTS)
		names[sc->left_slot] = "left";
	for (int k = 0; k < sc->nready; k++)
		if (sc->ready_slot[k] < SD_MAX_SLOTS) {
			snprintf(bufs[sc->ready_slot[k]], 64, "%s_ready",
				 sc->args[sc->ready_arg[k]].name);
			names[sc->ready_slot[k]] = bufs[sc->ready_slot[k]];
		}
	if (sc->name_slot >= 0 && sc->name_slot < SD_MAX_SLOTS) {
		names[sc->name_slot] = "ret_name";
		text[sc->name_slot] = 1;
	}
	for (int i = 0; i < sc->nslots && i < SD_MAX_SLOTS; i++)
		if (!names[i]) {
			snprintf(bufs[i], 64, "slot%d", i);
			names[i] = bufs[i];
		}
	/* names are labels of one enum: make them distinct */
	for (int i = 0; i < sc->nslots && i < SD_MAX_SLOTS; i++)
		for (int j = 0; j < i; j++)
			if (!strcmp(names[i], names[j])) {
				char tmp[64];

				snprintf(tmp, sizeof(tmp), "%.50s_%d", names[i], i);
				memcpy(bufs[i], tmp, sizeof(tmp));
				names[i] = bufs[i];
				break;
			}
}

static void emit_member(const struct sd_syscall *sc, FILE *f)
{
	const char *names[SD_MAX_SLOTS];
	char bufs[SD_MAX_SLOTS][64], fn[80];
	int text[SD_MAX_SLOTS];
	const char *dollar = strchr(sc->names->name, '$');

	fprintf(f, "static const struct sd_ctf_field sd_ctf_f_%s[] = {\n"
		"\t{ %zu /* ret */, 16, 8, 1, 0, -1, -1 },\n", sc->id, name_off("ret"));
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[sc->order[i]];
		int hex = a->is_ptr || a->fmt == SD_FMT_PTR || a->fmt == SD_FMT_HEX;
		const char *n = field_name(a->name, fn, sizeof(fn));

		fprintf(f, "\t{ %zu /* %s */, offsetof(struct sd_rec_%s, %s), %d, %d, %d, %d, "
			"%d },\n", name_off(n), n, sc->id, a->name, a->size, a->is_signed, hex,
			a->table ? a->table->id : -1, a->index);
	}
	fputs("};\n", f);
	slot_names(sc, names, bufs, text);
	if (sc->nslots) {
		fprintf(f, "static const struct sd_ctf_slot sd_ctf_s_%s[] = {\n", sc->id);
		for (int i = 0; i < sc->nslots && i < SD_MAX_SLOTS; i++) {
			const char *n = field_name(names[i], fn, sizeof(fn));

			fprintf(f, "\t{ %zu /* %s */, %d },\n", name_off(n), n, text[i]);
		}
		fputs("};\n", f);
	}
	fprintf(f, "#define SD_CTF_M_%s { \"%s\", sizeof(struct sd_rec_%s), %d, %d, "
		"sd_ctf_f_%s, %s%s }\n\n", sc->id, dollar ? dollar + 1 : "", sc->id,
		sc->nargs + 1, sc->nslots, sc->id, sc->nslots ? "sd_ctf_s_" : "NULL",
		sc->nslots ? sc->id : "");
}

/* A family's members, depth first: the description itself, its variants. */
static void list_members(const struct sd_syscall *sc, FILE *f)
{
	fprintf(f, " %d,", sc->index);
	for (const struct sd_syscall *v = sc->variants; v; v = v->next_variant)
		list_members(v, f);
}

/* Which member a record of family @b is: as its decoder chooses. */
static void emit_pick(const struct sd_syscall *b, FILE *f)
{
	const char *st = sd_arg_storage(&b->args[b->sel]);

	fprintf(f, "static int sd_ctf_pick_%s(const struct sd_hdr *h, unsigned int size)\n{\n"
		"\t%s sel;\n\n\tif (size < %d + sizeof(sel))\n\t\treturn %d;\n"
		"\tmemcpy(&sel, (const char *)h + %d, sizeof(sel));\n\tswitch (sel) {\n",
		b->id, st, b->arg_off[b->sel], b->index, b->arg_off[b->sel]);
	for (const struct sd_syscall *v = b->variants; v; v = v->next_variant) {
		for (const struct sd_case *c = v->cases; c; c = c->next)
			fprintf(f, "\tcase (%s)(%s):\n", st, c->value);
		if (v->variants)
			fprintf(f, "\t\treturn sd_ctf_pick_%s(h, size);\n", v->id);
		else
			fprintf(f, "\t\treturn %d;\n", v->index);
	}
	fprintf(f, "\tdefault:\n\t\treturn %d;\n\t}\n}\n\n", b->index);
}

int sd_emit_ctf(const struct sd_plan *p, FILE *f)
{
	int failed;

	memset(&names, 0, sizeof(names));
	sd_emit_banner(p, f, "sd_ctf.c");
	fputs("#define _GNU_SOURCE\n#include <endian.h>\n#include <errno.h>\n#include <stddef.h>\n"
	      "#include <string.h>\n#include <linux/types.h>\n\n", f);
	for (const struct sd_name *h = p->headers; h; h = h->next)
		fprintf(f, "#include <%s>\n", h->name);
	fputs("\n#include \"sd_records.h\"\n#include \"sd_table.h\"\n#include \"ctf.h\"\n\n", f);

	/* tables: their names' values */
	for (const struct sd_table *t = p->tables; t; t = t->next) {
		sd_emit_line(f, t->loc);
		fprintf(f, "static const struct sd_ctf_label sd_ctf_l_%s[] = {\n", t->name);
		for (int i = 0; i < t->nnames; i++)
			fprintf(f, "\t{ (long long)(%s), %zu /* %s */ },\n", t->values[i],
				name_off(t->names[i]), t->names[i]);
		for (int i = 0; t->field_mask && i < t->nfield; i++)
			fprintf(f, "\t{ (long long)(%s), %zu /* %s */ },\n", t->field_values[i],
				name_off(t->field_names[i]), t->field_names[i]);
		fputs("\t{ 0, 0 }\n};\n", f);
		sd_emit_line_back(f);
	}
	fprintf(f, "\nconst struct sd_ctf_table sd_ctf_tables[%d] = {\n",
		p->ntables ? p->ntables : 1);
	for (const struct sd_table *t = p->tables; t; t = t->next)
		fprintf(f, "\t[%d] = { \"%s\", sd_ctf_l_%s, %d },\n", t->id, t->name, t->name,
			t->nnames + (t->field_mask ? t->nfield : 0));
	fprintf(f, "};\nconst unsigned int sd_ctf_ntables = %d;\n\n", p->ntables);

	/* every description and variant: its layout */
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		sd_emit_line(f, sc->loc);
		emit_member(sc, f);
		sd_emit_line_back(f);
	}
	fprintf(f, "const struct sd_ctf_member sd_ctf_members[%d] = {\n",
		p->nsyscalls ? p->nsyscalls : 1);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		fprintf(f, "\t[%d] = SD_CTF_M_%s,\n", sc->index, sc->id);
	fprintf(f, "};\nconst unsigned int sd_ctf_nmembers = %d;\n\n", p->nsyscalls);

	/* families: which member a record is */
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (sc->variants)
			fprintf(f, "static int sd_ctf_pick_%s(const struct sd_hdr *h, "
				"unsigned int size);\n", sc->id);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (sc->variants)
			emit_pick(sc, f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (!sc->base) {
			fprintf(f, "static const unsigned short sd_ctf_m_%s[] = {", sc->id);
			list_members(sc, f);
			fputs(" };\n", f);
		}
	fprintf(f, "\nconst struct sd_ctf_family sd_ctf_families[%d] = {\n", p->nsyscalls + 1);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (!sc->base)
			fprintf(f, "\t[%d] = { sizeof(sd_ctf_m_%s) / sizeof(unsigned short), "
				"sd_ctf_m_%s, %s%s },\n", sc->index + 1, sc->id, sc->id,
				sc->variants ? "sd_ctf_pick_" : "NULL",
				sc->variants ? sc->id : "");
	fprintf(f, "};\nconst unsigned int sd_ctf_nfamilies = %d;\n", p->nsyscalls + 1);

	/* the names the tables above point into, one literal each */
	fputs("\nconst char sd_ctf_names[] =", f);
	for (size_t off = 0; off < names.len; off += strlen(names.p + off) + 1)
		fprintf(f, "\n\t\"%s\\0\"", names.p + off);
	fputs(names.len ? ";\n" : " \"\";\n", f);
	failed = names.failed;
	free(names.p);
	memset(&names, 0, sizeof(names));
	return failed ? -1 : 0;
}

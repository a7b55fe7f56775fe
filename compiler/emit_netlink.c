/* SPDX-License-Identifier: MIT */
/*
 * emit_netlink.c - the netlink protocols of the plan as the tables the
 * runtime's walker reads (runtime-user/sd_netlink.h), written into
 * sd_decoders.c after the tables and struct printers they name.
 */
#include <stdio.h>
#include <string.h>

#include "emit.h"

static int block_uses(const struct sd_nl_block *b, const struct sd_struct *st)
{
	for (const struct sd_nl_msg *m = b->msgs; m; m = m->next) {
		if (m->st == st)
			return 1;
		for (const struct sd_nl_msg *c = m->cases; c; c = c->next)
			if (c->st == st)
				return 1;
	}
	for (const struct sd_nl_block *s = b->subs; s; s = s->next)
		if (block_uses(s, st))
			return 1;
	return 0;
}

/* One payload printer per struct some message starts with. */
static void emit_payloads(const struct sd_plan *p, FILE *f)
{
	for (const struct sd_struct *st = p->structs; st; st = st->next) {
		const struct sd_nl_block *b = p->netlink;

		while (b && !block_uses(b, st))
			b = b->next;
		if (b)
			fprintf(f, "static void\n"
				"sd_nlp_%s(struct sd_dec *d, const unsigned char *p)\n{\n"
				"\tstruct sd_s_%s s;\n\n\tmemcpy(&s, p, sizeof(s));\n"
				"\tsd_p_%s(d, &s, NULL, NULL, NULL, 0);\n}\n\n",
				st->name, st->name, st->name);
	}
}

static int count_subs(const struct sd_nl_block *b)
{
	int n = 0;

	for (const struct sd_nl_block *s = b->subs; s; s = s->next)
		n++;
	return n;
}

/* The entries of @m, one per type (or a case's value); @cases: its cases' table. */
static void emit_entries(const struct sd_nl_msg *m, const char *cases, FILE *f)
{
	sd_emit_line(f, m->loc);
	for (int i = 0; i < (m->prefix ? 1 : m->ntypes); i++) {
		fprintf(f, "\t{ (unsigned long long)(%s), ", m->prefix ? "0" : m->types[i]);
		if (m->flags)
			fprintf(f, "&sd_t_%s, ", m->flags->name);
		else
			fputs("NULL, ", f);
		if (m->st)
			fprintf(f, "sd_nlp_%s, sizeof(struct sd_s_%s), ", m->st->name,
				m->st->name);
		else
			fputs("NULL, 0, ", f);
		if (m->attrs)
			fprintf(f, "&sd_nla_%d, ", m->attrs->id);
		else
			fputs("NULL, ", f);
		if (m->sel)
			fprintf(f, "offsetof(struct sd_s_%s, %s), sizeof(((struct sd_s_%s *)0)->%s), "
				"%s, sizeof(%s) / sizeof(%s[0]) - 1, ", m->st->name, m->sel->cname,
				m->st->name, m->sel->cname, cases, cases, cases);
		else
			fputs("0, 0, NULL, 0, ", f);
		if (m->prefix)
			fprintf(f, "%d, \"%s\" },\n", m->dir, m->prefix);
		else
			fprintf(f, "%d, NULL },\n", m->dir);
	}
}

/* @b's message table, sd_nlm_<tag>; its subsystems' and cases' first. */
static void emit_msgs(const struct sd_nl_block *b, const char *tag, FILE *f)
{
	int k = 0;
	char cases[96];

	for (const struct sd_nl_block *s = b->subs; s; s = s->next, k++) {
		char sub[64];

		snprintf(sub, sizeof(sub), "%s_%d", tag, k);
		emit_msgs(s, sub, f);
	}
	k = 0;
	for (const struct sd_nl_msg *m = b->msgs; m; m = m->next) {
		if (!m->sel)
			continue;
		fprintf(f, "static const struct sd_nl_msgdesc sd_nlc_%s_%d[] = {\n", tag, k++);
		for (const struct sd_nl_msg *c = m->cases; c; c = c->next)
			emit_entries(c, NULL, f);
		sd_emit_line_back(f);
		fputs("\t{ 0, NULL, NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL }\n};\n\n", f);
	}
	k = 0;
	fprintf(f, "static const struct sd_nl_msgdesc sd_nlm_%s[] = {\n", tag);
	for (const struct sd_nl_msg *m = b->msgs; m; m = m->next) {
		snprintf(cases, sizeof(cases), "sd_nlc_%s_%d", tag, m->sel ? k++ : -1);
		emit_entries(m, cases, f);
	}
	sd_emit_line_back(f);
	fputs("\t{ 0, NULL, NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL }\n};\n\n", f);
	if (b->subs) {
		k = 0;
		fprintf(f, "static const struct sd_nl_desc sd_nls_%s[] = {\n", tag);
		for (const struct sd_nl_block *s = b->subs; s; s = s->next, k++) {
			fprintf(f, "\t{ (long long)(%s), ", s->name);
			if (s->types)
				fprintf(f, "&sd_t_%s, ", s->types->name);
			else
				fputs("NULL, ", f);
			fprintf(f, "NULL, NULL, sd_nlm_%s_%d, sizeof(sd_nlm_%s_%d) / "
				"sizeof(sd_nlm_%s_%d[0]) - 1, NULL, 0 },\n", tag, k, tag, k,
				tag, k);
		}
		fputs("};\n\n", f);
	}
}

static void emit_desc(const struct sd_nl_block *b, const char *tag, FILE *f)
{
	const char *tabs[3] = { b->types ? b->types->name : NULL,
				b->subsys ? b->subsys->name : NULL,
				b->flags ? b->flags->name : NULL };

	fprintf(f, "\t{ %s%s%s, ", strcmp(b->name, "common") ? "(long long)(" : "-1",
		strcmp(b->name, "common") ? b->name : "",
		strcmp(b->name, "common") ? ")" : "");
	for (int i = 0; i < 3; i++)
		if (tabs[i])
			fprintf(f, "&sd_t_%s, ", tabs[i]);
		else
			fputs("NULL, ", f);
	fprintf(f, "sd_nlm_%s, sizeof(sd_nlm_%s) / sizeof(sd_nlm_%s[0]) - 1, ", tag,
		tag, tag);
	if (b->subs)
		fprintf(f, "sd_nls_%s, %d },\n", tag, count_subs(b));
	else
		fputs("NULL, 0 },\n", f);
}

/* The bytes a struct needs: up to the end of its last field (no tail padding). */
static void emit_min_size(const struct sd_struct *st, FILE *f)
{
	const struct sd_field *last = st->fields;

	while (last && last->next)
		last = last->next;
	if (!last) {
		fputs("sizeof(x)", f);
		return;
	}
	fprintf(f, "(offsetof(struct sd_s_%s, %s) + sizeof(x.%s))", st->name, last->cname,
		last->cname);
}

/*
 * One attribute's value; the walker prints bytes if the function returns 0,
 * and the attributes of *nested at *at if it returns 2.
 */
static void emit_value(const struct sd_nl_attr *v, FILE *f)
{
	const char *sz = NULL;
	char tmp[64];

	for (int i = 0; i < v->ntypes; i++)
		fprintf(f, "\tcase %s:\n", v->types[i]);
	switch (v->kind) {
	case SD_NLA_NESTED:
		fprintf(f, "\t\t*nested = &sd_nla_%d;\n\t\t*at = 0;\n\t\treturn 2;\n",
			v->nested->id);
		return;
	case SD_NLA_STRING:
		fputs("\t\tsd_d_nla_str(d, p, avail, len, addr);\n\t\treturn 1;\n", f);
		return;
	case SD_NLA_BYTES:
		fprintf(f, "\t\tif (len < %lld)\n\t\t\treturn 0;\n"
			"\t\tif (avail < %lld)\n\t\t\tsd_d_ptr(d, addr);\n\t\telse\n"
			"\t\t\tsd_d_bytes_print(d, p, %lld, ", v->nbytes, v->nbytes, v->nbytes);
		sd_emit_printer_id(f, v->printer);
		fputs(");\n\t\treturn 1;\n", f);
		return;
	case SD_NLA_STRUCT:
		snprintf(tmp, sizeof(tmp), "struct sd_s_%s", v->st->name);
		sz = tmp;
		break;
	case SD_NLA_SCALAR:
		sz = sd_ctype_storage(v->ctype->size, v->ctype->is_signed);
		break;
	}
	fprintf(f, "\t{\n\t\t%s x;\n", sz);
	if (v->is_array) {
		fputs("\t\tunsigned int n = len / sizeof(x), i = 0;\n\n"
		      "\t\tif (!n)\n\t\t\treturn 0;\n\t\tsd_d_array_begin(d);\n"
		      "\t\tfor (; i < n; i++) {\n"
		      "\t\t\tif ((i + 1) * sizeof(x) > avail) {\n"
		      "\t\t\t\tsd_d_more_at(d, addr + i * sizeof(x));\n\t\t\t\tbreak;\n\t\t\t}\n"
		      "\t\t\tif (!sd_d_elem_room(d, i))\n\t\t\t\tbreak;\n"
		      "\t\t\tsd_d_elem(d);\n"
		      "\t\t\tmemcpy(&x, p + i * sizeof(x), sizeof(x));\n", f);
	} else {
		fputs("\t\tunsigned int need = ", f);
		if (v->kind == SD_NLA_STRUCT)
			emit_min_size(v->st, f);
		else
			fputs("sizeof(x)", f);
		fputs(";\n\n\t\tif (len < need)\n\t\t\treturn 0;\n\t\tif (avail < need) {\n"
		      "\t\t\tsd_d_ptr(d, addr);\n\t\t\treturn 1;\n\t\t}\n\t\t{\n"
		      "\t\t\tmemset(&x, 0, sizeof(x));\n"
		      "\t\t\tmemcpy(&x, p, need);\n", f);
	}
	if (v->kind == SD_NLA_STRUCT)
		fprintf(f, "\t\t\tsd_p_%s(d, &x, NULL, NULL, NULL, 0);\n", v->st->name);
	else
		sd_emit_scalar_be(f, "\t\t\t", v->be, v->fmt, v->table, v->printer, "x",
				  v->ctype->is_signed, v->ctype->size);
	fputs("\t\t}\n", f);
	if (v->is_array)
		fputs("\t\tsd_d_array_end(d, i < n && (i + 1) * sizeof(x) <= avail);\n", f);
	if (v->nested)	/* attributes after the value */
		fprintf(f, "\t\t*nested = &sd_nla_%d;\n\t\t*at = NLA_ALIGN(sizeof(x));\n"
			"\t\treturn 2;\n\t}\n", v->nested->id);
	else
		fputs("\t\treturn 1;\n\t}\n", f);
}

/* An attribute set: the function printing its values, and its table. */
static void emit_attrs(const struct sd_nl_attrs *a, FILE *f)
{
	if (a->attrs) {
		fprintf(f, "static int\nsd_nlav_%d(struct sd_dec *d, unsigned int type, "
			"const unsigned char *p,\n\tunsigned int avail, unsigned int len, "
			"unsigned long long addr,\n\tconst struct sd_nl_attrs **nested, "
			"unsigned int *at)\n{\n"
			"\t(void)d;\n\t(void)p;\n\t(void)avail;\n\t(void)len;\n\t(void)addr;\n"
			"\t(void)nested;\n\t(void)at;\n\tswitch (type) {\n", a->id);
		for (const struct sd_nl_attr *v = a->attrs; v; v = v->next) {
			sd_emit_line(f, v->loc);
			emit_value(v, f);
		}
		sd_emit_line_back(f);
		fputs("\t}\n\treturn 0;\n}\n\n", f);
	}
	fprintf(f, "static const struct sd_nl_attrs sd_nla_%d = { ", a->id);
	if (a->types)
		fprintf(f, "&sd_t_%s, ", a->types->name);
	else
		fputs("NULL, ", f);
	if (a->attrs)
		fprintf(f, "sd_nlav_%d };\n\n", a->id);
	else
		fputs("NULL };\n\n", f);
}

void sd_emit_netlink(const struct sd_plan *p, FILE *f)
{
	char tag[32];

	/* declared first: sets may nest one another */
	for (const struct sd_nl_attrs *a = p->nl_attrs; a; a = a->next)
		fprintf(f, "static const struct sd_nl_attrs sd_nla_%d;\n", a->id);
	fputc('\n', f);
	for (const struct sd_nl_attrs *a = p->nl_attrs; a; a = a->next) {
		sd_emit_line(f, a->loc);
		emit_attrs(a, f);
		sd_emit_line_back(f);
	}

	emit_payloads(p, f);
	for (const struct sd_nl_block *b = p->netlink; b; b = b->next) {
		snprintf(tag, sizeof(tag), "%d", b->id);
		sd_emit_line(f, b->loc);
		emit_msgs(b, tag, f);
		sd_emit_line_back(f);
	}
	fputs("const struct sd_nl_desc sd_nl_protocols[] = {\n", f);
	for (const struct sd_nl_block *b = p->netlink; b; b = b->next) {
		snprintf(tag, sizeof(tag), "%d", b->id);
		emit_desc(b, tag, f);
	}
	fprintf(f, "\t{ 0, NULL, NULL, NULL, NULL, 0, NULL, 0 }\n};\n"
		"const unsigned int sd_nl_nprotocols = %d;\n\n", p->nnl);
}

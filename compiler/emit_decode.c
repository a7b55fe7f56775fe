/* SPDX-License-Identifier: MIT */
/*
 * emit_decode.c - backend: userspace decoders (sd_decoders.c).
 *
 * One function per description turns its record into arguments through the
 * runtime's sd_dec API (runtime-user/sd_decode.h), which renders strace-style
 * text or JSON.  Flag and enum tables take their values from the C headers
 * named by "header" lines; static assertions check them and every struct
 * layout against those headers when this file is compiled.
 */
#include <string.h>

#include "emit.h"

const char *sd_arg_storage(const struct sd_arg *a)
{
	return sd_ctype_storage(a->size, a->is_signed);
}

/*
 * An expression in C: numbers, constants as themselves, and the names
 * @resolve knows (it prints them and returns 1) as their record members.
 */
static void emit_expr(FILE *f, const struct sd_expr *e,
		      int (*resolve)(FILE *f, const char *name, const void *ctx),
		      const void *ctx)
{
	switch (e->kind) {
	case SD_E_INT:
		fprintf(f, "%lldLL", e->ival);
		return;
	case SD_E_NAME:
		if (!resolve(f, e->name, ctx))
			fprintf(f, "(%s)", e->name);
		return;
	case SD_E_BINOP:
		if (e->op == '/') {	/* unsigned, as the eBPF recorders divide */
			fputs("((__u64)(", f);
			emit_expr(f, e->lhs, resolve, ctx);
			fputs(") / (__u64)(", f);
			emit_expr(f, e->rhs, resolve, ctx);
			fputs("))", f);
			return;
		}
		fputc('(', f);
		emit_expr(f, e->lhs, resolve, ctx);
		fputs(e->op == '|' ? " | " : e->op == '&' ? " & " :
		      e->op == '=' ? " == " : e->op == '<' ? " < " :
		      e->op == '>' ? " > " : e->op == 'G' ? " >= " :
		      e->op == 'L' ? " <= " : e->op == '+' ? " + " :
		      e->op == '-' ? " - " : e->op == '*' ? " * " :
		      e->op == 'A' ? " && " : " != ", f);
		emit_expr(f, e->rhs, resolve, ctx);
		fputc(')', f);
		return;
	default:
		fputs("0", f);
	}
}

/* An argument as r->NAME, the result as r->ret. */
static int arg_name(FILE *f, const char *name, const void *ctx)
{
	const struct sd_syscall *sc = ctx;

	for (int i = 0; i < sc->nargs; i++)
		if (!strcmp(sc->args[i].name, name)) {
			fprintf(f, "r->%s", name);
			return 1;
		}
	if (strcmp(name, "return_value"))
		return 0;
	fputs("r->ret", f);
	return 1;
}

/* A sibling field as s->NAME; an array or a struct: whether it is not 0. */
static int field_name(FILE *f, const char *name, const void *ctx)
{
	for (const struct sd_field *fl = ((const struct sd_struct *)ctx)->fields; fl;
	     fl = fl->next) {
		if (strcmp(fl->name, name))
			continue;
		if (fl->array_len > 0 || fl->sub)
			fprintf(f, "sd_d_nonzero(&s->%s, sizeof(s->%s))", fl->cname,
				fl->cname);
		else
			fprintf(f, "s->%s", fl->cname);
		return 1;
	}
	return 0;
}

void sd_emit_cond(FILE *f, const struct sd_expr *e, const struct sd_syscall *sc)
{
	emit_expr(f, e, arg_name, sc);
}

/* An argument in a length: widened to 64 bits with its sign. */
static int len_arg_name(FILE *f, const char *name, const void *ctx)
{
	const struct sd_syscall *sc = ctx;

	for (int i = 0; i < sc->nargs; i++)
		if (!strcmp(sc->args[i].name, name)) {
			fprintf(f, "((%s)r->%s)", sc->args[i].is_signed ? "long long" : "__u64",
				name);
			return 1;
		}
	return 0;
}

void sd_emit_len_expr(FILE *f, const struct sd_expr *e, const struct sd_syscall *sc)
{
	fputs("(__u64)", f);
	emit_expr(f, e, len_arg_name, sc);
}

/*
 * The prefix strace shows for values no name covers (SEEK_???, O_???): the
 * common prefix, up to an underscore, of the names sharing the most usual
 * first word (FASYNC among the O_ flags does not hide "O_").  Its length;
 * *@name: a name it starts.
 */
static int common_prefix(const struct sd_table *t, const char **name)
{
	int best = -1, best_count = 0, best_len = 0, n;

	*name = t->names[0];
	for (int i = 0; i < t->nnames; i++) {
		const char *u = strchr(t->names[i], '_');
		int len = u ? (int)(u - t->names[i]) + 1 : 0, count = 0;

		for (int j = 0; len && j < t->nnames; j++)
			count += !strncmp(t->names[j], t->names[i], (size_t)len);
		if (count > best_count) {
			best = i;
			best_count = count;
			best_len = len;
		}
	}
	if (best < 0)
		return 0;
	*name = t->names[best];
	n = (int)strlen(*name);
	for (int i = 0; i < t->nnames; i++) {
		int k = 0;

		if (strncmp(t->names[i], *name, (size_t)best_len))
			continue;
		while (k < n && t->names[i][k] == (*name)[k])
			k++;
		n = k;
	}
	while (n > 0 && (*name)[n - 1] != '_')
		n--;
	return n;
}

/* A table's text as a C string: "???" would be a trigraph. */
static const char *c_text(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 3 < size; s++) {
		if (*s == '?')
			buf[n++] = '\\';
		buf[n++] = *s;
	}
	buf[n] = 0;
	return buf;
}

static void emit_table(const struct sd_table *t, FILE *f)
{
	char text[256];

	const char *pname = "";
	int plen = t->nnames ? common_prefix(t, &pname) : 0;

	if (!t->is_flags) {
		fprintf(f, "static __attribute__((unused)) const char *sd_e_%s(long long v)\n{\n"
			"\tswitch (v) {\n", t->name);
		for (int i = 0; i < t->nnames; i++)
			fprintf(f, "\tcase %s: return \"%s\";\n", t->values[i], t->shown[i]);
		fprintf(f, "\tdefault: return 0;\n\t}\n}\n\n");
		if (t->dflt)
			fprintf(f, "static __attribute__((unused)) const struct sd_enum sd_t_%s = "
				"{ sd_e_%s, \"%s\" };\n\n", t->name, t->name,
				c_text(t->dflt, text, sizeof(text)));
		else
			fprintf(f, "static __attribute__((unused)) const struct sd_enum sd_t_%s = "
				"{ sd_e_%s, \"%.*s%s\" };\n\n", t->name, t->name, plen, pname,
				plen ? "???" : "");
		return;
	}
	fprintf(f, "static const struct sd_xlat sd_tb_%s[] = {\n", t->name);
	for (int i = 0; i < t->nnames; i++)
		fprintf(f, "\t{ (unsigned long long)(%s), \"%s\" },\n", t->values[i],
			t->names[i]);
	fputs("\t{ 0, 0 }\n};\n", f);
	if (t->field_mask) {
		fprintf(f, "static const struct sd_xlat sd_tf_%s[] = {\n", t->name);
		for (int i = 0; i < t->nfield; i++) {
			fprintf(f, "\t{ (unsigned long long)(%s), \"%s\" },\n",
				t->field_values[i], t->field_names[i]);
		}
		fputs("\t{ 0, 0 }\n};\n", f);
		for (int i = 0; i < t->nfield; i++)
			fprintf(f, "_Static_assert(((%s) & ~(%s)) == 0, "
				"\"%s lies outside the field %s\");\n",
				t->field_values[i], t->field_mask, t->field_names[i],
				t->field_mask);
	}
	fprintf(f, "static __attribute__((unused)) const struct sd_flags sd_t_%s = {\n"
		"\t.bits = sd_tb_%s, .nbits = %d, ", t->name, t->name, t->nnames);
	if (t->field_mask)
		fprintf(f, ".field = sd_tf_%s, .nfield = %d,\n\t.field_mask = "
			"(unsigned long long)(%s), ", t->name, t->nfield, t->field_mask);
	/* strace's default for bits no name covers: 0x1 C(O_???) */
	if (t->dflt)
		fprintf(f, ".dflt = \"%s\"", c_text(t->dflt, text, sizeof(text)));
	else
		fprintf(f, ".dflt = \"%.*s%s\"", plen, plen ? pname : "", plen ? "???" : "");
	if (t->field_dflt)
		fprintf(f, ",\n\t.field_dflt = \"%s\"", t->field_dflt);
	if (t->num_mask)
		fprintf(f, ",\n\t.num_mask = (unsigned long long)(%s), .num_fmt = '%c'",
			t->num_mask, t->num_fmt);
	if (t->num_shift)
		fprintf(f, ",\n\t.num_shift = (%s), .num_shift_name = \"%s\"",
			t->num_shift, t->num_shift);
	fputs("\n};\n\n", f);
}

/* SD_PRINT_WAITSTATUS for "waitstatus" (sd_printers.h). */
void sd_emit_printer_id(FILE *f, const char *name)
{
	fputs("SD_PRINT_", f);
	for (; *name; name++)
		fputc(*name >= 'a' && *name <= 'z' ? *name - 'a' + 'A' : *name, f);
}

/* Print the scalar C expression @v with format @fmt (@printer for @print). */
void sd_emit_scalar(FILE *f, const char *ind, enum sd_fmt fmt,
			  const struct sd_table *t, const char *printer,
			  const char *v0, int is_signed, int size)
{
	char v[400];

	/* bit patterns print at the value's own width: an int's -1 is 0xffffffff */
	if (fmt == SD_FMT_DEC || fmt == SD_FMT_FD || fmt == SD_FMT_DIRFD ||
	    fmt == SD_FMT_SIGNAL || fmt == SD_FMT_PRINTER || fmt == SD_FMT_ENUM_DEC ||
	    fmt == SD_FMT_ENUM_DVERBOSE || fmt == SD_FMT_PID ||
	    size <= 0 || size >= 8)
		snprintf(v, sizeof(v), "%s", v0);
	else
		snprintf(v, sizeof(v), "(__u%d)%s", size * 8, v0);
	fputs(ind, f);
	switch (fmt) {
	case SD_FMT_DEC:
		fprintf(f, is_signed ? "sd_d_int(d, %s);\n" : "sd_d_uint(d, %s);\n", v);
		break;
	case SD_FMT_HEX:
		fprintf(f, "sd_d_hex(d, %s);\n", v);
		break;
	case SD_FMT_HEX_PAD:
		fprintf(f, "sd_d_hex_pad(d, %s, %d);\n", v, size * 2);
		break;
	case SD_FMT_OCT:
		fprintf(f, "sd_d_oct(d, %s);\n", v);
		break;
	case SD_FMT_UMODE:
		fprintf(f, "sd_d_umode(d, %s);\n", v);
		break;
	case SD_FMT_FILEMODE:
		fprintf(f, "sd_d_filemode(d, %s);\n", v);
		break;
	case SD_FMT_PTR:
		fprintf(f, "sd_d_ptr(d, %s);\n", v);
		break;
	case SD_FMT_FD:
		fprintf(f, "sd_d_fd(d, %s);\n", v);
		break;
	case SD_FMT_DIRFD:
		fprintf(f, "sd_d_dirfd(d, %s);\n", v);
		break;
	case SD_FMT_SIGNAL:
		fprintf(f, "sd_d_signal(d, %s);\n", v);
		break;
	case SD_FMT_PID:
		fprintf(f, "sd_d_pid(d, %s);\n", v);
		break;
	case SD_FMT_FLAGS:
		fprintf(f, "sd_d_flags(d, %s, &sd_t_%s);\n", v, t->name);
		break;
	case SD_FMT_ENUM:
		fprintf(f, "sd_d_enum(d, %s, &sd_t_%s);\n", v, t->name);
		break;
	case SD_FMT_ENUM_DEC:
	case SD_FMT_ENUM_UDEC:
	case SD_FMT_ENUM_VERBOSE:
	case SD_FMT_ENUM_IOC:
	case SD_FMT_ENUM_DVERBOSE:
		fprintf(f, "sd_d_enum_style(d, %s, &sd_t_%s, SD_XS_%s);\n", v, t->name,
			fmt == SD_FMT_ENUM_DEC ? "DEC" : fmt == SD_FMT_ENUM_UDEC ? "UDEC" :
			fmt == SD_FMT_ENUM_IOC ? "IOC" : fmt == SD_FMT_ENUM_DVERBOSE ?
			"DVERBOSE" : "VERBOSE");
		break;
		break;
	case SD_FMT_FLAGS_VERBOSE:
		fprintf(f, "sd_d_flags_verbose(d, %s, &sd_t_%s);\n", v, t->name);
		break;
	case SD_FMT_ENUM_BITS:
		fprintf(f, "sd_d_enum_bits(d, %s, %d, &sd_t_%s);\n", v, size * 8, t->name);
		break;
	case SD_FMT_PRINTER:
		fputs("sd_d_print_scalar(d, ", f);
		sd_emit_printer_id(f, printer);
		fprintf(f, ", (long long)%s);\n", v);
		break;
	}
}



/*
 * As sd_emit_scalar(); @be: @v0 is big-endian, printed as C would write it,
 * htons(VALUE) (htonl, htobe64 by its size).
 */
void sd_emit_scalar_be(FILE *f, const char *ind, int be, enum sd_fmt fmt,
		       const struct sd_table *t, const char *printer,
		       const char *v0, int is_signed, int size)
{
	const char *fn = size == 2 ? "htons" : size == 4 ? "htonl" : "htobe64";
	char v[400];

	if (!be || (size != 2 && size != 4 && size != 8)) {
		sd_emit_scalar(f, ind, fmt, t, printer, v0, is_signed, size);
		return;
	}
	snprintf(v, sizeof(v), "(%s%d)be%dtoh(%s)", is_signed ? "__s" : "__u", size * 8,
		 size * 8, v0);
	fprintf(f, "%ssd_d_call_begin(d, \"%s\");\n", ind, fn);
	sd_emit_scalar(f, ind, fmt, t, printer, v, is_signed, size);
	fprintf(f, "%ssd_d_call_end(d);\n", ind);
}

/* A field's @if, siblings as s->NAME. */
static void emit_field_cond(FILE *f, const struct sd_expr *e, const struct sd_struct *st)
{
	emit_expr(f, e, field_name, st);
}

/*
 * A flexible field that is not chars: the rest of the record as an array
 * of numbers, or as one struct.
 */
static void emit_flex_value(const struct sd_field *fl, const char *ind, FILE *f)
{
	char ind2[16];

	if (fl->sub) {
		fprintf(f, "%s{\n%s\tstruct sd_s_%s e;\n\n"
			"%s\tmemcpy(&e, rest, sizeof(e));\n"
			"%s\tsd_p_%s(d, &e, NULL, NULL, NULL, 0);\n%s}\n", ind, ind,
			fl->sub->name, ind, ind, fl->sub->name, ind);
		return;
	}
	fprintf(f, "%s{\n%s\tunsigned int i, n = rest_len / %d;\n\n"
		"%s\tsd_d_array_begin(d);\n"
		"%s\tfor (i = 0; i < n && sd_d_elem_room(d, i); i++) {\n"
		"%s\t\t%s e;\n\n"
		"%s\t\tmemcpy(&e, rest + i * sizeof(e), sizeof(e));\n"
		"%s\t\tsd_d_elem(d);\n", ind, ind, fl->ctype->size, ind, ind, ind,
		sd_ctype_storage(fl->ctype->size, fl->ctype->is_signed), ind, ind);
	snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
	sd_emit_scalar(f, ind2, fl->fmt, fl->table, fl->printer, "e", fl->ctype->is_signed,
		       fl->ctype->size);
	fprintf(f, "%s\t}\n%s\tsd_d_array_end(d, i < n);\n%s}\n", ind, ind, ind);
}

/* The indices of the captures one element of @st makes itself (nested
 * structs' included, not its arrays' elements'): their number. */
struct top_deep {
	int n;
	int idx[SD_MAX_SLOTS];
};

static void top_deep_one(const struct sd_struct *holder, const struct sd_field *fl,
			 int idx, int off, void *ctx)
{
	struct top_deep *t = ctx;

	(void)holder;
	(void)fl;
	(void)off;
	if (t->n < SD_MAX_SLOTS)
		t->idx[t->n++] = idx;
}

static struct top_deep top_deep(const struct sd_struct *st)
{
	struct top_deep t = { 0 };

	sd_walk_deep(st, top_deep_one, &t);
	return t;
}

/*
 * An element's deep fields: each found after the previous element's, or
 * after the array's own capture; the element struct's deep fields take the
 * slots after the array's.
 */
static void emit_elem_subs(const struct sd_struct *el, const char *arr, const char *ind,
			   FILE *f)
{
	struct top_deep t = top_deep(el);

	for (int k = 0; k < t.n; k++)
		fprintf(f, "%sesub[%d] = sd_d_var_after(d, esub[%d] ? esub[%d] : %s, "
			"%s->slot + %d);\n", ind, t.idx[k], t.idx[k], t.idx[k], arr, arr,
			1 + t.idx[k]);
}

/* A field copied through as an array of structs: [{iov_base="a", iov_len=1}]. */
static void emit_array_field(const struct sd_field *fl, const char *ind, FILE *f)
{
	const char *en = fl->elem->name;
	char arr[64], ind2[16];

	snprintf(arr, sizeof(arr), "sub[%d]", fl->deep_index);
	snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
	fprintf(f, "%sif (!sub)\n%s\tsd_d_ptr(d, s->%s);\n"
		"%selse if (sd_d_array(d, %s, s->%s, sizeof(struct sd_s_%s))) {\n"
		"%s\tconst struct sd_var *esub[%d] = { NULL };\n"
		"%s\tunsigned int i;\n\n"
		"%s\tfor (i = 0; i < sd_var_len(%s) / sizeof(struct sd_s_%s) && "
		"sd_d_elem_room(d, i); i++) {\n"
		"%s\t\tstruct sd_s_%s e;\n\n"
		"%s\t\tmemcpy(&e, (const char *)(%s + 1) + i * sizeof(e), sizeof(e));\n",
		ind, ind, fl->cname, ind, arr, fl->cname, en, ind,
		fl->elem->ndeep ? fl->elem->ndeep : 1, ind, ind, arr, en, ind, en, ind, arr);
	emit_elem_subs(fl->elem, arr, ind2, f);
	fprintf(f, "%s\t\tsd_d_elem(d);\n"
		"%s\t\tsd_p_%s(d, &e, %s, left, NULL, 0);\n%s\t}\n"
		"%s\tsd_d_array_close(d, %s, s->%s, sizeof(struct sd_s_%s), i);\n%s}\n",
		ind, ind, en, fl->elem->ndeep ? "esub" : "NULL", ind, ind, arr, fl->cname,
		en, ind);
}

/*
 * A field copied through as records of their own length (control
 * messages): each printed with the bytes after its header, a record longer
 * than what is left with what is left; bytes too few for a header as
 * "... C(address)".
 */
static void emit_records_field(const struct sd_field *fl, const char *ind, FILE *f)
{
	const struct sd_struct *el = fl->elem;
	int hdr = sd_field_offset(el, el->flex), al = el->rec_align;
	const char *rl = el->reclen->cname;

	fprintf(f, "%sif (!sub)\n%s\tsd_d_ptr(d, s->%s);\n"
		"%selse if (sd_d_records_all(d, sub[%d], s->%s, sizeof(struct sd_s_%s))) {\n"
		"%s\tconst unsigned char *p = sd_d_records_data(sub[%d]);\n"
		"%s\tunsigned int o = 0, n = sd_d_records_len(sub[%d]);\n\n"
		"%s\twhile (n - o >= sizeof(struct sd_s_%s)) {\n"
		"%s\t\tstruct sd_s_%s e;\n%s\t\tunsigned long long l;\n\n"
		"%s\t\tmemcpy(&e, p + o, sizeof(e));\n"
		"%s\t\tl = e.%s < n - o ? e.%s : n - o;\n"
		"%s\t\tsd_d_elem(d);\n"
		"%s\t\tsd_p_%s(d, &e, NULL, NULL, p + o + %d, l > %d ? l - %d : 0);\n"
		"%s\t\tif (l < %d) {\n%s\t\t\to += %d;\n%s\t\t\tbreak;\n%s\t\t}\n"
		"%s\t\tl = (e.%s + %d) & ~%dULL;\n"
		"%s\t\tif (l >= n - o) {\n%s\t\t\to = n;\n%s\t\t\tbreak;\n%s\t\t}\n"
		"%s\t\to += l;\n%s\t}\n"
		"%s\tsd_d_records_end(d, sub[%d], s->%s, o, n);\n%s}\n",
		ind, ind, fl->cname, ind, fl->deep_index, fl->cname, el->name,
		ind, fl->deep_index, ind, fl->deep_index, ind, el->name, ind, el->name, ind,
		ind, ind, rl, rl, ind, ind, el->name, hdr, hdr, hdr,
		ind, hdr, ind, hdr, ind, ind, ind, rl, al - 1, al - 1,
		ind, ind, ind, ind, ind, ind, ind, fl->deep_index, fl->cname, ind);
}

/* One field's value, s->NAME, at indentation @ind. */
/* The struct sd_pp_NAME prints as far as "have" bytes hold it, else NULL. */
static const struct sd_struct *partial_of;

static void emit_field_value(const struct sd_field *fl, const char *ind, FILE *f)
{
	char expr[300], ind2[16];

	if (fl->join_hi) {	/* the high word, 0 where a short value ends */
		fprintf(f, "%ssd_d_flags_join(d, s->%s, &sd_t_%s, ", ind, fl->cname,
			fl->table->name);
		if (partial_of)
			fprintf(f, "have >= offsetof(struct sd_s_%s, %s) + sizeof(s->%s) ? "
				"s->%s : 0", partial_of->name, fl->join_hi->cname,
				fl->join_hi->cname, fl->join_hi->cname);
		else
			fprintf(f, "s->%s", fl->join_hi->cname);
		fprintf(f, ", &sd_t_%s);\n", fl->join_table->name);
	} else if (fl->flex && (fl->sub || fl->ctype->size != 1 || fl->fmt_given)) {
		emit_flex_value(fl, ind, f);
	} else if (fl->elem && fl->records) {
		emit_records_field(fl, ind, f);
	} else if (fl->elem) {
		emit_array_field(fl, ind, f);
	} else if (fl->deep && !fl->deref && !fl->deep_inline &&
		   fl->fmt == SD_FMT_PRINTER) {	/* its bytes, through the printer */
		fprintf(f, "%sif (sub)\n%s\tsd_d_buf_print(d, sub[%d], s->%s, ", ind, ind,
			fl->deep_index, fl->cname);
		sd_emit_printer_id(f, fl->printer);
		if (fl->len_field->inout)	/* what was given, or what came back if less */
			fprintf(f, ", in && in->%s < s->%s ? (long long)in->%s : "
				"(long long)s->%s);\n", fl->len_field->cname,
				fl->len_field->cname, fl->len_field->cname, fl->len_field->cname);
		else
			fprintf(f, ", (long long)s->%s);\n", fl->len_field->cname);
		fprintf(f, "%selse\n%s\tsd_d_ptr(d, s->%s);\n", ind, ind, fl->cname);
	} else if (fl->deep_inline) {	/* the bytes after the struct */
		fprintf(f, "%sif (sub)\n%s\tsd_d_buf(d, sub[%d], 0, "
			"sd_d_share(left, (long long)s->%s));\n%selse\n"
			"%s\tsd_d_ptr(d, 0);\n", ind, ind, fl->deep_index,
			fl->len_field->cname, ind, ind);
	} else if (fl->flex) {	/* a record's name: the rest, up to a NUL */
		fprintf(f, "%ssd_d_path_chars(d, rest, rest_len);\n", ind);
	} else if (fl->sub && fl->array_len > 0) {	/* at most -s of them */
		char n[200];

		/* @buffer(LEN): the first LEN of them, none if LEN < 0 */
		if (fl->chars_len)
			snprintf(n, sizeof(n), "(s->%s < %lldLL ? (s->%s > 0 ? "
				 "(int)s->%s : 0) : %lld)", fl->chars_len->cname,
				 fl->array_len, fl->chars_len->cname,
				 fl->chars_len->cname, fl->array_len);
		else
			snprintf(n, sizeof(n), "%lld", fl->array_len);
		fprintf(f, "%s{\n%s\tint i, n = %s;\n\n%s\tsd_d_array_begin(d);\n"
			"%s\tfor (i = 0; i < n && sd_d_elem_room(d, (unsigned)i); i++) {\n"
			"%s\t\tsd_d_elem(d);\n"
			"%s\t\tsd_p_%s(d, &s->%s[i], NULL, NULL, NULL, 0);\n%s\t}\n"
			"%s\tsd_d_array_end(d, i < n);\n%s}\n", ind, ind, n, ind,
			ind, ind, ind, fl->sub->name, fl->cname, ind, ind, ind);
	} else if (sd_field_nests_deep(fl)) {	/* its captures from sub[deep_index] */
		fprintf(f, "%s{\n", ind);
		if (fl->filled)	/* what the call filled: that field's bytes */
			fprintf(f, "%s\tlong long filled = (long long)s->%s;\n"
				"%s\tlong long *fleft = left ? &filled : NULL;\n\n", ind,
				fl->filled->cname, ind);
		if (fl->sub->has_inout)
			fprintf(f, "%s\tsd_pio_%s(d, &s->%s, in ? &in->%s : NULL, ", ind,
				fl->sub->name, fl->cname, fl->cname);
		else
			fprintf(f, "%s\tsd_p_%s(d, &s->%s, ", ind, fl->sub->name, fl->cname);
		fprintf(f, "sub ? sub + %d : NULL, %s, NULL, 0);\n%s}\n", fl->deep_index,
			fl->filled ? "fleft" : "left", ind);
	} else if (fl->sub) {
		fprintf(f, "%ssd_p_%s(d, &s->%s, NULL, NULL, NULL, 0);\n", ind,
			fl->sub->name, fl->cname);
	} else if (fl->deref) {
		fprintf(f, "%s{\n%s\tstruct sd_s_%s t;\n\n"
			"%s\tif (!sub)\n%s\t\tsd_d_ptr(d, s->%s);\n"
			"%s\telse if (sd_d_get(d, sub[%d], s->%s, &t, sizeof(t)))\n"
			"%s\t\tsd_p_%s(d, &t, NULL, NULL, NULL, 0);\n%s}\n",
			ind, ind, fl->deref->name, ind, ind, fl->cname, ind,
			fl->deep_index, fl->cname, ind, fl->deref->name, ind);
	} else if (fl->deep) {
		/* @out: the result says how much of each buffer was filled */
		fprintf(f, "%sif (sub)\n%s\tsd_d_buf(d, sub[%d], s->%s, "
			"sd_d_share(left, (long long)s->%s));\n%selse\n"
			"%s\tsd_d_ptr(d, s->%s);\n",
			ind, ind, fl->deep_index, fl->cname, fl->len_field->cname,
			ind, ind, fl->cname);
	} else if (fl->array_len > 0 && fl->fmt == SD_FMT_PRINTER &&
		   (fl->ctype->size == 1 || !strcmp(fl->printer, "hexstr"))) {
		/* a union of addresses: @print(hexstr) __u32 u[4] */
		fprintf(f, "%ssd_d_bytes_print(d, (const void *)s->%s, %lld, ", ind,
			fl->cname, fl->array_len * fl->ctype->size);
		sd_emit_printer_id(f, fl->printer);
		fputs(");\n", f);
	} else if (fl->str_len) {
		/* a C string of at most LEN chars: strace's "1 + CLAMP(LEN, 0, size - 1)" */
		fprintf(f, "%ssd_d_chars(d, (const void *)s->%s, 1 + (s->%s < 0 ? 0 : "
			"s->%s > %lld ? %lld : (int)s->%s));\n", ind, fl->cname,
			fl->str_len->cname, fl->str_len->cname, fl->array_len - 1,
			fl->array_len - 1, fl->str_len->cname);
	} else if (fl->chars_len && fl->ctype->size == 1 && !fl->fmt_given) {
		fprintf(f, "%ssd_d_chars_len(d, (const void *)s->%s, s->%s, %lld);\n",
			ind, fl->cname, fl->chars_len->cname, fl->array_len);
	} else if (fl->array_len > 0 && fl->ctype->size == 1 && !fl->fmt_given) {
		fprintf(f, "%ssd_d_chars(d, (const void *)s->%s, %lld);\n", ind,
			fl->cname, fl->array_len);
	} else if (fl->array_len > 0) {
		char n[200];

		/* at most -s elements, as strace prints arrays */
		if (fl->chars_len)
			snprintf(n, sizeof(n), "(s->%s < %lldULL ? (int)s->%s : %lld)",
				 fl->chars_len->cname, fl->array_len,
				 fl->chars_len->cname, fl->array_len);
		else
			snprintf(n, sizeof(n), "%lld", fl->array_len);
		fprintf(f, "%s{\n%s\tint i, n = %s;\n\n%s\tsd_d_array_begin(d);\n"
			"%s\tfor (i = 0; i < n && sd_d_elem_room(d, (unsigned)i); "
			"i++) {\n%s\t\tsd_d_elem(d);\n", ind, ind, n, ind, ind, ind);
		snprintf(expr, sizeof(expr), "s->%s[i]", fl->cname);
		snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
		sd_emit_scalar_be(f, ind2, fl->be, fl->fmt, fl->table, fl->printer, expr,
				  fl->ctype->is_signed, fl->ctype->size);
		fprintf(f, "%s\t}\n%s\tsd_d_array_end(d, i < n);\n%s}\n", ind, ind, ind);
	} else {
		/* another view of the same bytes reads them as its own type */
		if (fl->alt_of && fl->ctype && !fl->is_ptr)
			snprintf(expr, sizeof(expr), "(%s)s->%s",
				 sd_ctype_storage(fl->ctype->size, fl->ctype->is_signed),
				 fl->cname);
		else
			snprintf(expr, sizeof(expr), "s->%s", fl->cname);
		sd_emit_scalar_be(f, ind, fl->be, fl->fmt, fl->table, fl->printer, expr,
				  fl->ctype && fl->ctype->is_signed,
				  fl->ctype ? fl->ctype->size : 8);
	}
}

/* @date: the comment with the date after the field's value. */
static void emit_date(const struct sd_field *fl, const char *ind, FILE *f)
{
	if (fl->date_sec == fl)
		fprintf(f, "%ssd_d_date(d, (long long)s->%s, (unsigned long long)s->%s);\n",
			ind, fl->cname, fl->date_nsec->cname);
	else
		fprintf(f, "%ssd_d_date(d, (long long)s->%s.%s, "
			"(unsigned long long)s->%s.%s);\n", ind, fl->cname,
			fl->date_sec->cname, fl->cname, fl->date_nsec->cname);
}

/*
 * sd_p_NAME prints a whole struct; sd_pp_NAME (@partial) the first @have
 * bytes of one, as strace prints a value shorter than its type: the fields
 * they hold, a field they hold in part as its bytes in hex:
 * {l_onoff=1, l_linger="\xdf\x4f\x8d"}.
 */
static void emit_struct_printer(const struct sd_struct *s, int partial, FILE *f)
{
	partial_of = partial ? s : NULL;
	if (partial)
		fprintf(f, "static __attribute__((unused)) void\nsd_pp_%s(struct sd_dec *d, "
			"const struct sd_s_%s *s, unsigned int have)\n{\n"
			"\tconst struct sd_var *const *sub = NULL;\n\tlong long *left = NULL;\n"
			"\tconst unsigned char *rest = NULL;\n\tunsigned int rest_len = 0;\n%s\n",
			s->name, s->name, s->has_inout ?
			"\tconst void *in = NULL;\n\n\t(void)in;\n" : "");
	else if (s->has_out)	/* sd_po_: as given, then what the call filled (@o) */
		fprintf(f, "static __attribute__((unused)) void\nsd_po_%s(struct sd_dec *d, "
			"const struct sd_s_%s *s, const struct sd_s_%s *o,\n"
			"\t\tconst struct sd_var *const *sub, long long *left,\n"
			"\t\tconst unsigned char *rest, unsigned int rest_len)\n{\n"
			"\t(void)o;\n", s->name, s->name, s->name);
	else if (s->has_inout)	/* sd_pio_: the fields the call changed as "in => out" */
		fprintf(f, "static __attribute__((unused)) void\nsd_pio_%s(struct sd_dec *d, "
			"const struct sd_s_%s *s, const struct sd_s_%s *in,\n"
			"\t\tconst struct sd_var *const *sub, long long *left,\n"
			"\t\tconst unsigned char *rest, unsigned int rest_len)\n{\n",
			s->name, s->name, s->name);
	else
		fprintf(f, "static __attribute__((unused)) void\nsd_p_%s(struct sd_dec *d, "
			"const struct sd_s_%s *s,\n\t\tconst struct sd_var *const *sub, "
			"long long *left,\n\t\tconst unsigned char *rest, unsigned int rest_len)\n{\n",
			s->name, s->name);
	fputs("\t(void)sub;\n\t(void)left;\n\t(void)rest;\n\t(void)rest_len;\n"
	      "\tsd_d_struct_begin(d);\n", f);
	for (int k = 0; k < s->nfields; k++) {
		const struct sd_field *fl = s->print_order[k];
		const char *ind = fl->verbose || fl->cond ? "\t\t" : "\t";
		char off[300];

		if (fl->hidden || (fl->out == SD_FOUT_OUT && partial))
			continue;
		if (fl->done)	/* only in the elements the call did */
			fputs("\tif (sd_d_is_done(d)) {\n", f);
		if (fl->out == SD_FOUT_OUT)	/* only what a successful call filled */
			fputs("\tif (o) {\n", f);
		if (fl->verbose && fl->cond) {
			fputs("\tif (sd_d_verbose(d) && ", f);
			emit_field_cond(f, fl->cond, s);
			fputs(") {\n", f);
		} else if (fl->verbose) {
			fputs("\tif (sd_d_verbose(d)) {\n", f);
		} else if (fl->cond) {
			fputs("\tif (", f);
			emit_field_cond(f, fl->cond, s);
			fputs(") {\n", f);
		}
		if (fl->flex && fl->fmt == SD_FMT_PRINTER) {	/* the rest, through it */
			fprintf(f, "%ssd_d_field_print(d, \"%s\", rest, (int)rest_len, ", ind,
				fl->name);
			sd_emit_printer_id(f, fl->printer);
			fputs(");\n", f);
		} else if (fl->flex && (fl->sub || fl->ctype->size != 1 || fl->fmt_given)) {
			/* as far as the rest holds one element */
			fprintf(f, "%sif (rest_len >= %d) {\n%s\tsd_d_field(d, \"%s\");\n",
				ind, fl->sub ? sd_struct_size(fl->sub) : fl->ctype->size, ind,
				fl->name);
			{
				char ind2[16];

				snprintf(ind2, sizeof(ind2), "%s\t", ind);
				emit_field_value(fl, ind2, f);
			}
			fprintf(f, "%s}\n", ind);
		} else if (fl->out == SD_FOUT_OUT) {
			fprintf(f, "%ssd_d_field(d, \"%s\");\n%s{\n"
				"%s\tconst struct sd_s_%s *s = o;\n\n", ind, fl->name, ind,
				ind, s->name);
			{
				char ind2[16];

				snprintf(ind2, sizeof(ind2), "%s\t", ind);
				emit_field_value(fl, ind2, f);
			}
			fprintf(f, "%s}\n", ind);
		} else if (fl->out == SD_FOUT_CHANGED && !partial) {	/* " => NAME=out" */
			fprintf(f, "%ssd_d_field(d, \"%s\");\n", ind, fl->name);
			emit_field_value(fl, ind, f);
			fprintf(f, "%sif (o && sd_d_was(d, memcmp(&o->%s, &s->%s, sizeof(s->%s)))) {\n"
				"%s\tsd_d_arrow(d);\n%s\tsd_d_label(d, \"%s\");\n%s\t{\n"
				"%s\t\tconst struct sd_s_%s *s = o;\n\n", ind, fl->cname,
				fl->cname, fl->cname, ind, ind, fl->name, ind, ind, s->name);
			{
				char ind2[16];

				snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
				emit_field_value(fl, ind2, f);
			}
			fprintf(f, "%s\t}\n%s}\n", ind, ind);
		} else if (fl->inout && !partial) {	/* in => out */
			fprintf(f, "%ssd_d_field(d, \"%s\");\n"
				"%sif (in && sd_d_was(d, memcmp(&in->%s, &s->%s, sizeof(s->%s)))) {\n"
				"%s\tconst struct sd_s_%s *o = s;\n\n%s\t{\n"
				"%s\t\tconst struct sd_s_%s *s = in;\n\n", ind, fl->name, ind,
				fl->cname, fl->cname, fl->cname, ind, s->name, ind, ind, s->name);
			{
				char ind2[16];

				snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
				emit_field_value(fl, ind2, f);
			}
			fprintf(f, "%s\t}\n%s\tsd_d_arrow(d);\n%s\t(void)o;\n%s}\n", ind, ind,
				ind, ind);
			emit_field_value(fl, ind, f);
		} else if (fl->fmt == SD_FMT_PRINTER && (fl->sub || (fl->array_len > 0 &&
		    fl->ctype->size == 1))) {	/* its bytes, through the printer */
			fprintf(f, "%ssd_d_field_print(d, \"%s\", &s->%s, sizeof(s->%s), ",
				ind, fl->name, fl->cname, fl->cname);
			sd_emit_printer_id(f, fl->printer);
			fputs(");\n", f);
		} else if (!partial) {
			fprintf(f, "%ssd_d_field(d, \"%s\");\n", ind, fl->name);
			emit_field_value(fl, ind, f);
			if (fl->date_sec && fl->date_nsec)
				emit_date(fl, ind, f);
		} else {
			char ind2[16];

			snprintf(off, sizeof(off), "offsetof(struct sd_s_%s, %s)", s->name,
				 fl->cname);
			snprintf(ind2, sizeof(ind2), "%s\t", ind);
			fprintf(f, "%sif (have > %s) {\n%s\tsd_d_field(d, \"%s\");\n"
				"%s\tif (have < %s + sizeof(s->%s))\n"
				"%s\t\tsd_d_hexbytes(d, (const unsigned char *)s + %s, "
				"have - %s);\n%s\telse {\n",
				ind, off, ind, fl->name, ind, off, fl->cname, ind, off, off, ind);
			snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
			emit_field_value(fl, ind2, f);
			fprintf(f, "%s\t}\n%s}\n", ind, ind);
		}
		if (fl->verbose || fl->cond)
			fputs("\t}\n", f);
		if (fl->out == SD_FOUT_OUT)
			fputs("\t}\n", f);
		if (fl->done)
			fputs("\t}\n", f);
	}
	fprintf(f, "\tsd_d_struct_end(d, %s", s->has_verbose ? "!sd_d_verbose(d)" : "0");
	if (s->more) {	/* "@if(EXPR) ..." */
		fputs(" || (", f);
		emit_field_cond(f, s->more, s);
		fputc(')', f);
	}
	fputs(");\n}\n\n", f);
	/* sd_p_: the struct alone, where a call's copy is printed with another
	 * (@out/@changed fields: sd_po_; @inout fields: sd_pio_; never both) */
	if ((s->has_out || s->has_inout) && !partial)
		fprintf(f, "static __attribute__((unused)) void\nsd_p_%s(struct sd_dec *d, "
			"const struct sd_s_%s *s,\n\t\tconst struct sd_var *const *sub, "
			"long long *left,\n\t\tconst unsigned char *rest, unsigned int rest_len)\n{\n"
			"\tsd_p%s_%s(d, s, NULL, sub, left, rest, rest_len);\n}\n\n",
			s->name, s->name, s->has_out ? "o" : "io", s->name);
}

/* Static assertions: each field sits where the system header puts it. */
static void emit_struct_checks(const struct sd_struct *s, FILE *f)
{
	const char *n = s->name, *dot = strchr(s->ctag, '.');
	char c[300];

	/* "outer.member": the type of a struct's member (an unnamed struct) */
	if (dot)
		snprintf(c, sizeof(c), "__typeof__(((struct %.*s *)0)->%s)",
			 (int)(dot - s->ctag), s->ctag, dot + 1);
	else
		snprintf(c, sizeof(c), "%s%s", s->ckw, s->ctag);

	sd_emit_line(f, s->loc);
	fprintf(f, "_Static_assert(sizeof(struct sd_s_%s) <= sizeof(%s), "
		"\"struct %s is larger than the system's\");\n", n, c, n);
	for (const struct sd_field *fl = s->fields; fl; fl = fl->next) {
		/* another view of checked bytes, or data typed by other fields;
		 * a bit-field has no offset (the next field's checks its run) */
		if (fl->alt_of || sd_flex_typed(fl) || fl->bits)
			continue;
		/* each at its field's line: the C compiler's message names it */
		sd_emit_line(f, fl->loc);
		fprintf(f, "_Static_assert(offsetof(struct sd_s_%s, %s) == "
			"offsetof(%s, %s), \"struct %s: field %s is misplaced\");\n",
			n, fl->name, c, fl->cpath ? fl->cpath : fl->name, n, fl->name);
		if (fl->flex)
			continue;
		sd_emit_line(f, fl->loc);
		fprintf(f, "_Static_assert(sizeof(((struct sd_s_%s *)0)->%s) == "
			"sizeof(((%s *)0)->%s), \"struct %s: field %s has the "
			"wrong size\");\n", n, fl->name, c, fl->cpath ? fl->cpath : fl->name,
			n, fl->name);
	}
	fputc('\n', f);
}

/* ARG.FIELD in a length: the field of h_, ARG as copied at entry. */
static int len_field_name(FILE *f, const char *name, const void *ctx)
{
	const struct sd_arg *la = ctx;
	const char *dot = strchr(name, '.');

	for (const struct sd_field *fl = dot ? la->st->fields : NULL; fl; fl = fl->next)
		if (!strcmp(fl->name, dot + 1)) {
			fprintf(f, "((%s)h_.%s)", fl->ctype->is_signed ? "long long" : "__u64",
				fl->cname);
			return 1;
		}
	return 0;
}

/* The C expression of a buffer's length, as the call saw it. */
static void emit_buf_len(const struct sd_syscall *sc, const struct sd_arg *a, FILE *f)
{
	if (a->len_dec) {	/* 0 (the pointer) when ARG could not be read */
		const struct sd_arg *la = &sc->args[a->len_dec_arg];

		fprintf(f, "({ struct sd_s_%s h_; sd_d_peek(v[%d], &h_, sizeof(h_)) ? "
			"(long long)", la->st->name, la->slot);
		emit_expr(f, a->len_dec, len_field_name, la);
		fputs(" : 0LL; })", f);
		return;
	}
	const struct sd_arg *l = a->len_kind == SD_LEN_ARG || a->len_kind == SD_LEN_DEREF ?
		&sc->args[a->len_arg] : NULL;

	if (a->len_kind == SD_LEN_ARG)
		fprintf(f, "r->%s", l->name);
	else if (a->len_kind == SD_LEN_RET)
		fputs("r->ret", f);
	else if (a->len_kind == SD_LEN_EXPR)
		sd_emit_len_expr(f, a->len_expr, sc);
	else if (a->len_kind == SD_LEN_DEREF)	/* the smaller of in and out */
		fprintf(f, "sd_d_len_at(v[%d], v[%d])", l->slot,
			l->dir == SD_DIR_INOUT ? l->slot + 1 : l->slot);
	else
		fprintf(f, "%lld", a->len_const);
}

/*
 * Print capture @var (a C expression of a const struct sd_var *) of @a;
 * @out_var: an @inout array's exit copy, printed inside the brackets
 * where an element changed ([110 => 24]), or NULL.
 */
static void emit_value(const struct sd_syscall *sc, const struct sd_arg *a,
		       const char *var, const char *out_var, const char *ind, FILE *f)
{
	switch (a->cap) {
	case SD_CAP_NONE:
		break;
	case SD_CAP_STRING:
	case SD_CAP_PATH:
		fprintf(f, "%ssd_d_str(d, %s, r->%s, %d);\n", ind, var, a->name,
			a->cap == SD_CAP_PATH);
		break;
	case SD_CAP_BUFFER:
		if (a->fdset_nfds >= 0) {	/* [3 4], the descriptors below NFDS */
			fprintf(f, "%ssd_d_fdset(d, %s, r->%s, (long long)r->%s);\n", ind, var,
				a->name, sc->args[a->fdset_nfds].name);
			break;
		}
		if (a->exact) {
			char ind2[16];
	/* [1] if it is a number's size, else its bytes */
			fprintf(f, "%s{\n%s\t%s e;\n%s\tlong long len = ", ind, ind,
				sd_ctype_storage(a->elem_ctype->size, a->elem_ctype->is_signed),
				ind);
			emit_buf_len(sc, a, f);
			fprintf(f, ";\n\n%s\tif (len <= 0)\n%s\t\tsd_d_ptr(d, r->%s);\n"
				"%s\telse if (len != sizeof(e))\n%s\t\tsd_d_buf(d, %s, r->%s, len);\n"
				"%s\telse if (sd_d_sized(d, %s, r->%s, len, &e, sizeof(e))) {\n"
				"%s\t\tsd_d_array_begin(d);\n%s\t\tsd_d_elem(d);\n",
				ind, ind, a->name, ind, ind, var, a->name, ind, var, a->name,
				ind, ind);
			snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
			sd_emit_scalar(f, ind2, a->fmt, a->table, a->printer, "e",
				      a->elem_ctype->is_signed, a->elem_ctype->size);
			fprintf(f, "%s\t\tsd_d_array_end(d, 0);\n%s\t}\n%s}\n", ind, ind, ind);
			break;
		}
		if (a->typed) {	/* as far as its length covers, else the pointer */
			char ind2[16];
			int set;

			snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
			if (a->st)
				fprintf(f, "%s{\n%s\tstruct sd_s_%s e;\n", ind, ind, a->st->name);
			else
				fprintf(f, "%s{\n%s\t%s e;\n", ind, ind,
					sd_ctype_storage(a->elem_ctype->size,
							 a->elem_ctype->is_signed));
			fprintf(f, "%s\tunsigned int n = sd_d_sized(d, %s, r->%s, ", ind, var,
				a->name);
			emit_buf_len(sc, a, f);
			fputs(", &e, sizeof(e));\n\n", f);
			if (a->st) {
				fprintf(f, "%s\tif (n)\n%s\t\tsd_pp_%s(d, &e, n);\n%s}\n", ind,
					ind, a->st->name, ind);
				break;
			}
			/* [1], or a set in its own brackets: [ICMP_ECHOREPLY] */
			set = a->fmt == SD_FMT_ENUM_BITS;
			fprintf(f, "%s\tif (n && n < sizeof(e))\n%s\t\tsd_d_hexbytes(d, "
				"(const unsigned char *)&e, n);\n%s\telse if (n) {\n", ind, ind,
				ind);
			if (!set)
				fprintf(f, "%s\t\tsd_d_array_begin(d);\n%s\t\tsd_d_elem(d);\n",
					ind, ind);
			sd_emit_scalar(f, ind2, a->fmt, a->table, a->printer, "e",
				      a->elem_ctype->is_signed, a->elem_ctype->size);
			if (!set)
				fprintf(f, "%s\t\tsd_d_array_end(d, 0);\n", ind);
			fprintf(f, "%s\t}\n%s}\n", ind, ind);
			break;
		}
		if (a->fmt == SD_FMT_PRINTER) {
			fprintf(f, "%ssd_d_buf_print(d, %s, r->%s, ", ind, var, a->name);
			sd_emit_printer_id(f, a->printer);
			if (a->len_kind == SD_LEN_DEREF) {
				fputs(", ", f);
				emit_buf_len(sc, a, f);
				fputs(");\n", f);
			} else {
				fputs(", -1);\n", f);
			}
			break;
		}
		if (a->netlink_fd >= 0)	/* netlink messages, if the fd says so */
			fprintf(f, "%ssd_d_netlink(d, v[%d], %s, r->%s, (long long)r->ret, ",
				ind, a->sock_slot, var, a->name);
		else
			fprintf(f, "%ssd_d_buf(d, %s, r->%s, ", ind, var, a->name);
		emit_buf_len(sc, a, f);
		fputs(");\n", f);
		break;
	case SD_CAP_STRUCT:
		fprintf(f, "%s{\n%s\tstruct sd_s_%s s;\n", ind, ind, a->st->name);
		if (a->st->ndeep) {
			struct top_deep t = top_deep(a->st);

			fprintf(f, "%s\tconst struct sd_var *sub[%d] = { NULL };\n\n", ind,
				a->st->ndeep);
			/* those after the copy printed (an entry copy retried at exit) */
			for (int k = 0; k < t.n; k++)
				fprintf(f, "%s\tsub[%d] = sd_d_var_after(d, %s, %d);\n",
					ind, t.idx[k], var, a->deep_slot + t.idx[k]);
		}
		fprintf(f, "\n%s\tif (sd_d_get(d, %s, r->%s, &s, sizeof(s)))\n"
			"%s\t\tsd_p_%s(d, &s, %s, NULL, NULL, 0);\n%s}\n", ind, var, a->name, ind,
			a->st->name, a->st->ndeep ? "sub" : "NULL", ind);
		break;
	case SD_CAP_ARRAY: {
		struct top_deep t;
		char esz[128];

		if (a->st)
			snprintf(esz, sizeof(esz), "sizeof(struct sd_s_%s)", a->st->name);
		else
			snprintf(esz, sizeof(esz), "%d", a->elem_ctype->size);
		fprintf(f, "%sif (sd_d_array(d, %s, r->%s, %s)) {\n", ind, var,
			a->name, esz);
		if (a->st && a->st->ndeep)
			fprintf(f, "%s\tconst struct sd_var *sub[%d] = { NULL };\n", ind,
				a->st->ndeep);
		if (a->st && a->st->ndeep && a->dir == SD_DIR_OUT)
			fprintf(f, "%s\tlong long left = r->ret;\n", ind);
		fprintf(f, "%s\tunsigned int i;\n\n"
			"%s\tfor (i = 0; i < sd_var_len(%s) / %s && sd_d_elem_room(d, i); i++) {\n",
			ind, ind, var, esz);
		if (a->st) {
			fprintf(f, "%s\t\tstruct sd_s_%s e;\n\n"
				"%s\t\tmemcpy(&e, (const char *)(%s + 1) + i * sizeof(e), "
				"sizeof(e));\n", ind, a->st->name, ind, var);
			t = top_deep(a->st);
			for (int k = 0; k < t.n; k++)
				fprintf(f, "%s\t\tsub[%d] = sd_d_var_after(d, sub[%d] ? "
					"sub[%d] : %s, %d);\n", ind, t.idx[k], t.idx[k],
					t.idx[k], var, a->deep_slot + t.idx[k]);
			if (a->st->has_done)	/* the elements the call did */
				fprintf(f, "%s\t\tsd_d_set_done(d, !sd_d_failed(r->ret) && "
					"(long long)i < r->ret);\n", ind);
			fprintf(f, "%s\t\tsd_d_elem(d);\n%s\t\tsd_p_%s(d, &e, %s, %s, NULL, 0);\n",
				ind, ind, a->st->name, a->addr_on_fail ?
				"sd_d_failed(r->ret) ? NULL : sub" : a->st->ndeep ? "sub" : "NULL",
				a->st->ndeep && a->dir == SD_DIR_OUT ? "&left" : "NULL");
		} else {
			char ind2[16];
			enum sd_fmt fmt = a->fmt;

			snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
			fprintf(f, "%s\t\t%s e;\n\n"
				"%s\t\tmemcpy(&e, (const char *)(%s + 1) + i * sizeof(e), "
				"sizeof(e));\n%s\t\tsd_d_elem(d);\n", ind,
				sd_ctype_storage(a->elem_ctype->size, a->elem_ctype->is_signed),
				ind, var, ind);
			sd_emit_scalar(f, ind2, fmt, a->table, a->printer, "e",
				      a->elem_ctype->is_signed, a->elem_ctype->size);
			if (out_var) {
				fprintf(f, "%s\t\tif (sd_d_elem_changed(d, %s, %s, i * sizeof(e), "
					"&e, sizeof(e)))\n\t", ind, var, out_var);
				sd_emit_scalar(f, ind2, fmt, a->table, a->printer, "e",
					      a->elem_ctype->is_signed, a->elem_ctype->size);
			}
		}
		fprintf(f, "%s\t}\n%s\tsd_d_array_close(d, %s, r->%s, %s, i);\n", ind, ind,
			var, a->name, esz);
		if (a->st && a->st->has_done)
			fprintf(f, "%s\tsd_d_set_done(d, 0);\n", ind);
		fprintf(f, "%s}\n", ind);
		break;
	}
	case SD_CAP_STRARRAY:
		fprintf(f, "%ssd_d_strarray(d, %s, r->%s, %d);\n", ind, var,
			a->name, a->abbrev);
		break;
	case SD_CAP_RECORDS: {
		/* [{d_ino=..., d_name="."}, ...] with -v, else 0x... C(3 entries) */
		const char *st = a->st->name;
		int hdr = sd_field_offset(a->st, a->st->flex);

		fprintf(f, "%sif (sd_d_records(d, %s, r->%s)) {\n"
			"%s\tconst unsigned char *p = sd_d_records_data(%s);\n"
			"%s\tunsigned int o = 0, n = sd_d_records_len(%s);\n\n"
			"%s\twhile (o + sizeof(struct sd_s_%s) <= n) {\n"
			"%s\t\tstruct sd_s_%s e;\n\n"
			"%s\t\tmemcpy(&e, p + o, sizeof(e));\n"
			"%s\t\tif (e.%s < sizeof(e) || o + e.%s > n)\n"
			"%s\t\t\tbreak;\n"
			"%s\t\tsd_d_elem(d);\n"
			"%s\t\tsd_p_%s(d, &e, NULL, NULL, p + o + %d, e.%s - %d);\n"
			"%s\t\to += e.%s;\n%s\t}\n"
			"%s\tsd_d_array_end(d, o < n || (sd_var_st(%s) & SD_ST_TRUNC));\n%s}\n",
			ind, var, a->name, ind, var, ind, var, ind, st, ind, st, ind,
			ind, a->st->reclen->cname, a->st->reclen->cname, ind, ind,
			ind, st, hdr, a->st->reclen->cname, hdr, ind, a->st->reclen->cname,
			ind, ind, var, ind);
		break;
	}
	}
}

/*
 * An @inout struct whose fields say what the call changes: as the call
 * left it, those fields "in => out", what it points to read at exit (the
 * buffers shared by the result); a failed call: those fields as given.
 */
static void emit_inout_struct(const struct sd_arg *a, const char *ind, FILE *f)
{
	const struct sd_struct *st = a->st;

	fprintf(f, "%s{\n%s\tstruct sd_s_%s in, s;\n"
		"%s\tint have_in = sd_d_peek(v[%d], &in, sizeof(in));\n",
		ind, ind, st->name, ind, a->slot);
	if (st->ndeep) {
		struct top_deep t = top_deep(st);

		fprintf(f, "%s\tconst struct sd_var *sub[%d] = { NULL };\n"
			"%s\tlong long left = r->ret;\n\n", ind, st->ndeep, ind);
		for (int k = 0; k < t.n; k++)
			fprintf(f, "%s\tsub[%d] = sd_d_var_after(d, v[%d], %d);\n",
				ind, t.idx[k], a->slot + 1, a->deep_slot + t.idx[k]);
	}
	fprintf(f, "%s\tif (sd_d_peek(v[%d], &s, sizeof(s)))\n"
		"%s\t\tsd_pio_%s(d, &s, have_in ? &in : NULL, %s, %s, NULL, 0);\n"
		"%s\telse if (!sd_d_get(d, v[%d], r->%s, &in, sizeof(in)))\n"
		"%s\t\t;\t/* its address */\n"
		"%s\telse if (!sd_d_text(d))\n"
		"%s\t\tsd_pio_%s(d, &in, NULL, NULL, NULL, NULL, 0);\n"
		"%s\telse {\n%s\t\tconst struct sd_s_%s *s = &in;\n\n"
		"%s\t\t(void)have_in;\n%s\t\tsd_d_struct_begin(d);\n", ind, a->slot + 1, ind,
		st->name, st->ndeep ? "sub" : "NULL", st->ndeep ? "&left" : "NULL", ind,
		a->slot, a->name, ind, ind, ind, st->name, ind, ind, st->name, ind, ind);
	for (const struct sd_field *g = st->fields; g; g = g->next) {
		char ind2[16], expr[200];

		if (!g->inout)
			continue;
		snprintf(ind2, sizeof(ind2), "%s\t\t", ind);
		snprintf(expr, sizeof(expr), "s->%s", g->cname);
		fprintf(f, "%s\t\tsd_d_field(d, \"%s\");\n", ind, g->name);
		sd_emit_scalar(f, ind2, g->fmt, g->table, g->printer, expr,
			       g->ctype && g->ctype->is_signed, g->ctype ? g->ctype->size : 8);
	}
	fprintf(f, "%s\t\tsd_d_struct_end(d, 0);\n%s\t}\n%s}\n", ind, ind, ind);
}

/*
 * An @inout array of structs copied through (recvmmsg's messages): the
 * elements as the call left them, with what they point to read at exit,
 * their @inout fields "in => out" against the entry copy; a failed call's
 * address.
 */
static void emit_inout_array(const struct sd_arg *a, const char *ind, FILE *f)
{
	const struct sd_struct *st = a->st;
	struct top_deep t = top_deep(st);

	fprintf(f, "%s{\n%s\tconst struct sd_var *vi = v[%d], *vo = v[%d];\n\n"
		"%s\tif (sd_d_array(d, vo, r->%s, sizeof(struct sd_s_%s))) {\n"
		"%s\t\tconst struct sd_var *sub[%d] = { NULL };\n"
		"%s\t\tlong long left = r->ret;\n"
		"%s\t\tunsigned int i, nin = vi ? sd_var_len(vi) / sizeof(struct sd_s_%s) : 0;\n\n"
		"%s\t\tfor (i = 0; i < sd_var_len(vo) / sizeof(struct sd_s_%s) && "
		"sd_d_elem_room(d, i); i++) {\n"
		"%s\t\t\tstruct sd_s_%s e, ein;\n\n"
		"%s\t\t\tmemcpy(&e, (const char *)(vo + 1) + i * sizeof(e), sizeof(e));\n"
		"%s\t\t\tif (i < nin)\n"
		"%s\t\t\t\tmemcpy(&ein, (const char *)(vi + 1) + i * sizeof(e), sizeof(e));\n",
		ind, ind, a->slot, a->slot + 1, ind, a->name, st->name, ind, st->ndeep,
		ind, ind, st->name, ind, st->name, ind, st->name, ind, ind, ind);
	for (int k = 0; k < t.n; k++)
		fprintf(f, "%s\t\t\tsub[%d] = sd_d_var_after(d, sub[%d] ? sub[%d] : vo, %d);\n",
			ind, t.idx[k], t.idx[k], t.idx[k], a->deep_slot + t.idx[k]);
	if (st->has_done)
		fprintf(f, "%s\t\t\tsd_d_set_done(d, !sd_d_failed(r->ret) && "
			"(long long)i < r->ret);\n", ind);
	fprintf(f, "%s\t\t\tsd_d_elem(d);\n", ind);
	if (st->has_inout)
		fprintf(f, "%s\t\t\tsd_pio_%s(d, &e, i < nin ? &ein : NULL, sub, &left, "
			"NULL, 0);\n", ind, st->name);
	else
		fprintf(f, "%s\t\t\t(void)ein;\n%s\t\t\tsd_p_%s(d, &e, sub, &left, NULL, 0);\n",
			ind, ind, st->name);
	fprintf(f, "%s\t\t}\n%s\t\tsd_d_array_close(d, vo, r->%s, sizeof(struct sd_s_%s), i);\n",
		ind, ind, a->name, st->name);
	if (st->has_done)
		fprintf(f, "%s\t\tsd_d_set_done(d, 0);\n", ind);
	fprintf(f, "%s\t}\n%s}\n", ind, ind);
}

static void emit_arg(const struct sd_syscall *sc, const struct sd_arg *a, FILE *f)
{
	const char *ind = a->cond ? "\t\t" : "\t";
	char expr[300], in[32], out[32];

	if (a->cond) {
		fputs("\tif (", f);
		sd_emit_cond(f, a->cond, sc);
		fputs(") {\n", f);
	}
	fprintf(f, "%ssd_d_arg(d, \"%s\");\n", ind, a->name);
	if (a->named)
		fprintf(f, "%ssd_d_label(d, \"%s\");\n", ind, a->name);
	snprintf(expr, sizeof(expr), "r->%s", a->name);
	snprintf(in, sizeof(in), "v[%d]", a->slot);
	snprintf(out, sizeof(out), "v[%d]", a->slot + 1);
	if (a->when) {	/* else the pointer, or a number in hex */
		fprintf(f, "%sif (!(", ind);
		sd_emit_cond(f, a->when, sc);
		fprintf(f, "))\n%s\tsd_d_%s(d, r->%s);\n%selse\n", ind,
			a->is_ptr ? "ptr" : "hex", a->name, ind);
	}
	if (a->pid_if) {	/* else a group's or a user's id */
		fprintf(f, "%sif (!(", ind);
		sd_emit_cond(f, a->pid_if, sc);
		fprintf(f, "))\n%s\tsd_d_int(d, r->%s);\n%selse\n", ind, a->name, ind);
	}
	if (a->cap == SD_CAP_NONE) {
		sd_emit_scalar(f, ind, a->fmt, a->table, a->printer, expr, a->is_signed,
			      a->size);
	} else if (a->dir == SD_DIR_INOUT && a->cap == SD_CAP_STRUCT && a->st->has_inout) {
		emit_inout_struct(a, ind, f);
	} else if (a->dir == SD_DIR_INOUT && a->cap == SD_CAP_ARRAY && a->st && a->st->ndeep) {
		emit_inout_array(a, ind, f);
	} else if (a->dir == SD_DIR_INOUT && a->cap == SD_CAP_STRUCT && a->st->has_out) {
		/* as given; after a successful call what it filled */
		fprintf(f, "%s{\n%s\tstruct sd_s_%s s, o;\n"
			"%s\tint have_o = sd_d_peek(v[%d], &o, sizeof(o));\n\n"
			"%s\tif (sd_d_get(d, v[%d], r->%s, &s, sizeof(s)))\n"
			"%s\t\tsd_po_%s(d, &s, have_o ? &o : NULL, NULL, NULL, NULL, 0);\n%s}\n",
			ind, ind, a->st->name, ind, a->slot + 1, ind, a->slot, a->name, ind,
			a->st->name, ind);
	} else if (a->dir != SD_DIR_INOUT) {
		emit_value(sc, a, in, NULL, ind, f);
	} else if (a->inside) {
		/* [110 => 24]: what the call changed, element by element */
		fprintf(f, "%s{\n%s\tconst struct sd_var *va = sd_d_inout_first(d, %s, %s);\n\n",
			ind, ind, in, out);
		emit_value(sc, a, "va", out, a->cond ? "\t\t\t" : "\t\t", f);
		fprintf(f, "%s}\n", ind);
	} else {
		/* [0] => [5]: the value given, then the value the call left */
		fprintf(f, "%s{\n%s\tconst struct sd_var *va = sd_d_inout_first(d, %s, %s);\n\n",
			ind, ind, in, out);
		emit_value(sc, a, "va", NULL, a->cond ? "\t\t\t" : "\t\t", f);
		fprintf(f, "%s\tif (sd_d_changed(d, va, %s)) {\n", ind, out);
		if (a->changed)	/* what the call left, as the view shows it */
			fprintf(f, "%s\t\tstruct sd_s_%s o;\n\n"
				"%s\t\tif (sd_d_get(d, %s, r->%s, &o, sizeof(o)))\n"
				"%s\t\t\tsd_p_%s(d, &o, NULL, NULL, NULL, 0);\n", ind,
				a->changed->name, ind, out, a->name, ind, a->changed->name);
		else
			emit_value(sc, a, out, NULL, a->cond ? "\t\t\t\t" : "\t\t\t", f);
		fprintf(f, "%s\t}\n%s}\n", ind, ind);
	}
	if (a->cond)
		fputs("\t}\n", f);
}

static void emit_decoder(const struct sd_syscall *sc, FILE *f)
{
	int n = sc->nslots ? sc->nslots : 1;

	fprintf(f, "int sd_dec_%s(struct sd_dec *d, const struct sd_hdr *h, __u32 size)\n{\n"
		"\tconst struct sd_rec_%s *r = (const void *)h;\n"
		"\tconst struct sd_var *v[%d];\n\n"
		"\tif (sd_d_vars(h, size, sizeof(*r), v, %d))\n"
		"\t\treturn -EINVAL;\n", sc->id, sc->id, n, sc->nslots);
	for (int i = 0; i < sc->nargs; i++)	/* deep fields of deep fields */
		if (sc->args[i].st && sc->args[i].st->ndeep) {
			fputs("\tsd_d_record(d, h, size);\n", f);
			break;
		}
	/* -y: descriptors an @out array received print with their names */
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		for (int k = 0; a->name_slot >= 0 && k < a->bound; k++)
			fprintf(f, "\tsd_d_name_elem(d, v[%d], v[%d], %d);\n",
				a->name_slot + k, a->slot, k);
	}
	for (int i = 0; i < sc->nargs; i++)
		emit_arg(sc, &sc->args[sc->print_order[i]], f);
	/* the arguments printed the names they had before the call */
	for (int i = 0; i < sc->nargs; i++) {
		const struct sd_arg *a = &sc->args[i];

		if (!a->closes)
			continue;
		if (!a->closes_last) {
			fprintf(f, "\tsd_d_close_fd(d, r->%s);\n", a->name);
			continue;
		}
		fputs("\tif (", f);
		if (a->closes_if)
			sd_emit_cond(f, a->closes_if, sc);
		else
			fputs("1", f);
		fprintf(f, ")\n\t\tsd_d_close_fds(d, r->%s, ", a->name);
		sd_emit_cond(f, a->closes_last, sc);
		fputs(");\n", f);
	}
	if (sc->name_slot >= 0)
		fprintf(f, "\tsd_d_name_%s(d, v[%d], r->ret);\n",
			sc->ret == SD_RET_CHDIR ? "cwd" : "fd", sc->name_slot);
	if (!sc->nslots)
		fputs("\t(void)v;\n", f);
	if (!sc->nargs)
		fputs("\t(void)d;\n", f);
	fputs("\treturn 0;\n}\n\n", f);
}

/*
 * A successful result with a print annotation, or any result of a family
 * (whose members may print it differently): "= 0x8002 (flags O_RDWR)".
 */
static int has_ret_fn(const struct sd_syscall *sc)
{
	return sc->ret_fmt != SD_FMT_DEC || sd_in_family(sc) || sc->found_slot >= 0 ||
	       sc->left_slot >= 0 || sc->nready;
}

static void emit_ret_fn(const struct sd_syscall *sc, FILE *f)
{
	fprintf(f, "int sd_ret_%s(struct sd_dec *d, const struct sd_hdr *h, __u32 size,\n"
		"\t\tlong long ret)\n{\n\t(void)h;\n\t(void)size;\n", sc->id);
	if (sc->found_slot >= 0 || sc->left_slot >= 0 || sc->nready)
		fprintf(f, "\tconst struct sd_rec_%s *r = (const void *)h;\n"
			"\tconst struct sd_var *v[%d];\n\n"
			"\tif (sd_d_vars(h, size, sizeof(*r), v, %d))\n"
			"\t\treturn -EINVAL;\n", sc->id, sc->nslots, sc->nslots);
	switch (sc->ret) {
	case SD_RET_FD:		/* a family's member: fcntl(F_DUPFD) = 11</dev/null> */
		fputs("\tsd_d_ret_fd(d, ret);\n", f);
		break;
	case SD_RET_PID:
		fputs("\tsd_d_ret_pid(d, ret);\n", f);
		break;
	case SD_RET_HEX:
		fputs("\tsd_d_hex(d, (unsigned long long)ret);\n", f);
		break;
	case SD_RET_OCT:
		fputs("\tsd_d_ret_oct(d, (unsigned long long)ret);\n", f);
		break;
	default:
		fputs("\tsd_d_int(d, ret);\n", f);
	}
	if (sc->ret_fmt == SD_FMT_FLAGS)
		fprintf(f, "\tsd_d_ret_flags(d, (unsigned long long)ret, &sd_t_%s, \"%s%s\");\n",
			sc->ret_table->name, sc->ret_label ? sc->ret_label : "",
			sc->ret_label ? " " : "");
	else if (sc->ret_fmt == SD_FMT_ENUM)
		fprintf(f, "\tsd_d_ret_enum(d, ret, &sd_t_%s);\n", sc->ret_table->name);
	else if (sc->ret_fmt == SD_FMT_SIGNAL)
		fputs("\tsd_d_ret_signal(d, ret);\n", f);
	else if (sc->ret_fmt == SD_FMT_PRINTER)
		fputs("\tsd_d_ret_time(d, ret);\n", f);
	if (sc->found_slot >= 0) {	/* = 1 ([{fd=3, revents=POLLIN}]) */
		const char *vw = sc->found_view->name;


		fprintf(f, "\tif (ret > 0 && v[%d]) {\n"
			"\t\tunsigned int i, k = 0, n = sd_var_len(v[%d]) / sizeof(struct sd_s_%s);\n"
			"\t\tint more = 0;\n\n"
			"\t\tsd_d_found_begin(d);\n"
			"\t\tfor (i = 0; i < n; i++) {\n"
			"\t\t\tstruct sd_s_%s e;\n\n"
			"\t\t\tmemcpy(&e, (const char *)(v[%d] + 1) + i * sizeof(e), sizeof(e));\n"
			"\t\t\tif (!e.%s)\n\t\t\t\tcontinue;\n"
			"\t\t\tif (!sd_d_elem_room(d, k)) {\n\t\t\t\tmore = 1;\n\t\t\t\tbreak;\n\t\t\t}\n"
			"\t\t\tsd_d_elem(d);\n"
			"\t\t\tsd_p_%s(d, &e, NULL, NULL, NULL, 0);\n"
			"\t\t\tk++;\n\t\t}\n"
			"\t\tsd_d_array_end(d, more);\n",
			sc->found_slot, sc->found_slot, vw, vw, sc->found_slot,
			sc->found_field->cname, vw);
		if (sc->left_slot >= 0) {	/* , left {tv_sec=0, tv_nsec=999} */
			const char *ls = sc->args[sc->left_arg].st->name;

			fprintf(f, "\t\tif (v[%d] && sd_var_len(v[%d]) >= sizeof(struct sd_s_%s)) {\n"
				"\t\t\tstruct sd_s_%s lv;\n\n"
				"\t\t\tmemcpy(&lv, v[%d] + 1, sizeof(lv));\n"
				"\t\t\tsd_d_found_left(d);\n"
				"\t\t\tsd_p_%s(d, &lv, NULL, NULL, NULL, 0);\n\t\t}\n",
				sc->left_slot, sc->left_slot, ls, ls, sc->left_slot, ls);
		}
		fputs("\t\tsd_d_found_done(d);\n\t}\n", f);
	} else if (sc->nready) {	/* = 2 (in [3], out [4], left {...}) */
		fputs("\tif (ret > 0) {\n\t\tstruct sd_ready rd = { ret, 0 };\n\n"
		      "\t\tsd_d_ready_begin(d);\n", f);
		for (int k = 0; k < sc->nready; k++) {
			const struct sd_arg *a = &sc->args[sc->ready_arg[k]];

			fprintf(f, "\t\tsd_d_ready_set(d, &rd, v[%d], (long long)r->%s, \"%s\");\n",
				sc->ready_slot[k], sc->args[a->fdset_nfds].name, a->name);
		}
		if (sc->left_slot >= 0) {
			const char *ls = sc->args[sc->left_arg].st->name;

			fprintf(f, "\t\tif (v[%d] && sd_var_len(v[%d]) >= sizeof(struct sd_s_%s)) {\n"
				"\t\t\tstruct sd_s_%s lv;\n\n"
				"\t\t\tmemcpy(&lv, v[%d] + 1, sizeof(lv));\n"
				"\t\t\tsd_d_ready_left(d, &rd);\n"
				"\t\t\tsd_p_%s(d, &lv, NULL, NULL, NULL, 0);\n\t\t}\n",
				sc->left_slot, sc->left_slot, ls, ls, sc->left_slot, ls);
		}
		fputs("\t\tsd_d_found_done(d);\n\t}\n", f);
	} else if (sc->left_slot >= 0) {	/* = 1 (left {tv_sec=0, tv_nsec=999}) */
		const char *ls = sc->args[sc->left_arg].st->name;

		fprintf(f, "\tif (ret > 0 && v[%d] && sd_var_len(v[%d]) >= sizeof(struct sd_s_%s)) {\n"
			"\t\tstruct sd_s_%s lv;\n\n"
			"\t\tmemcpy(&lv, v[%d] + 1, sizeof(lv));\n"
			"\t\tsd_d_left_begin(d);\n"
			"\t\tsd_p_%s(d, &lv, NULL, NULL, NULL, 0);\n"
			"\t\tsd_d_found_done(d);\n\t}\n",
			sc->left_slot, sc->left_slot, ls, ls, sc->left_slot, ls);
	}
	fputs("\treturn 0;\n}\n\n", f);
}

/* A family's decoder and result printer: the selector chooses the member. */
static void emit_family(const struct sd_syscall *b, FILE *f)
{
	const char *st = sd_arg_storage(&b->args[b->sel]);

	for (int ret = 0; ret < 2; ret++) {
		if (ret)
			fprintf(f, "int sd_retv_%s(struct sd_dec *d, const struct sd_hdr *h, "
				"__u32 size,\n\t\tlong long ret)\n{\n", b->id);
		else
			fprintf(f, "int sd_decv_%s(struct sd_dec *d, const struct sd_hdr *h, "
				"__u32 size)\n{\n", b->id);
		/* every record of the family has the selector at this offset */
		fprintf(f, "\t%s sel;\n\n\tif (size < %d + sizeof(sel))\n"
			"\t\treturn -EINVAL;\n"
			"\tmemcpy(&sel, (const char *)h + %d, sizeof(sel));\n"
			"\tswitch (sel) {\n", st, b->arg_off[b->sel], b->arg_off[b->sel]);
		for (const struct sd_syscall *v = b->variants; v; v = v->next_variant) {
			for (const struct sd_case *c = v->cases; c; c = c->next)
				fprintf(f, "\tcase (%s)(%s):\t/* %s */\n", st, c->value, c->name);
			if (v->variants)	/* it chooses again, by its selector */
				fprintf(f, "\t\treturn sd_%sv_%s(d, h, size%s);\n",
					ret ? "ret" : "dec", v->id, ret ? ", ret" : "");
			else
				fprintf(f, "\t\treturn size < sizeof(struct sd_rec_%s) ? -EINVAL :\n"
					"\t\t\tsd_%s_%s(d, h, size%s);\n", v->id,
					ret ? "ret" : "dec", v->id, ret ? ", ret" : "");
		}
		fprintf(f, "\tdefault:\n\t\treturn size < sizeof(struct sd_rec_%s) ? -EINVAL :\n"
			"\t\t\tsd_%s_%s(d, h, size%s);\n\t}\n}\n\n", b->id,
			ret ? "ret" : "dec", b->id, ret ? ", ret" : "");
	}
}

int sd_emit_decoders(const struct sd_plan *p, FILE *f)
{
	sd_emit_banner(p, f, "sd_decoders.c");
	fputs("#define _GNU_SOURCE\n#include <endian.h>\n#include <errno.h>\n#include <stddef.h>\n#include <string.h>\n"
	      "#include <linux/types.h>\n\n", f);
	for (const struct sd_name *h = p->headers; h; h = h->next)
		fprintf(f, "#include <%s>\n", h->name);
	fputs("\n#include \"sd_records.h\"\n#include \"sd_table.h\"\n"
	      "#include \"sd_decode.h\"\n#include \"sd_netlink.h\"\n\n", f);
	for (const struct sd_table *t = p->tables; t; t = t->next) {
		sd_emit_line(f, t->loc);
		emit_table(t, f);
		sd_emit_line_back(f);
	}
	for (const struct sd_struct *s = p->structs; s; s = s->next) {
		sd_emit_line(f, s->loc);
		/* kernel structs: checked in the eBPF object; wire ones nowhere */
		if (!s->kernel && !s->wire)
			emit_struct_checks(s, f);
		sd_emit_line_back(f);
		emit_struct_printer(s, 0, f);
		if (s->partial)
			emit_struct_printer(s, 1, f);
	}
	sd_emit_netlink(p, f);
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next) {
		sd_emit_line(f, sc->loc);
		emit_decoder(sc, f);
		if (has_ret_fn(sc))
			emit_ret_fn(sc, f);
		sd_emit_line_back(f);
	}
	for (const struct sd_syscall *sc = p->syscalls; sc; sc = sc->next)
		if (sc->variants) {
			sd_emit_line(f, sc->loc);
			emit_family(sc, f);	/* duplicate cases: a value in two variants */
			sd_emit_line_back(f);
		}
	/* the @case constants the eBPF recorders compare with (sd_k[]) */
	fputs("const unsigned long long sd_const_values[SD_NCONSTS] = {\n", f);
	for (int i = 0; i < p->nconsts; i++)
		fprintf(f, "\t(unsigned long long)(%s),\n", p->consts[i]);
	fputs("};\n", f);
	return 0;
}

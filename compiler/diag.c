/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <string.h>

#include "diag.h"

void sd_diag_init(struct sd_diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
}

/* Print line @line of @src, bytes that are not printable shown as '?'. */
static void show_line(FILE *out, const struct sd_src *src, int line, int col)
{
	const char *p = src->text, *end = src->text + src->len, *eol;
	int n = 1, i, shown = 0;

	while (n < line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return;
		p = nl + 1;
		n++;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	/* Keep very long lines readable: show at most 200 bytes around col. */
	if (eol - p > 200) {
		int start = col > 100 ? col - 100 : 1;

		p += start - 1;
		col -= start - 1;
		if (eol - p > 200)
			eol = p + 200;
	}
	fputc(' ', out);
	for (const char *q = p; q < eol; q++) {
		unsigned char c = (unsigned char)*q;

		fputc(c == '\t' || (c >= 0x20 && c < 0x7f) ? c : '?', out);
		shown = 1;
	}
	fputc('\n', out);
	if (!shown && col > 1)
		return;
	fputc(' ', out);
	for (i = 1; i < col && p + i - 1 < eol; i++)
		fputc(p[i - 1] == '\t' ? '\t' : ' ', out);
	for (; i < col; i++)
		fputc(' ', out);
	fputs("^\n", out);
}

static void report(struct sd_diag *d, const char *kind, struct sd_loc loc,
		   const char *fmt, va_list ap)
{
	if (loc.src)
		fprintf(d->out, "%s:%d:%d: %s: ", loc.src->name, loc.line,
			loc.col, kind);
	else
		fprintf(d->out, "sysdefc: %s: ", kind);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	if (loc.src && loc.line > 0)
		show_line(d->out, loc.src, loc.line, loc.col);
}

void sd_error(struct sd_diag *d, struct sd_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (d->stopped)
		return;
	d->errors++;
	va_start(ap, fmt);
	report(d, "error", loc, fmt, ap);
	va_end(ap);
	if (d->errors >= SD_MAX_ERRORS) {
		fprintf(d->out, "sysdefc: too many errors (%d), stopping\n",
			d->errors);
		d->stopped = 1;
	}
}

void sd_note(struct sd_diag *d, struct sd_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (d->stopped)
		return;
	va_start(ap, fmt);
	report(d, "note", loc, fmt, ap);
	va_end(ap);
}

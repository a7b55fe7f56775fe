/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void sd_diag_init(struct sd_diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
}

/*
 * Length of the UTF-8 sequence at @p if it is one that is safe to show as
 * is: a well-formed character that is not a C1 control, a surrogate, a
 * bidirectional override or a line separator (which could rewrite what the
 * terminal shows).  0 otherwise.
 */
static int safe_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned int cp, min;
	int n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (end - p < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp < 0xa0 || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return n;
}

/*
 * The character at @p (before @end) as shown: printable ASCII, tab and safe
 * UTF-8 as they are (1 column), any other byte as \xNN (4 columns).
 * Returns the bytes it takes; *width is its columns, *raw 1 if shown as is.
 */
static int measure(const char *p, const char *end, int *width, int *raw)
{
	const unsigned char *u = (const unsigned char *)p;
	int n;

	*width = 1;
	*raw = 1;
	if (*u == '\t' || (*u >= 0x20 && *u < 0x7f))
		return 1;
	n = *u >= 0x80 ? safe_utf8(u, (const unsigned char *)end) : 0;
	if (n)
		return n;
	*width = 4;
	*raw = 0;
	return 1;
}

/* Write the character at @p so that it cannot act on a terminal. */
static int put_safe(FILE *out, const char *p, const char *end)
{
	int w, raw, n = measure(p, end, &w, &raw);

	if (raw)
		fwrite(p, 1, (size_t)n, out);
	else
		fprintf(out, "\\x%02x", (unsigned char)*p);
	return n;
}

/* Write @n bytes of @s made safe for a terminal. */
static void put_safe_str(FILE *out, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end)
		s += put_safe(out, s, end);
}

/*
 * Print line @line of @src, bytes that could act on a terminal escaped as
 * \xNN, and a caret under byte column @col.
 */
static void show_line(FILE *out, const struct sd_src *src, int line, int col)
{
	const char *p = src->text, *end = src->text + src->len, *eol, *q;
	int n = 1, w, shown = 0;

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

		if (start - 1 > eol - p)
			start = (int)(eol - p) + 1;
		p += start - 1;
		col -= start - 1;
		if (eol - p > 200)
			eol = p + 200;
	}
	fputc(' ', out);
	for (q = p; q < eol; shown = 1)
		q += put_safe(out, q, eol);
	fputc('\n', out);
	if (!shown && col > 1)
		return;
	/* the caret line: as wide as what was shown before the column */
	fputc(' ', out);
	for (q = p; q < eol && q - p < col - 1;) {
		int raw;

		if (*q == '\t') {
			fputc('\t', out);
			q++;
			continue;
		}
		q += measure(q, eol, &w, &raw);
		while (w--)
			fputc(' ', out);
	}
	for (n = (int)(q - p) + 1; n < col; n++)
		fputc(' ', out);
	fputs("^\n", out);
}

static void report(struct sd_diag *d, const char *kind, struct sd_loc loc,
		   const char *fmt, va_list ap)
{
	char *msg;
	va_list aq;
	int len;

	if (loc.src) {
		put_safe_str(d->out, loc.src->name, strlen(loc.src->name));
		fprintf(d->out, ":%d:%d: %s: ", loc.line, loc.col, kind);
	} else {
		fprintf(d->out, "sysdefc: %s: ", kind);
	}
	/* the message quotes names and paths from the input: escape it too */
	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (msg) {
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
		put_safe_str(d->out, msg, (size_t)len);
		free(msg);
	}
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

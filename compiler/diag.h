/* SPDX-License-Identifier: MIT */
/* diag.h - source files and diagnostics in the form file:line:col: error: msg. */
#ifndef SD_DIAG_H
#define SD_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* One loaded source file; text is NUL-terminated but may contain NUL bytes. */
struct sd_src {
	const char *name;
	char *text;
	size_t len;
	unsigned long long dev, ino;	/* the file's identity, for include-once */
	struct sd_src *next;
};

/* A position in a source file: 1-based line and byte column. */
struct sd_loc {
	const struct sd_src *src;
	int line, col;
};

#define SD_MAX_ERRORS 100

struct sd_diag {
	FILE *out;
	int errors;
	int warnings;
	int stopped;		/* SD_MAX_ERRORS reached: further errors are dropped */
};

/* Start collecting diagnostics written to @out. */
void sd_diag_init(struct sd_diag *d, FILE *out);

/*
 * Report an error at @loc: "file:line:col: error: msg", the source line and a
 * caret under the column.  A loc without a source prints "sysdefc: error: msg".
 */
void sd_error(struct sd_diag *d, struct sd_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, as a note attached to the previous error (does not count as an error). */
void sd_note(struct sd_diag *d, struct sd_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

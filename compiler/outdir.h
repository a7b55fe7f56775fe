/* SPDX-License-Identifier: MIT */
/*
 * outdir.h - all-or-nothing output: files are written into a private
 * temporary directory inside DIR and moved into place only when every one
 * of them was written; unchanged files are left alone (keeping make quiet).
 */
#ifndef SD_OUTDIR_H
#define SD_OUTDIR_H

#include <stdio.h>

struct sd_outdir {
	char *dir;		/* the destination */
	char *tmp;		/* DIR/.sysdefc.XXXXXX, or NULL */
	char **names;		/* files written so far */
	int count;
	FILE *cur;
	char *cur_name;
};

/* Create DIR if needed and a temporary directory inside it. 0 or -errno. */
int sd_outdir_open(struct sd_outdir *od, const char *dir);

/* Start writing @name (a bare file name); NULL on error (reported). */
FILE *sd_outdir_create(struct sd_outdir *od, const char *name);

/* Finish the current file, checking for write errors. 0 or -errno. */
int sd_outdir_close(struct sd_outdir *od, FILE *f);

/* Move every written file that differs from DIR's copy into DIR. 0 or -errno. */
int sd_outdir_commit(struct sd_outdir *od);

/* Remove the temporary directory and free @od (after commit or on failure). */
void sd_outdir_abort(struct sd_outdir *od);

#endif

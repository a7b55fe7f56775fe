/* SPDX-License-Identifier: MIT */
/* source.h - loading .sysdef files and expanding their includes. */
#ifndef SD_SOURCE_H
#define SD_SOURCE_H

#include "ast.h"

struct sd_sources {
	struct sd_arena *arena;
	struct sd_diag *diag;
	struct sd_src *files;	/* every file loaded, for include-once */
	struct sd_item *items;	/* all items, includes expanded in place */
	int no_includes;	/* refuse includes (the fuzzer reads no files) */
};

/*
 * Load and parse @path (and, depth first, every file it includes, each file
 * once) appending their items to s->items.  Only regular text files are read:
 * a FIFO or device is refused (never waited on), and so is a file with a NUL
 * byte or a CR line end, each with one error.  @from is the location of the
 * include line, or a location without source for a command-line file.
 * Returns 0, or a negative errno; errors are reported to s->diag.
 */
int sd_load_file(struct sd_sources *s, const char *path, struct sd_loc from);

/* The same for @len bytes of @text in memory, named @name in messages. */
int sd_load_text(struct sd_sources *s, const char *name, const char *text, size_t len);

#endif

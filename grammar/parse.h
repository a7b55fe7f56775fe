/* SPDX-License-Identifier: MIT */
/* parse.h - the state shared by the .sysdef lexer and parser of one file. */
#ifndef SD_PARSE_H
#define SD_PARSE_H

#include "ast.h"

struct sd_parse {
	struct sd_arena *arena;
	struct sd_diag *diag;
	const struct sd_src *src;
	struct sd_item *items;	/* what the parser built, in source order */
	int after_nl;		/* lexer: last token was a newline (or none yet) */
	int bad_run;		/* lexer: inside a run of invalid bytes */
	struct sd_loc comment_loc;	/* lexer: start of the open comment */
	int eof_reported;	/* lexer: reported why the input ended early */
	int in_record;		/* parser: inside a syscall record */
};

/*
 * Parse @src into ctx->items.  Errors go to ctx->diag; the items of a file
 * with errors are partial.  Returns 0 or -EINVAL when there were errors.
 */
int sd_parse_src(struct sd_parse *ctx);

#endif

/* SPDX-License-Identifier: MIT */
/* helpers.h - shared fixtures for the compiler's unit tests. */
#ifndef SD_TEST_HELPERS_H
#define SD_TEST_HELPERS_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "lower.h"
#include "parse.h"

/* One compilation of an in-memory source: its items, plan and messages. */
struct fixture {
	struct sd_arena arena;
	struct sd_diag diag;
	struct sd_src src;
	struct sd_parse ctx;
	struct sd_plan plan;
	char *msgs;
	size_t msgs_len;
	FILE *msgs_f;
	int parse_rc, lower_rc;
};

/* The x86_64 names the tests use, sorted. */
static const char *const test_arch_names[] = {
	"access", "close", "execve", "exit_group", "fstat", "getppid", "lstat",
	"open", "openat", "read", "stat", "write",
};

static inline void fx_compile(struct fixture *f, const char *text, size_t len)
{
	struct sd_arch arch = {
		test_arch_names, sizeof(test_arch_names) / sizeof(test_arch_names[0])
	};

	memset(f, 0, sizeof(*f));
	sd_arena_init(&f->arena);
	f->msgs_f = open_memstream(&f->msgs, &f->msgs_len);
	sd_diag_init(&f->diag, f->msgs_f);
	f->src.name = "t.sysdef";
	f->src.text = sd_strndup(&f->arena, text, len);
	f->src.len = len;
	f->ctx.arena = &f->arena;
	f->ctx.diag = &f->diag;
	f->ctx.src = &f->src;
	f->parse_rc = sd_parse_src(&f->ctx);
	f->lower_rc = sd_lower(&f->arena, &f->diag, &arch, f->ctx.items, &f->plan);
	fflush(f->msgs_f);
}

static inline void fx_str(struct fixture *f, const char *text)
{
	fx_compile(f, text, strlen(text));
}

static inline void fx_free(struct fixture *f)
{
	fclose(f->msgs_f);
	free(f->msgs);
	sd_arena_free(&f->arena);
}

/* Assert that the messages contain @needle. */
#define assert_msg(f, needle)							\
	do {									\
		if (!strstr((f)->msgs, (needle)))				\
			fail_msg("message '%s' not in:\n%s", (needle), (f)->msgs); \
	} while (0)

#endif

/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sysdefc.c - libFuzzer target for sysdefc's front end and backends:
 * the input is one .sysdef file (includes are refused: no file is read).
 * It is checked, parsed and lowered as sysdefc does; when it has no errors
 * every backend writes its file to memory.  Input with NUL bytes or CR line
 * ends, which the loader refuses before parsing, is also fed to the lexer
 * directly.  Diagnostics go to /dev/null (they are formatted all the same).
 * Built and run by `make fuzz-sysdefc`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "lower.h"
#include "parse.h"
#include "source.h"

extern const char *const sd_host_syscalls[];
extern const int sd_host_syscall_count;

static int (*const emitters[])(const struct sd_plan *p, FILE *f) = {
	sd_emit_records, sd_emit_bpf, sd_emit_decoders,
	sd_emit_table_h, sd_emit_table, sd_emit_doc, sd_emit_ctf,
};

static void emit_all(const struct sd_plan *plan, FILE *sink)
{
	for (size_t i = 0; i < sizeof(emitters) / sizeof(emitters[0]); i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (!m)
			continue;
		if (!emitters[i](plan, m) && !fclose(m))
			sd_emit_finish(text, len, "out.c", sink);
		else
			fclose(m);
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct sd_arch arch = { sd_host_syscalls, sd_host_syscall_count };
	struct sd_arena arena;
	struct sd_diag diag;
	struct sd_sources srcs;
	struct sd_plan plan;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	sd_arena_init(&arena);
	sd_diag_init(&diag, sink);
	memset(&srcs, 0, sizeof(srcs));
	srcs.arena = &arena;
	srcs.diag = &diag;
	srcs.no_includes = 1;
	sd_load_text(&srcs, "fuzz.sysdef", (const char *)data, size);
	memset(&plan, 0, sizeof(plan));
	sd_lower(&arena, &diag, &arch, srcs.items, &plan);
	if (!diag.errors) {
		plan.sources = srcs.files;
		emit_all(&plan, sink);
	}
	if (memchr(data, '\0', size) || memchr(data, '\r', size)) {
		struct sd_src src = { .name = "raw.sysdef", .len = size };
		struct sd_parse ctx;

		src.text = sd_strndup(&arena, (const char *)data, size);
		sd_diag_init(&diag, sink);
		memset(&ctx, 0, sizeof(ctx));
		ctx.arena = &arena;
		ctx.diag = &diag;
		ctx.src = &src;
		sd_parse_src(&ctx);
	}
	sd_arena_free(&arena);
	return 0;
}

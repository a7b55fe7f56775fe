/* SPDX-License-Identifier: MIT */
/*
 * sysdefc - compile .sysdef syscall descriptions into record layouts,
 * eBPF recorders, userspace decoders, the syscall table and a reference.
 *
 * Exit status: 0 on success, 1 on errors in the input, 2 on bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "lower.h"
#include "outdir.h"
#include "source.h"

#ifndef SYSDEF_VERSION
#define SYSDEF_VERSION "0.1.0"
#endif

/* Names of the build host's syscalls (arch_syscalls.c, generated). */
extern const char *const sd_host_syscalls[];
extern const int sd_host_syscall_count;

static const struct {
	const char *file;
	int (*emit)(const struct sd_plan *p, FILE *f);
} outputs[] = {
	{ "sd_records.h", sd_emit_records },
	{ "sd_recorders.bpf.h", sd_emit_bpf },
	{ "sd_recorders.kmod.h", sd_emit_kmod },
	{ "sd_decoders.c", sd_emit_decoders },
	{ "sd_table.h", sd_emit_table_h },
	{ "sd_table.c", sd_emit_table },
	{ "sd_syscalls.md", sd_emit_doc },
	{ "sd_ctf.c", sd_emit_ctf },
};

static void usage(FILE *f)
{
	fputs("Usage: sysdefc [OPTION]... FILE.sysdef... -o DIR\n"
	      "Compile syscall descriptions into C for the sdtrace runtime.\n\n"
	      "  -o, --output DIR      write the generated files into DIR (created if missing)\n"
	      "      --check           check the input only; write nothing\n"
	      "      --syscalls FILE   the target's syscall names, one per line\n"
	      "                        (default: the build host's, from <asm/unistd.h>)\n"
	      "  -h, --help            show this help and exit\n"
	      "      --version         show the version and exit\n\n"
	      "Writes sd_records.h, sd_recorders.bpf.h, sd_decoders.c, sd_table.h,\n"
	      "sd_table.c, sd_syscalls.md and sd_ctf.c.  Output is deterministic and replaces\n"
	      "files only when every one was generated; unchanged files keep their\n"
	      "timestamps.  Input without any syscall record is an error unless\n"
	      "--check (a file of tables alone checks fine).  Only regular text files\n"
	      "are read (no FIFOs, devices, NUL bytes or CR-only line ends).\n"
	      "Exit status: 0 success, 1 errors in the input, 2 usage.\n", f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Read a list of syscall names, one per line, into @arch (sorted). */
static int load_syscall_list(struct sd_arena *a, const char *path, struct sd_arch *arch)
{
	FILE *f = fopen(path, "r");
	char line[256];
	const char **v = NULL;
	int n = 0, cap = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (n == cap) {
			const char **nv;

			cap = cap ? cap * 2 : 512;
			nv = sd_alloc(a, sizeof(*nv) * (size_t)cap);
			if (n)
				memcpy(nv, v, sizeof(*v) * (size_t)n);
			v = nv;
		}
		v[n++] = sd_strdup(a, line);
	}
	fclose(f);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_str);
	arch->names = v;
	arch->count = n;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'c' },
		{ "syscalls", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = NULL, *list = NULL;
	struct sd_arch arch = { sd_host_syscalls, sd_host_syscall_count };
	struct sd_arena arena;
	struct sd_diag diag;
	struct sd_sources srcs;
	struct sd_plan plan;
	struct sd_outdir od;
	int c, check_only = 0, rc = 0;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'c':
			check_only = 1;
			break;
		case 's':
			list = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("sysdefc %s\n", SYSDEF_VERSION);
			return 0;
		default:
			fputs("Try 'sysdefc --help' for more information.\n", stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("sysdefc: no input files\n"
		      "Try 'sysdefc --help' for more information.\n", stderr);
		return 2;
	}
	if (outdir && !*outdir) {
		fputs("sysdefc: the output directory name is empty\n"
		      "Try 'sysdefc --help' for more information.\n", stderr);
		return 2;
	}
	if (!outdir && !check_only) {
		fputs("sysdefc: no output directory (-o DIR, or --check)\n"
		      "Try 'sysdefc --help' for more information.\n", stderr);
		return 2;
	}
	sd_arena_init(&arena);
	sd_diag_init(&diag, stderr);
	if (list) {
		int err = load_syscall_list(&arena, list, &arch);

		if (err) {
			fprintf(stderr, "sysdefc: cannot read syscall list '%s': %s\n",
				list, strerror(-err));
			sd_arena_free(&arena);
			return 2;
		}
	}
	memset(&srcs, 0, sizeof(srcs));
	srcs.arena = &arena;
	srcs.diag = &diag;
	for (int i = optind; i < argc; i++) {
		struct sd_loc none = { NULL, 0, 0 };

		sd_load_file(&srcs, argv[i], none);
	}
	sd_lower(&arena, &diag, &arch, srcs.items, &plan);
	/* tables alone check fine (an included file), but generate nothing */
	if (!diag.errors && !check_only && !plan.nsyscalls) {
		struct sd_loc none = { NULL, 0, 0 };

		sd_error(&diag, none, "no syscall record in the input: nothing to generate");
	}
	if (diag.errors) {
		fprintf(stderr, "sysdefc: %d error%s; nothing written\n", diag.errors,
			diag.errors > 1 ? "s" : "");
		rc = 1;
		goto out;
	}
	if (check_only)
		goto out;
	if (sd_outdir_open(&od, outdir)) {
		rc = 1;
		goto out;
	}
	plan.sources = srcs.files;
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		FILE *f = sd_outdir_create(&od, outputs[i].file);
		char *text = NULL;
		size_t len = 0;
		FILE *m = f ? open_memstream(&text, &len) : NULL;
		int bad = !m || outputs[i].emit(&plan, m);

		/* in memory first: #line directives need the lines' numbers */
		if (m && fclose(m))
			bad = 1;
		if (!bad && sd_emit_finish(text, len, outputs[i].file, f))
			bad = 1;
		free(text);
		if (f && sd_outdir_close(&od, f))
			bad = 1;
		if (bad) {
			rc = 1;
			break;
		}
	}
	if (rc || sd_outdir_commit(&od))
		rc = 1;
	sd_outdir_abort(&od);
out:
	sd_arena_free(&arena);
	return rc;
}

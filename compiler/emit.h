/* SPDX-License-Identifier: MIT */
/*
 * emit.h - the backends.  Each walks a checked plan and writes one generated
 * file to @f; each returns 0 or a negative errno (write errors are checked
 * by the caller on the stream).
 */
#ifndef SD_EMIT_H
#define SD_EMIT_H

#include <stdio.h>

#include "plan.h"

/* sd_records.h: record layouts shared by the kernel and user sides. */
int sd_emit_records(const struct sd_plan *p, FILE *f);

/* sd_recorders.bpf.h: one entry and/or exit eBPF recorder per description. */
int sd_emit_bpf(const struct sd_plan *p, FILE *f);

/* sd_recorders.kmod.h: the same recorders as C for the kernel module. */
int sd_emit_kmod(const struct sd_plan *p, FILE *f);

/* sd_decoders.c: record to text/JSON through the runtime's sd_dec API. */
int sd_emit_decoders(const struct sd_plan *p, FILE *f);

/* sd_table.c: one row per syscall name, numbers from __NR_ macros. */
int sd_emit_table(const struct sd_plan *p, FILE *f);

/*
 * Print the scalar C expression @v (its C type @is_signed, @size bytes) as
 * format @fmt says (table @t, @print printer @printer), in generated decoders.
 */
void sd_emit_scalar(FILE *f, const char *ind, enum sd_fmt fmt,
		    const struct sd_table *t, const char *printer,
		    const char *v, int is_signed, int size);
void sd_emit_scalar_be(FILE *f, const char *ind, int be, enum sd_fmt fmt,
		       const struct sd_table *t, const char *printer,
		       const char *v0, int is_signed, int size);

/* SD_PRINT_NAME, the runtime's enum for @print(name) (sd_printers.h). */
void sd_emit_printer_id(FILE *f, const char *name);

/* The netlink protocols' tables, into sd_decoders.c (sd_netlink.h). */
void sd_emit_netlink(const struct sd_plan *p, FILE *f);

/* sd_table.h: the table's row type and the decoders' prototypes. */
int sd_emit_table_h(const struct sd_plan *p, FILE *f);

/* sd_ctf.c: the record layouts and tables as data for CTF metadata. */
int sd_emit_ctf(const struct sd_plan *p, FILE *f);

/* sd_syscalls.md: a reference of every described syscall. */
int sd_emit_doc(const struct sd_plan *p, FILE *f);

/* The first lines of generated file @file: what made it, from what. */
void sd_emit_banner(const struct sd_plan *p, FILE *f, const char *file);

/*
 * #line directives: sd_emit_line() attributes what follows to @loc's
 * .sysdef line, sd_emit_line_back() back to the generated file itself;
 * sd_emit_finish() copies a backend's text to @out, numbering the latter.
 */
void sd_emit_line(FILE *f, struct sd_loc loc);
void sd_emit_line_back(FILE *f);
int sd_emit_finish(const char *text, size_t len, const char *file, FILE *out);

/* Shared by backends: the C expression of a condition, args as r->NAME. */
void sd_emit_cond(FILE *f, const struct sd_expr *e, const struct sd_syscall *sc);

/*
 * The recorders' walk both kernel backends share: what each spells its
 * own way is a capture of argument @a into @slot (@retry: remember a
 * fault, to copy again at exit) and a capture's length.
 */
struct sd_rec_backend {
	void (*capture)(const struct sd_syscall *sc, const struct sd_arg *a, int slot,
			int retry, FILE *f);
	void (*len)(const struct sd_syscall *sc, const struct sd_arg *a, FILE *f);
};
/* r->ARG = the argument registers, each cast to its record field. */
void sd_emit_rec_args(const struct sd_syscall *sc, FILE *f);
/* The exit's captures: @out and @inout on success, @restart, addresses on failure. */
void sd_emit_exit_caps(const struct sd_syscall *sc, const struct sd_rec_backend *b,
		       FILE *f);

/*
 * The captures one element of @st makes itself (its arrays' elements' own
 * are theirs): @fn for each field copied through its pointer, nested
 * structs' included, with the struct that holds it, its index among @st's
 * deep fields and the offset of its holder in @st.
 */
typedef void sd_deep_fn(const struct sd_struct *holder, const struct sd_field *fl,
			int index, int off, void *ctx);
void sd_walk_deep(const struct sd_struct *st, sd_deep_fn *fn, void *ctx);

/* Shared by backends: a length computed from arguments (SD_LEN_EXPR). */
void sd_emit_len_expr(FILE *f, const struct sd_expr *e, const struct sd_syscall *sc);

/* 1 if @sc has nothing to copy: its exit recorder is sd_exit_scalars. */
int sd_is_scalar_only(const struct sd_syscall *sc);

/* "unsigned long" style C spelling of an argument's record type. */
const char *sd_arg_storage(const struct sd_arg *a);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * unwind.h - sdtrace -k: the user stack of a call, from the registers and
 * the top of the stack its record carries (struct sd_ustack), unwound with
 * the modules' DWARF call-frame information (elfutils' libdwfl) and
 * symbolised as strace prints it.  The traced processes' executable
 * mappings are kept from /proc (processes that exist when tracing starts)
 * and from the kernel's SD_K_MMAP records (mappings made since), so a
 * process that has ended can still be unwound.
 */
#ifndef SD_UNWIND_H
#define SD_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include "sd_abi.h"
#include "sd_events.h"
#include "sd_buf.h"

struct sd_unwind;

/* A new unwinder (libdw opened), or NULL with the reason on stderr. */
struct sd_unwind *sd_unwind_new(void);
void sd_unwind_free(struct sd_unwind *u);

/* Process @tgid exists already: read its mappings from /proc. */
void sd_unwind_seed(struct sd_unwind *u, uint32_t tgid);

/* Process @child was forked from @parent: it has the same mappings. */
void sd_unwind_fork(struct sd_unwind *u, uint32_t parent, uint32_t child);

/* Process @tgid is gone. */
void sd_unwind_drop(struct sd_unwind *u, uint32_t tgid);

/* An SD_K_MMAP record: a file mapped executable in its process. */
void sd_unwind_mmap(struct sd_unwind *u, const struct sd_ev_mmap *m, size_t size);

/*
 * Append the stack of a call of process @tgid to @out, one line per frame
 * (" > /usr/lib/x86_64-linux-gnu/libc.so.6(read+0x12) [0x10e2f2]\n");
 * @queued: as strace words a stack it took at entry (exit, exit_group).
 */
void sd_unwind_print(struct sd_unwind *u, uint32_t tgid, const struct sd_tail *t,
		     bool queued, struct sd_buf *out);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * compat.h - the i386 syscalls x86_64 processes can make (int $0x80, an
 * i386 program), recorded as SD_K_GENERIC records marked SD_F_COMPAT:
 * their names, and for those whose x86_64 namesake's description takes
 * the same scalar arguments, an x86_64 record that decodes them.
 */
#ifndef SD_COMPAT_H
#define SD_COMPAT_H

#include <stddef.h>

#include <linux/types.h>

#include "sd_abi.h"

struct sd_syscall_ent;

/* The i386 name of syscall @nr, or NULL. */
const char *sd_compat_name(unsigned int nr);

/* The x86_64 number of i386 syscall @nr's namesake, or -1. */
int sd_compat_nr64(unsigned int nr);

/*
 * Write into @buf (@len bytes) the x86_64 record that decodes i386 call
 * @g (the record's size without its tail): its namesake's (getuid32:
 * getuid's), when that description records its arguments only, no
 * captures nor variants, and takes them as i386 does.  @by_nr: the
 * described syscalls by x86_64 number.  Returns the record's size, or 0.
 */
size_t sd_compat_as64(const struct sd_rec_generic *g, const struct sd_syscall_ent *const *by_nr,
		      void *buf, size_t len);

#endif

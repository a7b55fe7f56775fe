/* SPDX-License-Identifier: MIT */
/* syscall_names.h - the names of every syscall number of the build target. */
#ifndef SD_SYSCALL_NAMES_H
#define SD_SYSCALL_NAMES_H

#define SD_SYSCALL_NAMES 1024

/* Name of syscall @nr, or NULL for numbers the target does not have. */
extern const char *const sd_syscall_names[SD_SYSCALL_NAMES];

#endif

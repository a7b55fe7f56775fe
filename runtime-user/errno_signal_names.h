/* SPDX-License-Identifier: MIT */
/*
 * errno_signal_names.h - errno and signal names, generated from the
 * kernel's uapi headers by scripts/errno-signal-names.sh (in the build
 * folder: errno_signal_names.c).
 */
#ifndef SD_ERRNO_SIGNAL_NAMES_H
#define SD_ERRNO_SIGNAL_NAMES_H

#define SD_ERRNO_NAMES	4096	/* errors are -4095..-1 */
#define SD_SIGNAL_NAMES	65	/* 1..64 */

/* EPERM for 1, ...; NULL for numbers without a name. */
extern const char *const sd_errno_names[SD_ERRNO_NAMES];
/* SIGHUP for 1, ..., SIGRTMIN, SIGRT_1 ... SIGRT_32. */
extern const char *const sd_signal_names[SD_SIGNAL_NAMES];

#endif

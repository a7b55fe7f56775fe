/* SPDX-License-Identifier: MIT */
/*
 * pathfilter.h - sdtrace -P PATH: only the calls that touch one of the
 * paths, as strace decides it: a path argument equal to one of them, or a
 * descriptor argument that names one (the -y table says what descriptors
 * are).  The decoders report what they see (sd_d_fd, sd_d_dirfd, sd_d_str
 * of a path); the printer drops the calls that saw none.
 */
#ifndef SD_PATHFILTER_H
#define SD_PATHFILTER_H

#include <stdbool.h>
#include <stddef.h>

struct sd_pathfilter {
	char **paths;
	size_t n, cap;
};

/*
 * Select @path, and what it resolves to if that differs (strace says so
 * on stderr: "Requested path "x" resolved into "y"", unless @quiet).
 * Returns 0 or -ENOMEM.
 */
int sd_pathfilter_add(struct sd_pathfilter *f, const char *path, bool quiet);

/* 1 if the @len bytes at @path (up to a NUL) are one of the paths. */
int sd_pathfilter_match(const struct sd_pathfilter *f, const char *path, size_t len);

void sd_pathfilter_free(struct sd_pathfilter *f);

#endif

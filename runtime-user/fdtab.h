/* SPDX-License-Identifier: MIT */
/*
 * fdtab.h - what each traced process's descriptors and working directory
 * are, for -y: "3</etc/hostname>", "AT_FDCWD</tmp>".  Kept from the trace
 * itself (the names the recorders capture where a descriptor is made),
 * copied at fork, and seeded from /proc for processes the tracer starts
 * or attaches to.
 */
#ifndef SD_FDTAB_H
#define SD_FDTAB_H

#include <stddef.h>
#include <stdint.h>

#define SD_FD_CWD (-100)	/* AT_FDCWD: the working directory's entry */

struct sd_fdent;

struct sd_fdtab {
	struct sd_fdent *ents;	/* open addressing on (tgid, fd) */
	size_t cap, count;
};

/* Initialise an empty table. */
void sd_fdtab_init(struct sd_fdtab *t);

/* Free every name and the table. */
void sd_fdtab_free(struct sd_fdtab *t);

/* Name descriptor @fd (SD_FD_CWD: the cwd) of process @tgid; @len bytes of
 * @name.  Returns 0 or -ENOMEM. */
int sd_fdtab_set(struct sd_fdtab *t, uint32_t tgid, int fd, const char *name,
		 size_t len);

/* Descriptor @fd of @tgid is closed: forget its name. */
void sd_fdtab_del(struct sd_fdtab *t, uint32_t tgid, int fd);

/* Descriptors @first to @last (0 <= @first) of @tgid are closed. */
void sd_fdtab_del_range(struct sd_fdtab *t, uint32_t tgid, int first, int last);

/* The name of @fd of @tgid, or NULL. */
const char *sd_fdtab_get(const struct sd_fdtab *t, uint32_t tgid, int fd);

/* A new process @child starts with a copy of @parent's names. */
int sd_fdtab_fork(struct sd_fdtab *t, uint32_t parent, uint32_t child);

/* Forget process @tgid. */
void sd_fdtab_drop(struct sd_fdtab *t, uint32_t tgid);

/* Read @tgid's descriptors and cwd from /proc/TGID/{fd,cwd}. Returns 0 or
 * a negative errno (the process is gone). */
int sd_fdtab_seed(struct sd_fdtab *t, uint32_t tgid);

#endif

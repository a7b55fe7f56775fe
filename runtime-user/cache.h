/* SPDX-License-Identifier: MIT */
/*
 * cache.h - the program cache (--cache, opt-in): verified programs and the
 * maps they use, kept pinned in bpffs between runs.
 *
 * Most of sdtrace's start-up is the verifier.  With --cache the first run
 * loads as usual and pins what it loaded under SD_CACHE_ROOT/OBJECT/KEY,
 * OBJECT naming the eBPF object (the first run of a new sdtrace removes
 * the entries of the others) and KEY every option that changes what is
 * loaded; a later run with the same KEY takes the programs from there and
 * only attaches them.  Nothing runs while no sdtrace is attached: a pinned
 * program is loaded, never called.  An entry is locked (flock) by the run
 * using it; a second run with the same KEY loads afresh.  `sdtrace
 * --cache-clear` removes every entry not in use.
 *
 * Pins are named KIND_NAME: m_ a map, a_ a program to attach, p_ a program
 * the dispatchers tail-call, i_ a task iterator run before each cached run.
 */
#ifndef SD_CACHE_H
#define SD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SD_CACHE_ROOT "/sys/fs/bpf/sdtrace"	/* unless SDTRACE_CACHE_DIR says */
#define SD_CACHE_LINKS 16

struct sd_cache {
	int dirfd;			/* the entry, locked; -1: no cache */
	bool hit;			/* filled by an earlier run */
	int links[SD_CACHE_LINKS];	/* the attached programs, on a hit */
	int nlinks;
};

/* Where the entries are: $SDTRACE_CACHE_DIR (a directory in a bpffs), or SD_CACHE_ROOT. */
const char *sd_cache_root(void);

/* Fold @n bytes at @p into hash @h (start from 0). */
uint64_t sd_cache_hash(uint64_t h, const void *p, size_t n);

/*
 * Open and lock entry @key of object @object, mounting bpffs on
 * /sys/fs/bpf if need be.
 * Returns 1 for a complete entry, 0 for an empty one to fill (whatever an
 * interrupted run left is removed), or a negative errno: no cache this run
 * (-EBUSY: another run holds the entry).  @c is usable after any result.
 */
int sd_cache_open(struct sd_cache *c, uint64_t object, uint64_t key);

/* Pin @fd as KIND_NAME in an entry being filled.  Returns 0 or -errno. */
int sd_cache_pin(struct sd_cache *c, char kind, const char *name, int fd);

/* Mark the filled entry complete.  Returns 0 or -errno. */
int sd_cache_commit(struct sd_cache *c);

/* A new descriptor of KIND_NAME in the entry, or a negative errno. */
int sd_cache_get(const struct sd_cache *c, char kind, const char *name);

/* Attach every a_ program of the entry.  Returns 0 or -errno. */
int sd_cache_attach(struct sd_cache *c);

/* Run every i_ iterator of the entry to its end.  Returns 0 or -errno. */
int sd_cache_iterate(const struct sd_cache *c);

/* Detach, unlock and forget the entry (its pins stay). */
void sd_cache_close(struct sd_cache *c);

/*
 * Remove every entry no run holds.  Returns how many were removed, or a
 * negative errno.
 */
int sd_cache_clear(void);

#endif

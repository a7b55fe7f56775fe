/* SPDX-License-Identifier: MIT */
/*
 * loader.h - the recorder programs, verified in parallel.
 *
 * The kernel verifies one program at a time per load, and libbpf loads an
 * object's programs one after another: most of sdtrace's start-up.  The
 * dispatchers' object is loaded first (it creates every map); the recorder
 * programs it left unloaded are then loaded by a few more instances of the
 * same object, one per thread, that share its maps.
 */
#ifndef SD_LOADER_H
#define SD_LOADER_H

#include <stddef.h>

struct bpf_object;

struct sd_load_job;

struct sd_loader {
	struct sd_load_job *jobs;	/* running, until sd_loader_wait() */
	int njobs;
	struct bpf_object **objs;	/* the instances that hold recorders */
	int nobjs;
};

/*
 * Start loading programs @names[0..@n) from ELF @elf (@elf_size bytes, the
 * object @main was opened from and has loaded, leaving them out) in up to
 * @threads instances sharing @main's maps, each in a thread of its own.
 * Returns 0 or a negative errno.
 */
int sd_loader_start(struct sd_loader *l, struct bpf_object *main, const void *elf,
		    size_t elf_size, const char *const *names, int n, int threads);

/*
 * Wait for the loads to end.  Returns 0 or the first one's negative errno,
 * with what failed in @err (the verifier's log goes where libbpf prints).
 */
int sd_loader_wait(struct sd_loader *l, char *err, size_t errlen);

/* The descriptor of loaded program @name, or -ENOENT. */
int sd_loader_prog_fd(const struct sd_loader *l, const char *name);

/* Wait for the loads if need be, and close the instances. */
void sd_loader_free(struct sd_loader *l);

#endif

/* SPDX-License-Identifier: MIT */
/* loader.c - the recorder programs, verified in parallel (loader.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/libbpf.h>

#include "loader.h"

struct sd_load_job {
	const void *elf;
	size_t elf_size;
	struct bpf_object *main;
	const char *const *names;
	int n, k, step;		/* names k, k + step, ... are this job's */
	struct bpf_object *obj;
	int rc;
	char what[160];
	pthread_t tid;
	int spawned;
};

static int is_mine(const struct sd_load_job *j, const char *name)
{
	for (int i = j->k; i < j->n; i += j->step)
		if (!strcmp(j->names[i], name))
			return 1;
	return 0;
}

/* Share @main's maps, in the order both instances of the object list them. */
static int share_maps(struct sd_load_job *j)
{
	struct bpf_map *m = NULL, *own;

	bpf_object__for_each_map(own, j->obj) {
		m = bpf_object__next_map(j->main, m);
		if (!m || strcmp(bpf_map__name(m), bpf_map__name(own))) {
			snprintf(j->what, sizeof(j->what), "the object's maps differ at '%s'",
				 bpf_map__name(own));
			return -EINVAL;
		}
		if (bpf_map__reuse_fd(own, bpf_map__fd(m))) {
			int err = errno;

			snprintf(j->what, sizeof(j->what), "cannot share map '%s': %s",
				 bpf_map__name(own), strerror(err));
			return -err;
		}
	}
	return 0;
}

static void *load_job(void *arg)
{
	struct sd_load_job *j = arg;
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = bpf_object__name(j->main));
	struct bpf_program *p;
	struct timespec t0, t1;

	j->obj = bpf_object__open_mem(j->elf, j->elf_size, &oo);
	if (!j->obj) {
		j->rc = -errno;
		snprintf(j->what, sizeof(j->what), "cannot open the eBPF object: %s",
			 strerror(errno));
		return NULL;
	}
	j->rc = share_maps(j);
	if (j->rc)
		return NULL;
	bpf_object__for_each_program(p, j->obj) {
		bpf_program__set_autoload(p, is_mine(j, bpf_program__name(p)));
		bpf_program__set_autoattach(p, false);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	j->rc = bpf_object__load(j->obj);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("SDTRACE_DEBUG"))
		fprintf(stderr, "sdtrace: start-up: recorder instance %d loaded in %.1f ms\n",
			j->k, (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	if (j->rc)
		snprintf(j->what, sizeof(j->what), "the kernel refused the eBPF programs: %s "
			 "(SDTRACE_DEBUG=1 shows the verifier's log)", strerror(-j->rc));
	return NULL;
}

int sd_loader_start(struct sd_loader *l, struct bpf_object *main, const void *elf,
		    size_t elf_size, const char *const *names, int n, int threads)
{
	memset(l, 0, sizeof(*l));
	if (threads > n)
		threads = n;
	if (threads < 1)
		return 0;
	l->jobs = calloc((size_t)threads, sizeof(*l->jobs));
	l->objs = calloc((size_t)threads, sizeof(*l->objs));
	if (!l->jobs || !l->objs) {
		free(l->jobs);
		free(l->objs);
		memset(l, 0, sizeof(*l));
		return -ENOMEM;
	}
	for (int i = 0; i < threads; i++) {
		struct sd_load_job *j = &l->jobs[i];

		*j = (struct sd_load_job){ .elf = elf, .elf_size = elf_size, .main = main,
					   .names = names, .n = n, .k = i, .step = threads };
		j->spawned = !pthread_create(&j->tid, NULL, load_job, j);
		if (!j->spawned)
			load_job(j);
		l->njobs++;
	}
	return 0;
}

int sd_loader_wait(struct sd_loader *l, char *err, size_t errlen)
{
	int rc = 0;

	for (int i = 0; i < l->njobs; i++) {
		struct sd_load_job *j = &l->jobs[i];

		if (j->spawned)
			pthread_join(j->tid, NULL);
		if (j->obj)
			l->objs[l->nobjs++] = j->obj;
		if (j->rc && !rc) {
			rc = j->rc;
			snprintf(err, errlen, "%s", j->what);
		}
	}
	free(l->jobs);
	l->jobs = NULL;
	l->njobs = 0;
	return rc;
}

int sd_loader_prog_fd(const struct sd_loader *l, const char *name)
{
	for (int i = 0; i < l->nobjs; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(l->objs[i], name);

		if (p && bpf_program__autoload(p))
			return bpf_program__fd(p);
	}
	return -ENOENT;
}

void sd_loader_free(struct sd_loader *l)
{
	if (l->njobs) {
		char err[8];

		sd_loader_wait(l, err, sizeof(err));
	}
	for (int i = 0; i < l->nobjs; i++)
		bpf_object__close(l->objs[i]);
	free(l->objs);
	memset(l, 0, sizeof(*l));
}

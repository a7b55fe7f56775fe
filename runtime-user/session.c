/* SPDX-License-Identifier: MIT */
/* session.c - loading, wiring and attaching the eBPF side through libbpf. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "sdtrace.skel.h"
#include "sd_table.h"
#include "session.h"

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && getenv("SDTRACE_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	if (getenv("SDTRACE_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static int is_recorder(const char *name)
{
	return !strncmp(name, "sd_enter_", 9) || !strncmp(name, "sd_exit_", 8);
}

/* Which recorder programs this session needs, by name. */
static int needed(const struct sd_session_opts *o, const char *name)
{
	if (!strcmp(name, "sd_exit_generic"))
		return 1;
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];

		if (e->nr < 0 || e->nr >= SD_NR_MAX)
			continue;
		if (o->selected && !o->selected[e->nr])
			continue;
		if ((e->enter_prog && !strcmp(e->enter_prog, name)) ||
		    (e->exit_prog && !strcmp(e->exit_prog, name)))
			return 1;
	}
	return 0;
}

static int prog_fd(struct sd_session *s, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(s->skel->obj, name);

	return p ? bpf_program__fd(p) : -ENOENT;
}

/* Fill the dispatch tables: described syscalls, then the generic recorder. */
static int wire(struct sd_session *s, const struct sd_session_opts *o)
{
	int enter_map = bpf_map__fd(s->skel->maps.sd_enter_progs);
	int exit_map = bpf_map__fd(s->skel->maps.sd_exit_progs);
	int generic = prog_fd(s, "sd_exit_generic");
	char *described = calloc(SD_NR_MAX, 1);

	if (!described)
		return -ENOMEM;
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];
		__u32 nr = (__u32)e->nr;
		int fd;

		if (e->nr < 0 || e->nr >= SD_NR_MAX)
			continue;
		described[nr] = 1;
		if (o->selected && !o->selected[nr])
			continue;
		if (e->enter_prog) {
			fd = prog_fd(s, e->enter_prog);
			if (fd < 0 || bpf_map_update_elem(enter_map, &nr, &fd, BPF_ANY))
				goto fail;
			s->skel->bss->sd_has_enter[nr] = 1;
		}
		if (e->exit_prog) {
			fd = prog_fd(s, e->exit_prog);
			if (fd < 0 || bpf_map_update_elem(exit_map, &nr, &fd, BPF_ANY))
				goto fail;
		}
	}
	for (__u32 nr = 0; nr < SD_NR_MAX; nr++) {
		if (described[nr] || (o->selected && !o->selected[nr]))
			continue;
		if (bpf_map_update_elem(exit_map, &nr, &generic, BPF_ANY))
			goto fail;
	}
	free(described);
	return 0;
fail:
	free(described);
	return -errno ? -errno : -EINVAL;
}

int sd_session_open(struct sd_session *s, const struct sd_session_opts *o,
		    char *err, size_t errlen)
{
	struct bpf_program *prog;
	int rc;

	memset(s, 0, sizeof(*s));
	libbpf_set_print(quiet_print);
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(err, errlen, "this kernel has no BTF (/sys/kernel/btf/vmlinux "
			 "is missing); sdtrace needs a kernel built with "
			 "CONFIG_DEBUG_INFO_BTF");
		return -ENOENT;
	}
	s->skel = sdtrace_bpf__open();
	if (!s->skel) {
		rc = -errno;
		snprintf(err, errlen, "cannot open the eBPF object: %s", strerror(errno));
		return rc;
	}
	s->skel->rodata->sd_strsize = o->strsize;
	s->skel->rodata->sd_self_tgid = (__u32)getpid();
	s->skel->rodata->sd_trace_all = o->trace_all;
	s->skel->rodata->sd_follow_forks = o->follow_forks;
	bpf_map__set_max_entries(s->skel->maps.sd_rb, (__u32)o->ringbuf_bytes);
	bpf_object__for_each_program(prog, s->skel->obj) {
		const char *name = bpf_program__name(prog);
		int counter = !strncmp(name, "sd_count_", 9);
		int dispatcher = !strcmp(name, "sd_sys_enter") ||
				 !strcmp(name, "sd_sys_exit");

		if (counter || dispatcher) {
			/* -c loads the counters, otherwise the dispatchers */
			if (counter != o->summary) {
				bpf_program__set_autoload(prog, false);
				bpf_program__set_autoattach(prog, false);
			}
			continue;
		}
		if (!is_recorder(name))
			continue;
		bpf_program__set_autoattach(prog, false);
		if (o->summary || !needed(o, name))
			bpf_program__set_autoload(prog, false);
	}
	rc = sdtrace_bpf__load(s->skel);
	if (rc) {
		if (rc == -EPERM)
			snprintf(err, errlen, "not permitted to load eBPF programs "
				 "(run as root, or with CAP_BPF and CAP_PERFMON)");
		else
			snprintf(err, errlen, "the kernel refused the eBPF programs: %s "
				 "(SDTRACE_DEBUG=1 shows the verifier's log)",
				 strerror(-rc));
		goto fail;
	}
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++)
		s->skel->bss->sd_selected[nr] = !o->selected || o->selected[nr];
	rc = o->summary ? 0 : wire(s, o);
	if (rc) {
		snprintf(err, errlen, "cannot fill the dispatch tables: %s", strerror(-rc));
		goto fail;
	}
	s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.sd_rb), o->on_record,
				 o->ctx, NULL);
	if (!s->rb) {
		rc = -errno;
		snprintf(err, errlen, "cannot map the ring buffer: %s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sd_session_close(s);
	return rc;
}

int sd_session_attach(struct sd_session *s, char *err, size_t errlen)
{
	int rc = sdtrace_bpf__attach(s->skel);

	if (rc)
		snprintf(err, errlen, "cannot attach to the syscall tracepoints: %s",
			 strerror(-rc));
	return rc;
}

int sd_session_trace(struct sd_session *s, uint32_t tgid)
{
	if (tgid >= SD_PID_LIMIT)
		return -ERANGE;
	if (!s->skel->bss->sd_root_tgid)
		s->skel->bss->sd_root_tgid = tgid;
	__atomic_fetch_or(&s->skel->bss->sd_traced_bits[tgid / 64],
			  1ULL << (tgid % 64), __ATOMIC_SEQ_CST);
	return 0;
}

int sd_session_poll(struct sd_session *s, int timeout_ms)
{
	int n = ring_buffer__poll(s->rb, timeout_ms);

	if (n < 0 && n != -EINTR)
		return n;
	/* records are committed without a wakeup: take what is there */
	n = ring_buffer__consume(s->rb);
	return n < 0 && n != -EINTR ? n : 0;
}

int sd_session_counters(struct sd_session *s, uint64_t out[SD_CNT_MAX])
{
	for (int k = 0; k < SD_CNT_MAX; k++) {
		out[k] = 0;
		for (int c = 0; c < SD_MAX_CPUS; c++)
			out[k] += __atomic_load_n(&s->skel->bss->sd_counters[c][k],
						  __ATOMIC_RELAXED);
	}
	return 0;
}

int sd_session_summary(struct sd_session *s, unsigned int nr, struct sd_sum *out)
{
	int ncpu = libbpf_num_possible_cpus();
	struct sd_sum *vals;
	__u32 key = nr;

	memset(out, 0, sizeof(*out));
	if (ncpu <= 0)
		return -EINVAL;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.sd_summary), &key, vals)) {
		free(vals);
		return -errno;
	}
	for (int c = 0; c < ncpu; c++) {
		out->calls += vals[c].calls;
		out->errors += vals[c].errors;
		out->ns += vals[c].ns;
	}
	free(vals);
	return 0;
}

void sd_session_close(struct sd_session *s)
{
	ring_buffer__free(s->rb);
	sdtrace_bpf__destroy(s->skel);
	s->rb = NULL;
	s->skel = NULL;
}

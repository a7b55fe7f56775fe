/* SPDX-License-Identifier: MIT */
/*
 * unwind.c - sdtrace -k: records' stacks unwound with libdwfl, as perf
 * record --call-graph dwarf does, and symbolised as strace (built with
 * libunwind, as Debian's is) prints them.
 *
 * Each traced process has a table of its executable file mappings and a
 * Dwfl whose modules are those files, reported again when the table
 * changes.  libdwfl reads the registers and the stack from the record
 * (one pseudo-thread per process), the CFI from the files.  Names are
 * libunwind's: the nearest STT_FUNC symbol at or below the address, in
 * .dynsym or .symtab.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfutils/libdwfl.h>

#include "unwind.h"

#define SD_UW_BUCKETS	256
#define SD_UW_DEPTH	256	/* frames printed at most, as strace */

struct sd_map {
	uint64_t start, end, pgoff;
	char *path;
};

struct sd_uproc {
	struct sd_uproc *next;
	uint32_t tgid;
	struct sd_map *maps;	/* sorted by start, not overlapping */
	size_t n, cap;
	Dwfl *dwfl;
	bool attached;		/* dwfl_attach_state() done */
	bool dirty;		/* maps changed since the modules were reported */
};

/* A file's function symbols, by address (libunwind's lookup). */
struct sd_fsym {
	uint64_t addr;
	uint32_t order;		/* the first of equal addresses wins */
	const char *name;
};

struct sd_symfile {
	struct sd_symfile *next;
	char *path;
	struct sd_fsym *syms;
	size_t n;
	Elf *elf;		/* owns the names */
	int fd;
	uint64_t vbias;		/* p_vaddr - p_offset of the executable segment */
};

struct sd_unwind {
	struct sd_uproc *procs[SD_UW_BUCKETS];
	struct sd_symfile *files;
	/* the call being unwound */
	const struct sd_tail *cur;
	struct sd_uproc *cur_proc;
	struct sd_buf *out;
	int depth;
	bool queued;		/* exit/exit_group: strace's entry-capture format */
};

/*
 * libdw is opened when -k asks for it, not linked: every other run of
 * sdtrace would map it (and liblzma and libbz2 with it) at its start.
 */
#define SD_DW_FUNCS(X) X(dwfl_begin) X(dwfl_end) X(dwfl_errmsg) X(dwfl_report_begin) \
	X(dwfl_report_elf) X(dwfl_report_end) X(dwfl_attach_state) \
	X(dwfl_thread_state_registers) X(dwfl_frame_pc) X(dwfl_getthread_frames) \
	X(dwfl_linux_proc_find_elf) X(dwfl_standard_find_debuginfo)

static struct {
#define X(f) __typeof__(f) *f;
	SD_DW_FUNCS(X)
#undef X
} dw;

static Dwfl_Callbacks sd_dwfl_cb;

/* 0, or -ENOENT with the reason on stderr. */
static int dw_open(void)
{
	static int rc = 1;
	void *h;

	if (rc <= 0)
		return rc;
	rc = -ENOENT;
	h = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "sdtrace: -k needs elfutils' libdw (Debian: libdw1): %s\n",
			dlerror());
		return rc;
	}
#define X(f) \
	if (!(dw.f = (__typeof__(dw.f))dlsym(h, #f))) { \
		fprintf(stderr, "sdtrace: -k: libdw.so.1 lacks %s\n", #f); \
		return rc; \
	}
	SD_DW_FUNCS(X)
#undef X
	sd_dwfl_cb.find_elf = dw.dwfl_linux_proc_find_elf;
	sd_dwfl_cb.find_debuginfo = dw.dwfl_standard_find_debuginfo;
	return rc = 0;
}

struct sd_unwind *sd_unwind_new(void)
{
	struct sd_unwind *u;

	if (dw_open())
		return NULL;
	elf_version(EV_CURRENT);
	u = calloc(1, sizeof(struct sd_unwind));
	if (!u)
		fputs("sdtrace: out of memory\n", stderr);
	return u;
}

static struct sd_uproc *proc_get(struct sd_unwind *u, uint32_t tgid, bool create)
{
	struct sd_uproc **b = &u->procs[tgid % SD_UW_BUCKETS], *p;

	for (p = *b; p; p = p->next)
		if (p->tgid == tgid)
			return p;
	if (!create)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->tgid = tgid;
	p->next = *b;
	*b = p;
	return p;
}

static void proc_free(struct sd_uproc *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->maps[i].path);
	free(p->maps);
	if (p->dwfl)
		dw.dwfl_end(p->dwfl);
	free(p);
}

void sd_unwind_free(struct sd_unwind *u)
{
	if (!u)
		return;
	for (int i = 0; i < SD_UW_BUCKETS; i++)
		while (u->procs[i]) {
			struct sd_uproc *p = u->procs[i];

			u->procs[i] = p->next;
			proc_free(p);
		}
	while (u->files) {
		struct sd_symfile *f = u->files;

		u->files = f->next;
		free(f->syms);
		if (f->elf)
			elf_end(f->elf);
		if (f->fd >= 0)
			close(f->fd);
		free(f->path);
		free(f);
	}
	free(u);
}

/* Map [start, end) of @path at @pgoff: it replaces whatever overlapped it. */
static void map_add(struct sd_uproc *p, uint64_t start, uint64_t end, uint64_t pgoff,
		    const char *path)
{
	struct sd_map *n = calloc(p->n + 2, sizeof(*n));
	size_t k = 0;
	bool placed = false;

	if (!n || start >= end)
		goto fail;
	for (size_t i = 0; i < p->n; i++) {
		struct sd_map o = p->maps[i];

		if (!placed && o.start >= start) {
			n[k++] = (struct sd_map){ start, end, pgoff, NULL };
			placed = true;
		}
		if (o.end <= start || o.start >= end) {
			n[k++] = o;
			continue;
		}
		/* cut: keep the parts outside [start, end) */
		if (o.start < start)
			n[k++] = (struct sd_map){ o.start, start, o.pgoff, strdup(o.path) };
		if (o.end > end) {
			if (!placed) {
				n[k++] = (struct sd_map){ start, end, pgoff, NULL };
				placed = true;
			}
			n[k++] = (struct sd_map){ end, o.end, o.pgoff + (end - o.start),
						  strdup(o.path) };
		}
		free(o.path);
	}
	if (!placed)
		n[k++] = (struct sd_map){ start, end, pgoff, NULL };
	for (size_t i = 0; i < k; i++)
		if (n[i].start == start && !n[i].path)
			n[i].path = strdup(path);
	free(p->maps);
	p->maps = n;
	p->n = k;
	p->cap = p->n + 2;
	p->dirty = true;
	return;
fail:
	free(n);
}

static const struct sd_map *map_find(const struct sd_uproc *p, uint64_t addr)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (addr < p->maps[mid].start)
			hi = mid;
		else if (addr >= p->maps[mid].end)
			lo = mid + 1;
		else
			return &p->maps[mid];
	}
	return NULL;
}

void sd_unwind_seed(struct sd_unwind *u, uint32_t tgid)
{
	struct sd_uproc *p = proc_get(u, tgid, true);
	char path[64], line[4096 + 128], perms[8], file[4096];
	unsigned long long start, end, off;
	FILE *f;

	if (!p)
		return;
	snprintf(path, sizeof(path), "/proc/%u/maps", tgid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095[^\n]", &start, &end, perms,
			   &off, file) == 5 && perms[2] == 'x' && file[0] == '/')
			map_add(p, start, end, off, file);
	fclose(f);
}

void sd_unwind_fork(struct sd_unwind *u, uint32_t parent, uint32_t child)
{
	struct sd_uproc *pp = proc_get(u, parent, false), *c;

	if (!pp || parent == child)
		return;
	c = proc_get(u, child, true);
	for (size_t i = 0; c && i < pp->n; i++)
		map_add(c, pp->maps[i].start, pp->maps[i].end, pp->maps[i].pgoff,
			pp->maps[i].path);
}

void sd_unwind_drop(struct sd_unwind *u, uint32_t tgid)
{
	struct sd_uproc **b = &u->procs[tgid % SD_UW_BUCKETS];

	for (; *b; b = &(*b)->next)
		if ((*b)->tgid == tgid) {
			struct sd_uproc *p = *b;

			*b = p->next;
			proc_free(p);
			return;
		}
}

void sd_unwind_mmap(struct sd_unwind *u, const struct sd_ev_mmap *m, size_t size)
{
	struct sd_uproc *p = proc_get(u, m->tgid, true);
	struct sd_var v;
	char *path;

	if (p && !m->start && !m->end) {	/* exec: a new address space */
		for (size_t i = 0; i < p->n; i++)
			free(p->maps[i].path);
		p->n = 0;
		p->dirty = true;
		return;
	}
	if (!p || size < sizeof(*m) + sizeof(v))
		return;
	memcpy(&v, m + 1, sizeof(v));
	if (!v.len || v.len > size - sizeof(*m) - sizeof(v))
		return;
	path = strndup((const char *)(m + 1) + sizeof(v), v.len);
	if (path)
		map_add(p, m->start, m->end, m->pgoff, path);
	free(path);
}

/* ---- symbols, as libunwind finds them -------------------------------- */

static int fsym_cmp(const void *a, const void *b)
{
	const struct sd_fsym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static struct sd_symfile *symfile_get(struct sd_unwind *u, const char *path)
{
	struct sd_symfile *f;
	Elf_Scn *scn = NULL;
	size_t cap = 0;
	GElf_Ehdr eh;
	uint32_t order = 0;

	for (f = u->files; f; f = f->next)
		if (!strcmp(f->path, path))
			return f;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->path = strdup(path);
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	f->next = u->files;
	u->files = f;
	if (f->fd < 0 || !(f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL)) ||
	    !gelf_getehdr(f->elf, &eh))
		return f;
	/* where file offsets are in the ELF's addresses: the executable load */
	for (size_t i = 0; i < eh.e_phnum; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(f->elf, (int)i, &ph) && ph.p_type == PT_LOAD &&
		    (ph.p_flags & PF_X)) {
			f->vbias = ph.p_vaddr - ph.p_offset;
			break;
		}
	}
	while ((scn = elf_nextscn(f->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) ||
		    !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC ||
			    s.st_shndx == SHN_UNDEF ||
			    !(name = elf_strptr(f->elf, sh.sh_link, s.st_name)))
				continue;
			if (f->n == cap) {
				struct sd_fsym *n;

				cap = cap ? 2 * cap : 256;
				n = realloc(f->syms, cap * sizeof(*n));
				if (!n)
					break;
				f->syms = n;
			}
			f->syms[f->n++] = (struct sd_fsym){ s.st_value, order++, name };
		}
	}
	qsort(f->syms, f->n, sizeof(*f->syms), fsym_cmp);
	return f;
}

/* The nearest function at or below ELF address @a, or NULL. */
static const struct sd_fsym *symfile_lookup(const struct sd_symfile *f, uint64_t a)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {	/* the first symbol above @a */
		size_t mid = (lo + hi) / 2;

		if (f->syms[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	lo--;
	while (lo && f->syms[lo - 1].addr == f->syms[lo].addr)
		lo--;
	return &f->syms[lo];
}

/* ---- libdwfl's view of a record ------------------------------------- */

static pid_t uw_next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	struct sd_unwind *u = arg;

	(void)dwfl;
	if (*thread_argp)
		return 0;
	*thread_argp = arg;
	return (pid_t)u->cur_proc->tgid;
}

static bool uw_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	struct sd_unwind *u = arg;
	const struct sd_tail *t = u->cur;
	uint64_t sp = t->stack.regs[7];

	(void)dwfl;
	if (addr < sp || addr + 8 > sp + t->stack.len)
		return false;
	memcpy(result, t->stack_bytes + (addr - sp), 8);
	return true;
}

static bool uw_set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct sd_unwind *u = arg;
	Dwarf_Word regs[SD_UREGS];

	memcpy(regs, u->cur->stack.regs, sizeof(regs));
	return dw.dwfl_thread_state_registers(thread, 0, SD_UREGS, regs);
}

static const Dwfl_Thread_Callbacks sd_thread_cb = {
	.next_thread = uw_next_thread,
	.memory_read = uw_memory_read,
	.set_initial_registers = uw_set_initial_registers,
};

/* Report @p's files as the Dwfl's modules, again if they changed. */
static int proc_dwfl(struct sd_unwind *u, struct sd_uproc *p)
{
	/* libdwfl reports again only modules in the same order: start over */
	if (p->dwfl && p->dirty) {
		dw.dwfl_end(p->dwfl);
		p->dwfl = NULL;
		p->attached = false;
	}
	if (!p->dwfl) {
		p->dwfl = dw.dwfl_begin(&sd_dwfl_cb);
		if (!p->dwfl)
			return -ENOMEM;
		dw.dwfl_report_begin(p->dwfl);
		for (size_t i = 0; i < p->n; i++) {
			const struct sd_map *m = &p->maps[i];
			struct sd_symfile *f = symfile_get(u, m->path);
			uint64_t bias = f ? m->start - m->pgoff - f->vbias : 0;
			bool seen = false;

			/* one module per file and load bias: where ELF address 0 is */
			for (size_t k = 0; k < i; k++)
				seen |= !strcmp(p->maps[k].path, m->path) &&
					p->maps[k].start - p->maps[k].pgoff - f->vbias == bias;
			if (seen || !f || !f->elf)
				continue;
			if (!dw.dwfl_report_elf(p->dwfl, m->path, m->path, -1, bias, true) &&
			    getenv("SDTRACE_DEBUG"))
				fprintf(stderr, "report %s at %#lx: %s\n", m->path,
					(unsigned long)bias, dw.dwfl_errmsg(-1));
		}
		dw.dwfl_report_end(p->dwfl, NULL, NULL);
		p->dirty = false;
	}
	if (!p->attached) {
		if (!dw.dwfl_attach_state(p->dwfl, NULL, (pid_t)p->tgid, &sd_thread_cb, u))
			return -EINVAL;
		p->attached = true;
	}
	return 0;
}

static void frame_line(struct sd_unwind *u, uint64_t pc, bool activation)
{
	const struct sd_map *m = map_find(u->cur_proc, pc);
	const struct sd_symfile *f;
	const struct sd_fsym *s = NULL;
	uint64_t off;

	if (!m) {
		if (pc)
			sd_buf_printf(u->out, " > unexpected_backtracing_error [0x%" PRIx64 "]\n",
				      pc);
		u->depth = SD_UW_DEPTH;
		return;
	}
	off = pc - m->start + m->pgoff;
	f = symfile_get(u, m->path);
	/* a return address may be just past its function: look up the call */
	if (f)
		s = symfile_lookup(f, off + f->vbias - (activation ? 0 : 1));
	if (s)
		sd_buf_printf(u->out, " > %s(%s+0x%" PRIx64 ") [0x%" PRIx64 "]\n", m->path,
			      s->name, off + f->vbias - s->addr, off);
	else if (u->queued)
		sd_buf_printf(u->out, " > %s(+0x0) [0x%" PRIx64 "]\n", m->path, off);
	else
		sd_buf_printf(u->out, " > %s() [0x%" PRIx64 "]\n", m->path, off);
}

static int uw_frame(Dwfl_Frame *state, void *arg)
{
	struct sd_unwind *u = arg;
	Dwarf_Addr pc;
	bool activation;

	if (!dw.dwfl_frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	frame_line(u, pc, activation);
	if (++u->depth >= SD_UW_DEPTH)
		return DWARF_CB_ABORT;
	return DWARF_CB_OK;
}

void sd_unwind_print(struct sd_unwind *u, uint32_t tgid, const struct sd_tail *t,
		     bool queued, struct sd_buf *out)
{
	struct sd_uproc *p = proc_get(u, tgid, false);

	if (!t->stack_bytes)
		return;
	if (!p || proc_dwfl(u, p)) {
		sd_buf_puts(out, " > no mappings known for the process\n");
		return;
	}
	u->cur = t;
	u->cur_proc = p;
	u->out = out;
	u->depth = 0;
	u->queued = queued;
	if (dw.dwfl_getthread_frames(p->dwfl, (pid_t)tgid, uw_frame, u) && getenv("SDTRACE_DEBUG"))
		fprintf(stderr, "sdtrace: unwinding %u: %s (stack %u bytes)\n", tgid,
			dw.dwfl_errmsg(-1), t->stack.len);
	if (!u->depth)
		frame_line(u, t->stack.regs[16], true);	/* at least where it was */
}

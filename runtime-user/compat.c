/* SPDX-License-Identifier: MIT */
/*
 * compat.c - i386 syscalls of x86_64 processes: names, and x86_64 records
 * to decode those that take the same scalar arguments as their namesakes.
 */
#include <string.h>

#include "compat.h"
#include "ctf.h"
#include "sd_table.h"
#include "syscall_names.h"

/*
 * i386 calls whose x86_64 namesake takes other arguments: a pointer to
 * them (mmap), 64-bit values in two registers, another order (clone),
 * 16-bit ids (their 32-bit versions are named NAME32).
 */
static const char *const differ[] = {
	"mmap", "clone", "fadvise64", "fallocate", "readahead", "sync_file_range",
	"setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"setfsuid", "setfsgid", "fchown", "lchown", "chown", NULL,
};

static struct {
	int ready;
	short nr64[SD_SYSCALL_NAMES32];		/* the namesake, or -1 */
	short via[SD_SYSCALL_NAMES32];		/* what decodes it, or -1 */
} cx;

static int nr_of(const char *name, size_t len)
{
	for (int i = 0; i < SD_SYSCALL_NAMES; i++)
		if (sd_syscall_names[i] && strlen(sd_syscall_names[i]) == len &&
		    !memcmp(sd_syscall_names[i], name, len))
			return i;
	return -1;
}

static void init(void)
{
	if (cx.ready)
		return;
	cx.ready = 1;
	for (int i = 0; i < SD_SYSCALL_NAMES32; i++) {
		const char *name = sd_syscall_names32[i];
		size_t len = name ? strlen(name) : 0;
		int k;

		cx.nr64[i] = cx.via[i] = -1;
		if (!name)
			continue;
		cx.nr64[i] = (short)nr_of(name, len);
		for (k = 0; differ[k] && strcmp(differ[k], name); k++)
			;
		if (!differ[k])
			cx.via[i] = cx.nr64[i];
		if (cx.via[i] < 0 && len > 2 && !strcmp(name + len - 2, "32"))
			cx.via[i] = (short)nr_of(name, len - 2);
	}
}

const char *sd_compat_name(unsigned int nr)
{
	return nr < SD_SYSCALL_NAMES32 ? sd_syscall_names32[nr] : NULL;
}

int sd_compat_nr64(unsigned int nr)
{
	init();
	return nr < SD_SYSCALL_NAMES32 ? cx.nr64[nr] : -1;
}

size_t sd_compat_as64(const struct sd_rec_generic *g, const struct sd_syscall_ent *const *by_nr,
		      void *buf, size_t len)
{
	const struct sd_syscall_ent *e;
	const struct sd_ctf_family *fam;
	const struct sd_ctf_member *m;
	struct sd_hdr *h = buf;
	unsigned char *b = buf;

	init();
	if (g->h.nr >= SD_SYSCALL_NAMES32 || cx.via[g->h.nr] < 0)
		return 0;
	e = by_nr[cx.via[g->h.nr]];
	if (!e || e->desc < 1 || (unsigned int)e->desc >= sd_ctf_nfamilies)
		return 0;
	fam = &sd_ctf_families[e->desc];
	if (fam->nmembers != 1 || fam->members[0] >= sd_ctf_nmembers)
		return 0;
	m = &sd_ctf_members[fam->members[0]];
	/* no captures, but for -y's name of a descriptor made (none here) */
	for (unsigned int k = 0; k < m->nslots; k++)
		if (strcmp(sd_ctf_name(m->slots[k].name), "ret_name"))
			return 0;
	if (m->fixed > len || m->fixed != e->rec_size || m->fixed < SD_REC_ARGS)
		return 0;
	memset(buf, 0, m->fixed);
	*h = g->h;
	h->kind = SD_K_CALL;
	h->nr = (__u16)e->nr;
	h->flags &= (__u8)~SD_F_COMPAT;
	h->size = m->fixed;
	memcpy(b + sizeof(*h), &g->ret, sizeof(g->ret));
	for (unsigned int k = 0; k < m->nfields; k++) {
		const struct sd_ctf_field *f = &m->fields[k];
		__u64 v;

		if (f->arg < 0)
			continue;
		if (f->arg >= SD_MAX_ARGS || f->size > 8 || f->off + f->size > m->fixed)
			return 0;
		v = g->args[f->arg];
		if (f->is_signed && f->size == 8)	/* i386's long */
			v = (__u64)(__s64)(__s32)(__u32)v;
		memcpy(b + f->off, &v, f->size);	/* little-endian: the low bytes */
	}
	return m->fixed;
}

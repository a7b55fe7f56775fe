/* SPDX-License-Identifier: MIT */
/* pidcomm.c - thread names for sdtrace -Y. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pidcomm.h"
#include "strfmt.h"

void sd_comms_init(struct sd_comms *c)
{
	memset(c, 0, sizeof(*c));
	sd_tidmap_init(&c->slot);
}

void sd_comms_free(struct sd_comms *c)
{
	sd_tidmap_free(&c->slot);
	free(c->names);
	free(c->free);
	memset(c, 0, sizeof(*c));
}

const char *sd_comms_get(const struct sd_comms *c, uint32_t tid)
{
	uint32_t s = sd_tidmap_get(&c->slot, tid);

	return s ? c->names[s - 1] : NULL;
}

void sd_comms_set(struct sd_comms *c, uint32_t tid, const char *comm)
{
	uint32_t s = sd_tidmap_get(&c->slot, tid);
	size_t i;

	if (!comm || !*comm)
		return;
	if (!s) {
		if (c->nfree) {
			i = c->free[--c->nfree];
		} else {
			if (c->n == c->cap) {
				size_t cap = c->cap ? 2 * c->cap : 64;
				char (*nn)[SD_COMM_LEN] = realloc(c->names, cap * sizeof(*nn));
				uint32_t *nf = realloc(c->free, cap * sizeof(*nf));

				if (nn)
					c->names = nn;
				if (nf)
					c->free = nf;
				if (!nn || !nf)
					return;
				c->cap = cap;
			}
			i = c->n++;
		}
		if (sd_tidmap_put(&c->slot, tid, (uint32_t)i + 1)) {
			c->free[c->nfree++] = (uint32_t)i;
			return;
		}
		s = (uint32_t)i + 1;
	}
	snprintf(c->names[s - 1], SD_COMM_LEN, "%s", comm);
}

void sd_comms_del(struct sd_comms *c, uint32_t tid)
{
	uint32_t s = sd_tidmap_get(&c->slot, tid);

	if (!s)
		return;
	c->gone[c->gone_next].tid = tid;
	memcpy(c->gone[c->gone_next].name, c->names[s - 1], SD_COMM_LEN);
	c->gone_next = (c->gone_next + 1) % SD_COMMS_GONE;
	sd_tidmap_del(&c->slot, tid);
	c->free[c->nfree++] = s - 1;
}

/* /proc/PID/comm into @out; 0, or -1 ("") if there is no such process */
static int proc_comm(uint32_t pid, char out[SD_COMM_LEN])
{
	char path[40];
	FILE *f;

	out[0] = 0;
	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(out, SD_COMM_LEN, f))
		out[strcspn(out, "\n")] = 0;
	else
		out[0] = 0;
	fclose(f);
	return 0;
}

void sd_comms_lookup(const struct sd_comms *c, uint32_t pid, char out[SD_COMM_LEN])
{
	const char *name = sd_comms_get(c, pid);

	if (name)
		snprintf(out, SD_COMM_LEN, "%s", name);
	else
		proc_comm(pid, out);
}

void sd_comms_lookup_arg(const struct sd_comms *c, uint32_t pid, char out[SD_COMM_LEN])
{
	const char *name;

	/* what it is called now, as strace reads it: a process whose calls
	 * are not traced may have renamed itself since its last record */
	if (!proc_comm(pid, out))
		return;
	name = sd_comms_get(c, pid);
	if (name) {
		snprintf(out, SD_COMM_LEN, "%s", name);
		return;
	}
	for (unsigned int i = 0; i < SD_COMMS_GONE; i++)
		if (c->gone[i].tid == pid)
			snprintf(out, SD_COMM_LEN, "%s", c->gone[i].name);
}

void sd_comms_reaped(struct sd_comms *c, uint32_t pid)
{
	for (unsigned int i = 0; i < SD_COMMS_GONE; i++)
		if (c->gone[i].tid == pid)
			c->gone[i].tid = 0;
}

void sd_comm_put(struct sd_buf *b, const char *comm)
{
	if (comm && *comm)
		sd_fmt_angled(b, comm);
}

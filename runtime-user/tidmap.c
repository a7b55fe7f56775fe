/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>

#include "tidmap.h"

static size_t slot_of(uint32_t key, size_t cap)
{
	return (size_t)(key * 2654435761u) & (cap - 1);
}

void sd_tidmap_init(struct sd_tidmap *m)
{
	m->keys = m->vals = NULL;
	m->cap = m->count = 0;
}

void sd_tidmap_free(struct sd_tidmap *m)
{
	free(m->keys);
	free(m->vals);
	sd_tidmap_init(m);
}

static int grow(struct sd_tidmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint32_t *keys = calloc(cap, sizeof(*keys)), *vals = calloc(cap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t s;

		if (!m->keys[i])
			continue;
		for (s = slot_of(m->keys[i], cap); keys[s]; s = (s + 1) & (cap - 1))
			;
		keys[s] = m->keys[i];
		vals[s] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

int sd_tidmap_put(struct sd_tidmap *m, uint32_t tid, uint32_t tgid)
{
	size_t s;

	if (!tid)
		return -EINVAL;
	if ((m->count + 1) * 2 > m->cap && grow(m))
		return -ENOMEM;
	for (s = slot_of(tid, m->cap); m->keys[s]; s = (s + 1) & (m->cap - 1))
		if (m->keys[s] == tid) {
			m->vals[s] = tgid;
			return 0;
		}
	m->keys[s] = tid;
	m->vals[s] = tgid;
	m->count++;
	return 0;
}

uint32_t sd_tidmap_get(const struct sd_tidmap *m, uint32_t tid)
{
	if (!m->cap || !tid)
		return 0;
	for (size_t s = slot_of(tid, m->cap); m->keys[s]; s = (s + 1) & (m->cap - 1))
		if (m->keys[s] == tid)
			return m->vals[s];
	return 0;
}

/* Remove the entry at slot @s, shifting later entries of its run back. */
static void remove_at(struct sd_tidmap *m, size_t s)
{
	size_t mask = m->cap - 1, j = s;

	m->keys[s] = 0;
	m->count--;
	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (!m->keys[j])
			return;
		home = slot_of(m->keys[j], m->cap);
		/* move j back to s if its home is not within (s, j] */
		if ((s < j) ? (home <= s || home > j) : (home <= s && home > j)) {
			m->keys[s] = m->keys[j];
			m->vals[s] = m->vals[j];
			m->keys[j] = 0;
			s = j;
		}
	}
}

int sd_tidmap_del(struct sd_tidmap *m, uint32_t tid)
{
	if (!m->cap || !tid)
		return 0;
	for (size_t s = slot_of(tid, m->cap); m->keys[s]; s = (s + 1) & (m->cap - 1))
		if (m->keys[s] == tid) {
			remove_at(m, s);
			return 1;
		}
	return 0;
}

size_t sd_tidmap_del_group(struct sd_tidmap *m, uint32_t tgid)
{
	size_t n = 0;

	for (size_t i = 0; i < m->cap; i++) {
		while (m->keys[i] && m->vals[i] == tgid) {
			remove_at(m, i);
			n++;
		}
	}
	return n;
}

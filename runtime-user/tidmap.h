/* SPDX-License-Identifier: MIT */
/* tidmap.h - a small open-addressing map from thread id to thread group id. */
#ifndef SD_TIDMAP_H
#define SD_TIDMAP_H

#include <stddef.h>
#include <stdint.h>

struct sd_tidmap {
	uint32_t *keys;		/* 0 = empty slot */
	uint32_t *vals;
	size_t cap, count;
};

/* Initialise an empty map. */
void sd_tidmap_init(struct sd_tidmap *m);

/* Free the map's memory. */
void sd_tidmap_free(struct sd_tidmap *m);

/* Set @tid -> @tgid (tid != 0). Returns 0 or -ENOMEM. */
int sd_tidmap_put(struct sd_tidmap *m, uint32_t tid, uint32_t tgid);

/* The tgid of @tid, or 0 if absent. */
uint32_t sd_tidmap_get(const struct sd_tidmap *m, uint32_t tid);

/* Remove @tid; returns 1 if it was present. */
int sd_tidmap_del(struct sd_tidmap *m, uint32_t tid);

/* Remove every tid whose tgid is @tgid; returns how many. */
size_t sd_tidmap_del_group(struct sd_tidmap *m, uint32_t tgid);

#endif

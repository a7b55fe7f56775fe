/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile.h"

#define MAX_RECORD (1 << 20)

int sd_tracefile_begin(FILE *f)
{
	uint32_t version = 1, flags = 0;

	if (fwrite(SD_TRACEFILE_MAGIC, 8, 1, f) != 1 ||
	    fwrite(&version, sizeof(version), 1, f) != 1 ||
	    fwrite(&flags, sizeof(flags), 1, f) != 1)
		return -EIO;
	return 0;
}

int sd_tracefile_put(FILE *f, const void *rec, size_t size)
{
	uint32_t n = (uint32_t)size;

	if (fwrite(&n, sizeof(n), 1, f) != 1 || fwrite(rec, 1, size, f) != size)
		return -EIO;
	return 0;
}

long sd_tracefile_read(FILE *f, int (*fn)(void *ctx, void *rec, size_t size),
		       void *ctx)
{
	char magic[8];
	uint32_t hdr[2], n;
	uint64_t *buf = NULL;
	size_t cap = 0;
	long count = 0;

	if (fread(magic, 8, 1, f) != 1 || memcmp(magic, SD_TRACEFILE_MAGIC, 8) ||
	    fread(hdr, sizeof(hdr), 1, f) != 1 || hdr[0] != 1)
		return -EINVAL;
	while (fread(&n, sizeof(n), 1, f) == 1) {
		if (n > MAX_RECORD) {
			free(buf);
			return -EINVAL;
		}
		if (n > cap) {
			uint64_t *nb = realloc(buf, ((size_t)n + 7) & ~(size_t)7);

			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap = ((size_t)n + 7) & ~(size_t)7;
		}
		if (fread(buf, 1, n, f) != n) {
			free(buf);
			return -EINVAL;
		}
		fn(ctx, buf, n);
		count++;
	}
	free(buf);
	return ferror(f) ? -EIO : count;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "sd_records.h"
#include "tracefile.h"

#define VERSION 2

int sd_tracefile_begin(FILE *f)
{
	uint32_t version = VERSION, flags = 0;

	if (fwrite(SD_TRACEFILE_MAGIC, 8, 1, f) != 1 ||
	    fwrite(&version, sizeof(version), 1, f) != 1 ||
	    fwrite(&flags, sizeof(flags), 1, f) != 1)
		return -EIO;
	return 0;
}

int sd_tracefile_put(FILE *f, const void *rec, size_t size)
{
	const struct sd_hdr *h = rec;

	/* records carry their size: none is written around them */
	if (size < sizeof(*h) || h->size != size)
		return -EINVAL;
	if (fwrite(rec, 1, size, f) != size)
		return -EIO;
	return 0;
}

long sd_tracefile_read(FILE *f, int (*fn)(void *ctx, void *rec, size_t size),
		       void *ctx)
{
	char magic[8];
	uint32_t hdr[2];
	uint64_t buf[(SD_REC_MAX + 7) / 8];
	struct sd_hdr h;
	long count = 0;

	if (fread(magic, 8, 1, f) != 1 || memcmp(magic, SD_TRACEFILE_MAGIC, 8) ||
	    fread(hdr, sizeof(hdr), 1, f) != 1 || hdr[0] != VERSION)
		return -EINVAL;
	while (fread_unlocked(&h, sizeof(h), 1, f) == 1) {	/* one reader */
		size_t rest = (size_t)h.size - sizeof(h);

		if (h.size < sizeof(h) || h.size > SD_REC_MAX)
			return -EINVAL;
		memcpy(buf, &h, sizeof(h));
		if (rest && fread_unlocked((char *)buf + sizeof(h), 1, rest, f) != rest)
			return -EINVAL;
		fn(ctx, buf, h.size);
		count++;
	}
	return ferror(f) ? -EIO : count;
}

/* SPDX-License-Identifier: MIT */
/*
 * tracefile.h - binary trace files (sdtrace -w / -r): a 16-byte header,
 * then the records back to back, exactly as the kernel wrote them (each
 * says its own size).
 */
#ifndef SD_TRACEFILE_H
#define SD_TRACEFILE_H

#include <stddef.h>
#include <stdio.h>

#define SD_TRACEFILE_MAGIC "SDTRACE1"

/* Write the file header. Returns 0 or -EIO. */
int sd_tracefile_begin(FILE *f);

/* Append one record. Returns 0, -EINVAL if its size field is not @size, or -EIO. */
int sd_tracefile_put(FILE *f, const void *rec, size_t size);

/*
 * Read every record of @f, calling @fn with an 8-byte aligned copy.
 * Returns the number of records, or -EINVAL for a file that is not a
 * trace or is cut short (records before the damage are still passed on).
 */
long sd_tracefile_read(FILE *f, int (*fn)(void *ctx, void *rec, size_t size),
		       void *ctx);

#endif

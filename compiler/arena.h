/* SPDX-License-Identifier: MIT */
/* arena.h - bump allocator owning every AST and plan object of one run. */
#ifndef SD_ARENA_H
#define SD_ARENA_H

#include <stddef.h>

struct sd_arena {
	struct sd_arena_chunk *head;
};

/* Initialise an empty arena. */
void sd_arena_init(struct sd_arena *a);

/* Free every object allocated from @a. */
void sd_arena_free(struct sd_arena *a);

/* Zeroed memory of @size bytes; aborts on out-of-memory (a compiler cannot go on). */
void *sd_alloc(struct sd_arena *a, size_t size);

/* Copy of the first @n bytes of @s, NUL-terminated. */
char *sd_strndup(struct sd_arena *a, const char *s, size_t n);

/* Copy of the C string @s. */
char *sd_strdup(struct sd_arena *a, const char *s);

/* printf into arena memory. */
char *sd_asprintf(struct sd_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN (64 * 1024)

/*
 * Under AddressSanitizer every allocation is followed by a poisoned red zone
 * and a chunk's free space is poisoned: overflows inside a chunk are caught
 * as they would be with malloc.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SD_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SD_ASAN 1
#endif
#ifdef SD_ASAN
#include <sanitizer/asan_interface.h>
#define REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define REDZONE 0
#endif

struct sd_arena_chunk {
	struct sd_arena_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char mem[];
};

void sd_arena_init(struct sd_arena *a)
{
	a->head = NULL;
}

void sd_arena_free(struct sd_arena *a)
{
	struct sd_arena_chunk *c = a->head, *n;

	for (; c; c = n) {
		n = c->next;
		ASAN_UNPOISON_MEMORY_REGION(c->mem, c->size);
		free(c);
	}
	a->head = NULL;
}

void *sd_alloc(struct sd_arena *a, size_t size)
{
	struct sd_arena_chunk *c = a->head;
	void *p;

	size_t need = ((size + 15) & ~(size_t)15) + REDZONE;

	if (!c || c->size - c->used < need) {
		size_t n = need > CHUNK_MIN ? need : CHUNK_MIN;

		c = malloc(sizeof(*c) + n);
		if (!c) {
			fputs("sysdefc: out of memory\n", stderr);
			abort();
		}
		c->used = 0;
		c->size = n;
		c->next = a->head;
		a->head = c;
		ASAN_POISON_MEMORY_REGION(c->mem, n);
	}
	p = c->mem + c->used;
	c->used += need;
	ASAN_UNPOISON_MEMORY_REGION(p, size);
	memset(p, 0, size);
	return p;
}

char *sd_strndup(struct sd_arena *a, const char *s, size_t n)
{
	char *p = sd_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sd_strdup(struct sd_arena *a, const char *s)
{
	return sd_strndup(a, s, strlen(s));
}

char *sd_asprintf(struct sd_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = sd_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

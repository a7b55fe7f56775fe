/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN (64 * 1024)

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
		free(c);
	}
	a->head = NULL;
}

void *sd_alloc(struct sd_arena *a, size_t size)
{
	struct sd_arena_chunk *c = a->head;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (!c || c->size - c->used < size) {
		size_t n = size > CHUNK_MIN ? size : CHUNK_MIN;

		c = malloc(sizeof(*c) + n);
		if (!c) {
			fputs("sysdefc: out of memory\n", stderr);
			abort();
		}
		c->used = 0;
		c->size = n;
		c->next = a->head;
		a->head = c;
	}
	p = c->mem + c->used;
	c->used += size;
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

/* SPDX-License-Identifier: MIT */
/* sd_buf.c - growable, always NUL-terminated output string buffer. */
#include "sd_buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SD_BUF_MIN_CAP 64

void sd_buf_init(struct sd_buf *b)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

void sd_buf_free(struct sd_buf *b)
{
	free(b->p);
	sd_buf_init(b);
}

void sd_buf_reset(struct sd_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

int sd_buf_reserve(struct sd_buf *b, size_t extra)
{
	size_t need, cap;
	char *np;

	/* len + extra + 1 must not overflow */
	if (extra > SIZE_MAX - 1 - b->len)
		return -ENOMEM;
	need = b->len + extra + 1;
	if (b->p && need <= b->cap)
		return 0;

	cap = b->cap ? b->cap : SD_BUF_MIN_CAP;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	np = realloc(b->p, cap);
	if (!np)
		return -ENOMEM;
	if (!b->p)
		np[0] = '\0';
	b->p = np;
	b->cap = cap;
	return 0;
}

int sd_buf_write(struct sd_buf *b, const void *p, size_t n)
{
	int err = sd_buf_reserve(b, n);

	if (err)
		return err;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int sd_buf_putc(struct sd_buf *b, char c)
{
	return sd_buf_write(b, &c, 1);
}

int sd_buf_puts(struct sd_buf *b, const char *s)
{
	return sd_buf_write(b, s, strlen(s));
}

int sd_buf_vprintf(struct sd_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n, err;

	/* make sure there is some room, so that p is valid for vsnprintf */
	err = sd_buf_reserve(b, 0);
	if (err)
		return err;

	room = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(b->p + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->p[b->len] = '\0';
		return -ENOMEM;
	}
	if ((size_t)n >= room) {
		err = sd_buf_reserve(b, (size_t)n);
		if (err) {
			b->p[b->len] = '\0';
			return err;
		}
		n = vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		if (n < 0) {
			b->p[b->len] = '\0';
			return -ENOMEM;
		}
	}
	b->len += (size_t)n;
	return 0;
}

int sd_buf_printf(struct sd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sd_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

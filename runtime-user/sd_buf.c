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

int sd_buf_write_slow(struct sd_buf *b, const void *p, size_t n)
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

/* @v's digits at the end of @end's buffer; returns where they begin. */
static char *utoa(char *end, unsigned long long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

int sd_buf_putu(struct sd_buf *b, unsigned long long v)
{
	char tmp[24], *s = utoa(tmp + sizeof(tmp), v);

	return sd_buf_write(b, s, (size_t)(tmp + sizeof(tmp) - s));
}

int sd_buf_putd(struct sd_buf *b, long long v)
{
	char tmp[24], *s = utoa(tmp + sizeof(tmp), v < 0 ? 0 - (unsigned long long)v :
					   (unsigned long long)v);

	if (v < 0)
		*--s = '-';
	return sd_buf_write(b, s, (size_t)(tmp + sizeof(tmp) - s));
}

/*
 * The formats most printers use, without vsnprintf: literal text, %s, %c,
 * %d %u %x %lld %llu %ld %lu %llx %lx %#llx %#lx %#x and %%.  Anything
 * else (widths, precision, flags other than #) returns -EAGAIN before
 * reading an argument of it, and leaves the buffer as it was.
 */
static int fast_printf(struct sd_buf *b, const char *fmt, va_list ap)
{
	size_t start = b->len;
	const char *f = fmt;

	while (*f) {
		const char *pct = f;
		int alt = 0, lng = 0;
		unsigned long long u;
		char tmp[24], *s;

		while (*pct && *pct != '%')
			pct++;
		if (pct > f && sd_buf_write(b, f, (size_t)(pct - f)))
			goto fail;
		if (!*pct)
			break;
		f = pct + 1;
		if (*f == '#') {
			alt = 1;
			f++;
		}
		while (*f == 'l' && lng < 2) {
			lng++;
			f++;
		}
		if (*f == 'z') {
			lng = 1;
			f++;
		}
		switch (*f) {
		case '%':
			if (alt || lng || sd_buf_putc(b, '%'))
				goto fail;
			break;
		case 's':
			if (alt || lng)
				goto fail;
			s = va_arg(ap, char *);
			if (sd_buf_puts(b, s ? s : "(null)"))
				goto fail;
			break;
		case 'c':
			if (alt || lng || sd_buf_putc(b, (char)va_arg(ap, int)))
				goto fail;
			break;
		case 'd':
		case 'i':
			if (alt)
				goto fail;
			if (sd_buf_putd(b, lng == 2 ? va_arg(ap, long long) :
					lng ? va_arg(ap, long) : va_arg(ap, int)))
				goto fail;
			break;
		case 'u':
		case 'x':
			u = lng == 2 ? va_arg(ap, unsigned long long) :
			    lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (*f == 'u') {
				if (alt || sd_buf_putu(b, u))
					goto fail;
				break;
			}
			s = tmp + sizeof(tmp);
			do {
				*--s = "0123456789abcdef"[u & 15];
				u >>= 4;
			} while (u);
			if (alt && !(s[0] == '0' && s + 1 == tmp + sizeof(tmp))) {
				*--s = 'x';
				*--s = '0';
			}
			if (sd_buf_write(b, s, (size_t)(tmp + sizeof(tmp) - s)))
				goto fail;
			break;
		default:
			goto fail;
		}
		f++;
	}
	return 0;
fail:
	b->len = start;
	if (b->p)
		b->p[start] = '\0';
	return -EAGAIN;
}

int sd_buf_vprintf(struct sd_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n, err;

	va_copy(ap2, ap);
	err = fast_printf(b, fmt, ap2);
	va_end(ap2);
	if (err != -EAGAIN)
		return err;
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

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

/*
 * Numbers are written in place, right to left, once their width is known:
 * digits stored a byte at a time into a scratch array and then copied by
 * sd_buf_write()'s 8-byte loads stall on store forwarding.
 */
static unsigned int dec_width(unsigned long long v)
{
	unsigned int n = 1;

	for (unsigned long long p = 10; n < 20 && v >= p; p *= 10)
		n++;
	return n;
}

/* Room for @n bytes more (and the NUL): where they go, or NULL. */
static char *room(struct sd_buf *b, size_t n)
{
	if (__builtin_expect(b->p && b->len + n < b->cap, 1) || !sd_buf_reserve(b, n))
		return b->p + b->len;
	return NULL;
}

static int put_dec(struct sd_buf *b, unsigned long long v, int neg)
{
	size_t n = dec_width(v) + (neg != 0);
	char *d = room(b, n), *e;

	if (!d)
		return -ENOMEM;
	e = d + n;
	*e = '\0';
	do {
		*--e = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		*d = '-';
	b->len += n;
	return 0;
}

int sd_buf_putu(struct sd_buf *b, unsigned long long v)
{
	return put_dec(b, v, 0);
}

int sd_buf_putd(struct sd_buf *b, long long v)
{
	return put_dec(b, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, v < 0);
}

int sd_buf_putx(struct sd_buf *b, unsigned long long v)
{
	size_t nd = v ? (size_t)(67 - __builtin_clzll(v)) / 4 : 1, n = v ? nd + 2 : 1;
	char *d = room(b, n), *e;

	if (!d)
		return -ENOMEM;
	e = d + n;
	*e = '\0';
	do {
		*--e = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	if (n > 1) {
		d[0] = '0';
		d[1] = 'x';
	}
	b->len += n;
	return 0;
}

/* @n bytes of @c. */
static int pad(struct sd_buf *b, char c, size_t n)
{
	static const char spaces[] = "                                ";
	static const char zeros[] = "00000000000000000000000000000000";
	const char *run = c == ' ' ? spaces : zeros;

	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		if (sd_buf_write(b, run, sizeof(spaces) - 1))
			return -ENOMEM;
	return sd_buf_write(b, run, n);
}

/*
 * The formats printers use most, without vsnprintf: literal text and
 * %[#][-0][WIDTH][l|ll|z](d|i|u|x|o|s|c), %%.  Anything else (precision,
 * '*', other flags or conversions) returns -EAGAIN and leaves the buffer
 * as it was: the caller starts over with vsnprintf.
 */
static int fast_printf(struct sd_buf *b, const char *fmt, va_list ap)
{
	size_t start = b->len;
	const char *f = fmt;

	while (*f) {
		const char *pct = f, *s;
		char *d;
		int alt = 0, left = 0, zero = 0, lng = 0;
		size_t width = 0, len;
		unsigned long long u;
		char tmp[32], one;

		while (*pct && *pct != '%')
			pct++;
		if (pct > f && sd_buf_write(b, f, (size_t)(pct - f)))
			goto fail;
		if (!*pct)
			break;
		f = pct + 1;
		for (;; f++) {
			if (*f == '#')
				alt = 1;
			else if (*f == '-')
				left = 1;
			else if (*f == '0')
				zero = 1;
			else
				break;
		}
		while (*f >= '0' && *f <= '9' && width < 1000)
			width = width * 10 + (size_t)(*f++ - '0');
		while (*f == 'l' && lng < 2) {
			lng++;
			f++;
		}
		if (*f == 'z' && !lng) {
			lng = 1;
			f++;
		}
		d = tmp + sizeof(tmp);
		switch (*f) {
		case '%':
			if (alt || lng || width)
				goto fail;
			s = "%";
			len = 1;
			break;
		case 's':
			if (alt || lng || zero)
				goto fail;
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			len = __builtin_strlen(s);
			break;
		case 'c':
			if (alt || lng || zero)
				goto fail;
			one = (char)va_arg(ap, int);
			s = &one;
			len = 1;
			break;
		case 'd':
		case 'i': {
			long long v = lng == 2 ? va_arg(ap, long long) :
				      lng ? va_arg(ap, long) : va_arg(ap, int);

			if (alt)
				goto fail;
			d = utoa(d, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
			if (v < 0) {
				if (zero && !left && width) {	/* "-0042" */
					if (sd_buf_putc(b, '-'))
						goto fail;
					width = width ? width - 1 : 0;
				} else {
					*--d = '-';
				}
			}
			s = d;
			len = (size_t)(tmp + sizeof(tmp) - s);
			break;
		}
		case 'u':
		case 'x':
		case 'o':
			u = lng == 2 ? va_arg(ap, unsigned long long) :
			    lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (*f == 'u') {
				if (alt)
					goto fail;
				d = utoa(d, u);
			} else if (*f == 'o') {
				do {
					*--d = (char)('0' + (u & 7));
					u >>= 3;
				} while (u);
				if (alt && *d != '0')
					*--d = '0';
			} else {
				do {
					*--d = "0123456789abcdef"[u & 15];
					u >>= 4;
				} while (u);
				if (alt && !(*d == '0' && d + 1 == tmp + sizeof(tmp))) {
					if (zero && width)
						goto fail;	/* "0x" before the zeros */
					*--d = 'x';
					*--d = '0';
				}
			}
			s = d;
			len = (size_t)(tmp + sizeof(tmp) - s);
			break;
		default:
			goto fail;
		}
		if (width > len && !left && pad(b, zero ? '0' : ' ', width - len))
			goto fail;
		if (sd_buf_write(b, s, len))
			goto fail;
		if (width > len && left && pad(b, ' ', width - len))
			goto fail;
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

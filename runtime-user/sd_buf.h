/* SPDX-License-Identifier: MIT */
/* sd_buf.h - growable, always NUL-terminated output string buffer. */
#ifndef SD_BUF_H
#define SD_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * @p is NULL until the first successful operation; afterwards p[len] == '\0'
 * always holds and @cap is the allocated size (len + 1 <= cap).
 */
struct sd_buf {
	char *p;
	size_t len, cap;
};

/* Initialise an empty buffer (no allocation). */
void sd_buf_init(struct sd_buf *b);

/* Release the memory of @b and leave it empty, as after sd_buf_init(). */
void sd_buf_free(struct sd_buf *b);

/* Drop the contents (len = 0) but keep the allocation for reuse. */
void sd_buf_reset(struct sd_buf *b);

/*
 * Make room for @extra more bytes plus the terminating NUL without changing
 * the contents; allocates even when @extra is 0 so that p becomes non-NULL.
 * Returns 0 or -ENOMEM (the buffer is unchanged on failure).
 */
int sd_buf_reserve(struct sd_buf *b, size_t extra);

/* Append @n raw bytes from @p (may contain NULs). Returns 0 or -ENOMEM. */
int sd_buf_write_slow(struct sd_buf *b, const void *p, size_t n);

/* The formatters' hot path: room is there, no call is made. */
static inline int sd_buf_write(struct sd_buf *b, const void *p, size_t n)
{
	if (__builtin_expect(b->p && b->len + n < b->cap, 1)) {
		char *d = b->p + b->len;
		const char *s = p;

		/* short runs (most are) without a call to memcpy */
		if (n >= 8 && n <= 16) {
			unsigned long long x, y;

			__builtin_memcpy(&x, s, 8);
			__builtin_memcpy(&y, s + n - 8, 8);
			__builtin_memcpy(d, &x, 8);
			__builtin_memcpy(d + n - 8, &y, 8);
		} else if (n >= 4 && n < 8) {
			unsigned int x, y;

			__builtin_memcpy(&x, s, 4);
			__builtin_memcpy(&y, s + n - 4, 4);
			__builtin_memcpy(d, &x, 4);
			__builtin_memcpy(d + n - 4, &y, 4);
		} else if (n && n < 4) {
			d[0] = s[0];
			d[n / 2] = s[n / 2];
			d[n - 1] = s[n - 1];
		} else {
			__builtin_memcpy(d, s, n);
		}
		b->len += n;
		b->p[b->len] = '\0';
		return 0;
	}
	return sd_buf_write_slow(b, p, n);
}

/* Append one byte. Returns 0 or -ENOMEM. */
static inline int sd_buf_putc(struct sd_buf *b, char c)
{
	if (__builtin_expect(b->p && b->len + 1 < b->cap, 1)) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return 0;
	}
	return sd_buf_write_slow(b, &c, 1);
}

/* Append the C string @s. Returns 0 or -ENOMEM. */
static inline int sd_buf_puts(struct sd_buf *b, const char *s)
{
	return sd_buf_write(b, s, __builtin_strlen(s));
}

/* Append @v in decimal. Returns 0 or -ENOMEM. */
int sd_buf_putu(struct sd_buf *b, unsigned long long v);
int sd_buf_putd(struct sd_buf *b, long long v);
/* Append @v as "%#llx" does (0, 0x2a). Returns 0 or -ENOMEM. */
int sd_buf_putx(struct sd_buf *b, unsigned long long v);

/*
 * Append printf-formatted text. Returns 0 or -ENOMEM (also -ENOMEM if the
 * format itself fails); on failure the previous contents are kept intact.
 */
int sd_buf_printf(struct sd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* va_list variant of sd_buf_printf(); @ap is consumed as by vprintf(). */
int sd_buf_vprintf(struct sd_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif

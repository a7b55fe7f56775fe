/* SPDX-License-Identifier: MIT */
/* strfmt.c - strace 6.1 compatible value printers. */
#include "strfmt.h"
#include "errno_signal_names.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>


/*
 * Errno names come from the kernel's headers (errno_signal_names.h); their
 * texts are glibc's strerror() in the C locale (sdtrace sets no locale),
 * as strace prints them, but for the codes a signal interrupts, whose texts
 * are strace's own.
 */
static const char *restart_text(long err)
{
	switch (err) {
	case 512: return "To be restarted if SA_RESTART is set";	/* ERESTARTSYS */
	case 513: return "To be restarted";			/* ERESTARTNOINTR */
	case 514: return "To be restarted if no handler";		/* ERESTARTNOHAND */
	case 516: return "Interrupted by signal";		/* ERESTART_RESTARTBLOCK */
	default: return NULL;
	}
}

#define SD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- strings */

static bool sd_is_print(unsigned char c)
{
	return c >= ' ' && c < 0x7f;
}

static bool sd_is_odigit(unsigned char c)
{
	return c >= '0' && c <= '7';
}

/*
 * Quote data[0..size) into out (room for 4 * size bytes), stopping at the
 * first NUL if @stop_at_nul. Returns the end of the output and sets *nul_seen.
 */
#ifdef __SSE2__
#include <emmintrin.h>

/* How many bytes from @s (of @n) print as they are: 16 at a time. */
static size_t plain_run(const unsigned char *s, size_t n, const bool *plain)
{
	const __m128i lo = _mm_set1_epi8(0x1f), hi = _mm_set1_epi8(0x7f);
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	size_t i = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		/* ' ' to '~' (signed: bytes from 0x80 are below 0x1f) */
		__m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi));
		__m128i esc = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash));
		unsigned int m = (unsigned int)_mm_movemask_epi8(_mm_andnot_si128(esc, ok));

		if (m != 0xffff)
			return i + (size_t)__builtin_ctz(~m);
	}
	while (i < n && plain[s[i]])
		i++;
	return i;
}
#else
static size_t plain_run(const unsigned char *s, size_t n, const bool *plain)
{
	size_t i = 0;

	while (i < n && plain[s[i]])
		i++;
	return i;
}
#endif

static char *sd_quote_bytes(char *out, const unsigned char *data, size_t size,
			    bool stop_at_nul, bool *nul_seen)
{
	/* bytes printed as they are */
	static const bool plain[256] = { [' ' ... '!'] = true, ['#' ... '['] = true,
					 [']' ... '~'] = true };
	static const char odig[] = "01234567";
	size_t i;

	*nul_seen = false;
	for (i = 0; i < size; i++) {
		unsigned char c = data[i];

		if (plain[c]) {	/* a run of them at once */
			size_t j = i + 1 + plain_run(data + i + 1, size - i - 1, plain);

			memcpy(out, data + i, j - i);
			out += j - i;
			i = j - 1;
			continue;
		}
		if (c == '\0' && stop_at_nul) {
			*nul_seen = true;
			break;
		}
		switch (c) {
		case '"':
		case '\\':
			*out++ = '\\';
			*out++ = (char)c;
			break;
		case '\t':
			*out++ = '\\';
			*out++ = 't';
			break;
		case '\n':
			*out++ = '\\';
			*out++ = 'n';
			break;
		case '\v':
			*out++ = '\\';
			*out++ = 'v';
			break;
		case '\f':
			*out++ = '\\';
			*out++ = 'f';
			break;
		case '\r':
			*out++ = '\\';
			*out++ = 'r';
			break;
		default:
			if (sd_is_print(c)) {
				*out++ = (char)c;
				break;
			}
			*out++ = '\\';
			/*
			 * Full three digits only when the next printed byte is
			 * an octal digit; otherwise drop leading zeros.
			 */
			if (i + 1 < size && sd_is_odigit(data[i + 1])) {
				*out++ = odig[c >> 6];
				*out++ = odig[(c >> 3) & 7];
			} else if (c >> 3) {
				if (c >> 6)
					*out++ = odig[c >> 6];
				*out++ = odig[(c >> 3) & 7];
			}
			*out++ = odig[c & 7];
			break;
		}
	}
	return out;
}

void sd_fmt_quoted(struct sd_buf *b, const unsigned char *data, size_t len,
		   size_t limit, unsigned flags)
{
	bool nul_term = flags & SD_FMT_NUL_TERMINATED;
	size_t size = len < limit ? len : limit;
	bool nul_seen, ellipsis;
	char *end;

	if (!data)
		size = len = 0;
	/* 4 bytes per input byte, 2 quotes, "..." */
	if (size > (SIZE_MAX - 5) / 4 || sd_buf_reserve(b, 4 * size + 5))
		return;

	end = b->p + b->len;
	*end++ = '"';
	end = sd_quote_bytes(end, data, size, nul_term, &nul_seen);
	*end++ = '"';

	if (nul_term) {
		if (nul_seen)
			ellipsis = false;
		else if (len > limit)
			ellipsis = data[limit] != '\0';
		else
			ellipsis = flags & SD_FMT_TRUNCATED;
	} else {
		ellipsis = len > limit || (flags & SD_FMT_TRUNCATED);
	}
	if (ellipsis) {
		*end++ = '.';
		*end++ = '.';
		*end++ = '.';
	}
	*end = '\0';
	b->len = (size_t)(end - b->p);
}

/* ----------------------------------------------------------------- errors */

const char *sd_errno_name(long err)
{
	if (err <= 0 || err >= SD_ERRNO_NAMES)
		return NULL;
	return sd_errno_names[err];
}

void sd_fmt_errno(struct sd_buf *b, long ret)
{
	const char *name;
	long err;

	if (ret < -4095 || ret > -1) {
		sd_buf_putd(b, ret);
		return;
	}
	err = -ret;
	name = sd_errno_name(err);
	if (!name) {
		sd_buf_printf(b, "-1 (errno %ld)", err);
		return;
	}
	if (restart_text(err)) {
		sd_buf_printf(b, "? %s (%s)", name, restart_text(err));
		return;
	}
	if (err < 512) {
		/* strerror's texts, once each (glibc's takes a lock per call) */
		static const char *text[512];

		if (!text[err])
			text[err] = strdup(strerror((int)err));
		sd_buf_write(b, "-1 ", 3);
		sd_buf_puts(b, name);
		sd_buf_write(b, " (", 2);
		sd_buf_puts(b, text[err] ? text[err] : "?");
		sd_buf_putc(b, ')');
	}
	else
		sd_buf_printf(b, "-1 %s (Unknown error %ld)", name, err);
}

/* ---------------------------------------------------------------- signals */


const char *sd_signame(int sig)
{
	if (sig <= 0 || sig >= SD_SIGNAL_NAMES)
		return NULL;
	return sd_signal_names[sig];
}

void sd_fmt_signal(struct sd_buf *b, long sig)
{
	int s = (int)sig;

	sd_fmt_xval(b, s, sd_signame(s), NULL, SD_XVAL_SIGNED);
}

/* ------------------------------------------------------- numbers & modes */

void sd_fmt_ptr(struct sd_buf *b, unsigned long v)
{
	if (!v)
		sd_buf_puts(b, "NULL");
	else
		sd_buf_putx(b, v);
}

/* @v as "%#03o" prints it, without printf, in place (as sd_buf_putu) */
static void put_oct03(struct sd_buf *b, unsigned int v)
{
	size_t nd = v ? (size_t)(34 - __builtin_clz(v)) / 3 : 0, n = nd + 1;
	char *d, *e;

	if (n < 3)
		n = 3;
	if (sd_buf_reserve(b, n))
		return;
	d = b->p + b->len;
	e = d + n;
	*e = '\0';
	for (; v; v >>= 3)
		*--e = (char)('0' + (v & 7));
	while (e > d)
		*--e = '0';
	b->len += n;
}

void sd_fmt_umode(struct sd_buf *b, unsigned long mode)
{
	put_oct03(b, (unsigned int)(unsigned short)mode);
}

/* Values from <sys/stat.h>, spelled out so the module needs no headers. */
#define SD_S_IFMT	0170000u
#define SD_S_ISUID	04000u
#define SD_S_ISGID	02000u
#define SD_S_ISVTX	01000u

static const struct sd_xlat sd_modetypes[] = {
	{ 0100000, "S_IFREG" },
	{ 0140000, "S_IFSOCK" },
	{ 0010000, "S_IFIFO" },
	{ 0120000, "S_IFLNK" },
	{ 0040000, "S_IFDIR" },
	{ 0060000, "S_IFBLK" },
	{ 0020000, "S_IFCHR" },
};

static const char *sd_xlookup(const struct sd_xlat *tab, size_t n,
			      unsigned long long v)
{
	size_t i;

	if (!tab)
		return NULL;
	for (i = 0; i < n; i++)
		if (tab[i].val == v && tab[i].name)
			return tab[i].name;
	return NULL;
}

void sd_fmt_filemode(struct sd_buf *b, unsigned long mode)
{
	unsigned int m = (unsigned int)mode;
	const char *type = "";

	if (sd_xlat_verbosity != SD_XLAT_ABBREV) {	/* -X: 0100644 C(S_IFREG|0644) */
		struct sd_buf sym;

		sd_buf_printf(b, "%#03o", m);
		if (sd_xlat_verbosity == SD_XLAT_RAW ||
		    ((m & SD_S_IFMT) && !sd_xlookup(sd_modetypes, SD_ARRAY_SIZE(sd_modetypes),
						    m & SD_S_IFMT)))
			return;
		sd_buf_init(&sym);
		sd_xlat_verbosity = SD_XLAT_ABBREV;
		sd_fmt_filemode(&sym, mode);
		sd_xlat_verbosity = SD_XLAT_VERBOSE;
		sd_put_comment(b, sym.p);
		sd_buf_free(&sym);
		return;
	}
	if (m & SD_S_IFMT) {
		type = sd_xlookup(sd_modetypes, SD_ARRAY_SIZE(sd_modetypes),
				  m & SD_S_IFMT);
		if (!type) {
			put_oct03(b, m);
			return;
		}
	}
	if (*type) {
		sd_buf_puts(b, type);
		sd_buf_putc(b, '|');
	}
	if (m & SD_S_ISUID)
		sd_buf_puts(b, "S_ISUID|");
	if (m & SD_S_ISGID)
		sd_buf_puts(b, "S_ISGID|");
	if (m & SD_S_ISVTX)
		sd_buf_puts(b, "S_ISVTX|");
	put_oct03(b, m & ~(SD_S_IFMT | SD_S_ISUID | SD_S_ISGID | SD_S_ISVTX));
}

/* ------------------------------------------------------- flags and enums */

void sd_fmt_time(struct sd_buf *b, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[64];

	if (!localtime_r(&tt, &tm) || !strftime(s, sizeof(s), "%FT%T%z", &tm))
		return;
	sd_buf_puts(b, s);
}

int sd_fmt_time_frac(struct sd_buf *b, long long t, unsigned long long part, int width)
{
	unsigned long long max = width == 9 ? 999999999ULL : 999999ULL;
	time_t tt = (time_t)t;
	char s[64], z[16];
	struct tm tm;

	if ((!t && !part) || part > max || !localtime_r(&tt, &tm) ||
	    !strftime(s, sizeof(s), "%FT%T", &tm) || !strftime(z, sizeof(z), "%z", &tm))
		return -EINVAL;
	if (part)
		sd_buf_printf(b, "%s.%0*llu%s", s, width, part, z);
	else
		sd_buf_printf(b, "%s%s", s, z);
	return 0;
}

void sd_put_comment(struct sd_buf *b, const char *text)
{
	if (text && *text)
		sd_buf_printf(b, " /* %s */", text);
}

enum sd_xlat_verbosity sd_xlat_verbosity;

void sd_xlat_restyle(struct sd_buf *b, size_t start, const char *num)
{
	char *abbrev;
	size_t n;

	if (sd_xlat_verbosity == SD_XLAT_ABBREV || start > b->len)
		return;
	n = strlen(num);
	if (sd_xlat_verbosity == SD_XLAT_VERBOSE && b->len - start >= n &&
	    !memcmp(b->p + start, num, n) &&
	    (b->len - start == n || !strncmp(b->p + start + n, " /* ", 4)))
		return;	/* no name: the number (and its comment) already */
	abbrev = strndup(b->p + start, b->len - start);
	if (!abbrev)
		return;
	b->len = start;
	b->p[start] = 0;
	sd_buf_puts(b, num);
	if (sd_xlat_verbosity == SD_XLAT_VERBOSE)
		sd_put_comment(b, abbrev);
	free(abbrev);
}

/* sd_xlat_restyle() with the number printed from @fmt and @v */
static void restyle_num(struct sd_buf *b, size_t start, const char *fmt, long long v)
{
	char num[32];

	if (sd_xlat_verbosity == SD_XLAT_ABBREV)
		return;
	snprintf(num, sizeof(num), fmt, v);
	sd_xlat_restyle(b, start, num);
}

void sd_fmt_flags_ex(struct sd_buf *b, unsigned long long v,
		     const struct sd_xlat *bits, size_t nbits,
		     const struct sd_xlat *field, size_t nfield,
		     unsigned long long field_mask, const char *dflt)
{
	size_t start = b->len;

	sd_fmt_flags_abbrev(b, v, bits, nbits, field, nfield, field_mask, dflt);
	restyle_num(b, start, "%#llx", (long long)v);
}

void sd_fmt_flags_abbrev(struct sd_buf *b, unsigned long long v,
			 const struct sd_xlat *bits, size_t nbits,
			 const struct sd_xlat *field, size_t nfield,
			 unsigned long long field_mask, const char *dflt)
{
	const char *name;
	size_t i, n = 0;

	if (field) {
		name = sd_xlookup(field, nfield, v & field_mask);
		if (name) {
			sd_buf_puts(b, name);
			v &= ~field_mask;
			if (!v)
				return;
			sd_buf_putc(b, '|');
		}
	}

	if (!v) {
		for (i = 0; bits && i < nbits; i++) {
			if (bits[i].val == 0 && bits[i].name) {
				sd_buf_puts(b, bits[i].name);
				return;
			}
		}
		sd_buf_putc(b, '0');
		return;
	}

	for (i = 0; bits && v && i < nbits; i++) {
		unsigned long long bv = bits[i].val;

		if (!bv || !bits[i].name || (v & bv) != bv)
			continue;
		if (n++)
			sd_buf_putc(b, '|');
		sd_buf_puts(b, bits[i].name);
		v &= ~bv;
	}

	if (!v)
		return;
	if (n) {
		sd_buf_putc(b, '|');
		sd_buf_putx(b, v);
	} else {
		sd_buf_putx(b, v);
		sd_put_comment(b, dflt);
	}
}

void sd_fmt_flags(struct sd_buf *b, unsigned long long v,
		  const struct sd_xlat *bits, size_t nbits,
		  const struct sd_xlat *field, size_t nfield,
		  unsigned long long field_mask)
{
	sd_fmt_flags_ex(b, v, bits, nbits, field, nfield, field_mask, NULL);
}

static const char *const xval_fmts[] = { "%#llx", "%llu", "%lld" };

void sd_fmt_xval(struct sd_buf *b, long long v, const char *name, const char *unknown,
		 enum sd_xval_fmt fmt)
{
	size_t start = b->len;

	if (name) {
		sd_buf_puts(b, name);
		restyle_num(b, start, xval_fmts[fmt], v);
		return;
	}
	switch (fmt) {
	case SD_XVAL_UNSIGNED:
		sd_buf_putu(b, (unsigned long long)v);
		break;
	case SD_XVAL_SIGNED:
		sd_buf_putd(b, v);
		break;
	case SD_XVAL_HEX:
	default:
		sd_buf_putx(b, (unsigned long long)v);
		break;
	}
	if (sd_xlat_verbosity != SD_XLAT_RAW)
		sd_put_comment(b, unknown);
}

void sd_fmt_enum_ex(struct sd_buf *b, long long v, const struct sd_xlat *tab,
		    size_t n, const char *unknown_fmt, enum sd_xval_fmt fmt)
{
	sd_fmt_xval(b, v, sd_xlookup(tab, n, (unsigned long long)v), unknown_fmt, fmt);
}

void sd_fmt_enum(struct sd_buf *b, long long v, const struct sd_xlat *tab,
		 size_t n, const char *unknown_fmt)
{
	sd_fmt_enum_ex(b, v, tab, n, unknown_fmt, SD_XVAL_HEX);
}

/* -------------------------------------------------------------------- fds */

#define SD_AT_FDCWD (-100)

void sd_fmt_fd(struct sd_buf *b, long fd)
{
	sd_buf_putd(b, (int)fd);
}

void sd_fmt_dirfd(struct sd_buf *b, long fd)
{
	if ((int)fd == SD_AT_FDCWD)
		sd_fmt_xval(b, SD_AT_FDCWD, "AT_FDCWD", NULL, SD_XVAL_SIGNED);
	else
		sd_fmt_fd(b, fd);
}

void sd_fmt_angled(struct sd_buf *b, const char *s)
{
	sd_buf_putc(b, '<');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c < 0x20 || *c >= 0x7f || *c == '<' || *c == '>' || *c == '\\')
			sd_buf_printf(b, "\\%o", *c);
		else
			sd_buf_putc(b, (char)*c);
	}
	sd_buf_putc(b, '>');
}

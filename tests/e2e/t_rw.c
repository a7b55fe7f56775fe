/* SPDX-License-Identifier: MIT */
/*
 * t_rw - case 2: read/write buffers, escaped as strace escapes them and cut
 * at -s N (the harness passes the same N in $E2E_STRSIZE).
 * Traced with -e trace=read,write.
 */
#include "e2e.h"

static unsigned int strsize = 32;

/*
 * strace's quoting of a buffer of @n bytes of which @max are shown:
 * \t \n \v \f \r, \" and \\, printable ASCII as is, anything else as an
 * octal escape, 3 digits wide when the next shown byte is an octal digit.
 */
static const char *quote(const unsigned char *p, size_t n)
{
	static char out[4][4096];
	static int k;
	size_t shown = n > strsize ? strsize : n, o = 0;
	char *s = out[k = (k + 1) % 4];

	s[o++] = '"';
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = p[i];
		int next_digit = i + 1 < shown && p[i + 1] >= '0' && p[i + 1] <= '7';

		switch (c) {
		case '"': o += (size_t)sprintf(s + o, "\\\""); break;
		case '\\': o += (size_t)sprintf(s + o, "\\\\"); break;
		case '\t': o += (size_t)sprintf(s + o, "\\t"); break;
		case '\n': o += (size_t)sprintf(s + o, "\\n"); break;
		case '\v': o += (size_t)sprintf(s + o, "\\v"); break;
		case '\f': o += (size_t)sprintf(s + o, "\\f"); break;
		case '\r': o += (size_t)sprintf(s + o, "\\r"); break;
		default:
			if (c >= ' ' && c < 0x7f)
				s[o++] = (char)c;
			else if (next_digit)
				o += (size_t)sprintf(s + o, "\\%03o", c);
			else
				o += (size_t)sprintf(s + o, "\\%o", c);
		}
	}
	s[o++] = '"';
	if (n > strsize)
		o += (size_t)sprintf(s + o, "...");
	s[o] = 0;
	return s;
}

int main(void)
{
	/* every escape class; "\1" is followed by a digit, "\0" by a letter */
	static const char mixed[] = "a\nb\tc\0d\1" "2\377\"\\\r\v\f~ 7\0";
	static const char mixed_s32[] = "\"a\\nb\\tc\\0d\\0012\\377\\\"\\\\\\r\\v\\f~ 7\\0\"";
	static const char mixed_s8[] = "\"a\\nb\\tc\\0d\\1\"...";
	unsigned char digits[300], all[256], buf[1024];
	const char *env = getenv("E2E_STRSIZE");
	int p[2];
	long n;

	if (env)
		strsize = (unsigned int)atoi(env);
	for (int i = 0; i < 300; i++)
		digits[i] = (unsigned char)('0' + i % 10);
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	if (pipe(p))
		e2e_die("pipe");

	/* the escapes, checked against a hand-written literal for -s 32 and 8 */
	n = write(p[1], mixed, sizeof(mixed) - 1);
	expect(ret_int(n), "write(%d, %s, %zu)", p[1],
	       strsize == 32 ? mixed_s32 : strsize == 8 ? mixed_s8 : quote((const void *)mixed, sizeof(mixed) - 1),
	       sizeof(mixed) - 1);
	/* read shows what was read (the return value), not the count asked */
	n = read(p[0], buf, sizeof(buf));
	expect(ret_int(n), "read(%d, %s, %zu)", p[0], quote(buf, (size_t)n), sizeof(buf));

	/* 100 bytes: cut at -s with "..." after the quote; exactly -s and -s+1 */
	n = write(p[1], digits, 100);
	expect(ret_int(n), "write(%d, %s, 100)", p[1], quote(digits, 100));
	n = read(p[0], buf, 100);
	expect(ret_int(n), "read(%d, %s, 100)", p[0], quote(buf, (size_t)n));
	n = write(p[1], digits, strsize);
	expect(ret_int(n), "write(%d, %s, %u)", p[1], quote(digits, strsize), strsize);
	n = write(p[1], digits, strsize + 1);
	expect(ret_int(n), "write(%d, %s, %u)", p[1], quote(digits, strsize + 1), strsize + 1);
	n = read(p[0], buf, sizeof(buf));
	expect(ret_int(n), "read(%d, %s, %zu)", p[0], quote(buf, (size_t)n), sizeof(buf));

	/* every byte value (the harness also runs this case with -s 256) */
	n = write(p[1], all, 256);
	expect(ret_int(n), "write(%d, %s, 256)", p[1], quote(all, 256));
	n = read(p[0], buf, 256);
	expect(ret_int(n), "read(%d, %s, 256)", p[0], quote(buf, (size_t)n));

	/* empty write, failures (write shows its buffer, read a pointer), EOF */
	n = write(p[1], "", 0);
	expect(ret_int(n), "write(%d, \"\", 0)", p[1]);
	write(-1, "abc", 3);
	expect("-1 EBADF (Bad file descriptor)", "write(-1, \"abc\", 3)");
	read(-1, buf, 10);
	expect("-1 EBADF (Bad file descriptor)", "read(-1, %p, 10)", (void *)buf);
	close(p[1]);
	n = read(p[0], buf, 16);
	expect(ret_int(n), "read(%d, \"\", 16)", p[0]);

	expect_flush();
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * strfmt.h - printers that reproduce strace 6.1 (x86_64, default -X abbrev,
 * no -x, no -y) output byte for byte, appending to a struct sd_buf.
 *
 * None of the printers return an error: on allocation failure the output
 * is cut short, the buffer stays NUL-terminated and valid.
 *
 * Notation: C(x) below stands for the comment strace appends to some
 * values: a space, then slash-star, space, x, space, star-slash (it cannot
 * be written literally inside a C comment).
 */
#ifndef SD_STRFMT_H
#define SD_STRFMT_H

#include <stddef.h>

#include "sd_buf.h"

/* strace's default -s value (string/buffer print limit). */
#define SD_FMT_DEFAULT_LIMIT 32
/* Limit strace uses for path arguments (printpath: PATH_MAX - 1, not -s). */
#define SD_FMT_PATH_LIMIT 4095

/* @flags of sd_fmt_quoted() */
#define SD_FMT_NUL_TERMINATED	0x1u	/* data is a C string */
#define SD_FMT_TRUNCATED	0x2u	/* tracee had more than @len bytes */

/*
 * Print @data as strace prints a string or buffer argument: `"..."`.
 *
 * Escapes: \t \n \v \f \r \" \\ ; every other byte outside 0x20..0x7e
 * (including NUL, 0x7f and bytes >= 0x80, i.e. UTF-8 is not kept) as an
 * octal escape. The short form (\0, \33, \177) is used unless the next
 * byte *that is printed* is one of '0'..'7', in which case it is padded
 * to three digits (\0010); '8' and '9' do not force the long form ("\18"),
 * and a byte cut by @limit does not count as "next".
 *
 * At most @limit bytes are printed.
 *
 * Without SD_FMT_NUL_TERMINATED (write/read buffers; @len is the syscall
 * count, or what was captured of it): NULs are printed as \0, and `...`
 * follows the closing quote when len > limit or when SD_FMT_TRUNCATED is
 * set (more bytes existed than were captured).
 *
 * With SD_FMT_NUL_TERMINATED (C strings, paths: pass SD_FMT_PATH_LIMIT for
 * paths, the -s value for other strings): printing stops at the first NUL.
 * @data may or may not include the terminating NUL; if no NUL occurs among
 * the first min(len, limit) bytes, `...` is printed when
 *   - len > limit and data[limit] != '\0' (string longer than limit), or
 *   - len <= limit and SD_FMT_TRUNCATED is set (capture cut short).
 * A string of exactly @limit characters gets no `...`.
 *
 * @data is only read within [0, len) and may be NULL when @len is 0.
 * (The tracee NULL pointer case, printed by strace as NULL, is the
 * caller's business: use sd_fmt_ptr().)
 */
void sd_fmt_quoted(struct sd_buf *b, const unsigned char *data, size_t len,
		   size_t limit, unsigned flags);

/*
 * Print a raw syscall return value that is an error, without the "= ":
 *   ret in [-4095, -1], known name:  -1 ENOENT (No such file or directory)
 *   -512:  ? ERESTARTSYS (To be restarted if SA_RESTART is set)
 *   -513:  ? ERESTARTNOINTR (To be restarted)
 *   -514:  ? ERESTARTNOHAND (To be restarted if no handler)
 *   -516:  ? ERESTART_RESTARTBLOCK (Interrupted by signal)
 *   other kernel-internal names:     -1 ENOIOCTLCMD (Unknown error 515)
 *   errno without a name:            -1 (errno 4000)
 * Names and messages are built in (glibc 2.36 C-locale texts, identical
 * to what strace 6.1 prints), so the output does not depend on the locale.
 * A @ret outside [-4095, -1] is not an error; it is printed as %ld.
 */
void sd_fmt_errno(struct sd_buf *b, long ret);

/* strace's name of errno @err ("ENOENT", "ERESTARTSYS", ...) or NULL. */
const char *sd_errno_name(long err);

/*
 * strace's name of signal @sig: "SIGHUP".."SIGSYS" for 1..31, "SIGRTMIN"
 * for 32, "SIGRT_1".."SIGRT_32" for 33..64; NULL otherwise (also for 0).
 */
const char *sd_signame(int sig);

/*
 * Print a signal number argument: its name, or the number (%d) when it
 * has none (0, 65, -1). @sig is truncated to int first, as strace does
 * (kill(pid, 0x100000009) prints SIGKILL).
 */
void sd_fmt_signal(struct sd_buf *b, long sig);

/* Print a tracee address: NULL for 0, else 0x%lx. */
void sd_fmt_ptr(struct sd_buf *b, unsigned long v);

/*
 * Print a numeric mode_t argument (open/openat/mkdir/chmod ...) the way
 * strace does: truncated to 16 bits, then %#03o, i.e. 000, 007, 0644,
 * 04755, 0177777; 0x10000|0644 prints 0644.
 */
void sd_fmt_umode(struct sd_buf *b, unsigned long mode);

/*
 * Print a st_mode value symbolically: [type|][S_ISUID|][S_ISGID|][S_ISVTX|]
 * followed by the remaining bits as %#03o, e.g. S_IFREG|0644,
 * S_IFDIR|S_ISVTX|0777, S_IFREG|S_ISUID|0755, 0644 (no type bits).
 * If the S_IFMT bits are not a known file type, the whole value is
 * printed as %#03o (0170644). @mode is truncated to 32 bits.
 */
void sd_fmt_filemode(struct sd_buf *b, unsigned long mode);

/* A time_t as strace dates it: 2026-12-02T20:03:34+0000 (local time). */
void sd_fmt_time(struct sd_buf *b, long long t);
/*
 * A time and its fraction of a second, @width digits, as strace dates
 * utimes' times: 2017-04-16T16:03:27.345678+0000.  Returns -EINVAL (and
 * prints nothing) for what strace does not date: 0.0, a fraction of 10^width
 * or more, a time localtime() cannot convert.
 */
int sd_fmt_time_frac(struct sd_buf *b, long long t, unsigned long long part, int width);

/* " C(text)" after a value; nothing for a NULL or empty @text. */
void sd_put_comment(struct sd_buf *b, const char *text);

/* One named value of an xlat table. */
struct sd_xlat {
	unsigned long long val;
	const char *name;
};

/*
 * Print a flag set as strace does (= sd_fmt_flags_ex() with dflt NULL).
 * Used e.g. for open flags: O_RDONLY, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC,
 * O_RDONLY|0x40000000.
 */
void sd_fmt_flags(struct sd_buf *b, unsigned long long v,
		  const struct sd_xlat *bits, size_t nbits,
		  const struct sd_xlat *field, size_t nfield,
		  unsigned long long field_mask);

/*
 * Print a flag set as strace does:
 *  1. if @field is not NULL and (v & field_mask) is in @field, its name
 *     (even when it is 0, e.g. O_RDONLY); the field bits are then removed
 *     and, if nothing is left, printing stops. If the field value is not
 *     in the table, its bits simply stay in @v and are treated as flags
 *     (strace prints socket type 11 as 0xb, not as a separate field).
 *  2. if @v is 0: the first @bits entry whose value is 0 (e.g. PROT_NONE),
 *     or "0".
 *  3. otherwise every @bits entry with a nonzero value all of whose bits
 *     are set in what is left, in table order (so put composites such as
 *     O_SYNC before O_DSYNC), joined with '|', removing its bits.
 *  4. leftover bits as |0x...; if no entry of @bits matched at all, the
 *     leftover is printed as 0x... followed by C(dflt) when @dflt is not
 *     NULL: mprotect prot 0x10 prints 0x10 C(PROT_???), but PROT_READ|0x10
 *     has no comment. A printed field does not count as a match here:
 *     socket type SOCK_STREAM|0x100 prints SOCK_STREAM|0x100 C(SOCK_???).
 * Pass dflt = NULL where strace has no default string (open flags).
 */
void sd_fmt_flags_ex(struct sd_buf *b, unsigned long long v,
		     const struct sd_xlat *bits, size_t nbits,
		     const struct sd_xlat *field, size_t nfield,
		     unsigned long long field_mask, const char *dflt);

/*
 * Print an enumerated value as strace's printxval() does: the name of the
 * first @tab entry equal to @v, or else @v in hex (%#llx of the 64-bit
 * value, so pass a value already truncated to the argument's C type:
 * lseek whence -1 is 0xffffffff) followed by C(unknown_fmt) when
 * @unknown_fmt is neither NULL nor empty. @unknown_fmt is the comment
 * text (e.g. "SEEK_???"), not a printf format: lseek(fd, 0, 7) gives
 * 0x7 C(SEEK_???).
 */
void sd_fmt_enum(struct sd_buf *b, long long v, const struct sd_xlat *tab,
		 size_t n, const char *unknown_fmt);

/* Number formats of sd_fmt_enum_ex() for unknown values. */
enum sd_xval_fmt {
	SD_XVAL_HEX,		/* %#llx: printxval() (the default) */
	SD_XVAL_UNSIGNED,	/* %llu: printxval_u() */
	SD_XVAL_SIGNED,		/* %lld: printxval_d() */
};

/* sd_fmt_enum() with the number format of unknown values chosen by @fmt. */
void sd_fmt_enum_ex(struct sd_buf *b, long long v, const struct sd_xlat *tab,
		    size_t n, const char *unknown_fmt, enum sd_xval_fmt fmt);

/*
 * -X: how named constants print.  ABBREV (strace's default): the names,
 * O_RDONLY|O_CLOEXEC; RAW: the number alone, 0x80000; VERBOSE: the number
 * and the names in a comment, 0x80000 C(O_RDONLY|O_CLOEXEC).  One switch
 * for the whole process, as strace's xlat_verbosity.
 */
enum sd_xlat_verbosity { SD_XLAT_ABBREV, SD_XLAT_RAW, SD_XLAT_VERBOSE };
extern enum sd_xlat_verbosity sd_xlat_verbosity;

/*
 * Restyle, per -X, what a printer appended to @b from offset @start (the
 * abbreviated form of a value: names, or a number and its comment) given
 * the value as a number @num ("0x80000"): RAW keeps @num; VERBOSE @num
 * C(names), or the abbreviated form when it names nothing.
 */
void sd_xlat_restyle(struct sd_buf *b, size_t start, const char *num);

/* sd_fmt_flags_ex() as -X abbrev prints it, whatever -X says. */
void sd_fmt_flags_abbrev(struct sd_buf *b, unsigned long long v,
			 const struct sd_xlat *bits, size_t nbits,
			 const struct sd_xlat *field, size_t nfield,
			 unsigned long long field_mask, const char *dflt);

/*
 * A named value (@name, or NULL when it has none) as printxval() prints it
 * under -X: the name, or @v in format @fmt and C(@unknown).
 */
void sd_fmt_xval(struct sd_buf *b, long long v, const char *name, const char *unknown,
		 enum sd_xval_fmt fmt);

/*
 * Print a file descriptor argument: (int)fd as %d, so 0xffffffff prints
 * -1 and 0x100000063 prints 99 (strace without -y).
 */
void sd_fmt_fd(struct sd_buf *b, long fd);

/*
 * Print a directory fd argument of the *at() calls: AT_FDCWD when
 * (int)fd == -100 (also for a register holding 0xffffff9c), otherwise
 * like sd_fmt_fd().
 */
void sd_fmt_dirfd(struct sd_buf *b, long fd);

/*
 * @s in angle brackets, as strace prints a descriptor's path or a process's
 * name: printable bytes as they are, others and '<' '>' '\\' in octal.
 */
void sd_fmt_angled(struct sd_buf *b, const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/* sd_decode.c - text and JSON renderings behind the generated decoders. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <linux/types.h>

#include "sd_records.h"
#include "sd_decode.h"
#include "fdtab.h"
#include "pathfilter.h"
#include "pidcomm.h"
#include "sockdiag.h"
#include "kstructs.h"

#define TEXT(d) ((d)->mode == SD_DEC_TEXT)

void sd_dec_init(struct sd_dec *d, struct sd_buf *out, enum sd_dec_mode mode,
		 unsigned int strsize, int verbose)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->mode = mode;
	d->strsize = strsize;
	d->verbose = verbose;
	sd_buf_init(&d->tmp);
}

void sd_dec_free(struct sd_dec *d)
{
	sd_buf_free(&d->tmp);
}

void sd_dec_reset(struct sd_dec *d)
{
	d->depth = 0;
	d->count[0] = 0;
	d->done = 0;
}

int sd_d_vars(const struct sd_hdr *h, unsigned int size, unsigned int fixed,
	      const struct sd_var **v, int n)
{
	const unsigned char *p = (const unsigned char *)h + fixed;
	const unsigned char *end = (const unsigned char *)h + size;

	for (int i = 0; i < n; i++)
		v[i] = NULL;
	if (size < fixed)
		return -EINVAL;
	while (p < end) {
		struct sd_var var;

		if ((size_t)(end - p) < sizeof(var))
			return -EINVAL;
		memcpy(&var, p, sizeof(var));
		if (var.slot >= n || (size_t)(end - p) - sizeof(var) < var.len)
			return -EINVAL;
		v[var.slot] = (const struct sd_var *)p;
		p += sizeof(var) + var.len;
	}
	return 0;
}

const struct sd_var *sd_d_next_var(const struct sd_hdr *h, unsigned int size,
				   unsigned int fixed, int slot,
				   const struct sd_var *prev)
{
	const unsigned char *p = (const unsigned char *)h + fixed;
	const unsigned char *end = (const unsigned char *)h + size;
	int seen = !prev;

	while ((size_t)(end - p) >= sizeof(struct sd_var)) {
		struct sd_var var;

		memcpy(&var, p, sizeof(var));
		if ((size_t)(end - p) - sizeof(var) < var.len)
			return NULL;
		if (seen && var.slot == slot)
			return (const struct sd_var *)p;
		if ((const struct sd_var *)p == prev)
			seen = 1;
		p += sizeof(var) + var.len;
	}
	return NULL;
}

void sd_d_record(struct sd_dec *d, const struct sd_hdr *h, unsigned int size)
{
	d->rec_end = (const unsigned char *)h + size;
}

const struct sd_var *sd_d_var_after(const struct sd_dec *d, const struct sd_var *after,
				    int slot)
{
	const unsigned char *p, *end = d->rec_end;
	struct sd_var var;

	if (!after || !end)
		return NULL;
	memcpy(&var, after, sizeof(var));
	p = (const unsigned char *)after + sizeof(var) + var.len;
	while (p < end && (size_t)(end - p) >= sizeof(var)) {
		memcpy(&var, p, sizeof(var));
		if ((size_t)(end - p) - sizeof(var) < var.len)
			return NULL;
		if (var.slot == slot)
			return (const struct sd_var *)p;
		p += sizeof(var) + var.len;
	}
	return NULL;
}

int sd_d_text(const struct sd_dec *d)
{
	return TEXT(d);
}

int sd_d_was(const struct sd_dec *d, int changed)
{
	return TEXT(d) && changed;
}

void sd_d_arrow(struct sd_dec *d)
{
	sd_buf_puts(d->out, " => ");
}

int sd_d_verbose(const struct sd_dec *d)
{
	return d->verbose;
}

/* Bytes of the UTF-8 sequence at @s (@n left), or 0 if it is not valid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;	/* no surrogates */
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;	/* up to U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/*
 * The runtime's one JSON escaper (sd_decode.h): a string of @n bytes: valid UTF-8 as it is, control characters
 * escaped, and each byte that is not UTF-8 as the lone surrogate
 * \udcXX (Python's surrogateescape), so that the bytes can be recovered.
 */
void sd_json_quote(struct sd_buf *b, const unsigned char *s, size_t n)
{
	sd_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		size_t u;

		if (c == '"' || c == '\\') {
			sd_buf_putc(b, '\\');
			sd_buf_putc(b, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			sd_buf_printf(b, "\\u%04x", c);
		} else if (c < 0x80) {
			sd_buf_putc(b, (char)c);
		} else if ((u = utf8_len(s + i, n - i))) {
			sd_buf_write(b, (const char *)s + i, u);
			i += u - 1;
		} else {
			sd_buf_printf(b, "\\udc%02x", c);
		}
	}
	sd_buf_putc(b, '"');
}

/* Separator before the next item at the current depth. */
static void next_item(struct sd_dec *d)
{
	if (d->count[d->depth]++)
		sd_buf_puts(d->out, TEXT(d) ? ", " : ",");
}

void sd_d_arg(struct sd_dec *d, const char *name)
{
	next_item(d);
	if (!TEXT(d)) {
		sd_buf_putc(d->out, '"');
		sd_buf_puts(d->out, name);
		sd_buf_write(d->out, "\":", 2);
	}
}

void sd_d_field(struct sd_dec *d, const char *name)
{
	next_item(d);
	if (TEXT(d)) {
		sd_buf_puts(d->out, name);
		sd_buf_putc(d->out, '=');
	} else {
		sd_buf_putc(d->out, '"');
		sd_buf_puts(d->out, name);
		sd_buf_write(d->out, "\":", 2);
	}
}

void sd_d_elem(struct sd_dec *d)
{
	next_item(d);
}

static void open_level(struct sd_dec *d, char c)
{
	sd_buf_putc(d->out, c);
	if (d->depth < SD_DEC_DEPTH - 1)
		d->depth++;
	d->count[d->depth] = 0;
}

static void close_level(struct sd_dec *d, char c, int elided)
{
	if (elided && TEXT(d))
		sd_buf_puts(d->out, d->count[d->depth] ? ", ..." : "...");
	sd_buf_putc(d->out, c);
	if (d->depth)
		d->depth--;
}

void sd_d_label(struct sd_dec *d, const char *name)
{
	if (TEXT(d)) {
		sd_buf_puts(d->out, name);
		sd_buf_putc(d->out, '=');
	}
}

void sd_d_call_begin(struct sd_dec *d, const char *fn)
{
	if (TEXT(d)) {
		sd_buf_puts(d->out, fn);
		sd_buf_putc(d->out, '(');
	}
}

void sd_d_call_end(struct sd_dec *d)
{
	if (TEXT(d))
		sd_buf_putc(d->out, ')');
}

void sd_d_struct_begin(struct sd_dec *d)
{
	open_level(d, '{');
}

void sd_d_struct_end(struct sd_dec *d, int elided)
{
	close_level(d, '}', elided);
}

void sd_d_array_begin(struct sd_dec *d)
{
	open_level(d, '[');
}

void sd_d_array_end(struct sd_dec *d, int more)
{
	close_level(d, ']', more);
}

/* Append what a strfmt printer wrote to d->tmp: as is, or as a JSON string. */
static void put_sym(struct sd_dec *d)
{
	if (TEXT(d))
		sd_buf_write(d->out, d->tmp.p ? d->tmp.p : "", d->tmp.len);
	else
		sd_json_quote(d->out, (const unsigned char *)(d->tmp.p ? d->tmp.p : ""),
			   d->tmp.len);
	sd_buf_reset(&d->tmp);
}

void sd_d_sym(struct sd_dec *d)
{
	put_sym(d);
}

/*
 * Where a symbolic value is written: the line itself in text (copying it
 * from d->tmp just after writing it stalls on store forwarding), d->tmp
 * for JSON, quoted by sym_done().
 */
static struct sd_buf *sym_out(struct sd_dec *d)
{
	return TEXT(d) ? d->out : &d->tmp;
}

static void sym_done(struct sd_dec *d)
{
	if (!TEXT(d))
		put_sym(d);
}

void sd_d_more_at(struct sd_dec *d, unsigned long long addr)
{
	if (!TEXT(d))
		return;
	sd_buf_puts(d->out, d->count[d->depth]++ ? ", ..." : "...");
	if (addr)
		sd_buf_printf(d->out, " /* %#llx */", addr);
}

void sd_d_int(struct sd_dec *d, long long v)
{
	sd_buf_putd(d->out, v);
}

void sd_d_uint(struct sd_dec *d, unsigned long long v)
{
	sd_buf_putu(d->out, v);
}

void sd_d_hex(struct sd_dec *d, unsigned long long v)
{
	sd_buf_putx(TEXT(d) ? d->out : &d->tmp, v);
	if (!TEXT(d))
		put_sym(d);
}

void sd_d_hex_pad(struct sd_dec *d, unsigned long long v, int width)
{
	sd_buf_printf(&d->tmp, "%#0*llx", width, v);
	put_sym(d);
}

void sd_d_oct(struct sd_dec *d, unsigned long long v)
{
	sd_buf_printf(&d->tmp, "%#llo", v);
	put_sym(d);
}

void sd_d_umode(struct sd_dec *d, unsigned long long v)
{
	sd_fmt_umode(sym_out(d), (unsigned long)v);
	sym_done(d);
}

void sd_d_filemode(struct sd_dec *d, unsigned long long v)
{
	sd_fmt_filemode(sym_out(d), (unsigned long)v);
	sym_done(d);
}

void sd_d_ptr(struct sd_dec *d, unsigned long long v)
{
	if (!TEXT(d) && !v) {
		sd_buf_puts(d->out, "null");
		return;
	}
	sd_fmt_ptr(sym_out(d), (unsigned long)v);
	sym_done(d);
}

static const unsigned char *var_data(const struct sd_var *v);
static int var_ok(const struct sd_var *v);

void sd_d_fd_name(struct sd_dec *d, struct sd_buf *out, int fd)
{
	const char *name = d->fds ? sd_fdtab_get(d->fds, d->tgid, fd) : NULL;
	const char *tab = name ? strchr(name, '\t') : NULL;
	char details[512], cut[64];
	unsigned long ino;

	if (!name || !TEXT(d) || d->hide_fd_names)
		return;
	/* a socket's name carries its protocol after a tab: -yy asks the
	 * kernel what it is connected to, -y shows socket:[INODE] */
	if (tab && d->fd_details && sscanf(name, "socket:[%lu]", &ino) == 1) {
		sd_sock_details(tab + 1, ino, details, sizeof(details));
		sd_buf_printf(out, "<%s>", details);
		return;
	}
	if (tab) {
		snprintf(cut, sizeof(cut), "%.*s", (int)(tab - name), name);
		name = cut;
	}
	sd_fmt_angled(out, name);
}

static void name_set(struct sd_dec *d, const struct sd_var *name, int fd)
{
	if (d->fds && var_ok(name) && sd_var_len(name))
		sd_fdtab_set(d->fds, d->tgid, fd, (const char *)var_data(name),
			     sd_var_len(name));
}

void sd_d_name_fd(struct sd_dec *d, const struct sd_var *name, long long fd)
{
	name_set(d, name, (int)fd);
}

void sd_d_name_cwd(struct sd_dec *d, const struct sd_var *name, long long ret)
{
	(void)ret;
	name_set(d, name, SD_FD_CWD);
}

void sd_d_name_elem(struct sd_dec *d, const struct sd_var *name,
		    const struct sd_var *arr, int k)
{
	__s32 fd;

	if (!var_ok(arr) || sd_var_len(arr) < (unsigned int)(k + 1) * sizeof(fd))
		return;
	memcpy(&fd, var_data(arr) + k * sizeof(fd), sizeof(fd));
	name_set(d, name, fd);
}

/* -P: does descriptor @fd name one of the paths (up to a socket's tab)? */
static void path_fd(struct sd_dec *d, int fd)
{
	const char *name;

	if (!d->paths || d->path_hit || !d->fds || fd < 0)
		return;
	name = sd_fdtab_get(d->fds, d->tgid, fd);
	if (name && sd_pathfilter_match(d->paths, name, strcspn(name, "\t")))
		d->path_hit = 1;
}

void sd_d_fd(struct sd_dec *d, long long v)
{
	path_fd(d, (int)v);
	sd_fmt_fd(d->out, (long)v);
	sd_d_fd_name(d, d->out, (int)v);
}

void sd_d_dirfd(struct sd_dec *d, long long v)
{
	if ((int)v == -100) {
		sd_fmt_dirfd(sym_out(d), (long)v);
		sym_done(d);
		sd_d_fd_name(d, d->out, SD_FD_CWD);
	} else {
		path_fd(d, (int)v);
		sd_fmt_fd(d->out, (long)v);
		sd_d_fd_name(d, d->out, (int)v);
	}
}

/* A pid, and under -Y its name: an argument's or a result's (@arg). */
static void put_pid(struct sd_dec *d, long long v, int arg)
{
	char comm[SD_COMM_LEN];

	sd_buf_putd(d->out, v);
	if (!d->comms || !TEXT(d) || v <= 0 || v > INT_MAX)
		return;
	if (arg)
		sd_comms_lookup_arg(d->comms, (uint32_t)v, comm);
	else
		sd_comms_lookup(d->comms, (uint32_t)v, comm);
	sd_comm_put(d->out, comm);
}

void sd_d_pid(struct sd_dec *d, long long v)
{
	put_pid(d, v, 1);
}

void sd_d_ret_pid(struct sd_dec *d, long long ret)
{
	put_pid(d, ret, 0);
}

void sd_d_ret_fd(struct sd_dec *d, long long ret)
{
	sd_buf_putd(d->out, ret);
	if (ret >= 0 && ret <= INT_MAX)
		sd_d_fd_name(d, d->out, (int)ret);
}

void sd_d_close_fd(struct sd_dec *d, long long fd)
{
	if (d->fds && fd >= 0 && fd <= INT_MAX)
		sd_fdtab_del(d->fds, d->tgid, (int)fd);
}

void sd_d_close_fds(struct sd_dec *d, unsigned long long fd, unsigned long long last)
{
	if (d->fds && fd <= last)
		sd_fdtab_del_range(d->fds, d->tgid, fd > INT_MAX ? INT_MAX : (int)fd,
				   last > INT_MAX ? INT_MAX : (int)last);
}

void sd_d_signal(struct sd_dec *d, long long v)
{
	sd_fmt_signal(sym_out(d), (long)v);
	sym_done(d);
}

/*
 * @v through table @t: the field (an unnamed one as 0xf C(MAP_???) when
 * the table says so), the bits, then the number after them (|32767,
 * |21<<MAP_HUGE_SHIFT).
 */
static void fmt_flags(struct sd_buf *b, unsigned long long v, const struct sd_flags *t,
		      const char *dflt)
{
	unsigned long long num = 0, fv;
	const char *name = NULL;
	int any = 1;

	if (t->num_fmt) {
		num = (v >> t->num_shift) & t->num_mask;
		v &= ~(t->num_mask << t->num_shift);
	}
	if (t->field && t->field_dflt) {
		fv = v & t->field_mask;
		for (int i = 0; i < t->nfield && !name; i++)
			if (t->field[i].val == fv)
				name = t->field[i].name;
		if (name) {
			sd_buf_puts(b, name);
		} else {
			sd_buf_printf(b, "%#llx", fv);
			sd_put_comment(b, t->field_dflt);
		}
		if (t->num_fmt == 'X' && num)	/* before the other bits */
			sd_buf_printf(b, "|%#llx<<%s", num, t->num_shift_name);
		v &= ~t->field_mask;
		if (v) {
			sd_buf_putc(b, '|');
			sd_fmt_flags_abbrev(b, v, t->bits, (size_t)t->nbits, NULL, 0, 0, dflt);
		}
	} else if (v || !t->num_fmt || ((t->num_fmt == 's' || t->num_fmt == 'X') && !num)) {
		sd_fmt_flags_abbrev(b, v, t->bits, (size_t)t->nbits, t->field,
				    (size_t)t->nfield, t->field_mask, dflt);
	} else {
		any = 0;
	}
	if (t->num_fmt == 's' && num)
		sd_buf_printf(b, "%s%llu<<%s", any ? "|" : "", num, t->num_shift_name);
	else if (t->num_fmt == 'X' && num && !(t->field && t->field_dflt))
		sd_buf_printf(b, "%s%#llx<<%s", any ? "|" : "", num, t->num_shift_name);
	else if (t->num_fmt == 'd')
		sd_buf_printf(b, "%s%llu", any ? "|" : "", num);
	else if (t->num_fmt == 'x')
		sd_buf_printf(b, "%s%#llx", any ? "|" : "", num);
}

void sd_d_flags(struct sd_dec *d, unsigned long long v, const struct sd_flags *t)
{
	struct sd_buf *b = sym_out(d);
	size_t start = b->len;
	char num[24];

	fmt_flags(b, v, t, t->dflt && t->dflt[0] ? t->dflt : NULL);
	if (sd_xlat_verbosity != SD_XLAT_ABBREV) {	/* -X */
		snprintf(num, sizeof(num), "%#llx", v);
		sd_xlat_restyle(b, start, num);
	}
	sym_done(d);
}

void sd_d_flags_join(struct sd_dec *d, unsigned long long lo, const struct sd_flags *tlo,
		     unsigned long long hi, const struct sd_flags *thi)
{
	struct sd_buf *b = sym_out(d);

	if (lo || !hi)
		fmt_flags(b, lo, tlo, tlo->dflt && tlo->dflt[0] ? tlo->dflt : NULL);
	if (hi) {
		if (lo)
			sd_buf_putc(b, '|');
		fmt_flags(b, hi, thi, thi->dflt && thi->dflt[0] ? thi->dflt : NULL);
	}
	sym_done(d);
}

void sd_d_enum_style(struct sd_dec *d, long long v, const struct sd_enum *t,
		     enum sd_xstyle style)
{
	const char *name = t->name(v);
	struct sd_buf *b = sym_out(d);

	if (style == SD_XS_IOC && !name) {	/* the request's own fields */
		static const char *const dirs[] = {
			"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE",
		};
		unsigned int c = (unsigned int)v;

		sd_buf_printf(b, "_IOC(%s, %#x, %#x, %#x)", dirs[c >> 30],
			      (c >> 8) & 0xff, c & 0xff, (c >> 16) & 0x3fff);
	} else if (style == SD_XS_VERBOSE || style == SD_XS_DVERBOSE) {
		if (style == SD_XS_DVERBOSE)
			sd_buf_printf(b, "%lld", v);
		else
			sd_buf_printf(b, "%#llx", (unsigned long long)v);
		sd_put_comment(b, name ? name : t->dflt[0] ? t->dflt : NULL);
	} else {
		sd_fmt_xval(b, v, name, t->dflt[0] ? t->dflt : NULL,
			    style == SD_XS_DEC ? SD_XVAL_SIGNED : SD_XVAL_UNSIGNED);
	}
	sym_done(d);
}

void sd_d_enum_bits(struct sd_dec *d, unsigned long long v, int bits,
		    const struct sd_enum *t)
{
	int sep = 0;

	if (bits < 64)
		v &= (1ULL << bits) - 1;
	/* more than half of the bits set: those not set, as strace */
	if (__builtin_popcountll(v) > bits / 2) {
		v = ~v & (bits < 64 ? (1ULL << bits) - 1 : ~0ULL);
		sd_buf_putc(&d->tmp, '~');
	}
	sd_buf_putc(&d->tmp, '[');
	for (int i = 0; i < bits; i++) {
		const char *name;

		if (!(v & (1ULL << i)))
			continue;
		if (sep++)
			sd_buf_putc(&d->tmp, ' ');
		name = t->name(i);
		if (name)
			sd_buf_puts(&d->tmp, name);
		else
			sd_fmt_enum_ex(&d->tmp, i, NULL, 0, t->dflt[0] ? t->dflt : NULL,
				       SD_XVAL_HEX);
	}
	sd_buf_putc(&d->tmp, ']');
	put_sym(d);
}

void sd_d_flags_verbose(struct sd_dec *d, unsigned long long v, const struct sd_flags *t)
{
	struct sd_buf names;

	sd_buf_printf(&d->tmp, "%#llx", v);
	if (v) {
		sd_buf_init(&names);
		fmt_flags(&names, v, t, NULL);
		sd_put_comment(&d->tmp, names.p);
		sd_buf_free(&names);
	}
	put_sym(d);
}

void sd_d_ret_oct(struct sd_dec *d, unsigned long long v)
{
	sd_buf_printf(&d->tmp, "%#03llo", v);
	put_sym(d);
}

void sd_d_ret_flags(struct sd_dec *d, unsigned long long v, const struct sd_flags *t,
		    const char *label)
{
	int named_zero = 0;
	size_t start;
	char num[24];

	for (int i = 0; !v && i < t->nbits; i++)
		named_zero |= t->bits[i].val == 0 && t->bits[i].name;
	if (!v && !t->field && !named_zero)
		return;
	sd_buf_printf(d->out, " (%s", label);
	start = d->out->len;
	fmt_flags(d->out, v, t, NULL);
	if (!t->field && sd_xlat_verbosity != SD_XLAT_ABBREV) {
		/* -X; strace words open modes its own way */
		snprintf(num, sizeof(num), "%#llx", v);
		sd_xlat_restyle(d->out, start, num);
	}
	sd_buf_putc(d->out, ')');
}

void sd_d_ret_time(struct sd_dec *d, long long v)
{
	sd_buf_puts(d->out, " (");
	sd_fmt_time(d->out, v);
	sd_buf_putc(d->out, ')');
}

void sd_d_found_begin(struct sd_dec *d)
{
	sd_buf_puts(d->out, " (");
	sd_d_array_begin(d);
}

void sd_d_found_left(struct sd_dec *d)
{
	sd_buf_puts(d->out, ", left ");
}

void sd_d_left_begin(struct sd_dec *d)
{
	sd_buf_puts(d->out, " (left ");
}

/* The bits an fd_set holds below @nfds, as many as were copied. */
static long long fdset_bits(const struct sd_var *v, long long nfds)
{
	long long n = (long long)sd_var_len(v) * 8;

	return nfds < n ? nfds : n;
}

static int fdset_bit(const struct sd_var *v, long long i)
{
	return (var_data(v)[i / 8] >> (i % 8)) & 1;
}

void sd_d_fdset(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		long long nfds)
{
	long long n;
	int k = 0;

	if (!var_ok(v) || nfds <= 0 || !sd_var_len(v)) {
		sd_d_ptr(d, ptr);
		return;
	}
	n = fdset_bits(v, nfds);
	if (!TEXT(d)) {
		sd_d_array_begin(d);
		for (long long i = 0; i < n; i++)
			if (fdset_bit(v, i)) {
				sd_d_elem(d);
				sd_buf_putd(d->out, i);
			}
		sd_d_array_end(d, 0);
		return;
	}
	sd_buf_putc(d->out, '[');
	for (long long i = 0; i < n; i++)
		if (fdset_bit(v, i)) {
			if (k++)
				sd_buf_putc(d->out, ' ');
			sd_d_fd(d, i);
		}
	sd_buf_putc(d->out, ']');
}

void sd_d_ready_begin(struct sd_dec *d)
{
	sd_buf_puts(d->out, " (");
}

void sd_d_ready_set(struct sd_dec *d, struct sd_ready *rd, const struct sd_var *v,
		    long long nfds, const char *name)
{
	long long n;
	int first = 1;

	if (rd->left <= 0 || !var_ok(v))
		return;
	n = fdset_bits(v, nfds);
	for (long long i = 0; i < n; i++) {
		if (!fdset_bit(v, i))
			continue;
		if (first)
			sd_buf_printf(d->out, "%s%s [%lld", rd->any ? ", " : "", name, i);
		else
			sd_buf_printf(d->out, " %lld", i);
		first = 0;
		rd->any = 1;
		if (--rd->left == 0)
			break;
	}
	if (rd->any)	/* strace closes a bracket after each set once any printed */
		sd_buf_putc(d->out, ']');
}

void sd_d_ready_left(struct sd_dec *d, const struct sd_ready *rd)
{
	sd_buf_puts(d->out, rd->any ? ", left " : "left ");
}

void sd_d_set_done(struct sd_dec *d, int done)
{
	d->done = done;
}

int sd_d_is_done(const struct sd_dec *d)
{
	return d->done;
}

void sd_d_found_done(struct sd_dec *d)
{
	sd_buf_putc(d->out, ')');
}

void sd_d_ret_signal(struct sd_dec *d, long long v)
{
	if (!v)
		return;
	sd_buf_puts(d->out, " (");
	sd_fmt_signal(d->out, (long)v);
	sd_buf_putc(d->out, ')');
}

void sd_d_ret_enum(struct sd_dec *d, long long v, const struct sd_enum *t)
{
	const char *name = t->name(v);

	if (name)
		sd_buf_printf(d->out, " (%s)", name);
}

void sd_d_enum(struct sd_dec *d, long long v, const struct sd_enum *t)
{
	sd_fmt_xval(&d->tmp, v, t->name(v), t->dflt[0] ? t->dflt : NULL, SD_XVAL_HEX);
	put_sym(d);
}

unsigned int sd_var_len(const struct sd_var *v)
{
	struct sd_var x;

	memcpy(&x, v, sizeof(x));
	return x.len;
}

unsigned int sd_var_st(const struct sd_var *v)
{
	struct sd_var x;

	memcpy(&x, v, sizeof(x));
	return x.st;
}

static const unsigned char *var_data(const struct sd_var *v)
{
	return (const unsigned char *)v + sizeof(*v);
}

const unsigned char *sd_var_data(const struct sd_var *v)
{
	return var_data(v);
}

static int var_ok(const struct sd_var *v)
{
	return v && !(sd_var_st(v) & (SD_ST_FAULT | SD_ST_NULL));
}

void sd_d_str(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	      int is_path)
{
	unsigned int flags = SD_FMT_NUL_TERMINATED;

	if (!var_ok(v)) {
		sd_d_ptr(d, ptr);
		return;
	}
	if (sd_var_st(v) & SD_ST_TRUNC)
		flags |= SD_FMT_TRUNCATED;
	if (is_path && d->paths &&
	    sd_pathfilter_match(d->paths, (const char *)var_data(v), sd_var_len(v)))
		d->path_hit = 1;	/* -P */
	if (TEXT(d)) {
		sd_fmt_quoted(d->out, var_data(v), sd_var_len(v),
			      is_path ? SD_FMT_PATH_LIMIT : d->strsize, flags);
	} else {
		size_t n = strnlen((const char *)var_data(v), sd_var_len(v));

		sd_json_quote(d->out, var_data(v), n);
	}
}

long long sd_d_share(long long *left, long long len)
{
	if (!left)
		return len;
	if (len > *left)
		len = *left > 0 ? *left : 0;
	*left -= len;
	return len;
}

void sd_d_buf(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	      long long len)
{
	unsigned int flags = 0;
	size_t n;

	if (!var_ok(v)) {
		sd_d_ptr(d, ptr);
		return;
	}
	/* the capture may hold more than the call used (readv's last buffers) */
	n = sd_var_len(v);
	if (len >= 0 && (unsigned long long)len < n)
		n = (size_t)len;
	else if ((sd_var_st(v) & SD_ST_TRUNC) || len > (long long)n)
		flags |= SD_FMT_TRUNCATED;
	if (TEXT(d))
		sd_fmt_quoted(d->out, var_data(v), n, d->strsize, flags);
	else
		sd_json_quote(d->out, var_data(v), n);
}

void sd_d_quoted(struct sd_dec *d, const unsigned char *p, size_t n, unsigned int flags)
{
	if (TEXT(d))
		sd_fmt_quoted(d->out, p, n, d->strsize, flags);
	else
		sd_json_quote(d->out, p, n);
}

void sd_d_chars(struct sd_dec *d, const unsigned char *p, int n)
{
	/* strace's print_quoted_cstring: n - 1 chars at most, not -s */
	size_t max = n > 0 ? (size_t)n - 1 : 0;
	size_t len = strnlen((const char *)p, max);

	if (TEXT(d))
		/* "..." only if no NUL came in all @n bytes */
		sd_fmt_quoted(d->out, p, n > 0 ? (size_t)n : 0, max, SD_FMT_NUL_TERMINATED);
	else
		sd_json_quote(d->out, p, len);
}

void sd_d_chars_len(struct sd_dec *d, const unsigned char *p, unsigned long long len,
		    int n)
{
	if (len > (unsigned long long)n)
		len = (unsigned long long)n;
	if (TEXT(d))
		sd_fmt_quoted(d->out, p, (size_t)len, (size_t)len, 0);
	else
		sd_json_quote(d->out, p, (size_t)len);
}

int sd_d_nonzero(const void *p, unsigned int n)
{
	const unsigned char *c = p;

	for (unsigned int i = 0; i < n; i++)
		if (c[i])
			return 1;
	return 0;
}

void sd_d_path_chars(struct sd_dec *d, const unsigned char *p, unsigned int n)
{
	size_t len = p ? strnlen((const char *)p, n) : 0;

	if (TEXT(d))
		sd_fmt_quoted(d->out, p, len, SD_FMT_PATH_LIMIT, SD_FMT_NUL_TERMINATED);
	else
		sd_json_quote(d->out, p, len);
}

int sd_d_records(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr)
{
	__u32 count;

	if (!var_ok(v) || sd_var_len(v) < sizeof(count)) {
		sd_d_ptr(d, ptr);
		return 0;
	}
	if (sd_d_verbose(d) || !TEXT(d)) {
		sd_d_array_begin(d);
		return 1;
	}
	memcpy(&count, var_data(v), sizeof(count));
	sd_d_ptr(d, ptr);
	sd_buf_printf(d->out, " /* %u%s entries */", count & 0x7fffffff,
		      count >> 31 ? "+" : "");
	return 0;
}

int sd_d_records_all(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		     unsigned int hdr)
{
	if (!var_ok(v) || sd_var_len(v) < sizeof(__u32) + hdr) {
		sd_d_ptr(d, ptr);
		return 0;
	}
	sd_d_array_begin(d);
	return 1;
}

void sd_d_records_end(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		      unsigned int o, unsigned int n)
{
	if (o < n)
		sd_d_more_at(d, ptr + o);
	else if (sd_var_st(v) & SD_ST_TRUNC)
		sd_d_more_at(d, 0);
	sd_d_array_end(d, 0);
}

const unsigned char *sd_d_records_data(const struct sd_var *v)
{
	return var_data(v) + sizeof(__u32);
}

unsigned int sd_d_records_len(const struct sd_var *v)
{
	return sd_var_len(v) - (unsigned int)sizeof(__u32);
}

int sd_d_peek(const struct sd_var *v, void *dst, unsigned int size)
{
	if (!var_ok(v) || sd_var_len(v) < size)
		return 0;
	memcpy(dst, var_data(v), size);
	return 1;
}

int sd_d_get(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	     void *dst, unsigned int size)
{
	if (!var_ok(v) || sd_var_len(v) < size) {
		sd_d_ptr(d, ptr);
		return 0;
	}
	memcpy(dst, var_data(v), size);
	return 1;
}

int sd_d_elem_room(const struct sd_dec *d, unsigned int i)
{
	return !TEXT(d) || i < d->strsize;
}

void sd_d_array_close(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		      unsigned int esize, unsigned int shown)
{
	unsigned int n = esize ? sd_var_len(v) / esize : 0;

	if ((sd_var_st(v) & SD_ST_PART) && shown == n && TEXT(d)) {
		sd_buf_printf(d->out, "%s... /* %#llx */", d->count[d->depth] ? ", " : "",
			      ptr + (unsigned long long)n * esize);
		close_level(d, ']', 0);
		return;
	}
	close_level(d, ']', shown < n || (sd_var_st(v) & (SD_ST_TRUNC | SD_ST_MORE)));
}

int sd_d_array(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	       unsigned int esize)
{
	(void)esize;
	if (!var_ok(v)) {
		sd_d_ptr(d, ptr);
		return 0;
	}
	sd_d_array_begin(d);
	return 1;
}

/* An @abbrev string array: "0x7ffd2a3b1c40 C(41 vars)". */
static void print_count(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
			__u32 count)
{
	if (!TEXT(d)) {
		sd_buf_printf(d->out, "%u", count);
		return;
	}
	sd_fmt_ptr(d->out, (unsigned long)ptr);
	sd_buf_printf(d->out, " /* %u var%s%s%s */", count, count == 1 ? "" : "s",
		      sd_var_st(v) & SD_ST_MORE ? " or more" : "",
		      sd_var_st(v) & SD_ST_PART ? ", unterminated" : "");
}

void sd_d_strarray(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		   int abbrev)
{
	const unsigned char *p, *end;
	unsigned int shown = 0;
	int elided = 0, bad;

	if (!var_ok(v)) {
		sd_d_ptr(d, ptr);
		return;
	}
	p = var_data(v);
	end = p + sd_var_len(v);
	if (abbrev && (sd_var_st(v) & SD_ST_STRS) && !d->verbose) {
		/* recorded with -v, printed without: count the strings */
		__u32 count = 0;
		__u16 len;

		for (; end - p >= 2; count++, p += 2 + (len & ~(SD_STR_CUT | SD_STR_PTR))) {
			memcpy(&len, p, sizeof(len));
			if ((size_t)(end - p - 2) < (len & ~(SD_STR_CUT | SD_STR_PTR)))
				break;
		}
		print_count(d, v, ptr, count);
		return;
	}
	if (abbrev && !(sd_var_st(v) & SD_ST_STRS)) {
		__u32 count = 0;

		if (sd_var_len(v) >= sizeof(count))
			memcpy(&count, p, sizeof(count));
		print_count(d, v, ptr, count);
		return;
	}
	sd_d_array_begin(d);
	while (end - p >= 2) {
		__u16 len;
		int cut;

		if (elided)
			break;

		memcpy(&len, p, sizeof(len));
		cut = len & SD_STR_CUT;
		bad = len & SD_STR_PTR;
		len &= ~(SD_STR_CUT | SD_STR_PTR);
		p += 2;
		if ((size_t)(end - p) < len)
			break;
		sd_d_elem(d);
		if (bad && len == sizeof(__u64)) {	/* a string that could not be read */
			__u64 sp;

			memcpy(&sp, p, sizeof(sp));
			sd_d_ptr(d, sp);
			p += len;
			shown++;
			continue;
		}
		if (TEXT(d) && !d->verbose && shown >= d->strsize) {
			/* strace shows at most -s elements, then one "..." (-v: all) */
			sd_buf_puts(d->out, "...");
			elided = 1;
			break;
		}
		if (TEXT(d))
			sd_fmt_quoted(d->out, p, len, d->strsize,
				      SD_FMT_NUL_TERMINATED |
				      (cut ? SD_FMT_TRUNCATED : 0));
		else
			sd_json_quote(d->out, p, strnlen((const char *)p, len));
		p += len;
		shown++;
	}
	if (!elided && (sd_var_st(v) & SD_ST_PART) && TEXT(d)) {
		/* the pointers themselves ran into unreadable memory */
		sd_buf_printf(d->out, "%s... /* %#llx */", shown ? ", " : "",
			      ptr + 8ULL * shown);
		close_level(d, ']', 0);
		return;
	}
	close_level(d, ']', !elided && (sd_var_st(v) & SD_ST_MORE));
}

void sd_d_bytes_print(struct sd_dec *d, const unsigned char *p, int n,
		      enum sd_print printer)
{
	sd_print_kstruct(&d->tmp, printer, p, (size_t)n);
	put_sym(d);
}

void sd_d_field_print(struct sd_dec *d, const char *name, const void *p, int n,
		      enum sd_print printer)
{
	if (TEXT(d) && printer == SD_PRINT_INET6_ADDR && n >= 16) {
		/* strace names the field inside: inet_pton(AF_INET6, "::1", &FIELD) */
		next_item(d);
		sd_fmt_inet6(d->out, p, name);
		return;
	}
	sd_d_field(d, name);
	sd_d_bytes_print(d, p, n, printer);
}

void sd_d_hexbytes(struct sd_dec *d, const unsigned char *p, unsigned int n)
{
	sd_print_kstruct(&d->tmp, SD_PRINT_HEXSTR, p, n);
	put_sym(d);
}

unsigned int sd_d_sized(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
			long long len, void *dst, unsigned int size)
{
	unsigned int n = v ? sd_var_len(v) : 0;

	if (n > size)
		n = size;
	if (len >= 0 && len < n)
		n = (unsigned int)len;
	if (!var_ok(v) || len <= 0 || !n) {
		sd_d_ptr(d, ptr);
		return 0;
	}
	memset(dst, 0, size);
	memcpy(dst, var_data(v), n);
	return n;
}

void sd_d_print_scalar(struct sd_dec *d, enum sd_print printer, long long v)
{
	sd_print_kstruct(&d->tmp, printer, &v, sizeof(v));
	put_sym(d);
}

void sd_d_date(struct sd_dec *d, long long sec, unsigned long long nsec)
{
	if (!TEXT(d) || sd_fmt_time_frac(&d->tmp, sec, nsec, 9))
		goto out;
	sd_put_comment(d->out, d->tmp.p);
out:
	sd_buf_reset(&d->tmp);
}

const struct sd_var *sd_d_inout_first(const struct sd_dec *d, const struct sd_var *in,
				     const struct sd_var *out)
{
	if (TEXT(d))
		return in ? in : out;
	return out ? out : in;
}

int sd_d_changed(struct sd_dec *d, const struct sd_var *va, const struct sd_var *out)
{
	if (!TEXT(d) || va == out || !var_ok(va) || !var_ok(out))
		return 0;
	if (sd_var_len(va) == sd_var_len(out) &&
	    !memcmp(var_data(va), var_data(out), sd_var_len(out)))
		return 0;
	sd_buf_puts(d->out, " => ");
	return 1;
}

int sd_d_elem_changed(struct sd_dec *d, const struct sd_var *va, const struct sd_var *out,
		      unsigned int off, void *dst, unsigned int size)
{
	if (!TEXT(d) || va == out || !var_ok(out) || off + size > sd_var_len(out) ||
	    !memcmp(var_data(va) + off, var_data(out) + off, size))
		return 0;
	memcpy(dst, var_data(out) + off, size);
	sd_buf_puts(d->out, " => ");
	return 1;
}

long long sd_d_len_at(const struct sd_var *in, const struct sd_var *out)
{
	long long len = -1;
	const struct sd_var *v[2] = { in, out };

	for (int i = 0; i < 2; i++) {
		__s32 x;

		if (!var_ok(v[i]) || sd_var_len(v[i]) < sizeof(x))
			continue;
		memcpy(&x, var_data(v[i]), sizeof(x));
		if (x >= 0 && (len < 0 || x < len))
			len = x;
	}
	return len;
}

void sd_d_buf_print(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		    enum sd_print printer, long long len)
{
	unsigned int n = v ? sd_var_len(v) : 0;

	if (len >= 0 && len < n)
		n = (unsigned int)len;
	if (!var_ok(v) || (!n && printer != SD_PRINT_HEXSTR && printer != SD_PRINT_BITSET &&
			   printer != SD_PRINT_BYTES0) || n < sd_kstruct_size(printer)) {
		sd_d_ptr(d, ptr);
		return;
	}
	if (printer == SD_PRINT_BYTES0) {
		/* as a string of @len bytes: the last one shown left out if NUL */
		unsigned int size = n < d->strsize ? n : d->strsize, flags = 0;
		const unsigned char *p = var_data(v);

		if (len > n || (sd_var_st(v) & SD_ST_TRUNC))
			flags |= SD_FMT_TRUNCATED;
		if (size && !p[size - 1]) {
			if (n > size)
				flags |= SD_FMT_TRUNCATED;
			n = size - 1;
		}
		if (TEXT(d))
			sd_fmt_quoted(d->out, p, n, d->strsize, flags);
		else
			sd_json_quote(d->out, p, n);
		return;
	}
	if (printer == SD_PRINT_HEXSTR) {
		/* bytes, so the string limit applies */
		unsigned int n = sd_var_len(v);

		if (n > d->strsize)
			n = d->strsize;
		sd_print_kstruct(&d->tmp, printer, var_data(v), n);
		if (n < sd_var_len(v) || (sd_var_st(v) & SD_ST_TRUNC))
			sd_buf_puts(&d->tmp, "...");
	} else {
		sd_print_kstruct(&d->tmp, printer, var_data(v), n);
	}
	put_sym(d);
}

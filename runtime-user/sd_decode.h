/* SPDX-License-Identifier: MIT */
/*
 * sd_decode.h - the API the generated decoders (sd_decoders.c) call to turn
 * a record into arguments.  One decoder serves two renderings: strace-style
 * text, and JSON.  Scalars, captures and nesting all go through here.
 */
#ifndef SD_DECODE_H
#define SD_DECODE_H

#include <linux/types.h>
#include <stdint.h>

#include "sd_buf.h"
#include "sd_printers.h"
#include "strfmt.h"

struct sd_hdr;
struct sd_var;
struct sd_fdtab;
struct sd_pathfilter;
struct sd_comms;

enum sd_dec_mode { SD_DEC_TEXT, SD_DEC_JSON };

#define SD_DEC_DEPTH 8

/* Decoder state: where output goes and how it reads. */
struct sd_dec {
	struct sd_buf *out;
	enum sd_dec_mode mode;
	unsigned int strsize;	/* -s: string and array print limit */
	int verbose;		/* -v: print every struct field */
	int depth;
	int count[SD_DEC_DEPTH];/* items printed at each nesting level */
	struct sd_buf tmp;	/* scratch for JSON quoting */
	struct sd_fdtab *fds;	/* -y: descriptor names, or NULL */
	int fd_details;		/* -yy: socket endpoints too */
	uint32_t tgid;		/* the process of the record being decoded */
	int hide_fd_names;	/* the table is kept (-P), not shown (no -y) */
	const struct sd_pathfilter *paths;	/* -P: the paths, or NULL */
	const struct sd_comms *comms;	/* -Y: thread names, or NULL */
	int path_hit;		/* -P: an argument touched one of them */
	const unsigned char *rec_end;	/* the end of the record (sd_d_record) */
	int done;		/* the element printed is one the call did (@done) */
};

/* A flags table (generated): bits, then an optional leading field. */
struct sd_flags {
	const struct sd_xlat *bits;
	int nbits;
	const struct sd_xlat *field;
	int nfield;
	unsigned long long field_mask;
	const char *dflt;	/* "O_???", printed after unnamed bits; "": nothing */
	const char *field_dflt;	/* "MAP_???": an unnamed field value prints as
				 * 0xf C(MAP_???), then the bits; NULL: all as bits */
	unsigned long long num_mask;	/* a number after the bits (swapon's |32767) */
	char num_fmt;		/* 'd', 'x': always; 's': N<<SHIFT, 'X': 0xN<<SHIFT when not 0 */
	int num_shift;
	const char *num_shift_name;
};

/* An enum table (generated): value to name, and "SEEK_???" ("": none). */
struct sd_enum {
	const char *(*name)(long long v);
	const char *dflt;
};

/* The structured printers @print(NAME) names (sd_printers.h, kstructs.h). */
#define SD_PRINT_ENUM(name, NAME, what) SD_PRINT_##NAME,
enum sd_print { SD_PRINTERS(SD_PRINT_ENUM) };
#undef SD_PRINT_ENUM

/*
 * @n bytes as a JSON string, quotes included: '"' and '\\' escaped,
 * controls and bytes >= 0x7f as \\u00XX.  The runtime's only JSON escaper.
 */
void sd_json_quote(struct sd_buf *b, const unsigned char *s, size_t n);

/* Set up @d to append to @out. */
void sd_dec_init(struct sd_dec *d, struct sd_buf *out, enum sd_dec_mode mode,
		 unsigned int strsize, int verbose);

/* Release @d's scratch memory. */
void sd_dec_free(struct sd_dec *d);

/* Reset nesting before one record's arguments. */
void sd_dec_reset(struct sd_dec *d);

/*
 * Index the captures of a record: v[slot] points at the last capture of
 * each slot, or NULL.  Returns 0, or -EINVAL if the record is malformed
 * (a capture runs past @size, or names a slot >= @n).
 */
int sd_d_vars(const struct sd_hdr *h, unsigned int size, unsigned int fixed,
	      const struct sd_var **v, int n);

/* A capture's length and state (SD_ST_*); captures lie unaligned in records. */
unsigned int sd_var_len(const struct sd_var *v);
unsigned int sd_var_st(const struct sd_var *v);

/*
 * The capture of @slot that follows @prev in the record (the first one
 * when @prev is NULL), or NULL: the per-element copies of an array.
 */
const struct sd_var *sd_d_next_var(const struct sd_hdr *h, unsigned int size,
				   unsigned int fixed, int slot,
				   const struct sd_var *prev);

/* 1 in verbose mode (-v): print the fields marked @verbose. */
int sd_d_verbose(const struct sd_dec *d);
/* The record being decoded ends at @h + @size (for sd_d_var_after). */
void sd_d_record(struct sd_dec *d, const struct sd_hdr *h, unsigned int size);

/* 1 if a call's result @ret is an error (-4095..-1). */
static inline int sd_d_failed(long long ret)
{
	return ret < 0 && ret >= -4095;
}
/* The first capture in slot @slot after @after (a deep field's elements'
 * own captures follow it), or NULL. */
const struct sd_var *sd_d_var_after(const struct sd_dec *d, const struct sd_var *after,
				    int slot);
/* 1 in text mode (strace's), else 0. */
int sd_d_text(const struct sd_dec *d);
/* In text mode, 1 when @changed: the value given prints before " => ". */
int sd_d_was(const struct sd_dec *d, int changed);
/* " => ", between a value given and the value the call left. */
void sd_d_arrow(struct sd_dec *d);
/* Copy capture @v's first @size bytes to @dst if it holds them: 1, else 0. */
int sd_d_peek(const struct sd_var *v, void *dst, unsigned int size);
/* Records a field points to (control messages): "[" and 1, or the pointer
 * when they were not read or hold less than one header of @hdr bytes. */
int sd_d_records_all(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		     unsigned int hdr);
/* "]" after them, "... C(address)" first for the @n - @o bytes unshown. */
void sd_d_records_end(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		      unsigned int o, unsigned int n);

/* Start the next argument (text: ", " between arguments). */
void sd_d_arg(struct sd_dec *d, const char *name);
/* Text: "name=" before an argument strace names (clone's flags=). */
void sd_d_label(struct sd_dec *d, const char *name);
/* Start the next struct field: "name=". */
void sd_d_field(struct sd_dec *d, const char *name);
/* Start the next array element. */
void sd_d_elem(struct sd_dec *d);

void sd_d_struct_begin(struct sd_dec *d);
/* Close a struct; @elided: fields were left out (text: ", ..."). */
void sd_d_struct_end(struct sd_dec *d, int elided);
void sd_d_array_begin(struct sd_dec *d);
/* Close an array; @more: elements were left out (text: ", ..."). */
void sd_d_array_end(struct sd_dec *d, int more);

/* Scalars. */
/* Append d->tmp, which a strfmt printer filled, as one value. */
void sd_d_sym(struct sd_dec *d);
/* Text: "..." for items left out, " C(0xADDR)" where memory could not be read (addr != 0). */
void sd_d_more_at(struct sd_dec *d, unsigned long long addr);
/* The bytes of capture @v. */
const unsigned char *sd_var_data(const struct sd_var *v);
void sd_d_int(struct sd_dec *d, long long v);
void sd_d_uint(struct sd_dec *d, unsigned long long v);
void sd_d_hex(struct sd_dec *d, unsigned long long v);
/* A set split in two words: @lo through @tlo, "|", @hi through @thi
 * (either alone when the other is 0): strace's capability sets. */
void sd_d_flags_join(struct sd_dec *d, unsigned long long lo, const struct sd_flags *tlo,
		     unsigned long long hi, const struct sd_flags *thi);
/* %#0*llx, @width wide: 0x00000001, 00000000 (strace's node masks) */
void sd_d_hex_pad(struct sd_dec *d, unsigned long long v, int width);
void sd_d_oct(struct sd_dec *d, unsigned long long v);
void sd_d_umode(struct sd_dec *d, unsigned long long v);
void sd_d_filemode(struct sd_dec *d, unsigned long long v);
void sd_d_ptr(struct sd_dec *d, unsigned long long v);
void sd_d_fd(struct sd_dec *d, long long v);
void sd_d_dirfd(struct sd_dec *d, long long v);
void sd_d_signal(struct sd_dec *d, long long v);
/* A process or thread id: 1234<sh> with -Y (d->comms), while it is there */
void sd_d_pid(struct sd_dec *d, long long v);
/* A result: a new descriptor (-y: 11</dev/null>), a process id (-Y) */
void sd_d_ret_fd(struct sd_dec *d, long long ret);
void sd_d_ret_pid(struct sd_dec *d, long long ret);
/* @closes: descriptor @fd is closed once the line is out (-y) */
void sd_d_close_fd(struct sd_dec *d, long long fd);
/* @closes(LAST): and every one from @fd to @last (close_range) */
void sd_d_close_fds(struct sd_dec *d, unsigned long long fd, unsigned long long last);
void sd_d_flags(struct sd_dec *d, unsigned long long v, const struct sd_flags *t);
void sd_d_enum(struct sd_dec *d, long long v, const struct sd_enum *t);
/* How @enum(T, STYLE) prints: an unnamed value in decimal, or every value
 * as a number with its name in a comment (strace's verbose xlat style). */
enum sd_xstyle { SD_XS_DEC, SD_XS_UDEC, SD_XS_VERBOSE, SD_XS_DVERBOSE, SD_XS_IOC };
void sd_d_enum_style(struct sd_dec *d, long long v, const struct sd_enum *t,
		     enum sd_xstyle style);
/*
 * The bits set in the low @bits bits of @v, each named by its number in
 * @t: [ICMP_ECHOREPLY ICMP_REDIRECT]; those not set when more than half
 * are: ~[ICMP_ECHO].
 */
void sd_d_enum_bits(struct sd_dec *d, unsigned long long v, int bits,
		    const struct sd_enum *t);
/* 0xe7 C(A|B|C): the number, then what its bits mean. */
void sd_d_flags_verbose(struct sd_dec *d, unsigned long long v, const struct sd_flags *t);

/*
 * -y: the name the recorder captured in @name for descriptor @fd (a
 * call's result), for the cwd (chdir), or for element @k of the @out
 * array capture @arr (pipe2's fds); nothing without -y or a capture.
 */
void sd_d_name_fd(struct sd_dec *d, const struct sd_var *name, long long fd);
void sd_d_name_cwd(struct sd_dec *d, const struct sd_var *name, long long ret);
void sd_d_name_elem(struct sd_dec *d, const struct sd_var *name,
		    const struct sd_var *arr, int k);
/* -y: "<name>" of descriptor @fd (SD_FD_CWD: the cwd), if known. */
void sd_d_fd_name(struct sd_dec *d, struct sd_buf *out, int fd);

/* A result printed as umask's: %#03o. */
void sd_d_ret_oct(struct sd_dec *d, unsigned long long v);
/*
 * What a result means, after it: " (flags O_RDWR)" (@label "flags "); a
 * zero prints nothing unless the table has a field (O_RDONLY).
 */
void sd_d_ret_flags(struct sd_dec *d, unsigned long long v, const struct sd_flags *t,
		    const char *label);
/* " (2026-12-02T20:03:34+0000)" after a result that is a time. */
void sd_d_ret_time(struct sd_dec *d, long long v);
/*
 * " ([" ... "]" ... ")" around what a result found (@found: poll's events),
 * with ", left " before what remains (@left: ppoll's timeout).
 */
void sd_d_found_begin(struct sd_dec *d);
void sd_d_found_left(struct sd_dec *d);
void sd_d_found_done(struct sd_dec *d);
/*
 * @fdset: "[3 4]", the descriptors an fd_set holds below @nfds (each as
 * @fd prints it), or the pointer when nothing was read.
 */
void sd_d_fdset(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		long long nfds);
/*
 * @ready: " (in [3], out [4]" ... ")" after select's result: each set the
 * call left, named, as many descriptors in all as the result counts, then
 * ", left " before what remains of the timeout.
 */
struct sd_ready {
	long long left;		/* descriptors still to show */
	int any;		/* something printed */
};
void sd_d_ready_begin(struct sd_dec *d);
void sd_d_ready_set(struct sd_dec *d, struct sd_ready *rd, const struct sd_var *v,
		    long long nfds, const char *name);
void sd_d_ready_left(struct sd_dec *d, const struct sd_ready *rd);
/* " (left ": a struct the call updated after the result, alone (recvmmsg). */
void sd_d_left_begin(struct sd_dec *d);
/* @done fields: whether the element about to print is one the call did. */
void sd_d_set_done(struct sd_dec *d, int done);
int sd_d_is_done(const struct sd_dec *d);
/* " (SIGHUP)" after a nonzero result that is a signal number. */
void sd_d_ret_signal(struct sd_dec *d, long long v);
/* " (NAME)" when the result is a known value of @t, else nothing. */
void sd_d_ret_enum(struct sd_dec *d, long long v, const struct sd_enum *t);

/* A NUL-terminated string or path capture; falls back to the pointer. */
void sd_d_str(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	      int is_path);
/* A buffer capture whose full length was @len bytes. */
void sd_d_buf(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	      long long len);
/*
 * The share of an @out call's result (*@left bytes still to account for)
 * that a buffer of @len bytes received, as readv fills its buffers in turn;
 * @len itself when @left is NULL.
 */
long long sd_d_share(long long *left, long long len);
/* A record's flexible name (d_name): up to its first NUL, as a path. */
void sd_d_path_chars(struct sd_dec *d, const unsigned char *p, unsigned int n);
/*
 * Records of their own length each (@records: getdents): with -v (or in
 * JSON) open the array and return 1, the caller prints each; otherwise
 * print "0x... C(3 entries)" and return 0 (the pointer alone if absent).
 */
int sd_d_records(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr);
/* The records' bytes in capture @v, and how many there are. */
const unsigned char *sd_d_records_data(const struct sd_var *v);
unsigned int sd_d_records_len(const struct sd_var *v);
/* @n bytes as a quoted string cut at -s (strfmt's SD_FMT_* @flags). */
void sd_d_quoted(struct sd_dec *d, const unsigned char *p, size_t n, unsigned int flags);
/*
 * A fixed char array field of @n bytes (utsname): a string up to its
 * first NUL, at most @n - 1 chars, then "..." if no NUL came.
 */
void sd_d_chars(struct sd_dec *d, const unsigned char *p, int n);
/* A char array field's first @len bytes (at most @n), as bytes: "\0". */
void sd_d_chars_len(struct sd_dec *d, const unsigned char *p, unsigned long long len,
		    int n);
/* 1 if any of @p's @n bytes is not 0 (a condition on an array field). */
int sd_d_nonzero(const void *p, unsigned int n);
/*
 * Copy a struct capture into @dst (@size bytes) and return 1; if there is
 * no complete capture, print the pointer instead and return 0.
 */
int sd_d_get(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	     void *dst, unsigned int size);
/* 1 while element @i may print: text shows at most -s elements, as strace. */
int sd_d_elem_room(const struct sd_dec *d, unsigned int i);
/*
 * Close array capture @v of @esize-byte elements at @ptr of which @shown
 * printed: "...]" when some were left out, "... C(0xADDR)]" where the
 * elements ran into an unreadable page.
 */
void sd_d_array_close(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		      unsigned int esize, unsigned int shown);
/* Open an array capture and return 1, or print the pointer and return 0. */
int sd_d_array(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
	       unsigned int esize);
/* A fixed byte array field through a structured printer (sa_mask). */
void sd_d_bytes_print(struct sd_dec *d, const unsigned char *p, int n,
		      enum sd_print printer);
/*
 * Field @name, @n bytes at @p, through a structured printer; an IPv6
 * address names its field inside: inet_pton(AF_INET6, "::1", &sin6_addr).
 */
void sd_d_field_print(struct sd_dec *d, const char *name, const void *p, int n,
		      enum sd_print printer);
/* Bytes in hex, "\x6f\x00\x00": a value shorter than its type. */
void sd_d_hexbytes(struct sd_dec *d, const unsigned char *p, unsigned int n);
/*
 * A value of @size bytes of which the call gave @len (a buffer of a struct
 * or number): copy what capture @v holds of it into @dst (zero-filled) and
 * return how many bytes that is; print the pointer and return 0 if it
 * holds none, or @len is 0 or less.
 */
unsigned int sd_d_sized(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
			long long len, void *dst, unsigned int size);
/* A scalar through a structured printer. */
void sd_d_print_scalar(struct sd_dec *d, enum sd_print printer, long long v);
/* @date: " C(2001-09-09T01:46:40.5+0000)" after a time's value (text only). */
void sd_d_date(struct sd_dec *d, long long sec, unsigned long long nsec);
/* "htons(" and ")" around a value (text only: JSON has the value alone). */
void sd_d_call_begin(struct sd_dec *d, const char *fn);
void sd_d_call_end(struct sd_dec *d);
/*
 * A buffer capture through a structured printer, of at most @len bytes
 * (-1: all it holds); the pointer if absent.
 */
void sd_d_buf_print(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		    enum sd_print printer, long long len);

/*
 * @inout arguments: the copy printed first (text: the entry copy, the
 * value given; JSON: the exit copy, the value left), given the entry copy
 * @in and exit copy @out (NULL when the call failed).
 */
const struct sd_var *sd_d_inout_first(const struct sd_dec *d, const struct sd_var *in,
				     const struct sd_var *out);
/* Text: if @out differs from @va, print " => " and return 1 ([0] => [5]). */
int sd_d_changed(struct sd_dec *d, const struct sd_var *va, const struct sd_var *out);
/*
 * Text: if @out holds @size bytes at @off that differ from @va's, copy them
 * to @dst, print " => " and return 1 (an element changed: [110 => 24]).
 */
int sd_d_elem_changed(struct sd_dec *d, const struct sd_var *va, const struct sd_var *out,
		      unsigned int off, void *dst, unsigned int size);
/* The smaller int of an entry and an exit copy (socklen), or -1. */
long long sd_d_len_at(const struct sd_var *in, const struct sd_var *out);
/* A NULL-terminated string array (argv), or its count when @abbrev. */
void sd_d_strarray(struct sd_dec *d, const struct sd_var *v, unsigned long long ptr,
		   int abbrev);

#endif

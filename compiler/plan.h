/* SPDX-License-Identifier: MIT */
/*
 * plan.h - the capture plan: the checked, backend-neutral form of a set of
 * .sysdef files.  It says, for every syscall, what to copy, when, how much,
 * into which record field, and how to print it.  Backends only walk it.
 */
#ifndef SD_PLAN_H
#define SD_PLAN_H

#include "ast.h"
#include "types.h"

/* The record format and its limits: runtime-kernel/sd_abi.h. */
#include <linux/types.h>
#include "sd_abi.h"

#define SD_MAX_COND_DEPTH 64	/* operators nested in one @if */
#define SD_MAX_CONSTS	4096	/* distinct @case constants in one plan */
#define SD_MAX_READY	3	/* @ready's arguments */
#define SD_FDSET_BOUND	1024	/* default bound of an @fdset, in bytes */

/* How a value prints. */
enum sd_fmt {
	SD_FMT_DEC, SD_FMT_HEX, SD_FMT_OCT, SD_FMT_UMODE, SD_FMT_FILEMODE,
	SD_FMT_PTR, SD_FMT_FD, SD_FMT_DIRFD, SD_FMT_FLAGS, SD_FMT_ENUM,
	SD_FMT_SIGNAL,
	SD_FMT_PRINTER,		/* a structured printer of the runtime (@print) */
	SD_FMT_ENUM_DEC,	/* @enum(T, dec): an unnamed value in decimal */
	SD_FMT_ENUM_UDEC,	/* @enum(T, udec): unsigned decimal */
	SD_FMT_ENUM_VERBOSE,	/* @enum(T, verbose): 0 C(PIDTYPE_PID) */
	SD_FMT_FLAGS_VERBOSE,	/* @flags(T, verbose): 0xe7 C(A|B|C) */
	SD_FMT_ENUM_DVERBOSE,	/* @enum(T, dverbose): 2 C(SYSLOG_ACTION_READ) */
	SD_FMT_ENUM_IOC,	/* @enum(T, ioc): an unnamed ioctl as _IOC(dir, type, nr, size) */
	SD_FMT_ENUM_BITS,	/* @enum(T, bits): the bits set, by number: [A B], ~[C] */
	SD_FMT_PID,		/* @pid: a process or thread id, 1234<sh> under -Y */
	SD_FMT_HEX_PAD,		/* @hex(pad): %#0*llx, twice the size wide (node masks) */
};

/* What an argument's pointer leads to, and how it is copied. */
enum sd_cap {
	SD_CAP_NONE,		/* the register value only */
	SD_CAP_STRING,		/* NUL-terminated, cut at the string limit */
	SD_CAP_PATH,		/* NUL-terminated, whole (PATH_MAX) */
	SD_CAP_BUFFER,		/* bytes, length from an argument or the result */
	SD_CAP_STRUCT,		/* one struct declared in .sysdef */
	SD_CAP_ARRAY,		/* a counted array of structs or scalars */
	SD_CAP_STRARRAY,	/* a NULL-terminated array of strings */
	SD_CAP_RECORDS,		/* records of their own length each (dirents) */
};

/* When a pointer's data is copied: at entry, at a successful exit, both,
 * at an exit interrupted to be restarted (nanosleep's remaining time), or
 * at any exit (@atexit: what strace reads after sendmmsg, failed or not). */
enum sd_dir { SD_DIR_IN, SD_DIR_OUT, SD_DIR_INOUT, SD_DIR_RESTART, SD_DIR_EXIT };
/* a field the call fills: @out (printed after success), @changed (" => NAME=") */
enum sd_fout { SD_FOUT_NONE, SD_FOUT_OUT, SD_FOUT_CHANGED };

/* A capture's length: another argument, the result, a number, or the int
 * another argument points to (*addrlen: read at exit by the recorder, the
 * smaller of its entry and exit copies by the decoder). */
enum sd_len { SD_LEN_NONE, SD_LEN_ARG, SD_LEN_RET, SD_LEN_CONST, SD_LEN_DEREF,
	      SD_LEN_EXPR };	/* arithmetic on arguments and numbers */

/* How the return value prints: enum sd_ret_kind (sd_retkinds.h). */
#include "sd_retkinds.h"

/* A flags or enum table; its values come from C headers at compile time. */
struct sd_table {
	const char *name;
	int is_flags;
	const char **names;	/* bits (flags) or values (enum), source order */
	const char **values;	/* their C values: the names, or numbers given */
	const char **shown;	/* enum: what each prints ("A or B"): the names */
	int nnames;
	const char *dflt;	/* text after unnamed values (O_???), "" none, NULL: derived */
	const char *field_mask;	/* flags: an optional field printed first */
	const char **field_names;
	const char **field_values;
	int nfield;
	const char *field_dflt;	/* text after an unnamed field value, or NULL:
				 * the whole value prints as bits */
	const char *num_mask;	/* a number printed after the bits, or NULL */
	char num_fmt;		/* 'd' (always), 'x' (always), 's' (N<<SHIFT) */
	const char *num_shift;	/* 's': the shift */
	int id;
	struct sd_loc loc;
	struct sd_table *next;
};

struct sd_struct;

/* One scalar field of a struct, or a nested struct. */
struct sd_field {
	const char *name;
	const char *cname;		/* its member in struct sd_s_*: the name, or
					 * k_NAME in kernel structs (glibc makes
					 * sa_handler a macro) */
	const struct sd_ctype *ctype;	/* NULL for a nested struct */
	int is_ptr;
	const struct sd_struct *sub;
	long long array_len;		/* > 0: a fixed array (printed as bytes if char) */
	enum sd_fmt fmt;
	const struct sd_table *table;
	int verbose;			/* printed only in verbose mode */
	int hidden;			/* recorded for the layout, never printed */
	const char *printer;		/* SD_FMT_PRINTER: its name */
	/* a pointer field whose bytes are copied too (@buffer(LEN, N)) */
	int deep;			/* 1 for such a field */
	int deep_index;			/* its number among the struct's deep fields */
	const struct sd_field *len_field;	/* the sibling holding the length */
	int bound;			/* bytes at most */
	/* an array printed up to LEN elements (@buffer(LEN)): the sibling
	 * holding LEN, else NULL */
	const struct sd_field *chars_len;
	/* @string(LEN) on a char array: a C string of at most LEN chars (the
	 * sibling LEN, clamped to the array), else NULL */
	const struct sd_field *str_len;
	int fmt_given;			/* a print annotation: numbers, not chars */
	int deep_inline;		/* a flexible array: the bytes after the struct */
	/* @deref: a deep field that is the struct its pointer points to */
	const struct sd_struct *deref;
	const struct sd_expr *cond;	/* @if: printed only when it holds */
	const char *after;		/* @after(FIELD): printed right after it */
	int flex;			/* "char d_name[]": the rest of a record */
	int reclen;			/* @reclen: this record's length in bytes */
	int be;				/* @be: big-endian, printed as htons(...) */
	/* @array(LEN, N) or @records(LEN, N) on a "struct S *" field: S's
	 * elements (and what they point to: their deep fields take the slots
	 * right after this one's) */
	const struct sd_struct *elem;
	int records;			/* @records: LEN bytes of records */
	int inout;			/* @inout: printed "in => out" (an @inout argument) */
	int out;			/* SD_FOUT_*: filled by the call (@out, @changed) */
	const struct sd_field *alt_of;	/* declared again: the first declaration */
	int bits;			/* "TYPE NAME : BITS": a bit-field of BITS bits */
	/* in a union: its number in the struct (> 0) and its member's; a
	 * member's fields follow one another from the union's offset */
	int ugroup, umember;
	/* @done: printed only in the elements the call reports done (the
	 * first return_value of an array: sendmmsg's msg_len) */
	int done;
	/* @filled(FIELD) on a nested struct copied through: the bytes the
	 * call filled of what it points to are FIELD's (recvmmsg's msg_len) */
	const struct sd_field *filled;
	const char *cpath;		/* "NAME : C.PATH": C's member, named otherwise */
	/* @date: a comment with the date follows the value; its seconds and
	 * nanoseconds are this field and a sibling, or two fields of this
	 * nested struct */
	const struct sd_field *date_sec, *date_nsec;
	const struct sd_annot *date_an;	/* while lowering: the annotation */
	/* @join(HI, TABLE): a set split in two words, this @flags field the
	 * low one, sibling HI the high one, printed through TABLE after it */
	const struct sd_field *join_hi;
	const struct sd_table *join_table;
	const struct sd_annot *join_an;	/* while lowering: the annotation */
	struct sd_loc loc;
	struct sd_field *next;
};

struct sd_struct {
	const char *name;		/* its .sysdef name */
	const char *ctag;		/* the C struct tag it lays out */
	const char *ckw;		/* "struct ", or "" when ctag is a typedef */
	struct sd_field *fields;
	int nfields;
	int has_verbose;
	int ndeep;			/* fields copied through their pointer */
	int kernel;			/* laid out as the kernel's BTF says */
	int wire;			/* "wire struct": no C header has it */
	int packed;			/* "packed struct": fields unaligned, no padding */
	const struct sd_field *reclen;	/* @reclen field: records of their own size */
	const struct sd_field *flex;	/* the flexible last field, or NULL */
	int partial;			/* printed as far as a length covers (@buffer) */
	int has_inout;			/* fields printed "in => out" */
	int has_done;			/* a @done field */
	int has_out;			/* @out or @changed fields: the entry copy,
					 * then what the call filled */
	int nested;			/* deep fields of deep fields: the decoder
					 * finds them after their parent's capture */
	int rec_align;			/* @reclen(A): records start A-aligned */
	const struct sd_expr *more;	/* "@if(EXPR) ...": ends in "..." when true */
	struct sd_field **print_order;	/* fields in the order they print */
	int id;
	struct sd_loc loc;
	struct sd_struct *next;
};

/* @sp: SD_ARG(regs, SD_REG_SP) is the user stack pointer at entry. */
#define SD_REG_SP	6

/* One argument of a syscall, and what to record of it. */
struct sd_arg {
	const char *name;
	int index;			/* position 0..5 */
	int reg;			/* the register read: index, or SD_REG_SP */
	int size, is_signed;		/* register value in the record */
	int is_ptr;
	enum sd_fmt fmt;
	const struct sd_table *table;
	enum sd_cap cap;
	enum sd_dir dir;
	int at_entry;			/* captured at entry (else at exit, on success) */
	int bound;			/* bytes (string, buffer), elements (arrays) */
	int elem_bound;			/* @strarray: bytes per string */
	enum sd_len len_kind;
	int len_arg;			/* SD_LEN_ARG: index of the length argument */
	long long len_const;
	const struct sd_expr *len_expr;	/* SD_LEN_EXPR */
	/* a length naming ARG.FIELD, a number field of a struct argument
	 * copied at entry: the decoder's (the recorder copies the bound) */
	const struct sd_expr *len_dec;
	int len_dec_arg;		/* ARG's index */
	const struct sd_ctype *elem_ctype;	/* @array of scalars */
	const struct sd_struct *st;	/* @struct, or @array element */
	int abbrev;			/* @strarray printed as a count */
	int inside;			/* @inout @inside: [in => out] per element */
	int typed;			/* @buffer of a struct or a number: printed as
					 * that type, as far as its length covers */
	int exact;			/* @exact: as a number only if its length is
					 * the number's size, else as bytes */
	int named;			/* @named: printed "name=value" (clone) */
	/* @inout @changed(VIEW): copied again at exit, whatever the result;
	 * " => " and VIEW of that copy when it differs from the given one */
	const struct sd_struct *changed;
	/* an @out array of structs whose fields point to what the call fills
	 * (readv's iovecs): the array itself is copied when the call fails,
	 * and prints with those fields' addresses */
	int addr_on_fail;
	const char *after;		/* @after(ARG): printed right after ARG */
	const struct sd_expr *cond;	/* print only when true (decoder) */
	const struct sd_expr *when;	/* @when: the capture if true, else the pointer */
	const struct sd_expr *pid_if;	/* @pid(EXPR): an id of a process only if true */
	int closes;			/* @closes: the call closes this @fd (-y forgets it) */
	const struct sd_expr *closes_last;	/* @closes(LAST): and those up to LAST */
	const struct sd_expr *closes_if;	/* @closes(LAST, COND): when COND holds */
	const char *printer;		/* SD_FMT_PRINTER: its name */
	int slot;			/* capture slot number, -1 for none */
	int name_slot;			/* -y: @out @fd array: its fds' names, or -1 */
	int deep_slot;			/* first slot of the elements' deep fields */
	/* @inout(LEN): the entry copy of an array sized by the result holds
	 * argument LEN's elements (recvmmsg's vlen); else -1 */
	int in_len_arg;
	/* @netlink(FD): when descriptor argument FD is a netlink socket, the
	 * buffer holds netlink messages; the socket's family and protocol are
	 * captured beside it (sock_slot) */
	int netlink_fd;			/* index of FD, or -1 */
	int sock_slot;
	/* @fdset(NFDS): an fd_set of argument NFDS's descriptors (its index),
	 * else -1; a buffer of NFDS bits rounded up to longs */
	int fdset_nfds;
	struct sd_loc loc;
};

/* One constant of a variant's @case list. */
struct sd_case {
	const char *name;		/* an UPPER_CASE C constant */
	const char *value;		/* its C value: the name, or a table's number */
	int k;				/* its index in the plan's constants */
	struct sd_loc loc;
	struct sd_case *next;
};

/*
 * One description; several syscall names may share it.  A variant
 * (NAME$VARIANT) describes the call when one argument, the selector, holds
 * one of its @case constants; its base (NAME.) describes every other value.
 * The selector leads every record of the family, so that both the recorder
 * and the decoder choose the variant from the same value.
 */
struct sd_syscall {
	const char *id;			/* C identifier: the first name, '$' as "__" */
	struct sd_name *names;
	struct sd_name *classes;
	struct sd_arg args[SD_MAX_ARGS];
	int nargs;
	enum sd_ret_kind ret;
	int has_entry;			/* has an entry recorder */
	int nslots;
	int fixed_size;			/* bytes of the fixed part of its record */
	int name_slot;			/* -y: capture of the new fd's or cwd's name */
	int max_size;			/* largest record it can produce */
	int order[SD_MAX_ARGS];		/* args in record order (size, descending) */
	int print_order[SD_MAX_ARGS];	/* args in the order they print (@after) */
	int index;
	/* the return value's own print annotation: "= 0x2 (flags O_RDWR)" */
	enum sd_fmt ret_fmt;		/* SD_FMT_DEC: none */
	const struct sd_table *ret_table;
	const char *ret_label;		/* @flags(T, LABEL): "(LABEL NAMES)" */
	/* @found(ARG, VIEW, FIELD): the elements of ARG's exit copy whose
	 * FIELD is not 0, printed as VIEW after the result (poll's events) */
	const struct sd_annot *found_an;
	int found_arg, found_slot;
	/* @left(ARG): ", left {...}" after what was found, ARG read at exit */
	const struct sd_annot *left_an;
	int left_arg, left_slot;
	const struct sd_struct *found_view;
	const struct sd_field *found_field;
	/* @ready(ARG...): the @fdset arguments read at exit, each printed
	 * "NAME [3 4]" after the result when it holds any (select) */
	const struct sd_annot *ready_an;
	int nready, ready_arg[SD_MAX_READY], ready_slot[SD_MAX_READY];
	/* variants */
	int sel;			/* the argument its variants select by, or -1 */
	int case_arg;			/* a variant's argument with @case, or -1 */
	struct sd_case *cases;		/* a variant's constants */
	struct sd_syscall *base;	/* a variant's base description */
	struct sd_syscall *variants;	/* a base's variants, via ->next_variant */
	struct sd_syscall *next_variant;
	int vidx;			/* a family member's program slot */
	int vidx_self;			/* a variant with variants: its own body's slot */
	int arg_off[SD_MAX_ARGS];	/* each argument's offset in the record */
	struct sd_loc loc;
	struct sd_syscall *next;
};

/* How the values of some netlink attributes print. */
/* SD_NLA_BYTES: "@print(P) unsigned char [N]", N bytes through a printer */
enum sd_nla_kind { SD_NLA_SCALAR, SD_NLA_STRING, SD_NLA_STRUCT, SD_NLA_NESTED, SD_NLA_BYTES };

struct sd_nl_attrs;

struct sd_nl_attr {
	const char **types;		/* C names of the attribute types */
	int ntypes;
	enum sd_nla_kind kind;
	int is_array;			/* "TYPE []": as many as fit */
	const struct sd_ctype *ctype;	/* SD_NLA_SCALAR */
	long long nbytes;		/* SD_NLA_BYTES */
	enum sd_fmt fmt;
	const struct sd_table *table;
	const char *printer;
	int be;				/* @be: big-endian, printed as htons(...) */
	const struct sd_struct *st;	/* SD_NLA_STRUCT */
	const struct sd_nl_attrs *nested;	/* SD_NLA_NESTED; else attributes
						 * after the value, or NULL */
	struct sd_loc loc;
	struct sd_nl_attr *next;
};

/* "attrs NAME ENUM { ... }": netlink attributes, named by ENUM. */
struct sd_nl_attrs {
	const char *name;
	const struct sd_table *types;
	struct sd_nl_attr *attrs;	/* NULL: every value prints as bytes */
	int id;
	struct sd_loc loc;
	struct sd_nl_attrs *next;
};

/* Netlink messages of some types: how their flags and payload print. */
struct sd_nl_msg {
	const char **types;		/* C names of the message types */
	int ntypes;
	const struct sd_table *flags;	/* their NLM_F_ flags beyond the common ones */
	const struct sd_struct *st;	/* their payload's struct, or NULL */
	const struct sd_nl_attrs *attrs;	/* the attributes after it, or NULL */
	/* by(FIELD): a payload longer than st is chosen among cases by FIELD
	 * of st (a case's types: FIELD's values) */
	const struct sd_field *sel;
	struct sd_nl_msg *cases;
	int dir;			/* a case: 0 any, 1 requests, 2 responses */
	const char *prefix;		/* "PREFIX": a message without nlmsghdr */
	struct sd_loc loc;
	struct sd_nl_msg *next;
};

/*
 * A netlink protocol ("netlink NETLINK_ROUTE rtm_types { ... }"), the
 * types every protocol shares ("netlink common ..."), or a protocol's
 * subsystem (nfnetlink's NFNL_SUBSYS_CTNETLINK, whose types are
 * subsystem << 8 | message).
 */
struct sd_nl_block {
	const char *name;		/* NETLINK_ROUTE, "common", NFNL_SUBSYS_... */
	const struct sd_table *types;	/* names of its message types, or NULL */
	const struct sd_table *subsys;	/* types it does not name: subsystem << 8 */
	const struct sd_table *flags;	/* common: the flags every message has */
	struct sd_nl_msg *msgs;
	struct sd_nl_block *subs;	/* subsystems, by the subsys table */
	int id;
	struct sd_loc loc;
	struct sd_nl_block *next;
};

/* A whole checked set of files. */
struct sd_plan {
	struct sd_name *headers;	/* C headers the decoders include */
	struct sd_table *tables;
	struct sd_struct *structs;
	struct sd_syscall *syscalls;
	struct sd_nl_block *netlink;	/* protocols, "common" among them */
	struct sd_nl_attrs *nl_attrs;	/* attribute sets, declared or implied */
	int ntables, nstructs, nsyscalls, nnames, nnl, nnla;
	const char **consts;		/* every @case constant's C value, once */
	const struct sd_src *sources;	/* the files read, for generated banners */
	int nmembers;			/* family members (bases and variants) */
	int nconsts;
};

/* 1 if @sc is a variant (NAME$VARIANT) or a base with variants. */
static inline int sd_in_family(const struct sd_syscall *sc)
{
	return sc->base || sc->variants;
}

/* The family id @b's variants are looked up by (in the recorders' map). */
static inline int sd_family_id(const struct sd_syscall *b)
{
	return b->base ? b->vidx_self : b->vidx;
}

/* The outermost description of @sc's family tree (the syscall's own). */
static inline const struct sd_syscall *sd_family_root(const struct sd_syscall *sc)
{
	while (sc->base)
		sc = sc->base;
	return sc;
}

/* 1 if @f is a flexible field of other than plain chars (data typed by
 * the fields before it: no system struct names it). */
static inline int sd_flex_typed(const struct sd_field *f)
{
	return f->flex && (f->sub || f->ctype->size != 1 || f->fmt_given);
}

/* 1 if @f is a nested struct with fields copied through their pointers:
 * its deep fields are its struct's, from @f->deep_index on (mmsghdr's
 * msg_hdr). */
static inline int sd_field_nests_deep(const struct sd_field *f)
{
	return f->sub && f->sub->ndeep && !f->array_len && !f->flex;
}

/* The runtime's structured printers (@print(NAME)); NULL-terminated. */
extern const char *const sd_printer_names[];

/* Syscall classes (%file, ...) in bit order; NULL-terminated. */
extern const char *const sd_class_names[];

/* Size in bytes of one struct's C layout, natural alignment. */
int sd_struct_size(const struct sd_struct *s);

/* Byte offset of field @f in its struct's C layout. */
int sd_field_offset(const struct sd_struct *s, const struct sd_field *f);

/* Alignment in bytes of one struct's C layout. */
int sd_struct_align(const struct sd_struct *s);

#endif

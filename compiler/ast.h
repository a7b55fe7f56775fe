/* SPDX-License-Identifier: MIT */
/*
 * ast.h - the syntax tree of .sysdef files, as the parser builds it.
 *
 * Nodes are allocated from the run's arena and never freed one by one.
 * Lists are singly linked through ->next and kept in source order.
 */
#ifndef SD_AST_H
#define SD_AST_H

#include "arena.h"
#include "diag.h"

enum sd_expr_kind { SD_E_INT, SD_E_NAME, SD_E_BINOP, SD_E_NOT, SD_E_DEREF };

/* An annotation argument: a number, a name, or a constant expression. */
struct sd_expr {
	enum sd_expr_kind kind;
	struct sd_loc loc;
	long long ival;		/* SD_E_INT */
	const char *name;	/* SD_E_NAME, SD_E_DEREF (*name) */
	int op;			/* SD_E_BINOP: '|', '&', '=' (==), '!' (!=), '<', '>',
				 * 'G' (>=), 'L' (<=), '+', '-', '*', '/',
				 * 'A' (&&: a union member's case and its @if) */
	struct sd_expr *lhs, *rhs;
	int depth;		/* operators on the deepest path */
	struct sd_expr *next;	/* next argument in an annotation */
	struct sd_expr *last;	/* on a list's head: its tail */
};

/* @name or @name(args...) */
struct sd_annot {
	const char *name;
	struct sd_loc loc;
	struct sd_expr *args;
	int nargs;
	struct sd_annot *next;
	struct sd_annot *last;	/* on a list's head: its tail */
};

/* A C type as written: "unsigned long", "size_t", "struct stat", stars. */
struct sd_type {
	const char *words;	/* base words joined by one space */
	const char *struct_name;/* set for "struct NAME" */
	int is_const;
	int stars;
	struct sd_loc loc;
};

/* One declaration line: annotations, a type, a name, an optional [N]. */
struct sd_decl {
	struct sd_annot *annots;
	struct sd_type *type;
	const char *name;
	long long array_len;	/* > 0 for "type name[N]" (struct fields) */
	struct sd_loc loc;	/* of the name */
	/*
	 * A member of a union inside a struct ("union { ... }", "union
	 * by(FIELD) { CASES: ... }"), flattened into the struct's fields:
	 * the union's number (> 0), its member's, and the condition the
	 * member prints on (FIELD == CASE | ..., or none of the cases).
	 */
	int ugroup, umember;
	struct sd_expr *ucond;
	const char *uby;		/* by(FIELD) */
	struct sd_loc uby_loc;
	struct sd_name *ucases;		/* the member's cases; NULL: "default" */
	int unested;			/* a union within a union's member */
	const char *cpath;		/* "TYPE NAME : C.PATH": the C member it is */
	int more;			/* "[@if(EXPR)] ...": a struct's end, elided */
	int bits;			/* "TYPE NAME : BITS": a bit-field (-1: bad width) */
	struct sd_decl *next;
	struct sd_decl *last;	/* on a list's head: its tail */
};

/* A member of a union being parsed: its cases and its fields. */
struct sd_umember {
	struct sd_name *cases;	/* NULL in a union without by() */
	struct sd_decl *fields;
	struct sd_loc loc;
	struct sd_umember *next;
	struct sd_umember *last;
};

/* A name with its location (syscall names, classes, table entries). */
struct sd_name {
	const char *name;
	const char *value;	/* a table entry's own value ("0x8000"), or NULL */
	const char *shown;	/* an enum entry's own text ("A or B"), or NULL */
	struct sd_loc loc;
	struct sd_name *next;
	struct sd_name *last;	/* on a list's head: its tail */
};

/* One entry of a flags table: a bit constant, or a field with its values. */
struct sd_flag_item {
	struct sd_name *name;
	struct sd_name *values;	/* the field's values */
	int is_field;		/* "field MASK { A B C }" */
	const char *dflt;	/* field: text for an unnamed value, or NULL */
	const char *number;	/* "field MASK dec|hex": a number printed after
				 * the bits, its format; "<<" with shift */
	const char *shift;	/* "field MASK << SHIFT": the shift's name */
	struct sd_loc number_loc;
	struct sd_flag_item *next;
	struct sd_flag_item *last;	/* on a list's head: its tail */
};

enum sd_item_kind {
	SD_I_INCLUDE, SD_I_HEADER, SD_I_FLAGS, SD_I_ENUM, SD_I_STRUCT,
	SD_I_SYSCALL, SD_I_NETLINK, SD_I_ATTRS,
};

/*
 * A line of a netlink block: messages "NAMES: SPEC" (tables and an
 * optional "struct S"), or a block "NAME TABLES { LINES }" (a protocol,
 * or a subsystem of one).
 */
struct sd_nl {
	struct sd_name *names;	/* the messages; a block's constant, then its tables */
	struct sd_name *tables;	/* a message line's tables */
	struct sd_name *structs;	/* a message line's payload struct (one) */
	struct sd_nl *body;	/* a block's lines */
	struct sd_decl *value;	/* an attribute line's value: a type */
	/* a message line "NAMES: SPEC by(FIELD) { CASES }": its payload
	 * chosen by FIELD of its struct, cases in body */
	const char *by, *by_word;
	const char *prefix;	/* "PREFIX": SPEC (no nlmsghdr) */
	struct sd_loc by_loc;
	int is_block;
	struct sd_loc loc;
	struct sd_nl *next;
	struct sd_nl *last;	/* on a list's head: its tail */
};

/* A top-level item of a file. */
struct sd_item {
	enum sd_item_kind kind;
	struct sd_loc loc;
	const char *name;		/* table, struct; first syscall name */
	const char *path;		/* include, header; a struct view's C tag */
	const char *dflt;		/* table: text for unnamed values, or NULL */
	int kernel;			/* struct: 1 laid out as the kernel's BTF says, 2 wire, 3 packed */
	int ctag_typedef;		/* struct: "path" names a typedef, not a tag */
	int is_union;			/* "union NAME { ... }": every field at 0 */
	struct sd_name *names;		/* syscall names; enum values */
	struct sd_name *classes;	/* syscall classes */
	struct sd_flag_item *flags;	/* flags table entries */
	struct sd_decl *decls;		/* syscall arguments; struct fields */
	struct sd_decl *ret;		/* syscall return_value line */
	struct sd_nl *nl;		/* netlink: the protocol's block; attrs: lines */
	struct sd_item *next;
	struct sd_item *last;		/* on a list's head: its tail, for O(1) append */
};

/* Constructors used by the grammar actions; each returns a new node. */
struct sd_expr *sd_expr_int(struct sd_arena *a, struct sd_loc loc, long long v);
struct sd_expr *sd_expr_name(struct sd_arena *a, struct sd_loc loc, const char *n);
struct sd_expr *sd_expr_binop(struct sd_arena *a, struct sd_loc loc, int op,
			      struct sd_expr *l, struct sd_expr *r);
struct sd_expr *sd_expr_append(struct sd_expr *list, struct sd_expr *e);
/* "*name": the value another argument points to (a length). */
struct sd_expr *sd_expr_deref(struct sd_arena *a, struct sd_loc loc, const char *n);
struct sd_annot *sd_annot_new(struct sd_arena *a, struct sd_loc loc,
			      const char *name, struct sd_expr *args);
struct sd_annot *sd_annot_append(struct sd_annot *list, struct sd_annot *an);
struct sd_type *sd_type_new(struct sd_arena *a, struct sd_loc loc,
			    const char *word);
struct sd_type *sd_type_struct(struct sd_arena *a, struct sd_loc loc,
			       const char *name);
struct sd_type *sd_type_add_word(struct sd_arena *a, struct sd_type *t,
				 const char *word);
struct sd_type *sd_type_const(struct sd_type *t);
struct sd_type *sd_type_star(struct sd_type *t);
struct sd_decl *sd_decl_new(struct sd_arena *a, struct sd_loc loc,
			    struct sd_annot *an, struct sd_type *t,
			    const char *name, long long array_len);
/* Appends @d (itself a list, or NULL for nothing) to @list; returns the list. */
struct sd_decl *sd_decl_append(struct sd_decl *list, struct sd_decl *d);
struct sd_name *sd_name_new(struct sd_arena *a, struct sd_loc loc,
			    const char *name);
struct sd_name *sd_name_append(struct sd_name *list, struct sd_name *n);
/* A table entry with the kernel's value, for names the C headers lack or
 * define otherwise (O_LARGEFILE = 0x8000; glibc's is 0 on 64-bit). */
struct sd_name *sd_name_valued(struct sd_arena *a, struct sd_loc loc,
			       const char *name, long long value);
/* An enum entry printed otherwise than its name: two ioctl requests with
 * one number print "MIXER_WRITE(2) or MEMERASE". */
/* A flags entry "1<<NAME" or "1<<(NAME-1)": bit NAME - @minus. */
struct sd_name *sd_name_shift(struct sd_arena *a, struct sd_loc loc,
			      long long bit, const char *name, long long minus);
/* "1<<NAME = N": NAME, a bit number the C headers lack, is N. */
struct sd_name *sd_name_shift_at(struct sd_arena *a, struct sd_loc loc,
				 long long bit, const char *name, long long at);
struct sd_name *sd_name_shown(struct sd_arena *a, struct sd_loc loc,
			      const char *name, const char *shown);
struct sd_flag_item *sd_flag_bit(struct sd_arena *a, struct sd_name *n);
struct sd_flag_item *sd_flag_number(struct sd_arena *a, struct sd_name *mask,
				    struct sd_loc loc, const char *fmt,
				    const char *shift);
struct sd_flag_item *sd_flag_field(struct sd_arena *a, struct sd_name *mask,
				   const char *dflt, struct sd_name *values);
struct sd_flag_item *sd_flag_append(struct sd_flag_item *list,
				    struct sd_flag_item *f);
struct sd_item *sd_item_include(struct sd_arena *a, struct sd_loc loc,
				int kind, const char *path);
struct sd_item *sd_item_flags(struct sd_arena *a, struct sd_loc loc,
			      const char *name, const char *dflt,
			      struct sd_flag_item *items);
struct sd_item *sd_item_enum(struct sd_arena *a, struct sd_loc loc,
			     const char *name, const char *dflt,
			     struct sd_name *values);
/* "struct NAME : CTAG {": a second view of C's struct CTAG (@ctag NULL: NAME). */
struct sd_item *sd_item_struct(struct sd_arena *a, struct sd_loc loc,
			       const char *name, const char *ctag, int kernel,
			       struct sd_decl *fields);
struct sd_item *sd_item_syscall(struct sd_arena *a, struct sd_name *names,
				struct sd_name *classes, struct sd_decl *args,
				struct sd_decl *ret);
/* "NAMES:" with an empty spec; the two below add to it. */
struct sd_nl *sd_nl_spec(struct sd_arena *a, struct sd_loc loc);
struct sd_nl *sd_nl_spec_table(struct sd_arena *a, struct sd_nl *spec,
			       struct sd_loc loc, const char *table);
struct sd_nl *sd_nl_spec_struct(struct sd_arena *a, struct sd_nl *spec,
				struct sd_loc loc, const char *st);
/* Finish a message line (@spec gets @names) or make a block. */
struct sd_nl *sd_nl_msgs(struct sd_loc loc, struct sd_name *names,
			 struct sd_nl *spec);
struct sd_nl *sd_nl_block(struct sd_arena *a, struct sd_loc loc,
			  struct sd_name *names, struct sd_nl *body);
/* "NAMES: SPEC WORD(FIELD) { CASES }": WORD is "by". */
struct sd_nl *sd_nl_by(struct sd_arena *a, struct sd_loc loc, struct sd_name *names,
		       struct sd_nl *spec, struct sd_loc by_loc, const char *by,
		       const char *field, struct sd_nl *cases);
/* "\"PREFIX\": SPEC": a message without nlmsghdr that starts with PREFIX. */
struct sd_nl *sd_nl_prefix(struct sd_loc loc, const char *prefix, struct sd_nl *spec);
struct sd_nl *sd_nl_append(struct sd_nl *list, struct sd_nl *n);
/* "NAMES: TYPE", an attribute's value, or "NAMES: attrs NAME" (nested). */
struct sd_nl *sd_nl_value(struct sd_arena *a, struct sd_loc loc,
			  struct sd_name *names, struct sd_decl *value);
struct sd_nl *sd_nl_nested(struct sd_arena *a, struct sd_loc loc,
			   struct sd_name *names, struct sd_loc nloc, const char *attrs);
/* "attrs NAME ENUM { LINES }": the values of netlink attributes. */
struct sd_item *sd_item_attrs(struct sd_arena *a, struct sd_loc loc, const char *name,
			      const char *types, struct sd_nl *lines);
/* "netlink PROTOCOL TABLES { ... }": @block's first name is the protocol. */
struct sd_item *sd_item_netlink(struct sd_arena *a, struct sd_nl *block);
struct sd_item *sd_item_append(struct sd_item *list, struct sd_item *it);

/* A union's member: "CASES: FIELD", "CASES: { FIELDS }", or a plain
 * union's field (@cases NULL). */
struct sd_umember *sd_umember_new(struct sd_arena *a, struct sd_loc loc,
				  struct sd_name *cases, struct sd_decl *fields);
struct sd_umember *sd_umember_append(struct sd_umember *list, struct sd_umember *m);
/*
 * A union within a struct, as the struct's fields: each member's fields
 * marked with the union and the member, and, when @by names the field
 * that chooses (by(FIELD)), the condition each member prints on.
 */
struct sd_decl *sd_union_flatten(struct sd_arena *a, const char *by, struct sd_loc by_loc,
				 struct sd_umember *members);

/* Number of nodes in a list. */
int sd_decl_count(const struct sd_decl *d);

#endif

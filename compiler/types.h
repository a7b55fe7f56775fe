/* SPDX-License-Identifier: MIT */
/* types.h - the C scalar types and kernel typedefs a .sysdef may name. */
#ifndef SD_TYPES_H
#define SD_TYPES_H

/* A resolved scalar: how many bytes it takes in a record and its sign. */
struct sd_ctype {
	const char *name;	/* as written in .sysdef, normalised */
	int size;		/* 1, 2, 4, 8; 0 for void */
	int is_signed;
};

/*
 * Look up a base type by its words ("unsigned long", "size_t", "long int").
 * Returns NULL for an unknown type.
 */
const struct sd_ctype *sd_ctype_find(const char *words);

/* The fixed-width record type of a scalar: "__u32", "__s64", ... */
const char *sd_ctype_storage(int size, int is_signed);

#endif

/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "types.h"

/* x86_64 and every other LP64 Linux target. */
static const struct sd_ctype ctypes[] = {
	{ "void", 0, 0 },
	{ "char", 1, 1 }, { "signed char", 1, 1 }, { "unsigned char", 1, 0 },
	{ "short", 2, 1 }, { "short int", 2, 1 }, { "signed short", 2, 1 },
	{ "unsigned short", 2, 0 }, { "unsigned short int", 2, 0 },
	{ "int", 4, 1 }, { "signed", 4, 1 }, { "signed int", 4, 1 },
	{ "unsigned", 4, 0 }, { "unsigned int", 4, 0 },
	{ "long", 8, 1 }, { "long int", 8, 1 }, { "signed long", 8, 1 },
	{ "unsigned long", 8, 0 }, { "unsigned long int", 8, 0 },
	{ "long long", 8, 1 }, { "unsigned long long", 8, 0 },
	{ "int8_t", 1, 1 }, { "uint8_t", 1, 0 }, { "int16_t", 2, 1 },
	{ "uint16_t", 2, 0 }, { "int32_t", 4, 1 }, { "uint32_t", 4, 0 },
	{ "int64_t", 8, 1 }, { "uint64_t", 8, 0 },
	{ "__s8", 1, 1 }, { "__u8", 1, 0 }, { "__s16", 2, 1 }, { "__u16", 2, 0 },
	{ "__s32", 4, 1 }, { "__u32", 4, 0 }, { "__s64", 8, 1 }, { "__u64", 8, 0 },
	{ "size_t", 8, 0 }, { "ssize_t", 8, 1 }, { "off_t", 8, 1 },
	{ "loff_t", 8, 1 }, { "off64_t", 8, 1 }, { "pid_t", 4, 1 },
	{ "uid_t", 4, 0 }, { "gid_t", 4, 0 }, { "mode_t", 4, 0 },
	{ "umode_t", 2, 0 }, { "dev_t", 8, 0 }, { "ino_t", 8, 0 },
	{ "nlink_t", 8, 0 }, { "blksize_t", 8, 1 }, { "blkcnt_t", 8, 1 },
	{ "clockid_t", 4, 1 }, { "key_serial_t", 4, 1 }, { "key_t", 4, 1 },
	{ "time_t", 8, 1 }, { "suseconds_t", 8, 1 }, { "socklen_t", 4, 0 },
	{ "sa_family_t", 2, 0 }, { "in_port_t", 2, 0 }, { "nfds_t", 8, 0 },
	{ "qid_t", 4, 0 }, { "mqd_t", 4, 1 }, { "rwf_t", 4, 1 },
	{ "timer_t", 4, 1 }, { "aio_context_t", 8, 0 }, { "u64", 8, 0 },
	{ "u32", 4, 0 }, { "u16", 2, 0 }, { "u8", 1, 0 }, { "s64", 8, 1 },
	{ "s32", 4, 1 }, { "s16", 2, 1 }, { "s8", 1, 1 }, { "bool", 1, 0 },
	{ "intptr_t", 8, 1 }, { "uintptr_t", 8, 0 }, { "caddr_t", 8, 0 },
};

const struct sd_ctype *sd_ctype_find(const char *words)
{
	for (size_t i = 0; i < sizeof(ctypes) / sizeof(ctypes[0]); i++)
		if (!strcmp(ctypes[i].name, words))
			return &ctypes[i];
	return NULL;
}

const char *sd_ctype_storage(int size, int is_signed)
{
	switch (size) {
	case 1: return is_signed ? "__s8" : "__u8";
	case 2: return is_signed ? "__s16" : "__u16";
	case 4: return is_signed ? "__s32" : "__u32";
	default: return is_signed ? "__s64" : "__u64";
	}
}

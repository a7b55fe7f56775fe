/* SPDX-License-Identifier: MIT */
/*
 * sd_retkinds.h - how a syscall's result prints (@ret(KIND)): the one list
 * sysdefc checks descriptions against and the runtime prints by.
 *
 * X(word in .sysdef, NAME) -> enum sd_ret_kind's SD_RET_NAME
 */
#ifndef SD_RETKINDS_H
#define SD_RETKINDS_H

#define SD_RET_KINDS(X)							\
	X(errno, ERRNO)		/* decimal, -1 ENAME (text) on failure */	\
	X(hex, HEX)		/* 0x... on success (mmap, brk) */		\
	X(oct, OCT)		/* %#03o on success (umask) */		\
	X(forked, FORKED)	/* a child id; the child's 0 is not recorded */ \
	X(pid, PID)		/* a process or thread id: 1234<sh> with -Y */	\
	X(noreturn, NORETURN)	/* recorded at entry, prints "?" */		\
	X(fd, FD)		/* a new descriptor: 3</etc/hostname> with -y */ \
	X(chdir, CHDIR)		/* 0: the working directory changed (-y) */	\
	X(uint32, UINT32)	/* an int returned unsigned: 4294967258 ENOSYS (...) */

#define SD_RET_ENUM(word, NAME) SD_RET_##NAME,
enum sd_ret_kind { SD_RET_KINDS(SD_RET_ENUM) };
#undef SD_RET_ENUM

#endif

/* SPDX-License-Identifier: MIT */
/* sockdiag.h - a socket's endpoints, for -yy (see sockdiag.c). */
#ifndef SD_SOCKDIAG_H
#define SD_SOCKDIAG_H

#include <stddef.h>

/*
 * Write what socket inode @ino of protocol @proto (the kernel's name:
 * TCP, UDPv6, UNIX-STREAM...) is connected to into @out (@n bytes), as
 * strace -yy prints it: TCP:[127.0.0.1:80->127.0.0.1:5000],
 * UNIX-STREAM:[12345->12346,"/run/s"], or PROTO:[INODE] when the kernel
 * cannot tell (the socket is gone).  Returns 0.
 */
int sd_sock_details(const char *proto, unsigned long ino, char *out, size_t n);

#endif

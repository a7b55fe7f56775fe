/* SPDX-License-Identifier: MIT */
/*
 * kstructs.h - kernel data that strace prints in its own notation and no
 * .sysdef table can express: wait statuses, signal sets, socket addresses.
 */
#ifndef SD_KSTRUCTS_H
#define SD_KSTRUCTS_H

#include <stddef.h>

#include "sd_buf.h"
#include "sd_decode.h"

/*
 * Append @len bytes at @data as strace 6.1 prints them with @printer:
 *   SD_PRINT_WAITSTATUS  {WIFEXITED(s) && WEXITSTATUS(s) == 0}
 *   SD_PRINT_SIGSET      [INT TERM], [], ~[RTMIN RT_1]
 *   SD_PRINT_SOCKADDR    {sa_family=AF_INET, sin_port=htons(80),
 *                        sin_addr=inet_addr("127.0.0.1")}
 *   SD_PRINT_RLIM        8192*1024, RLIM64_INFINITY, 100
 *   SD_PRINT_HEXSTR      "\xe3\x88" (every byte in hex; the caller cuts at -s)
 *   SD_PRINT_INET_ADDR   inet_addr("127.0.0.1")
 *   SD_PRINT_INET6_ADDR  inet_pton(AF_INET6, "::1") (sd_fmt_inet6 names the field)
 *   SD_PRINT_IFINDEX     if_nametoindex("lo"), or the number
 * Scalars (waitstatus, rlim) come as a long long; a wait status also as int.
 * Data too short for its printer is printed as a quoted byte string.
 */
void sd_print_kstruct(struct sd_buf *b, enum sd_print printer,
		      const void *data, size_t len);

/* The bytes @printer needs whole (else the pointer prints), or 0. */
size_t sd_kstruct_size(enum sd_print printer);

/*
 * An IPv6 address (16 bytes at @data) as strace prints it in a struct,
 * naming the field @name: inet_pton(AF_INET6, "ff01::c", &ipv6mr_multiaddr).
 */
void sd_fmt_inet6(struct sd_buf *b, const void *data, const char *name);

/*
 * Append a kernel siginfo (48 bytes, x86_64 layout) as strace prints it in
 * "--- SIGCHLD {...} ---": {si_signo=SIGCHLD, si_code=CLD_EXITED, ...}.
 */
void sd_fmt_siginfo(struct sd_buf *b, const void *info, size_t len);

struct sd_comms;
/* -Y: siginfo's si_pid names its process from @c from now on (NULL: not). */
void sd_kstructs_comms(const struct sd_comms *c);

#endif

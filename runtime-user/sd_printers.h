/* SPDX-License-Identifier: MIT */
/*
 * sd_printers.h - the runtime's structured printers, for data strace prints
 * in a notation of its own that no .sysdef table can express.  The one list
 * both sides expand: sysdefc accepts @print(NAME) for these names and emits
 * SD_PRINT_NAME; the runtime implements each (kstructs.c).
 *
 * X(name, NAME, what it prints)
 */
#ifndef SD_PRINTERS_H
#define SD_PRINTERS_H

#define SD_PRINTERS(X)							\
	X(waitstatus, WAITSTATUS, "{WIFEXITED(s) && WEXITSTATUS(s) == 0}")	\
	X(sigset, SIGSET, "[INT TERM], ~[RTMIN RT_1] (bytes)")		\
	X(sockaddr, SOCKADDR, "{sa_family=AF_INET, sin_port=htons(80), ...} (bytes)") \
	X(rlim, RLIM, "8192*1024, RLIM64_INFINITY")			\
	X(hexstr, HEXSTR, "\"\\xe3\\x88\" (bytes, cut at -s)")		\
	X(time, TIME, "1796241814 /* 2026-12-02T20:03:34+0000 */")	\
	X(ticks, TICKS, "30 /* 0.30 s */ (clock_t)")			\
	X(dev, DEV, "makedev(0x1, 0x7)")					\
	X(siginfo, SIGINFO, "{si_signo=SIGCHLD, si_code=CLD_EXITED, ...} (128 bytes)") \
	X(bitset, BITSET, "[0 1]: the bits set, a CPU set (bytes)")	\
	X(inet_addr, INET_ADDR, "inet_addr(\"127.0.0.1\") (4 bytes)")	\
	X(inet6_addr, INET6_ADDR, "inet_pton(AF_INET6, \"::1\", &FIELD) (16 bytes)") \
	X(ifindex, IFINDEX, "if_nametoindex(\"lo\"), or the number")

#endif

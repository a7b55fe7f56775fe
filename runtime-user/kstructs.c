/* SPDX-License-Identifier: MIT */
/* kstructs.c - wait statuses, signal sets, socket addresses, siginfo, as strace. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "errno_signal_names.h"
#include "kstructs.h"
#include "pidcomm.h"
#include "strfmt.h"

#define SIGSET_BYTES 8	/* the kernel's sigset_t on x86_64 */

static void waitstatus(struct sd_buf *b, int status)
{
	if (WIFSTOPPED(status)) {
		int sig = WSTOPSIG(status);

		sd_buf_puts(b, "{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		sd_fmt_signal(b, sig & 0x7f);
		sd_buf_printf(b, "%s}", sig & 0x80 ? " | 0x80" : "");
		status &= ~((sig << 8) | 0x7f);
	} else if (WIFSIGNALED(status)) {
		sd_buf_puts(b, "{WIFSIGNALED(s) && WTERMSIG(s) == ");
		sd_fmt_signal(b, WTERMSIG(status));
		sd_buf_printf(b, "%s}", WCOREDUMP(status) ? " && WCOREDUMP(s)" : "");
		status &= ~(WTERMSIG(status) | 0x80);
	} else if (WIFEXITED(status)) {
		sd_buf_printf(b, "{WIFEXITED(s) && WEXITSTATUS(s) == %d}",
			      WEXITSTATUS(status));
		status &= ~(WEXITSTATUS(status) << 8);
	} else if (WIFCONTINUED(status)) {
		sd_buf_puts(b, "{WIFCONTINUED(s)}");
		status = 0;
	} else {
		sd_buf_printf(b, "%#x", (unsigned int)status);
		return;
	}
	if (status)
		sd_buf_printf(b, " | %#x", (unsigned int)status);
}

/* strace: names without "SIG", the complement if 2/3 or more are set. */
static void sigset_print(struct sd_buf *b, const unsigned char *data, size_t len)
{
	uint32_t mask[SIGSET_BYTES / 4] = { 0 };
	unsigned int words = (unsigned int)((len < SIGSET_BYTES ? len : SIGSET_BYTES) + 3) / 4;
	unsigned int set = 0;
	char sep = '[';

	memcpy(mask, data, len < SIGSET_BYTES ? len : SIGSET_BYTES);
	for (unsigned int w = 0; w < words; w++)
		set += (unsigned int)__builtin_popcount(mask[w]);
	if (set >= words * 32 * 2 / 3) {
		for (unsigned int w = 0; w < words; w++)
			mask[w] = ~mask[w];
		sd_buf_putc(b, '~');
	}
	for (unsigned int i = 0; i < words * 32; i++) {
		const char *name;

		if (!(mask[i / 32] & (1u << (i % 32))))
			continue;
		sd_buf_putc(b, sep);
		sep = ' ';
		name = sd_signame((int)i + 1);
		if (name && sd_xlat_verbosity == SD_XLAT_ABBREV)
			sd_buf_puts(b, name + 3);
		else
			sd_buf_printf(b, "%u", i + 1);
		if (name && sd_xlat_verbosity == SD_XLAT_VERBOSE)	/* -X */
			sd_put_comment(b, name + 3);
	}
	if (sep == '[')
		sd_buf_putc(b, '[');
	sd_buf_putc(b, ']');
}

static void ifindex(struct sd_buf *b, unsigned int idx)
{
	char name[IF_NAMESIZE];

	if (idx && if_indextoname(idx, name))
		sd_buf_printf(b, "if_nametoindex(\"%s\")", name);
	else
		sd_buf_printf(b, "%u", idx);
}

static void inet_addr4(struct sd_buf *b, const void *data)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, data, ip, sizeof(ip));
	sd_buf_printf(b, "inet_addr(\"%s\")", ip);
}

void sd_fmt_inet6(struct sd_buf *b, const void *data, const char *name)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, data, ip, sizeof(ip));
	sd_buf_printf(b, "inet_pton(AF_INET6, \"%s\"%s%s)", ip, name ? ", &" : "",
		      name ? name : "");
}

#define AF(name) { name, #name }
static const struct sd_xlat families[] = {
	AF(AF_UNSPEC), AF(AF_UNIX), AF(AF_INET), AF(AF_AX25), AF(AF_IPX),
	AF(AF_APPLETALK), AF(AF_NETROM), AF(AF_BRIDGE), AF(AF_ATMPVC), AF(AF_X25),
	AF(AF_INET6), AF(AF_ROSE), AF(AF_DECnet), AF(AF_NETBEUI), AF(AF_SECURITY),
	AF(AF_KEY), AF(AF_NETLINK), AF(AF_PACKET), AF(AF_ASH), AF(AF_ECONET),
	AF(AF_ATMSVC), AF(AF_RDS), AF(AF_SNA), AF(AF_IRDA), AF(AF_PPPOX),
	AF(AF_WANPIPE), AF(AF_LLC), AF(AF_IB), AF(AF_MPLS), AF(AF_CAN), AF(AF_TIPC),
	AF(AF_BLUETOOTH), AF(AF_IUCV), AF(AF_RXRPC), AF(AF_ISDN), AF(AF_PHONET),
	AF(AF_IEEE802154), AF(AF_CAIF), AF(AF_ALG), AF(AF_NFC), AF(AF_VSOCK),
	AF(AF_KCM), AF(AF_QIPCRTR), AF(AF_SMC), AF(AF_XDP), AF(AF_MCTP),
};
#undef AF

static void sockaddr(struct sd_buf *b, const unsigned char *data, size_t len)
{
	sa_family_t fam;

	if (len < sizeof(fam)) {
		sd_fmt_quoted(b, data, len, len, 0);
		return;
	}
	memcpy(&fam, data, sizeof(fam));
	sd_buf_puts(b, "{sa_family=");
	sd_fmt_enum(b, fam, families, sizeof(families) / sizeof(families[0]), "AF_???");
	if (fam == AF_INET && len >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in in;
		char ip[INET_ADDRSTRLEN];

		memcpy(&in, data, sizeof(in));
		inet_ntop(AF_INET, &in.sin_addr, ip, sizeof(ip));
		sd_buf_printf(b, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
			      ntohs(in.sin_port), ip);
	} else if (fam == AF_INET6 && len >= 24) {	/* the scope id is optional */
		struct sockaddr_in6 in6;
		char ip[INET6_ADDRSTRLEN];

		memset(&in6, 0, sizeof(in6));
		memcpy(&in6, data, len < sizeof(in6) ? len : sizeof(in6));
		inet_ntop(AF_INET6, &in6.sin6_addr, ip, sizeof(ip));
		sd_buf_printf(b, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			      "inet_pton(AF_INET6, \"%s\", &sin6_addr)",
			      ntohs(in6.sin6_port), ntohl(in6.sin6_flowinfo), ip);
		if (len < sizeof(in6)) {
			sd_buf_putc(b, '}');
			return;
		}
		sd_buf_puts(b, ", sin6_scope_id=");
		/* an interface names only a link-local address's scope */
		if (IN6_IS_ADDR_LINKLOCAL(&in6.sin6_addr) ||
		    IN6_IS_ADDR_MC_LINKLOCAL(&in6.sin6_addr))
			ifindex(b, in6.sin6_scope_id);
		else
			sd_buf_printf(b, "%u", in6.sin6_scope_id);
		sd_buf_putc(b, '}');
	} else if (fam == AF_UNIX) {
		const unsigned char *path = data + sizeof(fam);
		size_t n = (len < sizeof(struct sockaddr_un) ? len :
			    sizeof(struct sockaddr_un)) - sizeof(fam);

		if (n) {
			sd_buf_puts(b, ", sun_path=");
			if (path[0] == '\0') {	/* abstract socket */
				sd_buf_putc(b, '@');
				sd_fmt_quoted(b, path + 1, n - 1, n - 1, 0);
			} else {
				sd_fmt_quoted(b, path, n, SD_FMT_PATH_LIMIT,
					      SD_FMT_NUL_TERMINATED);
			}
		}
		sd_buf_putc(b, '}');
	} else if (fam == AF_NETLINK && len >= sizeof(struct sockaddr_nl)) {
		struct sockaddr_nl nl;

		memcpy(&nl, data, sizeof(nl));
		if (nl.nl_pad)
			sd_buf_printf(b, ", nl_pad=%#x", nl.nl_pad);
		sd_buf_printf(b, ", nl_pid=%d, nl_groups=%#08x}", (int)nl.nl_pid,
			      nl.nl_groups);
	} else {
		sd_buf_puts(b, ", sa_data=");
		sd_fmt_quoted(b, data + sizeof(fam), len - sizeof(fam),
			      len - sizeof(fam), 0);
		sd_buf_putc(b, '}');
	}
}

/* A clock_t: its ticks, and its seconds in a comment when not 0. */
static void ticks(struct sd_buf *b, long long v)
{
	static long hz;

	sd_buf_printf(b, "%llu", (unsigned long long)v);
	if (!v || sd_xlat_verbosity == SD_XLAT_RAW)
		return;
	if (!hz)
		hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	sd_buf_printf(b, " /* %llu.%02llu s */", (unsigned long long)v / (unsigned long long)hz,
		      (unsigned long long)v % (unsigned long long)hz * 100 / (unsigned long long)hz);
}

/* time_t with its date, clock_t with its seconds, dev_t as makedev(). */
static void scalar(struct sd_buf *b, enum sd_print printer, long long v)
{
	static long hz;

	if (printer == SD_PRINT_DEV) {
		sd_buf_printf(b, "makedev(%#x, %#x)", major((dev_t)v), minor((dev_t)v));
		return;
	}
	sd_buf_printf(b, printer == SD_PRINT_TICKS ? "%llu" : "%lld", v);
	if (printer == SD_PRINT_TIME) {
		struct sd_buf date;

		sd_buf_init(&date);
		sd_fmt_time(&date, v);
		sd_put_comment(b, date.p);
		sd_buf_free(&date);
		return;
	}
	if (!hz)
		hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	sd_buf_printf(b, " /* %llu.%02llu s */", (unsigned long long)v / (unsigned long long)hz,
		      (unsigned long long)v % (unsigned long long)hz * 100 / (unsigned long long)hz);
}

/* utimes' and utimensat's two times, each dated; UTIME_NOW by name. */
static void time_pair(struct sd_buf *b, const void *data, int nsec)
{
	struct sd_buf date;
	long long t[4];

	memcpy(t, data, sizeof(t));
	sd_buf_putc(b, '[');
	for (int i = 0; i < 2; i++) {
		long long sec = t[2 * i], part = t[2 * i + 1];

		if (i)
			sd_buf_puts(b, ", ");
		if (nsec && (part == UTIME_NOW || part == UTIME_OMIT)) {
			sd_buf_puts(b, part == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT");
			continue;
		}
		sd_buf_printf(b, "{tv_sec=%lld, %s=%llu}", sec, nsec ? "tv_nsec" : "tv_usec",
			      (unsigned long long)part);
		sd_buf_init(&date);
		if (!sd_fmt_time_frac(&date, sec, (unsigned long long)part, nsec ? 9 : 6))
			sd_put_comment(b, date.p);
		sd_buf_free(&date);
	}
	sd_buf_putc(b, ']');
}

size_t sd_kstruct_size(enum sd_print printer)
{
	if (printer == SD_PRINT_SOCKADDR)	/* shorter than sa_family: the address */
		return sizeof(unsigned short);
	return printer == SD_PRINT_UTIMES || printer == SD_PRINT_UTIMENS ?
		4 * sizeof(long long) : 0;
}

void sd_print_kstruct(struct sd_buf *b, enum sd_print printer,
		      const void *data, size_t len)
{
	switch (printer) {
	case SD_PRINT_UTIMES:
	case SD_PRINT_UTIMENS:
		if (len >= 4 * sizeof(long long)) {
			time_pair(b, data, printer == SD_PRINT_UTIMENS);
			return;
		}
		break;
	case SD_PRINT_WAITSTATUS:
		if (len == sizeof(long long)) {
			long long v;

			memcpy(&v, data, sizeof(v));
			waitstatus(b, (int)v);
			return;
		}
		if (len >= sizeof(int)) {
			int status;

			memcpy(&status, data, sizeof(status));
			waitstatus(b, status);
			return;
		}
		break;
	case SD_PRINT_RLIM:
		if (len == sizeof(unsigned long long)) {
			unsigned long long v;

			memcpy(&v, data, sizeof(v));
			if (v == ~0ULL)
				sd_fmt_xval(b, (long long)v, "RLIM64_INFINITY", NULL,
					    SD_XVAL_UNSIGNED);
			else if (v > 1024 && v % 1024 == 0) {
				size_t start = b->len;
				char num[24];

				sd_buf_printf(b, "%llu*1024", v / 1024);
				snprintf(num, sizeof(num), "%llu", v);
				sd_xlat_restyle(b, start, num);	/* -X */
			}
			else
				sd_buf_printf(b, "%llu", v);
			return;
		}
		break;
	case SD_PRINT_SIGSET:
		if (len) {
			sigset_print(b, data, len);
			return;
		}
		break;
	case SD_PRINT_SOCKADDR:
		sockaddr(b, data, len);
		return;
	case SD_PRINT_ERRNO:
		if (len == sizeof(long long)) {
			long long v;

			memcpy(&v, data, sizeof(v));
			if (v < 0 && v > -SD_ERRNO_NAMES && sd_errno_names[-v]) {
				char name[64];

				snprintf(name, sizeof(name), "-%s", sd_errno_names[-v]);
				sd_fmt_xval(b, v, name, NULL, SD_XVAL_SIGNED);
			} else {
				sd_buf_printf(b, "%lld", v);
			}
			return;
		}
		break;
	case SD_PRINT_TIME:
	case SD_PRINT_TICKS:
	case SD_PRINT_DEV:
		if (len == sizeof(long long)) {
			long long v;

			memcpy(&v, data, sizeof(v));
			scalar(b, printer, v);
			return;
		}
		break;
	case SD_PRINT_BITSET:
		sd_buf_putc(b, '[');
		for (size_t i = 0, n = 0; i < len * 8; i++)
			if (((const unsigned char *)data)[i / 8] & (1u << (i % 8)))
				sd_buf_printf(b, n++ ? " %zu" : "%zu", i);
		sd_buf_putc(b, ']');
		return;
	case SD_PRINT_SIGINFO:
		if (len >= 48) {
			sd_fmt_siginfo(b, data, len);
			return;
		}
		break;
	case SD_PRINT_INET_ADDR:
		if (len >= 4) {
			inet_addr4(b, data);
			return;
		}
		break;
	case SD_PRINT_INET6_ADDR:
		if (len >= 16) {
			sd_fmt_inet6(b, data, NULL);
			return;
		}
		break;
	case SD_PRINT_IFINDEX:
		if (len >= sizeof(unsigned int)) {
			unsigned int v;

			memcpy(&v, data, sizeof(v));
			ifindex(b, v);
			return;
		}
		break;
	case SD_PRINT_BYTES0:	/* sd_d_buf_print() applies the -s limit */
		if (len && !((const unsigned char *)data)[len - 1])
			len--;
		break;
	case SD_PRINT_HEXSTR:
		sd_buf_putc(b, '"');
		for (size_t i = 0; i < len; i++)
			sd_buf_printf(b, "\\x%02x", ((const unsigned char *)data)[i]);
		sd_buf_putc(b, '"');
		return;
	}
	sd_fmt_quoted(b, data, len, len, 0);
}

/* si_code values every signal may carry (SI_*), then per-signal ones. */
static const struct sd_xlat si_codes[] = {
	{ (unsigned long long)SI_USER, "SI_USER" },
	{ (unsigned long long)SI_KERNEL, "SI_KERNEL" },
	{ (unsigned long long)(long long)SI_QUEUE, "SI_QUEUE" },
	{ (unsigned long long)(long long)SI_TIMER, "SI_TIMER" },
	{ (unsigned long long)(long long)SI_MESGQ, "SI_MESGQ" },
	{ (unsigned long long)(long long)SI_ASYNCIO, "SI_ASYNCIO" },
	{ (unsigned long long)(long long)SI_SIGIO, "SI_SIGIO" },
	{ (unsigned long long)(long long)SI_TKILL, "SI_TKILL" },
	{ (unsigned long long)(long long)SI_ASYNCNL, "SI_ASYNCNL" },
};

static const struct sd_xlat cld_codes[] = {
	{ CLD_EXITED, "CLD_EXITED" }, { CLD_KILLED, "CLD_KILLED" },
	{ CLD_DUMPED, "CLD_DUMPED" }, { CLD_TRAPPED, "CLD_TRAPPED" },
	{ CLD_STOPPED, "CLD_STOPPED" }, { CLD_CONTINUED, "CLD_CONTINUED" },
};

static const struct sd_xlat segv_codes[] = {
	{ SEGV_MAPERR, "SEGV_MAPERR" }, { SEGV_ACCERR, "SEGV_ACCERR" },
	{ SEGV_BNDERR, "SEGV_BNDERR" }, { SEGV_PKUERR, "SEGV_PKUERR" },
};

static const struct sd_xlat bus_codes[] = {
	{ BUS_ADRALN, "BUS_ADRALN" }, { BUS_ADRERR, "BUS_ADRERR" },
	{ BUS_OBJERR, "BUS_OBJERR" }, { BUS_MCEERR_AR, "BUS_MCEERR_AR" },
	{ BUS_MCEERR_AO, "BUS_MCEERR_AO" },
};

static const struct sd_xlat ill_codes[] = {
	{ ILL_ILLOPC, "ILL_ILLOPC" }, { ILL_ILLOPN, "ILL_ILLOPN" },
	{ ILL_ILLADR, "ILL_ILLADR" }, { ILL_ILLTRP, "ILL_ILLTRP" },
	{ ILL_PRVOPC, "ILL_PRVOPC" }, { ILL_PRVREG, "ILL_PRVREG" },
	{ ILL_COPROC, "ILL_COPROC" }, { ILL_BADSTK, "ILL_BADSTK" },
};

static const struct sd_xlat fpe_codes[] = {
	{ FPE_INTDIV, "FPE_INTDIV" }, { FPE_INTOVF, "FPE_INTOVF" },
	{ FPE_FLTDIV, "FPE_FLTDIV" }, { FPE_FLTOVF, "FPE_FLTOVF" },
	{ FPE_FLTUND, "FPE_FLTUND" }, { FPE_FLTRES, "FPE_FLTRES" },
	{ FPE_FLTINV, "FPE_FLTINV" }, { FPE_FLTSUB, "FPE_FLTSUB" },
};

static const struct sd_xlat trap_codes[] = {
	{ TRAP_BRKPT, "TRAP_BRKPT" }, { TRAP_TRACE, "TRAP_TRACE" },
	{ TRAP_BRANCH, "TRAP_BRANCH" }, { TRAP_HWBKPT, "TRAP_HWBKPT" },
};

static const struct sd_xlat poll_codes[] = {
	{ POLL_IN, "POLL_IN" }, { POLL_OUT, "POLL_OUT" }, { POLL_MSG, "POLL_MSG" },
	{ POLL_ERR, "POLL_ERR" }, { POLL_PRI, "POLL_PRI" }, { POLL_HUP, "POLL_HUP" },
};

#define XL(t) t, sizeof(t) / sizeof((t)[0])

static const char *lookup(const struct sd_xlat *t, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if ((int)t[i].val == v)
			return t[i].name;
	return NULL;
}

/* The kernel's siginfo on 64-bit: three ints, then the union at 16. */
struct ksiginfo {
	int signo, errno_, code, pad;
	union {
		struct { int pid; unsigned int uid; } kill;
		struct { int tid, overrun; unsigned long long value; } timer;
		struct { int pid; unsigned int uid; unsigned long long value; } rt;
		struct { int pid; unsigned int uid; int status, pad;
			 long long utime, stime; } chld;
		struct { unsigned long long addr; } fault;
		struct { long long band; int fd; } poll;
		struct { unsigned long long call_addr; int syscall;
			 unsigned int arch; } sys;
	} u;
};

static const struct sd_comms *si_comms;

void sd_kstructs_comms(const struct sd_comms *c)
{
	si_comms = c;
}

/* ", si_pid=1234<sh>, si_uid=0" */
static void si_pid_uid(struct sd_buf *b, int pid, unsigned int uid)
{
	char comm[SD_COMM_LEN];

	sd_buf_printf(b, ", si_pid=%d", pid);
	if (si_comms && pid > 0) {
		sd_comms_lookup_arg(si_comms, (uint32_t)pid, comm);
		sd_comm_put(b, comm);
	}
	sd_buf_printf(b, ", si_uid=%u", uid);
}

void sd_fmt_siginfo(struct sd_buf *b, const void *data, size_t len)
{
	struct ksiginfo si;
	const char *code = NULL;

	memset(&si, 0, sizeof(si));
	memcpy(&si, data, len < sizeof(si) ? len : sizeof(si));
	if (!si.signo) {	/* nothing was filled in (waitid with WNOHANG) */
		sd_buf_puts(b, "{}");
		return;
	}
	sd_buf_puts(b, "{si_signo=");
	sd_fmt_signal(b, si.signo);
	if (si.errno_)
		sd_buf_printf(b, ", si_errno=%d", si.errno_);
	if (si.code <= 0 || si.code == SI_KERNEL)
		code = lookup(XL(si_codes), si.code);
	else if (si.signo == SIGCHLD)
		code = lookup(XL(cld_codes), si.code);
	else if (si.signo == SIGSEGV)
		code = lookup(XL(segv_codes), si.code);
	else if (si.signo == SIGBUS)
		code = lookup(XL(bus_codes), si.code);
	else if (si.signo == SIGILL)
		code = lookup(XL(ill_codes), si.code);
	else if (si.signo == SIGFPE)
		code = lookup(XL(fpe_codes), si.code);
	else if (si.signo == SIGTRAP)
		code = lookup(XL(trap_codes), si.code);
	else if (si.signo == SIGPOLL)
		code = lookup(XL(poll_codes), si.code);
	sd_buf_puts(b, ", si_code=");
	sd_fmt_xval(b, si.code, code, NULL, SD_XVAL_SIGNED);
	switch (si.code) {
	case SI_USER:
	case SI_TKILL:
		si_pid_uid(b, si.u.kill.pid, si.u.kill.uid);
		sd_buf_putc(b, '}');
		return;
	case SI_QUEUE:
	case SI_MESGQ:
		si_pid_uid(b, si.u.rt.pid, si.u.rt.uid);
		sd_buf_printf(b, ", si_int=%d, si_ptr=", (int)si.u.rt.value);
		sd_fmt_ptr(b, (unsigned long)si.u.rt.value);
		sd_buf_putc(b, '}');
		return;
	case SI_TIMER:
		sd_buf_printf(b, ", si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=%#llx}",
			      si.u.timer.tid, si.u.timer.overrun, (int)si.u.timer.value,
			      si.u.timer.value);
		return;
	default:
		break;
	}
	if (si.code > 0 && si.signo == SIGCHLD) {
		si_pid_uid(b, si.u.chld.pid, si.u.chld.uid);
		sd_buf_puts(b, ", si_status=");
		if (si.code == CLD_EXITED)
			sd_buf_printf(b, "%d", si.u.chld.status);
		else
			sd_fmt_signal(b, si.u.chld.status);
		/* clock ticks, with their seconds when not 0, as strace */
		sd_buf_puts(b, ", si_utime=");
		ticks(b, si.u.chld.utime);
		sd_buf_puts(b, ", si_stime=");
		ticks(b, si.u.chld.stime);
		sd_buf_putc(b, '}');
	} else if (si.signo == SIGSEGV || si.signo == SIGBUS || si.signo == SIGILL ||
		   si.signo == SIGFPE || si.signo == SIGTRAP) {
		sd_buf_puts(b, ", si_addr=");
		sd_fmt_ptr(b, (unsigned long)si.u.fault.addr);
		sd_buf_putc(b, '}');
	} else if (si.code > 0 && si.signo == SIGPOLL) {
		sd_buf_printf(b, ", si_band=%lld, si_fd=%d}", si.u.poll.band, si.u.poll.fd);
	} else {
		sd_buf_putc(b, '}');
	}
}

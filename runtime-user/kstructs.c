/* SPDX-License-Identifier: MIT */
/* kstructs.c - wait statuses, signal sets and socket addresses, as strace. */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "kstructs.h"
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
static void sigset(struct sd_buf *b, const unsigned char *data, size_t len)
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
		if (name)
			sd_buf_puts(b, name + 3);
		else
			sd_buf_printf(b, "%u", i + 1);
	}
	if (sep == '[')
		sd_buf_putc(b, '[');
	sd_buf_putc(b, ']');
}

static const struct sd_xlat families[] = {
	{ AF_UNSPEC, "AF_UNSPEC" }, { AF_UNIX, "AF_UNIX" }, { AF_INET, "AF_INET" },
	{ AF_INET6, "AF_INET6" }, { AF_NETLINK, "AF_NETLINK" },
	{ AF_PACKET, "AF_PACKET" },
};

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
	} else if (fam == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 in6;
		char ip[INET6_ADDRSTRLEN];

		memcpy(&in6, data, sizeof(in6));
		inet_ntop(AF_INET6, &in6.sin6_addr, ip, sizeof(ip));
		sd_buf_printf(b, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			      "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%u}",
			      ntohs(in6.sin6_port), ntohl(in6.sin6_flowinfo), ip,
			      in6.sin6_scope_id);
	} else if (fam == AF_UNIX) {
		const unsigned char *path = data + sizeof(fam);
		size_t n = len - sizeof(fam);

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
		sd_buf_printf(b, ", nl_pid=%u, nl_groups=%08x}", nl.nl_pid, nl.nl_groups);
	} else {
		sd_buf_puts(b, ", sa_data=");
		sd_fmt_quoted(b, data + sizeof(fam), len - sizeof(fam),
			      len - sizeof(fam), 0);
		sd_buf_putc(b, '}');
	}
}

void sd_print_kstruct(struct sd_buf *b, enum sd_print printer,
		      const void *data, size_t len)
{
	switch (printer) {
	case SD_PRINT_WAITSTATUS:
		if (len >= sizeof(int)) {
			int status;

			memcpy(&status, data, sizeof(status));
			waitstatus(b, status);
			return;
		}
		break;
	case SD_PRINT_SIGSET:
		if (len) {
			sigset(b, data, len);
			return;
		}
		break;
	case SD_PRINT_SOCKADDR:
		sockaddr(b, data, len);
		return;
	}
	sd_fmt_quoted(b, data, len, len, 0);
}

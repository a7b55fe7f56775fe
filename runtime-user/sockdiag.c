// SPDX-License-Identifier: MIT
/*
 * sockdiag.c - what a socket is connected to, for -yy, asked of the
 * kernel's sock_diag netlink interface by the socket's inode, as strace
 * asks it: TCP:[127.0.0.1:80->127.0.0.1:5000], UNIX-STREAM:[12->13,"/run/s"].
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockdiag.h"
#include "strfmt.h"

/* Send @req (@len bytes) and hand each answer to @parse until it says done. */
static int query(void *req, size_t len, unsigned long ino, char *out, size_t n,
		 int (*parse)(const struct nlmsghdr *h, unsigned long ino, char *out,
			      size_t n, const char *proto), const char *proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[16384] __attribute__((aligned(8)));
	int fd, rc = -ENOENT;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	if (sendto(fd, req, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		rc = -errno;
		goto out;
	}
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *h = (const void *)buf;
		int left = (int)got;

		if (got <= 0)
			goto out;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				goto out;
			if (!parse(h, ino, out, n, proto)) {
				rc = 0;
				goto out;
			}
		}
	}
out:
	close(fd);
	return rc;
}

static int parse_inet(const struct nlmsghdr *h, unsigned long ino, char *out,
		      size_t n, const char *proto)
{
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	static const unsigned char zero[16];
	int v6 = m->idiag_family == AF_INET6;
	size_t asz = v6 ? 16 : 4;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const char *ob = v6 ? "[" : "", *cb = v6 ? "]" : "";

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) || m->idiag_inode != ino)
		return 1;
	if (!inet_ntop(m->idiag_family, m->id.idiag_src, src, sizeof(src)))
		return 1;
	if (m->id.idiag_dport || memcmp(zero, m->id.idiag_dst, asz)) {
		if (!inet_ntop(m->idiag_family, m->id.idiag_dst, dst, sizeof(dst)))
			return 1;
		snprintf(out, n, "%s:[%s%s%s:%u->%s%s%s:%u]", proto, ob, src, cb,
			 ntohs(m->id.idiag_sport), ob, dst, cb, ntohs(m->id.idiag_dport));
	} else {
		snprintf(out, n, "%s:[%s%s%s:%u]", proto, ob, src, cb,
			 ntohs(m->id.idiag_sport));
	}
	return 0;
}

static int parse_unix(const struct nlmsghdr *h, unsigned long ino, char *out,
		      size_t n, const char *proto)
{
	const struct unix_diag_msg *m = NLMSG_DATA(h);
	int left = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*m));
	unsigned int peer = 0;
	char peer_s[16] = "", path[256] = "";
	struct sd_buf q;

	if (left < 0 || m->udiag_ino != ino)
		return 1;
	for (const struct rtattr *a = (const void *)(m + 1); RTA_OK(a, left);
	     a = RTA_NEXT(a, left)) {
		if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= 4)
			memcpy(&peer, RTA_DATA(a), 4);
		if (a->rta_type == UNIX_DIAG_NAME && RTA_PAYLOAD(a) && !path[0]) {
			const unsigned char *p = RTA_DATA(a);
			size_t len = RTA_PAYLOAD(a) > 108 ? 108 : RTA_PAYLOAD(a);

			/* ,"path" or, abstract, ,@"name" */
			sd_buf_init(&q);
			sd_buf_puts(&q, p[0] ? "," : ",@");
			sd_fmt_quoted(&q, p[0] ? p : p + 1, p[0] ? len : len - 1,
				      SD_FMT_PATH_LIMIT, SD_FMT_NUL_TERMINATED);
			snprintf(path, sizeof(path), "%.*s", (int)q.len, q.p ? q.p : "");
			sd_buf_free(&q);
		}
	}
	if (!peer && !path[0])
		return 1;
	if (peer)
		snprintf(peer_s, sizeof(peer_s), "->%u", peer);
	snprintf(out, n, "%s:[%lu%s%s]", proto, ino, peer_s, path);
	return 0;
}

/*
 * What was once found stays, by inode, as strace keeps it: a socket that
 * is closed when its lines print (sdtrace decodes after the fact) keeps
 * the endpoints an earlier line saw.  The decoder's thread only.
 */
#define SOCK_CACHE 1024U
static struct {
	unsigned long ino;
	char *details;
} cache[SOCK_CACHE];

static int found(unsigned long ino, const char *out)
{
	char *d = strdup(out);

	if (d) {
		free(cache[ino % SOCK_CACHE].details);
		cache[ino % SOCK_CACHE].ino = ino;
		cache[ino % SOCK_CACHE].details = d;
	}
	return 0;
}

int sd_sock_details(const char *proto, unsigned long ino, char *out, size_t n)
{
	static const struct {
		const char *name;
		int family, protocol;
	} inet[] = {
		{ "TCP", AF_INET, IPPROTO_TCP }, { "UDP", AF_INET, IPPROTO_UDP },
		{ "TCPv6", AF_INET6, IPPROTO_TCP }, { "UDPv6", AF_INET6, IPPROTO_UDP },
	};

	if (cache[ino % SOCK_CACHE].details && cache[ino % SOCK_CACHE].ino == ino) {
		snprintf(out, n, "%s", cache[ino % SOCK_CACHE].details);
		return 0;
	}
	if (!strcmp(proto, "UNIX") || !strcmp(proto, "UNIX-STREAM")) {
		struct {
			struct nlmsghdr h;
			struct unix_diag_req r;
		} req = {
			.h = { .nlmsg_len = sizeof(req), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			       .nlmsg_flags = NLM_F_REQUEST },
			.r = { .sdiag_family = AF_UNIX, .udiag_states = -1,
			       .udiag_ino = (__u32)ino,
			       .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER,
			       .udiag_cookie = { INET_DIAG_NOCOOKIE, INET_DIAG_NOCOOKIE } },
		};

		if (!query(&req, sizeof(req), ino, out, n, parse_unix, proto))
			return found(ino, out);
	}
	for (size_t i = 0; i < sizeof(inet) / sizeof(inet[0]); i++) {
		struct {
			struct nlmsghdr h;
			struct inet_diag_req_v2 r;
		} req = {
			.h = { .nlmsg_len = sizeof(req), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
			.r = { .sdiag_family = (__u8)inet[i].family,
			       .sdiag_protocol = (__u8)inet[i].protocol, .idiag_states = -1u },
		};

		if (strcmp(proto, inet[i].name))
			continue;
		if (!query(&req, sizeof(req), ino, out, n, parse_inet, proto))
			return found(ino, out);
	}
	snprintf(out, n, "%s:[%lu]", proto, ino);	/* as strace, when it cannot tell */
	return 0;
}

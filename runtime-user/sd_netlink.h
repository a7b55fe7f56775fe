/* SPDX-License-Identifier: MIT */
/*
 * sd_netlink.h - netlink protocols as the descriptions give them
 * (syscalls/netlink.sysdef), in the tables sysdefc generates into
 * sd_decoders.c, and the walker that prints messages with them
 * (netlink.c).  The one contract between the two sides.
 */
#ifndef SD_NETLINK_H
#define SD_NETLINK_H

#include "sd_decode.h"

/*
 * A set of attributes: their names, and the function that prints the value
 * of one (@p: @avail readable bytes of @len, at @addr): 1 printed, 0 not
 * known or too short (the walker prints the bytes), 2 attributes of set
 * *@nested follow at offset *@at (0: the value is they; else after what
 * the function printed, as its siblings).
 */
struct sd_nl_attrs {
	const struct sd_enum *types;
	int (*value)(struct sd_dec *d, unsigned int type, const unsigned char *p,
		     unsigned int avail, unsigned int len, unsigned long long addr,
		     const struct sd_nl_attrs **nested, unsigned int *at);
};

/*
 * Messages of one type: flags beyond the common ones, payload, attributes.
 * A payload longer than its struct may be one of @cases instead: the first
 * whose type is the value of the payload's field at @sel_off (@sel_size
 * bytes) and whose @dir fits the message (0 any, 1 NLM_F_REQUEST set, 2
 * not set).
 */
struct sd_nl_msgdesc {
	unsigned long long type;	/* within a subsystem: the low 8 bits */
	const struct sd_flags *flags;	/* or NULL */
	void (*payload)(struct sd_dec *d, const unsigned char *p); /* or NULL */
	unsigned int size;		/* the payload struct's size */
	const struct sd_nl_attrs *attrs;	/* attributes after it, or NULL */
	unsigned int sel_off, sel_size;
	const struct sd_nl_msgdesc *cases;
	unsigned int ncases;
	int dir;
	/* a protocol without nlmsghdr (its messages' first): a message that
	 * starts with this text and its NUL is the struct, then text */
	const char *prefix;
};

/* A protocol (id: NETLINK_*), "common" (id -1), or a subsystem. */
struct sd_nl_desc {
	long long id;
	const struct sd_enum *types;	/* message type names, or NULL */
	const struct sd_enum *subsys;	/* type >> 8 names, or NULL */
	const struct sd_flags *flags;	/* common: the flags of every message */
	const struct sd_nl_msgdesc *msgs;
	unsigned int nmsgs;
	const struct sd_nl_desc *subs;
	unsigned int nsubs;
};

/* Generated: every described protocol, "common" among them (id -1). */
extern const struct sd_nl_desc sd_nl_protocols[];
extern const unsigned int sd_nl_nprotocols;

/* A string attribute: up to its NUL, cut at -s; its address if unreadable. */
void sd_d_nla_str(struct sd_dec *d, const unsigned char *p, unsigned int avail,
		  unsigned int len, unsigned long long addr);

/*
 * A @netlink(FD) buffer: @sock is what FD was (family << 16 | protocol),
 * @v the bytes, @ret the call's result, @len its length.  Netlink sockets' messages print
 * as strace prints them; anything else as sd_d_buf().
 */
void sd_d_netlink(struct sd_dec *d, const struct sd_var *sock,
		  const struct sd_var *v, unsigned long long ptr, long long ret,
		  long long len);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * netlink.c - netlink messages in a sendto/sendmsg/recvmsg buffer, printed
 * as strace prints them: each message's header, its payload (the struct
 * and attributes its protocol's description gives, else hex bytes),
 * several messages as an array.  What each protocol's types, flags and
 * payloads are comes from the descriptions (sd_netlink.h); this file only
 * knows netlink's own framing: nlmsghdr, nlattr, NLMSG_ERROR and NLMSG_DONE.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>

#include "errno_signal_names.h"
#include "kstructs.h"
#include "sd_abi.h"
#include "sd_netlink.h"
#include "strfmt.h"

#define SD_AF_NETLINK	16

/* The bytes captured of the buffer; past them, memory that could not be read. */
struct nlview {
	const unsigned char *p;
	unsigned long long n;
	unsigned long long addr;
	const struct sd_nl_desc *proto;	/* NULL: a protocol not described */
	const struct sd_nl_desc *common;
	int cut;	/* the copy stopped at its bound, not at a fault */
};

/* Where the bytes end: "..." past the copy's bound, else the address. */
static void stop_at(struct sd_dec *d, const struct nlview *v, unsigned long long off,
		    int in_array)
{
	if (v->cut)
		sd_d_more_at(d, 0);
	else if (in_array)
		sd_d_more_at(d, v->addr + off);
	else
		sd_d_ptr(d, v->addr + off);
}

static int have(const struct nlview *v, unsigned long long off, unsigned long long size)
{
	return off + size <= v->n;
}

/* Bytes as "\x61\x62", cut at -s, or their address if unreadable. */
static void hexstr(struct sd_dec *d, const struct nlview *v, unsigned long long off,
		   unsigned long long len)
{
	unsigned long long m = len < d->strsize ? len : d->strsize;

	if (!have(v, off, m)) {
		stop_at(d, v, off, 0);
		return;
	}
	sd_print_kstruct(&d->tmp, SD_PRINT_HEXSTR, v->p + off, m);
	if (m < len)
		sd_buf_puts(&d->tmp, "...");
	sd_d_sym(d);
}

static const struct sd_nl_msgdesc *find_msg(const struct sd_nl_desc *b,
					    unsigned long long type)
{
	for (unsigned int i = 0; b && i < b->nmsgs; i++)
		if (b->msgs[i].type == type)
			return &b->msgs[i];
	return NULL;
}

static const struct sd_nl_desc *find_sub(const struct sd_nl_desc *b, unsigned int id)
{
	for (unsigned int i = 0; b && i < b->nsubs; i++)
		if (b->subs[i].id == (long long)id)
			return &b->subs[i];
	return NULL;
}

/* The description of messages of @type, for their flags and payload. */
static const struct sd_nl_msgdesc *msg_of(const struct nlview *v, unsigned int type)
{
	const struct sd_nl_desc *p = v->proto;

	if (type < NLMSG_MIN_TYPE)
		return find_msg(v->common, type);
	if (!p)
		return NULL;
	if (p->subsys && !(p->types && p->types->name(type)))
		return find_msg(find_sub(p, type >> 8), type & 0xff);
	return find_msg(p, type);
}

/* @t's name for @v, or "0x.. C(X_???)" as sd_d_enum() prints it. */
static void enum_into(struct sd_buf *b, const struct sd_enum *t, unsigned long long v)
{
	const char *name = t ? t->name((long long)v) : NULL;

	if (name)
		sd_buf_puts(b, name);
	else
		sd_fmt_enum_ex(b, (long long)v, NULL, 0, t && t->dflt[0] ? t->dflt : NULL,
			       SD_XVAL_HEX);
}

static void print_type(struct sd_dec *d, const struct nlview *v, unsigned int type)
{
	const struct sd_nl_desc *p = v->proto;

	if (type < NLMSG_MIN_TYPE || !p || !p->types)
		enum_into(&d->tmp, v->common ? v->common->types : NULL, type);
	else if (!p->subsys || p->types->name(type))
		enum_into(&d->tmp, p->types, type);
	else {	/* subsystem << 8 | message (nfnetlink) */
		const struct sd_nl_desc *s = find_sub(p, type >> 8);

		enum_into(&d->tmp, p->subsys, type >> 8);
		sd_buf_puts(&d->tmp, "<<8|");
		if (s && s->types)
			enum_into(&d->tmp, s->types, type & 0xff);
		else
			sd_buf_printf(&d->tmp, "%#x", type & 0xff);
	}
	sd_d_sym(d);
}

/* The common flags, then those of the message's kind, then the rest in hex. */
static void print_flags(struct sd_dec *d, const struct nlview *v, unsigned int type,
			unsigned int flags)
{
	const struct sd_nl_msgdesc *m = msg_of(v, type);
	const struct sd_flags *t[2] = { v->common ? v->common->flags : NULL,
					m ? m->flags : NULL };
	struct sd_xlat all[128];
	size_t n = 0;

	for (int k = 0; k < 2; k++)
		for (int i = 0; t[k] && i < t[k]->nbits && n < 128; i++)
			all[n++] = t[k]->bits[i];
	sd_fmt_flags_ex(&d->tmp, flags, all, n, NULL, 0, 0, NULL);
	sd_d_sym(d);
}

static void print_hdr(struct sd_dec *d, const struct nlview *v, const struct nlmsghdr *h)
{
	sd_d_struct_begin(d);
	sd_d_field(d, "nlmsg_len");
	sd_d_uint(d, h->nlmsg_len);
	sd_d_field(d, "nlmsg_type");
	print_type(d, v, h->nlmsg_type);
	sd_d_field(d, "nlmsg_flags");
	print_flags(d, v, h->nlmsg_type, h->nlmsg_flags);
	sd_d_field(d, "nlmsg_seq");
	sd_d_uint(d, h->nlmsg_seq);
	sd_d_field(d, "nlmsg_pid");
	sd_d_uint(d, h->nlmsg_pid);
	sd_d_struct_end(d, 0);
}

static void print_attr_type(struct sd_dec *d, const struct sd_enum *t, unsigned int type)
{
	if (type & NLA_F_NESTED)
		sd_buf_puts(&d->tmp, "NLA_F_NESTED|");
	if (type & NLA_F_NET_BYTEORDER)
		sd_buf_puts(&d->tmp, "NLA_F_NET_BYTEORDER|");
	enum_into(&d->tmp, t, type & NLA_TYPE_MASK);
	sd_d_sym(d);
}

void sd_d_nla_str(struct sd_dec *d, const unsigned char *p, unsigned int avail,
		  unsigned int len, unsigned long long addr)
{
	unsigned int want = len < d->strsize + 1 ? len : d->strsize + 1;
	size_t n;

	if (avail < want) {
		sd_d_ptr(d, addr);
		return;
	}
	n = strnlen((const char *)p, want);
	sd_d_quoted(d, p, n, n < want ? SD_FMT_NUL_TERMINATED : SD_FMT_TRUNCATED);
}

static void print_attrs(struct sd_dec *d, const struct nlview *v,
			const struct sd_nl_attrs *set, unsigned long long off,
			unsigned long long len);

/* One attribute's value: as its set says, else its bytes. */
static void print_value(struct sd_dec *d, const struct nlview *v,
			const struct sd_nl_attrs *set, unsigned int type,
			unsigned long long off, unsigned long long len)
{
	const struct sd_nl_attrs *nested = NULL;
	unsigned long long avail = v->n > off ? v->n - off : 0;
	unsigned int at = 0;
	int r = 0;

	if (avail > len)
		avail = len;
	if (set && set->value)
		r = set->value(d, type, v->p + off, (unsigned int)avail, (unsigned int)len,
			       v->addr + off, &nested, &at);
	if (r == 2 && !at) {
		print_attrs(d, v, nested, off, len);
	} else if (r == 2) {
		if (len > at) {
			sd_d_elem(d);
			print_attrs(d, v, nested, off + at, len - at);
		}
	} else if (!r)
		hexstr(d, v, off, len);
}

/* One item of a list (a message, an attribute), at @off with @left bytes to the end. */
typedef void (*item_fn)(struct sd_dec *d, const struct nlview *v, const void *ctx,
			unsigned long long off, unsigned long long left);

/*
 * A list of items that each begin with their own length (nlmsg_len, a
 * __u32, or nla_len, a __u16) in a header of @hdr bytes, 4-byte aligned:
 * one item alone, several as an array, at most -s of them; bytes too few
 * for a header print as bytes, memory that could not be read as strace
 * shows it.
 */
static void walk(struct sd_dec *d, const struct nlview *v, unsigned long long off,
		 unsigned long long len, unsigned int hdr, unsigned int len_size,
		 item_fn fn, const void *ctx)
{
	int is_array = 0;

	for (unsigned int elt = 0;; elt++) {
		unsigned long long ilen, step, next = 0;
		uint32_t l32 = 0;
		uint16_t l16 = 0;

		if (len < hdr) {
			if (is_array)
				sd_d_elem(d);
			hexstr(d, v, off, len);
			break;
		}
		if (!have(v, off, hdr)) {
			stop_at(d, v, off, is_array);
			break;
		}
		if (elt == d->strsize) {	/* -s items, as strace */
			sd_d_more_at(d, 0);
			break;
		}
		if (len_size == 4)
			memcpy(&l32, v->p + off, 4);
		else
			memcpy(&l16, v->p + off, 2);
		ilen = len_size == 4 ? l32 : l16;
		step = (ilen + 3) & ~3ULL;
		if (ilen >= hdr)
			next = len >= step ? len - step : 0;
		if (!is_array && next) {
			sd_d_array_begin(d);
			is_array = 1;
		}
		if (is_array)
			sd_d_elem(d);
		fn(d, v, ctx, off, len);
		if (!next)
			break;
		off += step;
		len = next;
	}
	if (is_array)
		sd_d_array_end(d, 0);
}

/* An attribute: "{nla_len=8, nla_type=X}", or "[{...}, VALUE]". */
static void print_attr(struct sd_dec *d, const struct nlview *v, const void *ctx,
		       unsigned long long off, unsigned long long len)
{
	const struct sd_nl_attrs *set = ctx;
	unsigned long long dlen;
	struct nlattr a;

	memcpy(&a, v->p + off, sizeof(a));
	dlen = a.nla_len < len ? a.nla_len : len;
	if (dlen > NLA_HDRLEN) {
		sd_d_array_begin(d);
		sd_d_elem(d);
	}
	sd_d_struct_begin(d);
	sd_d_field(d, "nla_len");
	sd_d_uint(d, a.nla_len);
	sd_d_field(d, "nla_type");
	print_attr_type(d, set ? set->types : NULL, a.nla_type);
	sd_d_struct_end(d, 0);
	if (dlen > NLA_HDRLEN) {
		sd_d_elem(d);
		print_value(d, v, set, a.nla_type & NLA_TYPE_MASK, off + NLA_HDRLEN,
			    dlen - NLA_HDRLEN);
		sd_d_array_end(d, 0);
	}
}

/* Attributes after a payload struct: one, or an array of them. */
static void print_attrs(struct sd_dec *d, const struct nlview *v,
			const struct sd_nl_attrs *set, unsigned long long off,
			unsigned long long len)
{
	walk(d, v, off, len, NLA_HDRLEN, 2, print_attr, set);
}

static void print_msg(struct sd_dec *d, const struct nlview *v, const struct nlmsghdr *h,
		      unsigned long long off, unsigned long long len);

/* NLMSG_ERROR: the error, and the message it answers. */
static void print_error(struct sd_dec *d, const struct nlview *v, unsigned long long off,
			unsigned long long len, int capped)
{
	struct nlmsgerr e;
	unsigned long long mlen, payload;
	int err;

	if (len < sizeof(e)) {
		hexstr(d, v, off, len);
		return;
	}
	if (!have(v, off, sizeof(e))) {
		stop_at(d, v, off, 0);
		return;
	}
	memcpy(&e, v->p + off, sizeof(e));
	off += offsetof(struct nlmsgerr, msg);
	len -= offsetof(struct nlmsgerr, msg);
	mlen = e.msg.nlmsg_len > sizeof(e.msg) ? e.msg.nlmsg_len : sizeof(e.msg);
	payload = capped ? sizeof(e.msg) : mlen;
	if (payload > len)
		payload = len;
	if (len > payload) {
		sd_d_array_begin(d);
		sd_d_elem(d);
	}
	sd_d_struct_begin(d);
	sd_d_field(d, "error");
	err = e.error;
	if (err < 0 && -err < SD_ERRNO_NAMES && sd_errno_names[-err]) {
		char name[64];

		snprintf(name, sizeof(name), "-%s", sd_errno_names[-err]);
		sd_fmt_xval(&d->tmp, err, name, NULL, SD_XVAL_SIGNED);
		sd_d_sym(d);
	} else {
		sd_d_int(d, err);
	}
	sd_d_field(d, "msg");
	print_msg(d, v, &e.msg, off, payload);
	sd_d_struct_end(d, 0);
	if (len > payload) {
		sd_d_elem(d);
		print_attrs(d, v, NULL, off + payload, len - payload);
		sd_d_array_end(d, 0);
	}
}

/* The case of @m that the payload @p chooses, or @m itself. */
static const struct sd_nl_msgdesc *pick_case(const struct sd_nl_msgdesc *m,
					     const unsigned char *p, int request)
{
	unsigned long long x = 0;

	memcpy(&x, p + m->sel_off, m->sel_size);	/* little-endian */
	for (unsigned int i = 0; i < m->ncases; i++) {
		const struct sd_nl_msgdesc *c = &m->cases[i];

		if (c->type == x && (!c->dir || (c->dir == 1) == !!request))
			return c;
	}
	return m;
}

static void print_payload(struct sd_dec *d, const struct nlview *v,
			  const struct nlmsghdr *h, unsigned long long off,
			  unsigned long long len)
{
	const struct sd_nl_msgdesc *m;

	if (h->nlmsg_type == NLMSG_ERROR) {
		print_error(d, v, off, len, h->nlmsg_flags & NLM_F_CAPPED);
		return;
	}
	m = msg_of(v, h->nlmsg_type);
	if (m && m->ncases && len > m->size && m->sel_size <= 8 &&
	    have(v, off, m->sel_off + m->sel_size))
		m = pick_case(m, v->p + off, h->nlmsg_flags & NLM_F_REQUEST);
	if (m && m->payload && len >= m->size) {
		unsigned long long pl = NLMSG_ALIGN(m->size);

		if (!have(v, off, m->size)) {
			stop_at(d, v, off, 0);
			return;
		}
		m->payload(d, v->p + off);
		if (len > pl) {	/* attributes, or bytes no description names */
			sd_d_elem(d);
			if (m->attrs)
				print_attrs(d, v, m->attrs, off + pl, len - pl);
			else
				hexstr(d, v, off + pl, len - pl);
		}
		return;
	}
	if (h->nlmsg_type == NLMSG_DONE && len == sizeof(int)) {
		int x;

		if (!have(v, off, sizeof(x))) {
			stop_at(d, v, off, 0);
			return;
		}
		memcpy(&x, v->p + off, sizeof(x));
		sd_d_int(d, x);
		return;
	}
	hexstr(d, v, off, len);
}

/* A header and, if the message is longer, "[header, payload]". */
static void print_msg(struct sd_dec *d, const struct nlview *v, const struct nlmsghdr *h,
		      unsigned long long off, unsigned long long len)
{
	unsigned long long mlen = h->nlmsg_len < len ? h->nlmsg_len : len;

	if (mlen > NLMSG_HDRLEN) {
		sd_d_array_begin(d);
		sd_d_elem(d);
	}
	print_hdr(d, v, h);
	if (mlen > NLMSG_HDRLEN) {
		sd_d_elem(d);
		print_payload(d, v, h, off + NLMSG_HDRLEN, mlen - NLMSG_HDRLEN);
		sd_d_array_end(d, 0);
	}
}

static const struct sd_nl_desc *find_proto(long long id)
{
	for (unsigned int i = 0; i < sd_nl_nprotocols; i++)
		if (sd_nl_protocols[i].id == id)
			return &sd_nl_protocols[i];
	return NULL;
}

/*
 * A protocol whose messages have no nlmsghdr: the struct of the first
 * message description whose prefix the bytes start with, then the rest as
 * text; else (or if the call failed) text.
 */
static void print_unframed(struct sd_dec *d, const struct nlview *w,
			   const struct sd_var *v, long long ret, long long len)
{
	const struct sd_nl_desc *p = w->proto;
	unsigned long long left = len < 0 ? 0 : (unsigned long long)len;

	for (unsigned int i = 0; ret >= 0 && i < p->nmsgs; i++) {
		const struct sd_nl_msgdesc *m = &p->msgs[i];
		size_t n = strlen(m->prefix) + 1;

		if (!m->payload || left < m->size || !have(w, 0, m->size) ||
		    m->size < n || memcmp(w->p, m->prefix, n))
			continue;
		if (left > m->size) {
			sd_d_array_begin(d);
			sd_d_elem(d);
		}
		m->payload(d, w->p);
		if (left > m->size) {
			unsigned long long got = w->n > m->size ? w->n - m->size : 0;

			sd_d_elem(d);
			if (got >= left - m->size || got >= d->strsize)
				sd_d_quoted(d, w->p + m->size, left - m->size < got ?
					    left - m->size : got, 0);
			else
				sd_d_ptr(d, w->addr + m->size);
			sd_d_array_end(d, 0);
		}
		return;
	}
	sd_d_buf(d, v, w->addr, len);
}

static void print_msg_item(struct sd_dec *d, const struct nlview *v, const void *ctx,
			   unsigned long long off, unsigned long long left)
{
	struct nlmsghdr h;

	(void)ctx;
	memcpy(&h, v->p + off, sizeof(h));
	print_msg(d, v, &h, off, left);
}

void sd_d_netlink(struct sd_dec *d, const struct sd_var *sock,
		  const struct sd_var *v, unsigned long long ptr, long long ret,
		  long long len)
{
	struct nlview w = { .addr = ptr };
	unsigned long long left = len < 0 ? 0 : (unsigned long long)len;
	uint32_t kind = 0;

	if (sock && !(sd_var_st(sock) & SD_ST_FAULT) && sd_var_len(sock) == 4)
		memcpy(&kind, sd_var_data(sock), 4);
	if (kind >> 16 != SD_AF_NETLINK || !v || !ptr ||
	    (sd_var_st(v) & (SD_ST_FAULT | SD_ST_NULL) && !(sd_var_st(v) & SD_ST_PART))) {
		if (kind >> 16 == SD_AF_NETLINK && v && ptr && left < NLMSG_HDRLEN) {
			hexstr(d, &w, 0, left);	/* nothing readable: the address */
			return;
		}
		sd_d_buf(d, v, ptr, len);
		return;
	}
	w.p = sd_var_data(v);
	w.n = sd_var_len(v);
	w.cut = !(sd_var_st(v) & SD_ST_PART) && w.n < left;
	w.proto = find_proto(kind & 0xffff);
	w.common = find_proto(-1);
	if (w.proto && w.proto->nmsgs && w.proto->msgs[0].prefix) {
		print_unframed(d, &w, v, ret, len);
		return;
	}
	walk(d, &w, 0, left, NLMSG_HDRLEN, 4, print_msg_item, NULL);
}

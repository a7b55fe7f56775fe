/* SPDX-License-Identifier: MIT */
/*
 * ctf_meta.c - the event classes of this build (from sysdefc's sd_ctf.c)
 * and the TSDL metadata that describes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ctf.h"
#include "sd_buf.h"
#include "sd_table.h"
#include "syscall_names.h"

static struct {
	int ready;
	const struct sd_ctf_class *cls;	/* by id */
	unsigned int n;
	int call_base[SD_NR_MAX];	/* first class of syscall nr, or 0 */
	int call_desc[SD_NR_MAX];	/* its description */
	unsigned short *ordinal;	/* member -> its place in its family */
	char hash[17];
} cm;

/* @s appended to class name @dst (@n bytes in it), cut as snprintf cuts */
static size_t name_put(char *dst, size_t n, const char *s)
{
	size_t l = strlen(s);

	if (l > 63 - n)
		l = 63 - n;
	memcpy(dst + n, s, l);
	dst[n + l] = 0;
	return n + l;
}

/*
 * This build's classes as made at build time (sd_layouts.c, by layouts_gen
 * from init_classes()): sdtrace links them, so their names are not made at
 * every start; programs without them make them.
 */
extern const struct sd_ctf_class sd_ctf_built_classes[] __attribute__((weak));
extern const unsigned int sd_ctf_built_nclasses __attribute__((weak));

static void init_classes(void)
{
	unsigned int n = SD_CTF_ID_CALLS, id;
	struct sd_ctf_class *cls = NULL;	/* made here, or NULL: built */

	if (cm.ready)
		return;
	cm.ready = 1;
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];

		if (e->nr >= 0 && e->nr < SD_NR_MAX && (unsigned int)e->desc < sd_ctf_nfamilies)
			n += sd_ctf_families[e->desc].nmembers;
	}
	if (&sd_ctf_built_nclasses && sd_ctf_built_nclasses == n)
		cm.cls = sd_ctf_built_classes;
	else
		cm.cls = cls = calloc(n, sizeof(*cls));
	cm.ordinal = calloc(sd_ctf_nmembers + 1, sizeof(*cm.ordinal));
	if (!cm.cls || !cm.ordinal) {
		free(cls);
		free(cm.ordinal);
		cm.cls = NULL;
		cm.ordinal = NULL;
		return;
	}
	cm.n = n;
	if (cls) {
		snprintf(cls[SD_CTF_ID_MALFORMED].name, 64, "sdtrace:malformed");
		cls[SD_CTF_ID_MALFORMED].kind = -1;
		snprintf(cls[SD_CTF_ID_FORK].name, 64, "sdtrace:fork");
		cls[SD_CTF_ID_FORK].kind = SD_K_FORK;
		snprintf(cls[SD_CTF_ID_EXIT].name, 64, "sdtrace:exit");
		cls[SD_CTF_ID_EXIT].kind = SD_K_EXIT;
		snprintf(cls[SD_CTF_ID_SIGNAL].name, 64, "sdtrace:signal");
		cls[SD_CTF_ID_SIGNAL].kind = SD_K_SIGNAL;
		snprintf(cls[SD_CTF_ID_PERS].name, 64, "sdtrace:personality");
		cls[SD_CTF_ID_PERS].kind = SD_K_PERS;
	}
	for (int nr = 0; cls && nr < SD_NR_MAX; nr++) {
		struct sd_ctf_class *c = &cls[SD_CTF_ID_GENERIC + nr];

		if (nr < SD_SYSCALL_NAMES && sd_syscall_names[nr]) {
			name_put(c->name, name_put(c->name, 0, "generic:"), sd_syscall_names[nr]);
		} else {
			char num[16], *d = num + sizeof(num);

			*--d = 0;
			for (int v = nr; d == num + sizeof(num) - 1 || v; v /= 10)
				*--d = (char)('0' + v % 10);
			name_put(c->name, name_put(c->name, 0, "generic:syscall_"), d);
		}
		c->kind = SD_K_GENERIC;
		c->nr = nr;
	}
	id = SD_CTF_ID_CALLS;
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];
		const struct sd_ctf_family *fam;

		if (e->nr < 0 || e->nr >= SD_NR_MAX || (unsigned int)e->desc >= sd_ctf_nfamilies)
			continue;
		fam = &sd_ctf_families[e->desc];
		if (!cm.call_base[e->nr]) {
			cm.call_base[e->nr] = (int)id;
			cm.call_desc[e->nr] = e->desc;
		}
		for (unsigned int j = 0; j < fam->nmembers; j++, id++) {
			struct sd_ctf_class *c = cls ? &cls[id] : NULL;
			const struct sd_ctf_member *m = &sd_ctf_members[fam->members[j]];

			cm.ordinal[fam->members[j]] = (unsigned short)j;
			if (!c)
				continue;
			name_put(c->name, name_put(c->name, name_put(c->name, 0, e->name),
						   *m->variant ? "$" : ""), m->variant);
			c->kind = SD_K_CALL;
			c->nr = e->nr;
			c->member = fam->members[j];
		}
	}
}

const struct sd_ctf_class *sd_ctf_class(unsigned int id)
{
	init_classes();
	if (id >= cm.n || !cm.cls[id].name[0])
		return NULL;
	return &cm.cls[id];
}

unsigned int sd_ctf_nclasses(void)
{
	init_classes();
	return cm.n;
}

int sd_ctf_count_caps(const unsigned char *rec, size_t size, size_t fixed,
		      unsigned int nslots)
{
	size_t off = fixed;
	int n = 0;

	if (size < fixed)
		return -1;
	while (off < size) {
		struct sd_var v;

		if (size - off < sizeof(v))
			return -1;
		memcpy(&v, rec + off, sizeof(v));
		if (v.slot >= nslots || size - off - sizeof(v) < v.len)
			return -1;
		off += sizeof(v) + v.len;
		n++;
	}
	return n;
}

int sd_ctf_classify(const struct sd_hdr *h, size_t size, unsigned int *ncaps)
{
	const struct sd_ctf_family *fam;
	const struct sd_ctf_member *m;
	int base, member, caps;

	init_classes();
	*ncaps = 0;
	if (!cm.cls || size < sizeof(*h) || h->size != size || size > SD_REC_MAX)
		return -1;
	switch (h->kind) {
	case SD_K_FORK:
		return size == sizeof(struct sd_ev_fork) ? SD_CTF_ID_FORK : -1;
	case SD_K_EXIT:
		return size == sizeof(struct sd_ev_exit) ? SD_CTF_ID_EXIT : -1;
	case SD_K_SIGNAL:
		return size == sizeof(struct sd_ev_signal) ? SD_CTF_ID_SIGNAL : -1;
	case SD_K_PERS:
		return size == sizeof(struct sd_ev_pers) ? SD_CTF_ID_PERS : -1;
	case SD_K_GENERIC:
		return size == sizeof(struct sd_rec_generic) && h->nr < SD_NR_MAX ?
		       SD_CTF_ID_GENERIC + h->nr : -1;
	case SD_K_CALL:
		break;
	default:
		return -1;
	}
	if (h->nr >= SD_NR_MAX || !(base = cm.call_base[h->nr]))
		return -1;
	fam = &sd_ctf_families[cm.call_desc[h->nr]];
	member = fam->pick ? fam->pick(h, (unsigned int)size) : fam->members[0];
	if (member < 0 || (unsigned int)member >= sd_ctf_nmembers)
		return -1;
	m = &sd_ctf_members[member];
	caps = sd_ctf_count_caps((const unsigned char *)h, size, m->fixed, m->nslots);
	if (caps < 0)
		return -1;
	*ncaps = (unsigned int)caps;
	return base + cm.ordinal[member];
}

void sd_ctf_count(struct sd_sum *sums, const void *rec, size_t size)
{
	const struct sd_hdr *h = rec;
	struct sd_sum *sum;
	struct sd_tail tail;
	long long ret;

	if (size < SD_REC_ARGS || (h->kind != SD_K_CALL && h->kind != SD_K_GENERIC) ||
	    h->nr >= SD_NR_MAX || (h->flags & (SD_F_NORETURN | SD_F_COMPAT)))
		return;	/* counted when they return, as strace: exit_group never does;
			 * i386 calls not (strace counts them in a table of their own) */
	memcpy(&ret, (const char *)rec + sizeof(*h), sizeof(ret));
	sum = &sums[h->nr];
	sum->calls++;
	if (ret < 0 && ret >= -4095)
		sum->errors++;
	if (sd_tail_split(h, size, &tail) < 0 || !(h->flags & SD_F_DUR))
		return;
	sum->ns += tail.dur_ns;	/* recorded with the call's duration (-T, -c) */
	if (!sum->min_ns1 || tail.dur_ns + 1 < sum->min_ns1)
		sum->min_ns1 = tail.dur_ns + 1;
	if (tail.dur_ns > sum->max_ns)
		sum->max_ns = tail.dur_ns;
}

/* ---- metadata ---- */

static const char *int_type(unsigned int size, int is_signed, int hex)
{
	static const char *const t[3][4] = {
		{ "uint8_t", "uint16_t", "uint32_t", "uint64_t" },
		{ "int8_t", "int16_t", "int32_t", "int64_t" },
		{ "x8_t", "x16_t", "x32_t", "x64_t" },
	};
	int k = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;

	return t[hex ? 2 : is_signed ? 1 : 0][k];
}

static int size_index(unsigned int size)
{
	return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

/* Label value @v as a @size-byte integer: 0 if it does not fit. */
static int label_fits(long long v, unsigned int size, int is_signed, long long *out)
{
	unsigned int bits = size * 8;

	if (bits >= 64) {
		*out = v;
		return 1;
	}
	if (is_signed) {
		long long lo = -(1LL << (bits - 1)), hi = (1LL << (bits - 1)) - 1;

		if (v < lo || v > hi)
			return 0;
		*out = v;
		return 1;
	}
	if (v < 0)
		v = (long long)((unsigned long long)v & ((1ULL << bits) - 1));
	if ((unsigned long long)v >> bits)
		return 0;
	*out = v;
	return 1;
}

/*
 * Label @i of table @t repeats an earlier label's name (it is left out):
 * worked out once per table, by a hash of the names.
 */
static const unsigned char *dup_labels(int t)
{
	static unsigned char **dups;
	const struct sd_ctf_table *tb = &sd_ctf_tables[t];
	unsigned int nh = 16, *head;
	unsigned char *d;

	if (!dups && !(dups = calloc(sd_ctf_ntables, sizeof(*dups))))
		return NULL;
	if (dups[t])
		return dups[t];
	while (nh < 2 * tb->n)
		nh *= 2;
	d = calloc(tb->n + 1, 1);
	head = malloc(nh * sizeof(*head));
	if (!d || !head) {
		free(d);
		free(head);
		return NULL;
	}
	memset(head, 0xff, nh * sizeof(*head));
	for (unsigned int i = 0; i < tb->n; i++) {
		const char *name = sd_ctf_name(tb->labels[i].name);
		unsigned int h = 2166136261u;

		for (const char *c = name; *c; c++)
			h = (h ^ (unsigned char)*c) * 16777619u;
		for (h &= nh - 1; head[h] != ~0u; h = (h + 1) & (nh - 1))
			if (!strcmp(sd_ctf_name(tb->labels[head[h]].name), name)) {
				d[i] = 1;
				break;
			}
		if (!d[i])
			head[h] = i;
	}
	free(head);
	dups[t] = d;
	return d;
}

static void put_int_type(struct sd_buf *b, unsigned int size, int is_signed)
{
	sd_buf_puts(b, int_type(size, is_signed, 0));
}

/* Write enum "t<T>_<s|u><bits>" over table @t; 0 if no label fits. */
static int write_enum(struct sd_buf *b, int t, unsigned int size, int is_signed, int dry)
{
	const struct sd_ctf_table *tb = &sd_ctf_tables[t];
	const unsigned char *dup = dup_labels(t);
	int n = 0;

	for (unsigned int i = 0; i < tb->n; i++) {
		long long v;

		if (!label_fits(tb->labels[i].v, size, is_signed, &v))
			continue;
		if (dup ? dup[i] : 0)
			continue;
		for (unsigned int j = 0; !dup && j < i; j++)
			if (!strcmp(sd_ctf_name(tb->labels[j].name), sd_ctf_name(tb->labels[i].name)))
				goto next;
		if (dry)
			return 1;
		if (!n) {
			sd_buf_puts(b, "enum t");
			sd_buf_putd(b, t);
			sd_buf_putc(b, '_');
			sd_buf_putc(b, is_signed ? 's' : 'u');
			sd_buf_putu(b, size * 8);
			sd_buf_puts(b, " : ");
			put_int_type(b, size, is_signed);
			sd_buf_puts(b, " {\n");
		}
		sd_buf_puts(b, "\t\"");
		sd_buf_puts(b, sd_ctf_name(tb->labels[i].name));
		sd_buf_puts(b, "\" = ");
		if (is_signed || size < 8)
			sd_buf_putd(b, v);
		else
			sd_buf_putu(b, (unsigned long long)v);
		sd_buf_puts(b, ",\n");
		n++;
next:;
	}
	if (n)
		sd_buf_puts(b, "};\n");
	return n > 0;
}

/* Enums used: [table][size index][signed]: 0 unused, 1 used, 2 written. */
static unsigned char *enums_used(void)
{
	unsigned char *u = calloc((size_t)sd_ctf_ntables * 8 + 1, 1);

	if (!u)
		return NULL;
	for (unsigned int i = 0; i < sd_ctf_nmembers; i++) {
		const struct sd_ctf_member *m = &sd_ctf_members[i];

		for (unsigned int k = 0; k < m->nfields; k++) {
			const struct sd_ctf_field *fl = &m->fields[k];

			if (fl->table >= 0 && (unsigned int)fl->table < sd_ctf_ntables)
				u[fl->table * 8 + size_index(fl->size) * 2 + fl->is_signed] = 1;
		}
	}
	return u;
}

static void write_fields(struct sd_buf *b, const struct sd_ctf_member *m,
			 const unsigned char *used)
{
	for (unsigned int k = 0; k < m->nfields; k++) {
		const struct sd_ctf_field *fl = &m->fields[k];
		int t = fl->table;

		if (t >= 0 && (unsigned int)t < sd_ctf_ntables &&
		    used[t * 8 + size_index(fl->size) * 2 + fl->is_signed] == 2) {
			sd_buf_puts(b, "\t\tenum t");
			sd_buf_putd(b, t);
			sd_buf_putc(b, '_');
			sd_buf_putc(b, fl->is_signed ? 's' : 'u');
			sd_buf_putu(b, fl->size * 8u);
		} else {
			sd_buf_puts(b, "\t\t");
			sd_buf_puts(b, int_type(fl->size, fl->is_signed, fl->hex));
		}
		sd_buf_putc(b, ' ');
		sd_buf_puts(b, sd_ctf_name(fl->name));
		sd_buf_puts(b, ";\n");
	}
}

/*
 * The part of the metadata that depends on this build's layouts only,
 * into @b (written once, kept: the hash and every --record use it).
 */
static int write_layouts(struct sd_buf *b)
{
	unsigned char *used = enums_used();

	init_classes();
	if (!used || !cm.cls || sd_buf_reserve(b, 1 << 19)) {
		free(used);
		return -ENOMEM;
	}
	for (unsigned int t = 0; t < sd_ctf_ntables; t++)
		for (int s = 0; s < 4; s++)
			for (int sg = 0; sg < 2; sg++)
				if (used[t * 8 + s * 2 + sg] &&
				    write_enum(b, (int)t, 1u << s, sg, 1)) {
					write_enum(b, (int)t, 1u << s, sg, 0);
					used[t * 8 + s * 2 + sg] = 2;
				}
	/* each member's captures: which slot, its state, its bytes */
	for (unsigned int i = 0; i < sd_ctf_nmembers; i++) {
		const struct sd_ctf_member *m = &sd_ctf_members[i];

		if (!m->nslots)
			continue;
		sd_buf_puts(b, "enum slots");
		sd_buf_putu(b, i);
		sd_buf_puts(b, " : uint8_t {\n");
		for (unsigned int s = 0; s < m->nslots; s++) {
			sd_buf_puts(b, "\t\"");
			sd_buf_puts(b, sd_ctf_name(m->slots[s].name));
			sd_buf_puts(b, "\" = ");
			sd_buf_putu(b, s);
			sd_buf_puts(b, ",\n");
		}
		sd_buf_puts(b, "};\nstruct cap");
		sd_buf_putu(b, i);
		sd_buf_puts(b, " {\n\tenum slots");
		sd_buf_putu(b, i);
		sd_buf_puts(b, " slot;\n\tuint8_t st;\n\tu16p_t len;\n\tvariant <slot> {\n");
		for (unsigned int s = 0; s < m->nslots; s++) {
			sd_buf_puts(b, m->slots[s].text ? "\t\tutf8_t " : "\t\tuint8_t ");
			sd_buf_puts(b, sd_ctf_name(m->slots[s].name));
			sd_buf_puts(b, "[len];\n");
		}
		sd_buf_puts(b, "\t} data;\n};\n");
	}
	sd_buf_puts(b, "\nevent {\n\tname = \"sdtrace:malformed\";\n\tid = 0;\n\tstream_id = 0;\n"
	      "\tfields := struct {\n\t\tuint8_t bytes[stream.event.context.ncaps];\n\t};\n};\n"
	      "\nevent {\n\tname = \"sdtrace:fork\";\n\tid = 1;\n\tstream_id = 0;\n"
	      "\tfields := struct {\n\t\tuint32_t child_tid;\n\t\tuint32_t child_tgid;\n\t};\n};\n"
	      "\nevent {\n\tname = \"sdtrace:exit\";\n\tid = 2;\n\tstream_id = 0;\n"
	      "\tfields := struct {\n\t\tuint32_t tgid;\n\t\tint32_t code;\n"
	      "\t\tuint32_t group_dead;\n\t\tuint32_t pad;\n\t};\n};\n"
	      "\nevent {\n\tname = \"sdtrace:signal\";\n\tid = 3;\n\tstream_id = 0;\n"
	      "\tfields := struct {\n\t\tint32_t signo;\n\t\tuint32_t has_info;\n"
	      "\t\tuint8_t info[48];\n\t};\n};\n"
	      "\nevent {\n\tname = \"sdtrace:personality\";\n\tid = 4;\n\tstream_id = 0;\n"
	      "\tfields := struct {\n\t\tuint32_t bits;\n\t\tuint32_t pad;\n\t};\n};\n");
	for (unsigned int id = SD_CTF_ID_GENERIC; id < cm.n; id++) {
		const struct sd_ctf_class *c = &cm.cls[id];

		if (!c->name[0])
			continue;
		sd_buf_puts(b, "\nevent {\n\tname = \"");
		sd_buf_puts(b, c->name);
		sd_buf_puts(b, "\";\n\tid = ");
		sd_buf_putu(b, id);
		sd_buf_puts(b, ";\n\tstream_id = 0;\n\tfields := struct {\n");
		if (c->kind == SD_K_GENERIC) {
			sd_buf_puts(b, "\t\tint64_t ret;\n\t\tx64_t args[6];\n");
		} else {
			const struct sd_ctf_member *m = &sd_ctf_members[c->member];

			write_fields(b, m, used);
			if (m->nslots) {
				sd_buf_puts(b, "\t\tstruct {\n\t\t\tstruct cap");
				sd_buf_putu(b, (unsigned int)c->member);
				sd_buf_puts(b, " c[stream.event.context.ncaps];\n\t\t} align(64) captures;\n");
			}
		}
		sd_buf_puts(b, "\t};\n};\n");
	}
	free(used);
	return b->p ? 0 : -ENOMEM;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * The layouts text and its hash as made at build time (build/gen/sd_layouts.c,
 * written by layouts_gen from this code): sdtrace links them, so neither is
 * made at its start; programs without them make both on first use.
 */
extern const char sd_ctf_built_text[] __attribute__((weak));
extern const size_t sd_ctf_built_len __attribute__((weak));
extern const char sd_ctf_built_hash[] __attribute__((weak));

/* This build's layouts as TSDL, made once; NULL if out of memory. */
static const struct sd_buf *layouts_text(void)
{
	static struct sd_buf text;
	static int done;

	if (!done) {
		done = 1;
		sd_buf_init(&text);
		if (write_layouts(&text))
			sd_buf_free(&text);
	}
	return text.p ? &text : NULL;
}

const char *sd_ctf_layouts_text(size_t *len)
{
	const struct sd_buf *t;

	if (&sd_ctf_built_len) {
		*len = sd_ctf_built_len;
		return sd_ctf_built_text;
	}
	t = layouts_text();
	*len = t ? t->len : 0;
	return t ? t->p : NULL;
}

const char *sd_ctf_layouts_hash(void)
{
	const struct sd_buf *t;

	if (&sd_ctf_built_len)
		return sd_ctf_built_hash;
	if (cm.hash[0])
		return cm.hash;
	t = layouts_text();
	if (!t)
		return "0";
	snprintf(cm.hash, sizeof(cm.hash), "%016llx",
		 (unsigned long long)fnv1a(t->p, t->len));
	return cm.hash;
}

/* @s as a TSDL string's contents: quotes and backslashes escaped, control
 * bytes as '?'. */
static void put_str(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
	}
}

int sd_ctf_write_metadata(FILE *f, const char *uuid, const struct sd_ctf_info *info)
{
	static const char *const ints[] = { "uint8_t", "uint16_t", "uint32_t", "uint64_t" };
	struct utsname u;
	char host[256] = "";
	int64_t wall = info ? info->wall_ns : 0;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	gethostname(host, sizeof(host) - 1);
	fputs("/* CTF 1.8 */\n\n", f);
	for (int i = 0; i < 4; i++) {
		fprintf(f, "typealias integer { size = %d; align = %d; signed = false; } := %s;\n",
			8 << i, 8 << i, ints[i]);
		fprintf(f, "typealias integer { size = %d; align = %d; signed = true; } := %s;\n",
			8 << i, 8 << i, ints[i] + 1);
		fprintf(f, "typealias integer { size = %d; align = %d; signed = false; base = 16; } "
			":= x%d_t;\n", 8 << i, 8 << i, 8 << i);
	}
	fprintf(f, "typealias integer { size = 8; align = 8; signed = false; encoding = UTF8; } "
		":= utf8_t;\n"
		"typealias integer { size = 48; align = 8; signed = false; } := uint48_t;\n"
		"typealias integer { size = 16; align = 8; signed = false; } := u16p_t;\n"
		"typealias integer { size = 32; align = 8; signed = false; } := u32p_t;\n\n"
		"trace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = \"%s\";\n\tbyte_order = le;\n"
		"\tpacket.header := struct {\n\t\tuint32_t magic;\n\t\tuint8_t uuid[16];\n"
		"\t\tuint32_t stream_id;\n\t};\n};\n\n", uuid);
	fputs("env {\n\tdomain = \"sdtrace\";\n\ttracer_name = \"sdtrace\";\n"
	      "\tsdtrace_format = 1;\n\tsysdef_layouts = \"", f);
	fputs(sd_ctf_layouts_hash(), f);
	fputs("\";\n\thostname = \"", f);
	put_str(f, host);
	fputs("\";\n\tsysname = \"", f);
	put_str(f, u.sysname);
	fputs("\";\n\tkernel_release = \"", f);
	put_str(f, u.release);
	fputs("\";\n\tarch = \"", f);
	put_str(f, u.machine);
	fputs("\";\n\tcommand = \"", f);
	put_str(f, info ? info->command : "");
	fputs("\";\n", f);
	if (info && info->cwd) {
		fputs("\tcwd = \"", f);
		put_str(f, info->cwd);
		fputs("\";\n", f);
	}
	for (int i = 0; info && i < 3; i++)
		if (info->fd[i]) {
			fprintf(f, "\tfd%d = \"", i);
			put_str(f, info->fd[i]);
			fputs("\";\n", f);
		}
	fputs("};\n\n", f);
	fprintf(f, "clock {\n\tname = \"monotonic\";\n\tuuid = \"%s\";\n"
		"\tdescription = \"CLOCK_MONOTONIC; 0 when the session began\";\n"
		"\tfreq = 1000000000;\n\tprecision = 1;\n\toffset_s = %lld;\n\toffset = %lld;\n"
		"\tabsolute = FALSE;\n};\n\n", uuid, (long long)(wall / 1000000000),
		(long long)(wall % 1000000000));
	fputs("typealias integer { size = 32; align = 8; signed = false; "
	      "map = clock.monotonic.value; } := clock32_t;\n"
	      "typealias integer { size = 64; align = 64; signed = false; "
	      "map = clock.monotonic.value; } := clock64_t;\n\n"
	      "stream {\n\tid = 0;\n"
	      "\tevent.header := struct {\n\t\tclock32_t timestamp;\n\t\tuint16_t id;\n"
	      "\t} align(64);\n"
	      "\tpacket.context := struct {\n\t\tclock64_t timestamp_begin;\n"
	      "\t\tclock64_t timestamp_end;\n\t\tuint64_t content_size;\n"
	      "\t\tuint64_t packet_size;\n\t\tuint64_t packet_seq_num;\n"
	      "\t\tuint64_t events_discarded;\n\t\tuint64_t lost_ringbuf;\n"
	      "\t\tuint64_t lost_nomem;\n\t\tuint64_t lost_toobig;\n"
	      "\t\tuint64_t lost_unstarted;\n\t\tuint64_t checksum;\n\t};\n"
	      "\tevent.context := struct {\n\t\tu16p_t ncaps;\n\t\tuint48_t ts;\n\t\tu16p_t size;\n"
	      "\t\tu32p_t tid;\n\t\tu16p_t nr;\n\t\tuint8_t kind;\n\t\tuint8_t flags;\n"
	      "\t};\n};\n\n", f);
	{
		size_t len;
		const char *t = sd_ctf_layouts_text(&len);

		if (!t)
			return -ENOMEM;
		fwrite(t, 1, len, f);
	}
	return 0;
}

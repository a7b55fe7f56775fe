/* SPDX-License-Identifier: MIT */
/*
 * ctf_read.c - sdtrace --replay: read a trace directory --record wrote.
 *
 * The metadata is read back (only the TSDL sdtrace writes: its classes'
 * names, ids and record layouts), so that records of older descriptions
 * are converted, field by field and capture by capture, to this build's
 * layouts.  Every packet and event is checked before its record is passed
 * on; the first damage stops the reading with one sentence naming the
 * file, the byte offset and the cause.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <zlib.h>

#include "ctf.h"

#define MAX_FIELDS	(SD_MAX_ARGS + 2)
#define MAX_CLASSES	65536
#define MAX_META	(64 << 20)

/* ---- the metadata ---- */

struct tok {
	int kind;		/* 'i' identifier, 'n' number, 's' string, else the char */
	const char *p;
	size_t len;
	long long num;
};

struct lexer {
	const char *p, *end;
	struct tok t;
	int bad;
};

struct old_field {
	char name[48];
	unsigned int off, size;
	int is_signed;
};

struct old_class {
	int present;
	char name[64];
	int kind;			/* SD_K_*, -1 malformed */
	struct old_field *f;		/* nf of them (malloc'd), or NULL */
	int nf;
	int slots_enum;			/* captures: cap<N>'s N, or -1 */
	unsigned int fixed;
	/* translation to this build */
	int same;			/* no conversion */
	int member;			/* this build's member, or -1 */
	int fmap[MAX_FIELDS];		/* this build's field k <- old field */
	unsigned char smap[SD_MAX_SLOTS];	/* old slot -> new slot, 255: dropped */
	unsigned int nslots;
};

struct enum_def {
	char name[32];
	char (*labels)[48];		/* slots enums only: by value */
	unsigned int nlabels;
	unsigned int size;
	int is_signed;
};

struct sd_ctf_meta {
	struct old_class *cls;		/* by id */
	unsigned int ncls, capcls;
	int ours;			/* this build's classes (install_ours) */
	struct enum_def *enums;
	unsigned int nenums, capenums;
	struct { char name[16]; unsigned int size; int is_signed; } types[32];
	unsigned int ntypes;
	unsigned char uuid[16];
	int has_uuid;
	char layouts[32];
	long long offset_s, offset;
	char cwd[4096], fd[3][4096];
	int same_build;
	char err[256];
};

static void next(struct lexer *l)
{
	const char *p = l->p;

	for (;;) {
		while (p < l->end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (l->end - p >= 2 && p[0] == '/' && p[1] == '*') {
			const char *e = p + 2;

			while (l->end - e >= 2 && !(e[0] == '*' && e[1] == '/'))
				e++;
			p = l->end - e >= 2 ? e + 2 : l->end;
			continue;
		}
		if (l->end - p >= 2 && p[0] == '/' && p[1] == '/') {
			while (p < l->end && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	l->t.p = p;
	l->t.len = 0;
	if (p >= l->end) {
		l->t.kind = 0;
		l->p = p;
		return;
	}
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
		const char *s = p;

		while (p < l->end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			p++;
		l->t.kind = 'i';
		l->t.len = (size_t)(p - s);
	} else if ((*p >= '0' && *p <= '9') || (*p == '-' && p + 1 < l->end &&
						p[1] >= '0' && p[1] <= '9')) {
		int neg = *p == '-';
		unsigned long long v = 0;
		int base = 10;

		if (neg)
			p++;
		if (l->end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			base = 16;
			p += 2;
		}
		while (p < l->end) {
			int d = *p >= '0' && *p <= '9' ? *p - '0' :
				base == 16 && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
				base == 16 && *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

			if (d < 0)
				break;
			v = v * (unsigned)base + (unsigned)d;
			p++;
		}
		l->t.kind = 'n';
		l->t.num = neg ? -(long long)v : (long long)v;
	} else if (*p == '"') {
		const char *s = ++p;

		while (p < l->end && *p != '"') {
			if (*p == '\\' && p + 1 < l->end)
				p++;
			p++;
		}
		l->t.kind = 's';
		l->t.p = s;
		l->t.len = (size_t)(p - s);
		if (p < l->end)
			p++;
		else
			l->bad = 1;
	} else if (*p == ':' && p + 1 < l->end && p[1] == '=') {
		l->t.kind = 'A';	/* := */
		p += 2;
	} else {
		l->t.kind = (unsigned char)*p++;
	}
	l->p = p;
}

static int is(const struct lexer *l, const char *word)
{
	return l->t.kind == 'i' && l->t.len == strlen(word) && !memcmp(l->t.p, word, l->t.len);
}

static int accept(struct lexer *l, int kind)
{
	if (l->t.kind != kind)
		return 0;
	next(l);
	return 1;
}

/* A string token's contents, its escapes undone. */
static void copy_str(const struct tok *t, char *buf, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < t->len && n + 1 < len; i++) {
		if (t->p[i] == '\\' && i + 1 < t->len)
			i++;
		buf[n++] = t->p[i];
	}
	buf[n] = 0;
}

static void copy_tok(const struct tok *t, char *buf, size_t len)
{
	size_t n = t->len < len - 1 ? t->len : len - 1;

	memcpy(buf, t->p, n);
	buf[n] = 0;
}

/* Skip a balanced { ... } (the lexer is on the '{'). */
static void skip_block(struct lexer *l)
{
	int depth = 0;

	do {
		if (l->t.kind == '{')
			depth++;
		else if (l->t.kind == '}')
			depth--;
		else if (!l->t.kind)
			return;
		next(l);
	} while (depth > 0);
}

/* Skip to after the next ';' at this level. */
static void skip_stmt(struct lexer *l)
{
	while (l->t.kind && l->t.kind != ';') {
		if (l->t.kind == '{')
			skip_block(l);
		else
			next(l);
	}
	accept(l, ';');
}

static int type_of(const struct sd_ctf_meta *m, const struct tok *t, unsigned int *size, int *sg)
{
	for (unsigned int i = 0; i < m->ntypes; i++)
		if (strlen(m->types[i].name) == t->len && !memcmp(m->types[i].name, t->p, t->len)) {
			*size = m->types[i].size;
			*sg = m->types[i].is_signed;
			return 0;
		}
	return -1;
}

static struct enum_def *enum_of(const struct sd_ctf_meta *m, const struct tok *t)
{
	for (unsigned int i = 0; i < m->nenums; i++)
		if (strlen(m->enums[i].name) == t->len && !memcmp(m->enums[i].name, t->p, t->len))
			return &m->enums[i];
	return NULL;
}

/* typealias integer { size = N; ... signed = B; ... } := NAME; */
static void parse_typealias(struct lexer *l, struct sd_ctf_meta *m)
{
	unsigned int size = 0;
	int sg = 0;

	next(l);
	if (!is(l, "integer")) {
		skip_stmt(l);
		return;
	}
	next(l);
	if (!accept(l, '{')) {
		skip_stmt(l);
		return;
	}
	while (l->t.kind && l->t.kind != '}') {
		int sz = is(l, "size"), sgn = is(l, "signed");

		next(l);
		if (!accept(l, '='))
			continue;
		if (sz && l->t.kind == 'n' && l->t.num > 0 && l->t.num <= 64)
			size = (unsigned int)l->t.num / 8;
		if (sgn)
			sg = is(l, "true") || is(l, "TRUE") || (l->t.kind == 'n' && l->t.num);
		next(l);
		accept(l, ';');
	}
	accept(l, '}');
	if (accept(l, 'A') && l->t.kind == 'i' && m->ntypes < 32 && size) {
		copy_tok(&l->t, m->types[m->ntypes].name, sizeof(m->types[0].name));
		m->types[m->ntypes].size = size;
		m->types[m->ntypes].is_signed = sg;
		m->ntypes++;
	}
	skip_stmt(l);
}

/* enum NAME : TYPE { "label" = V, ... }; */
static void parse_enum(struct lexer *l, struct sd_ctf_meta *m)
{
	struct enum_def *e;

	next(l);
	if (l->t.kind != 'i') {
		skip_stmt(l);
		return;
	}
	if (m->nenums == m->capenums) {
		unsigned int cap = m->capenums ? m->capenums * 2 : 256;
		struct enum_def *ne = realloc(m->enums, cap * sizeof(*ne));

		if (!ne) {
			l->bad = 1;
			return;
		}
		m->enums = ne;
		m->capenums = cap;
	}
	e = &m->enums[m->nenums];
	memset(e, 0, sizeof(*e));
	copy_tok(&l->t, e->name, sizeof(e->name));
	if (!strncmp(e->name, "slots", 5)) {
		e->labels = calloc(SD_MAX_SLOTS, sizeof(*e->labels));
		if (!e->labels) {
			l->bad = 1;
			return;
		}
	}
	next(l);
	if (!accept(l, ':') || l->t.kind != 'i' || type_of(m, &l->t, &e->size, &e->is_signed) ||
	    (next(l), !accept(l, '{'))) {
		free(e->labels);
		skip_stmt(l);
		return;
	}
	m->nenums++;
	while (l->t.kind && l->t.kind != '}') {
		struct tok label = l->t;

		next(l);
		if (accept(l, '=') && l->t.kind == 'n') {
			if (label.kind == 's' && e->labels &&
			    l->t.num >= 0 && l->t.num < SD_MAX_SLOTS) {
				copy_tok(&label, e->labels[l->t.num], sizeof(e->labels[0]));
				if ((unsigned int)l->t.num >= e->nlabels)
					e->nlabels = (unsigned int)l->t.num + 1;
			}
			next(l);
		}
		if (!accept(l, ',') && l->t.kind != '}')
			next(l);
	}
	skip_stmt(l);
}

/* The fields of an event (into @fs): scalars, arrays, and the captures' struct. */
static void parse_fields(struct lexer *l, struct sd_ctf_meta *m, struct old_class *c,
			 struct old_field *fs)
{
	unsigned int off = sizeof(struct sd_hdr);

	if (!accept(l, '{'))
		return;
	while (l->t.kind && l->t.kind != '}') {
		unsigned int size = 0;
		int sg = 0, known = 0;

		if (is(l, "struct")) {	/* struct { struct capN c[...]; } align(64) captures; */
			next(l);
			if (accept(l, '{')) {
				if (is(l, "struct")) {
					next(l);
					if (l->t.kind == 'i' && l->t.len > 3 && !memcmp(l->t.p, "cap", 3))
						c->slots_enum = atoi(l->t.p + 3);
				}
				while (l->t.kind && l->t.kind != '}')
					next(l);
				accept(l, '}');
			}
			skip_stmt(l);
			continue;
		}
		if (is(l, "enum")) {
			struct enum_def *e;

			next(l);
			e = l->t.kind == 'i' ? enum_of(m, &l->t) : NULL;
			if (e) {
				size = e->size;
				sg = e->is_signed;
				known = 1;
			}
		} else if (l->t.kind == 'i') {
			known = !type_of(m, &l->t, &size, &sg);
		}
		next(l);
		if (known && l->t.kind == 'i' && c->nf < MAX_FIELDS) {
			struct old_field *f = &fs[c->nf];
			struct tok name = l->t;

			next(l);
			if (l->t.kind == '[') {	/* an array: part of a fixed layout */
				skip_stmt(l);
				continue;
			}
			off = (off + size - 1) / size * size;
			copy_tok(&name, f->name, sizeof(f->name));
			f->off = off;
			f->size = size;
			f->is_signed = sg;
			off += size;
			c->nf++;
		}
		skip_stmt(l);
	}
	accept(l, '}');
	c->fixed = (off + 7) & ~7u;
}

/* An event class's kind (SD_K_*, -1: malformed), by its name. */
static int class_kind(const char *name)
{
	if (!strncmp(name, "sdtrace:", 8))
		return !strcmp(name, "sdtrace:fork") ? SD_K_FORK :
		       !strcmp(name, "sdtrace:exit") ? SD_K_EXIT :
		       !strcmp(name, "sdtrace:signal") ? SD_K_SIGNAL :
		       !strcmp(name, "sdtrace:personality") ? SD_K_PERS : -1;
	if (!strncmp(name, "generic:", 8))
		return SD_K_GENERIC;
	return SD_K_CALL;
}

/* Room for class @id; 0 or -ENOMEM. */
static int grow_classes(struct sd_ctf_meta *m, unsigned int id)
{
	unsigned int n = id + 1;

	if (id < m->ncls)
		return 0;
	if (n > m->capcls) {	/* ids come in order: grow by doubling */
		unsigned int cap = m->capcls ? m->capcls : 1024;
		struct old_class *nc;

		while (cap < n)
			cap *= 2;
		nc = realloc(m->cls, cap * sizeof(*nc));
		if (!nc)
			return -ENOMEM;
		m->cls = nc;
		m->capcls = cap;
	}
	memset(m->cls + m->ncls, 0, (n - m->ncls) * sizeof(*m->cls));
	m->ncls = n;
	return 0;
}

static void parse_event(struct lexer *l, struct sd_ctf_meta *m)
{
	struct old_field fs[MAX_FIELDS];
	struct old_class c;
	long long id = -1;

	memset(&c, 0, sizeof(c));
	c.slots_enum = -1;
	next(l);
	if (!accept(l, '{'))
		return;
	while (l->t.kind && l->t.kind != '}') {
		if (is(l, "name")) {
			next(l);
			if (accept(l, '=') && l->t.kind == 's')
				copy_tok(&l->t, c.name, sizeof(c.name));
			skip_stmt(l);
		} else if (is(l, "id")) {
			next(l);
			if (accept(l, '=') && l->t.kind == 'n')
				id = l->t.num;
			skip_stmt(l);
		} else if (is(l, "fields")) {
			next(l);
			if (accept(l, 'A') && is(l, "struct")) {
				next(l);
				parse_fields(l, m, &c, fs);
			}
			skip_stmt(l);
		} else {
			skip_stmt(l);
		}
	}
	accept(l, '}');
	accept(l, ';');
	if (id < 0 || id >= MAX_CLASSES || !c.name[0])
		return;
	c.kind = class_kind(c.name);
	if (grow_classes(m, (unsigned int)id)) {
		l->bad = 1;
		return;
	}
	if (c.nf) {
		c.f = malloc((size_t)c.nf * sizeof(*c.f));
		if (!c.f) {
			l->bad = 1;
			return;
		}
		memcpy(c.f, fs, (size_t)c.nf * sizeof(*c.f));
	}
	free(m->cls[id].f);
	c.present = 1;
	m->cls[id] = c;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void parse_uuid(const struct tok *t, struct sd_ctf_meta *m)
{
	int n = 0;

	for (size_t i = 0; i + 1 < t->len && n < 16; i++) {
		int a = hexval(t->p[i]), b;

		if (a < 0)
			continue;
		b = hexval(t->p[i + 1]);
		if (b < 0)
			return;
		m->uuid[n++] = (unsigned char)(a << 4 | b);
		i++;
	}
	m->has_uuid = n == 16;
}

/* trace { uuid = ...; }, env { k = v; }, clock { offset_s = ...; } */
static void parse_attrs(struct lexer *l, struct sd_ctf_meta *m, int what)
{
	next(l);
	if (!accept(l, '{'))
		return;
	while (l->t.kind && l->t.kind != '}') {
		struct tok key = l->t;

		if (l->t.kind != 'i') {
			skip_stmt(l);
			continue;
		}
		next(l);
		if (!accept(l, '=')) {
			skip_stmt(l);
			continue;
		}
		if (what == 't' && key.len == 4 && !memcmp(key.p, "uuid", 4) && l->t.kind == 's')
			parse_uuid(&l->t, m);
		if (what == 'e' && key.len == 14 && !memcmp(key.p, "sysdef_layouts", 14) &&
		    l->t.kind == 's')
			copy_tok(&l->t, m->layouts, sizeof(m->layouts));
		if (what == 'e' && key.len == 3 && !memcmp(key.p, "cwd", 3) && l->t.kind == 's')
			copy_str(&l->t, m->cwd, sizeof(m->cwd));
		if (what == 'e' && key.len == 3 && !memcmp(key.p, "fd", 2) && key.p[2] >= '0' &&
		    key.p[2] <= '2' && l->t.kind == 's')
			copy_str(&l->t, m->fd[key.p[2] - '0'], sizeof(m->fd[0]));
		/* (a start before 1970 or after 2106 is damage: left at 0) */
		if (what == 'c' && key.len == 8 && !memcmp(key.p, "offset_s", 8) &&
		    l->t.kind == 'n' && l->t.num >= 0 && l->t.num < (1LL << 32))
			m->offset_s = l->t.num;
		if (what == 'c' && key.len == 6 && !memcmp(key.p, "offset", 6) &&
		    l->t.kind == 'n' && l->t.num >= 0 && l->t.num < 1000000000LL)
			m->offset = l->t.num;
		skip_stmt(l);
	}
	accept(l, '}');
	accept(l, ';');
}

/* How records of old class @c become this build's: by names. */
static void plan_translation(struct sd_ctf_meta *m, struct old_class *c)
{
	const struct sd_ctf_member *nm;
	const struct enum_def *se = NULL;
	unsigned int n = sd_ctf_nclasses();

	c->member = -1;
	c->same = 1;
	if (c->kind != SD_K_CALL || m->same_build)
		return;
	for (unsigned int i = SD_CTF_ID_CALLS; i < n; i++) {
		const struct sd_ctf_class *k = sd_ctf_class(i);

		if (k && !strcmp(k->name, c->name)) {
			c->member = k->member;
			break;
		}
	}
	c->same = 0;
	if (c->member < 0)
		return;
	nm = &sd_ctf_members[c->member];
	if (c->slots_enum >= 0) {
		char name[32];

		snprintf(name, sizeof(name), "slots%d", c->slots_enum);
		for (unsigned int i = 0; i < m->nenums; i++)
			if (!strcmp(m->enums[i].name, name))
				se = &m->enums[i];
	}
	c->nslots = se ? se->nlabels : 0;
	memset(c->smap, 255, sizeof(c->smap));
	for (unsigned int s = 0; se && s < se->nlabels; s++)
		for (unsigned int k = 0; k < nm->nslots; k++)
			if (!strcmp(se->labels[s], sd_ctf_name(nm->slots[k].name)))
				c->smap[s] = (unsigned char)k;
	c->same = c->fixed == nm->fixed && c->nf == nm->nfields && c->nslots == nm->nslots;
	for (unsigned int k = 0; k < nm->nfields && k < MAX_FIELDS; k++) {
		c->fmap[k] = -1;
		for (int j = 0; j < c->nf; j++)
			if (!strcmp(c->f[j].name, sd_ctf_name(nm->fields[k].name)))
				c->fmap[k] = j;
		if (c->fmap[k] != (int)k || c->f[k].off != nm->fields[k].off ||
		    c->f[k].size != nm->fields[k].size ||
		    c->f[k].is_signed != nm->fields[k].is_signed)
			c->same = 0;
	}
	for (unsigned int s = 0; s < c->nslots; s++)
		if (c->smap[s] != s)
			c->same = 0;
}

/*
 * The rest of the text, from the first token of @m's layouts on, is this
 * build's layouts, byte for byte, and the trace says so (its
 * sysdef_layouts is this build's): what parsing it would give is known.
 */
static int ours_follow(const struct sd_ctf_meta *m, const char *text, size_t len)
{
	size_t tl;
	const char *ours = sd_ctf_layouts_text(&tl);

	return ours && tl <= len && !strcmp(m->layouts, sd_ctf_layouts_hash()) &&
	       !memcmp(text + len - tl, ours, tl);
}

/*
 * This build's event classes, as parsing its layouts would give them: not
 * copied (a table of some 2,000 classes to fault in), event() takes them
 * from sd_ctf_class(); they come before any class parsed with the same id.
 */
static int install_ours(struct sd_ctf_meta *m)
{
	m->ours = sd_ctf_nclasses() > 0;
	return 0;
}

static int parse_meta(const char *text, size_t len, struct sd_ctf_meta *m)
{
	struct lexer l = { text, text + len, { 0, 0, 0, 0 }, 0 };
	const char *tail = NULL;
	size_t tl;

	/* where this build's layouts' first token would be */
	if (sd_ctf_layouts_text(&tl) && tl <= len) {
		const char *ours = sd_ctf_layouts_text(&tl);
		size_t i = 0;

		while (i < tl && (ours[i] == ' ' || ours[i] == '\t' || ours[i] == '\n' ||
				  ours[i] == '\r'))
			i++;
		if (i < tl)
			tail = text + len - tl + i;
	}

	if (len < 12 || memcmp(text, "/* CTF 1.8", 10)) {
		snprintf(m->err, sizeof(m->err), "it does not start with \"/* CTF 1.8\" "
			 "(a packetized metadata file is not read)");
		return -EINVAL;
	}
	next(&l);
	while (l.t.kind && !l.bad) {
		if (l.t.p == tail && tail && l.t.kind == 'i' && ours_follow(m, text, len)) {
			if (install_ours(m))
				l.bad = 1;
			break;
		}
		if (is(&l, "typealias"))
			parse_typealias(&l, m);
		else if (is(&l, "enum"))
			parse_enum(&l, m);
		else if (is(&l, "event"))
			parse_event(&l, m);
		else if (is(&l, "trace"))
			parse_attrs(&l, m, 't');
		else if (is(&l, "env"))
			parse_attrs(&l, m, 'e');
		else if (is(&l, "clock"))
			parse_attrs(&l, m, 'c');
		else
			skip_stmt(&l);
	}
	if (l.bad) {
		snprintf(m->err, sizeof(m->err), "it is cut short or too large");
		return -EINVAL;
	}
	if (!m->has_uuid || !m->layouts[0] || (!m->ncls && !m->ours)) {
		snprintf(m->err, sizeof(m->err), "it is not the metadata of an sdtrace "
			 "trace (no %s)", !m->has_uuid ? "trace uuid" :
			 !m->layouts[0] ? "env.sysdef_layouts" : "event classes");
		return -EINVAL;
	}
	m->same_build = !strcmp(m->layouts, sd_ctf_layouts_hash());
	for (unsigned int i = 0; i < m->ncls; i++)
		if (m->cls[i].present)
			plan_translation(m, &m->cls[i]);
	return 0;
}

static void free_meta(struct sd_ctf_meta *m)
{
	for (unsigned int i = 0; i < m->nenums; i++)
		free(m->enums[i].labels);
	for (unsigned int i = 0; i < m->ncls; i++)
		free(m->cls[i].f);
	free(m->cls);
	free(m->enums);
}

/* ---- the packets' checksums ---- */

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* CRC-32 (zlib's) of @len bytes, @len >= 64 and a multiple of 16, by
 * carry-less multiplication folding (Gopal et al., "Fast CRC Computation
 * for Generic Polynomials Using PCLMULQDQ", Intel 2009); @crc and the
 * result are the register, not inverted. */
__attribute__((target("pclmul,sse4.1")))
static uint32_t crc32_fold(const unsigned char *buf, size_t len, uint32_t crc)
{
	const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
	const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
	const __m128i k5k0 = _mm_set_epi64x(0, 0x0163cd6124LL);
	const __m128i poly = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);
	const __m128i mask = _mm_setr_epi32(~0, 0, ~0, 0);
	__m128i x0, x1, x2, x3, x4, x5, x6, x7, x8;

	x1 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
	x2 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
	x3 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
	x4 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
	x0 = k1k2;
	buf += 64;
	len -= 64;
	while (len >= 64) {	/* four lanes of 16 bytes */
		x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
		x6 = _mm_clmulepi64_si128(x2, x0, 0x00);
		x7 = _mm_clmulepi64_si128(x3, x0, 0x00);
		x8 = _mm_clmulepi64_si128(x4, x0, 0x00);
		x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
		x2 = _mm_clmulepi64_si128(x2, x0, 0x11);
		x3 = _mm_clmulepi64_si128(x3, x0, 0x11);
		x4 = _mm_clmulepi64_si128(x4, x0, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, x5),
				   _mm_loadu_si128((const __m128i *)(buf + 0x00)));
		x2 = _mm_xor_si128(_mm_xor_si128(x2, x6),
				   _mm_loadu_si128((const __m128i *)(buf + 0x10)));
		x3 = _mm_xor_si128(_mm_xor_si128(x3, x7),
				   _mm_loadu_si128((const __m128i *)(buf + 0x20)));
		x4 = _mm_xor_si128(_mm_xor_si128(x4, x8),
				   _mm_loadu_si128((const __m128i *)(buf + 0x30)));
		buf += 64;
		len -= 64;
	}
	/* the four lanes into one */
	x0 = k3k4;
	x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
	x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, x3), x5);
	x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, x4), x5);
	while (len >= 16) {
		x2 = _mm_loadu_si128((const __m128i *)buf);
		x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
		x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
		buf += 16;
		len -= 16;
	}
	/* 128 bits to 64 */
	x2 = _mm_clmulepi64_si128(x1, x0, 0x10);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2);
	x0 = k5k0;
	x2 = _mm_srli_si128(x1, 4);
	x1 = _mm_and_si128(x1, mask);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_xor_si128(x1, x2);
	/* Barrett reduction to 32 */
	x0 = poly;
	x2 = _mm_and_si128(x1, mask);
	x2 = _mm_clmulepi64_si128(x2, x0, 0x10);
	x2 = _mm_and_si128(x2, mask);
	x2 = _mm_clmulepi64_si128(x2, x0, 0x00);
	x1 = _mm_xor_si128(x1, x2);
	return (uint32_t)_mm_extract_epi32(x1, 1);
}

/* zlib's crc32_z(@crc, @p, @n), four times as fast where the CPU can */
static uLong crc_update(uLong crc, const unsigned char *p, size_t n)
{
	static int fold = -1;

	if (fold < 0) {	/* one cpuid (__builtin_cpu_supports brings libgcc's
			 * constructor, a dozen cpuids at every start: VM exits) */
		unsigned int a, b, c, d;

		fold = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_PCLMUL) && (c & bit_SSE4_1);
	}
	if (fold && n >= 64) {
		size_t m = n & ~(size_t)15;

		crc = ~crc32_fold(p, m, ~(uint32_t)crc) & 0xffffffffu;
		p += m;
		n -= m;
	}
	return crc32_z(crc, p, n);
}
#else
static uLong crc_update(uLong crc, const unsigned char *p, size_t n)
{
	return crc32_z(crc, p, n);
}
#endif

/* ---- the stream ---- */

struct reader {
	const char *name;
	const unsigned char *data;
	size_t len;
	const struct sd_ctf_meta *m;
	struct sd_ctf_summary *sum;
	int (*fn)(void *ctx, void *rec, size_t size);
	void *ctx;
	int flags;
	uint64_t rec[(SD_REC_MAX + 7) / 8];
	uint64_t out[(SD_REC_MAX + 7) / 8];
};

static int damage(struct reader *r, size_t off, const char *fmt, ...)
{
	char cause[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cause, sizeof(cause), fmt, ap);
	va_end(ap);
	snprintf(r->sum->error, sizeof(r->sum->error), "%.200s: byte %zu: %s", r->name, off,
		 cause);
	return -EINVAL;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static long long get_int(const unsigned char *p, unsigned int size, int sg)
{
	switch (size) {
	case 1: return sg ? (long long)(int8_t)p[0] : (long long)p[0];
	case 2: { uint16_t v; memcpy(&v, p, 2); return sg ? (long long)(int16_t)v : v; }
	case 4: { uint32_t v; memcpy(&v, p, 4); return sg ? (long long)(int32_t)v : v; }
	default: { uint64_t v; memcpy(&v, p, 8); return (long long)v; }
	}
}

static void put_int(unsigned char *p, unsigned int size, long long v)
{
	uint8_t a = (uint8_t)v;
	uint16_t b = (uint16_t)v;
	uint32_t c = (uint32_t)v;
	uint64_t d = (uint64_t)v;

	memcpy(p, size == 1 ? (void *)&a : size == 2 ? (void *)&b : size == 4 ? (void *)&c :
	       (void *)&d, size);
}

/* Record @in of old class @c in this build's layout, into r->out; its size. */
static size_t translate(struct reader *r, const struct old_class *c,
			const unsigned char *in, size_t size)
{
	unsigned char *out = (unsigned char *)r->out;
	struct sd_hdr h;
	size_t off, o;

	memcpy(&h, in, sizeof(h));
	if (c->member < 0) {	/* described no more: an undescribed call */
		struct sd_rec_generic g;

		memset(&g, 0, sizeof(g));
		g.h = h;
		g.h.kind = SD_K_GENERIC;
		g.h.size = sizeof(g);
		if (size >= 24)
			memcpy(&g.ret, in + 16, 8);
		memcpy(out, &g, sizeof(g));
		return sizeof(g);
	}
	{
		const struct sd_ctf_member *nm = &sd_ctf_members[c->member];

		memset(out, 0, nm->fixed);
		memcpy(out, &h, sizeof(h));
		for (unsigned int k = 0; k < nm->nfields && k < MAX_FIELDS; k++) {
			const struct old_field *of;

			if (c->fmap[k] < 0)
				continue;
			of = &c->f[c->fmap[k]];
			put_int(out + nm->fields[k].off, nm->fields[k].size,
				get_int(in + of->off, of->size, of->is_signed));
		}
		o = nm->fixed;
		for (off = c->fixed; off + sizeof(struct sd_var) <= size;) {
			struct sd_var v;

			memcpy(&v, in + off, sizeof(v));
			if (v.slot < SD_MAX_SLOTS && c->smap[v.slot] != 255 &&
			    o + sizeof(v) + v.len <= SD_REC_MAX) {
				v.slot = c->smap[v.slot];
				memcpy(out + o, &v, sizeof(v));
				memcpy(out + o + sizeof(v), in + off + sizeof(v), v.len);
				o += sizeof(v) + v.len;
			}
			off += sizeof(v) + v.len;
		}
	}
	h.size = (uint16_t)o;
	memcpy(out, &h, sizeof(h));
	return o;
}

/* One event at @off (its packet's content ends at @end).  Its size, or <0. */
static long event(struct reader *r, size_t off, size_t end, uint64_t *clock)
{
	const unsigned char *p = r->data + off;
	const struct old_class *c = NULL;	/* a parsed class, or */
	const struct sd_ctf_class *k;		/* this build's */
	const char *cname;
	int kind, same = 1;
	struct sd_hdr h;
	uint32_t lo;
	uint16_t id, ncaps;
	size_t size, need;
	int rc;

	if (end - off < SD_CTF_EVHDR + sizeof(h))
		return damage(r, off, "an event is cut short (%zu bytes left in its "
			      "packet)", end - off);
	memcpy(&lo, p, 4);
	memcpy(&id, p + 4, 2);
	memcpy(&ncaps, p + 6, 2);
	memcpy(&h, p + SD_CTF_EVHDR, sizeof(h));
	if (r->m->ours && (k = sd_ctf_class(id))) {
		kind = k->kind;	/* what class_kind(name) gives */
		cname = k->name;
	} else if (id < r->m->ncls && r->m->cls[id].present) {
		c = &r->m->cls[id];
		kind = c->kind;
		cname = c->name;
		same = c->same;
	} else {
		return damage(r, off, "the event's class %u is not in the metadata", id);
	}
	size = h.size;
	if (kind < 0) {	/* sdtrace:malformed: the record as bytes */
		size = sizeof(h) + ncaps;
	} else if (size < sizeof(h) || size > SD_REC_MAX) {
		return damage(r, off + SD_CTF_EVHDR, "a record's size %zu is impossible", size);
	} else if (h.kind != kind) {
		return damage(r, off + SD_CTF_EVHDR, "a record of kind %u in an event of "
			      "class %s", h.kind, cname);
	}
	need = SD_CTF_EVHDR + ((size + 7) & ~(size_t)7);
	if (need > end - off)
		return damage(r, off, "a record of %zu bytes runs past the end of its "
			      "packet (%zu bytes left)", size, end - off - SD_CTF_EVHDR);
	/* the clock: 32 low bits, wrapping as CTF readers take them */
	{
		uint64_t cur = (*clock & ~0xffffffffULL) | lo;

		if (lo < (uint32_t)*clock)
			cur += 1ULL << 32;
		*clock = cur;
	}
	memcpy(r->rec, p + SD_CTF_EVHDR, size);
	if (kind >= 0) {
		unsigned int caps;
		int cid;

		if (r->m->same_build) {
			cid = sd_ctf_classify((const struct sd_hdr *)r->rec, size, &caps);
			if (cid != id || caps != ncaps)
				return damage(r, off, "the record does not match its event "
					      "header (%s, %u captures; the record is %s "
					      "with %u)", cname, ncaps, cid < 0 ?
					      "malformed" : sd_ctf_class((unsigned int)cid)->name,
					      caps);
		} else if (c && kind == SD_K_CALL) {
			int n = sd_ctf_count_caps((const unsigned char *)r->rec, size, c->fixed,
						  c->nslots ? c->nslots : 0);

			if (n < 0 || n != ncaps)
				return damage(r, off, "the record does not match its event "
					      "class %s (its captures do not fill it)", c->name);
		}
	}
	r->sum->records++;
	if (c && kind == SD_K_CALL && !same) {
		size_t n = translate(r, c, (const unsigned char *)r->rec, size);

		r->sum->translated = 1;
		rc = r->fn(r->ctx, r->out, n);
	} else {
		rc = r->fn(r->ctx, r->rec, size);
	}
	return rc < 0 ? rc : (long)need;
}

static int read_stream(struct reader *r)
{
	size_t off = 0;
	uint64_t seq = 0, prev_end = 0, lost[SD_CTF_NLOST] = { 0 };

	while (off < r->len) {
		const unsigned char *p = r->data + off;
		uint64_t content, psize, begin, tend, clock, discarded, sum = 0;
		uint32_t magic, sid;
		size_t end, pos;

		if (r->len - off < SD_CTF_PREAMBLE)
			return damage(r, r->len, "the file ends inside a packet header "
				      "(%zu of its %d bytes, from byte %zu)", r->len - off,
				      SD_CTF_PREAMBLE, off);
		memcpy(&magic, p, 4);
		memcpy(&sid, p + 20, 4);
		if (magic != SD_CTF_MAGIC)
			return damage(r, off, "no packet starts here (magic 0x%08x, not 0x%08x)",
				      magic, SD_CTF_MAGIC);
		if (!(r->flags & SD_CTF_ANY_UUID) && memcmp(p + 4, r->m->uuid, 16))
			return damage(r, off + 4, "the packet is of another trace (its uuid is "
				      "not the metadata's)");
		if (sid != 0)
			return damage(r, off + 20, "the packet is of stream %u, not 0", sid);
		begin = get64(p + 24);
		tend = get64(p + 32);
		content = get64(p + 40);
		psize = get64(p + 48);
		discarded = get64(p + 64);
		if (content % 8 || psize % 8 || content > psize || content < SD_CTF_PREAMBLE * 8 ||
		    psize / 8 > (uint64_t)1 << 40)
			return damage(r, off + 40, "the packet's sizes are impossible (content "
				      "%llu bits, packet %llu bits)", (unsigned long long)content,
				      (unsigned long long)psize);
		if (get64(p + 56) != seq)
			return damage(r, off + 56, "packet %llu follows packet %llu: packets "
				      "are missing", (unsigned long long)get64(p + 56),
				      (unsigned long long)seq - 1);
		if (begin < prev_end || tend < begin)
			return damage(r, off + 24, "the packet's times are out of order");
		for (int i = 0; i < SD_CTF_NLOST; i++) {
			uint64_t v = get64(p + 72 + 8 * i);

			if (v < lost[i])
				return damage(r, off + 72 + 8 * i, "the count of lost records "
					      "goes down");
			sum += v;
		}
		if (sum != discarded)
			return damage(r, off + 64, "events_discarded is not the sum of the "
				      "lost records by cause");
		end = off + (size_t)(content / 8);
		pos = off + SD_CTF_PREAMBLE;
		/* a whole packet's checksum: none of its records is believed if
		 * it is wrong; a cut packet's records are checked one by one */
		if (end <= r->len && !(r->flags & SD_CTF_NO_CHECKSUM)) {
			uint64_t want = get64(p + 104);
			uLong crc = crc32(0, p, 104);

			crc = crc32(crc, (const Bytef *)"\0\0\0\0\0\0\0\0", 8);
			crc = crc_update(crc, p + 112, end - off - 112);
			if (crc != want)
				return damage(r, off, "the packet's checksum is wrong: its %zu bytes "
					      "are damaged", end - off);
		}
		clock = begin;
		while (pos < end && pos < r->len) {
			long n = event(r, pos, end < r->len ? end : r->len, &clock);

			if (n < 0)
				return (int)n;
			pos += (size_t)n;
		}
		if (end > r->len)
			return damage(r, r->len, "the file ends inside the packet that starts at "
				      "byte %zu (it has %llu bytes)", off,
				      (unsigned long long)(content / 8));
		if (clock > tend)
			return damage(r, end, "the packet's events are later than its end time");
		/* only a whole packet's counts are believed */
		for (int i = 0; i < SD_CTF_NLOST; i++)
			r->sum->lost[i] = lost[i] = get64(p + 72 + 8 * i);
		prev_end = tend;
		seq++;
		if (psize / 8 > r->len - off)
			return damage(r, r->len, "the file ends inside the padding of the "
				      "packet that starts at byte %zu", off);
		off += (size_t)(psize / 8);
	}
	if (!seq)
		return damage(r, 0, "the stream holds no packet");
	return 0;
}

struct sd_ctf_meta *sd_ctf_meta_parse(const char *text, size_t len, char *err,
				      size_t errlen)
{
	struct sd_ctf_meta *m = calloc(1, sizeof(*m));

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (parse_meta(text, len, m)) {
		snprintf(err, errlen, "%s", m->err);
		sd_ctf_meta_free(m);
		return NULL;
	}
	return m;
}

void sd_ctf_meta_free(struct sd_ctf_meta *m)
{
	if (!m)
		return;
	free_meta(m);
	free(m);
}

int sd_ctf_read_stream(const struct sd_ctf_meta *m, const unsigned char *data, size_t len,
		       const char *name, int flags,
		       int (*fn)(void *ctx, void *rec, size_t size), void *ctx,
		       struct sd_ctf_summary *sum)
{
	char spath[4096];
	struct reader *r;
	int rc;

	memset(sum, 0, sizeof(*sum));
	sum->wall_ns = m->offset_s * 1000000000LL + m->offset;
	memcpy(sum->cwd, m->cwd, sizeof(sum->cwd));
	memcpy(sum->fd, m->fd, sizeof(sum->fd));
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	snprintf(spath, sizeof(spath), "%s/stream", name);
	r->name = spath;
	r->data = data;
	r->len = len;
	r->m = m;
	r->sum = sum;
	r->fn = fn;
	r->ctx = ctx;
	r->flags = flags;
	rc = read_stream(r);
	free(r);
	return rc;
}

int sd_ctf_read_mem(const char *meta, size_t meta_len, const unsigned char *data,
		    size_t len, const char *name, int flags,
		    int (*fn)(void *ctx, void *rec, size_t size), void *ctx,
		    struct sd_ctf_summary *sum)
{
	char err[256];
	struct sd_ctf_meta *m = sd_ctf_meta_parse(meta, meta_len, err, sizeof(err));
	int rc;

	if (!m) {
		memset(sum, 0, sizeof(*sum));
		snprintf(sum->error, sizeof(sum->error), "%.200s/metadata: %s", name, err);
		return -EINVAL;
	}
	rc = sd_ctf_read_stream(m, data, len, name, flags, fn, ctx, sum);
	sd_ctf_meta_free(m);
	return rc;
}

int sd_ctf_read(const char *dir, int (*fn)(void *ctx, void *rec, size_t size),
		void *ctx, struct sd_ctf_summary *sum)
{
	char mpath[4096], spath[4096];
	char *meta = NULL;
	void *data = NULL;
	struct stat st;
	size_t mlen = 0, len = 0;
	int fd, rc;

	memset(sum, 0, sizeof(*sum));
	snprintf(mpath, sizeof(mpath), "%s/metadata", dir);
	snprintf(spath, sizeof(spath), "%s/stream", dir);
	fd = open(mpath, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > MAX_META) {
		rc = fd < 0 || !S_ISREG(st.st_mode) ? -errno : -EFBIG;
		if (fd >= 0 && !S_ISREG(st.st_mode))
			rc = -EINVAL;
		snprintf(sum->error, sizeof(sum->error), "%.400s: %s", mpath,
			 rc == -EFBIG ? "too large for trace metadata" :
			 rc == -EINVAL ? "not a regular file" : strerror(-rc));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	/* mapped, not read: no copy, no 400 KiB of fresh memory to fault in */
	mlen = (size_t)st.st_size;
	meta = mlen ? mmap(NULL, mlen, PROT_READ, MAP_PRIVATE, fd, 0) : (char *)"";
	close(fd);
	if (meta == MAP_FAILED) {
		rc = -errno;
		snprintf(sum->error, sizeof(sum->error), "%.400s: %s", mpath, strerror(-rc));
		return rc;
	}
	fd = open(spath, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		rc = fd < 0 ? -errno : -EINVAL;
		snprintf(sum->error, sizeof(sum->error), "%.400s: %s", spath,
			 rc == -EINVAL ? "not a regular file" : strerror(-rc));
		if (fd >= 0)
			close(fd);
		if (mlen)
			munmap(meta, mlen);
		return rc;
	}
	len = (size_t)st.st_size;
	if (len) {
		data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (data == MAP_FAILED) {
			rc = -errno;
			snprintf(sum->error, sizeof(sum->error), "%.400s: %s", spath, strerror(errno));
			close(fd);
			if (mlen)
				munmap(meta, mlen);
			return rc;
		}
		madvise(data, len, MADV_SEQUENTIAL);
	}
	close(fd);
	rc = sd_ctf_read_mem(meta, mlen, data ? data : (const void *)"", len, dir, 0, fn,
			     ctx, sum);
	if (data)
		munmap(data, len);
	if (mlen)
		munmap(meta, mlen);
	return rc;
}

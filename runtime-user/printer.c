/* SPDX-License-Identifier: MIT */
/* printer.c - records to strace-style lines or JSON lines. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>

#include <linux/types.h>

#include "sd_records.h"
#include "sd_events.h"
#include "sd_table.h"
#include "syscall_names.h"
#include "printer.h"
#include "compat.h"
#include "kstructs.h"
#include "unwind.h"

#define ALIGN_COLUMN 40	/* strace puts " = " at this column */

int sd_printer_init(struct sd_printer *p, FILE *out, const struct sd_printer_opts *o)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->opts = *o;
	sd_buf_init(&p->line);
	sd_buf_init(&p->stack);
	sd_tidmap_init(&p->tids);
	sd_tidmap_init(&p->procs);
	sd_tidmap_init(&p->last_nr);
	p->last_ts = ~0ULL;
	sd_dec_init(&p->dec, &p->line, o->mode, o->strsize, o->verbose);
	sd_fdtab_init(&p->fds);
	sd_comms_init(&p->comms);
	if (o->fd_names)
		p->dec.fds = &p->fds;
	p->dec.fd_details = o->fd_names > 1;
	p->dec.hide_fd_names = o->hide_fd_names;
	p->dec.paths = o->paths;
	if (o->decode_comm) {
		p->dec.comms = &p->comms;
		sd_kstructs_comms(&p->comms);
	}
	p->by_nr = calloc(SD_NR_MAX, sizeof(*p->by_nr));
	if (!p->by_nr)
		return -ENOMEM;
	for (unsigned int i = 0; i < sd_syscall_count; i++) {
		const struct sd_syscall_ent *e = &sd_syscall_table[i];

		if (e->nr >= 0 && e->nr < SD_NR_MAX)
			p->by_nr[e->nr] = e;
	}
	return 0;
}

void sd_printer_free(struct sd_printer *p)
{
	sd_dec_free(&p->dec);
	sd_buf_free(&p->line);
	sd_buf_free(&p->stack);
	sd_tidmap_free(&p->tids);
	sd_tidmap_free(&p->procs);
	sd_tidmap_free(&p->last_nr);
	sd_fdtab_free(&p->fds);
	if (p->dec.comms)
		sd_kstructs_comms(NULL);
	sd_comms_free(&p->comms);
	free(p->by_nr);
	p->by_nr = NULL;
}

int sd_printer_add_proc(struct sd_printer *p, uint32_t tgid)
{
	if (p->opts.fd_names)
		sd_fdtab_seed(&p->fds, tgid);
	if (p->opts.unwind)
		sd_unwind_seed(p->opts.unwind, tgid);
	if (p->opts.decode_comm) {	/* what it is called now (-Y) */
		char comm[SD_COMM_LEN];

		sd_comms_lookup(&p->comms, tgid, comm);
		sd_comms_set(&p->comms, tgid, comm);
	}
	if (sd_tidmap_put(&p->procs, tgid, tgid))
		return -ENOMEM;
	return sd_tidmap_put(&p->tids, tgid, tgid);
}

static void flush_line(struct sd_printer *p)
{
	FILE *out = p->out;

	sd_buf_putc(&p->line, '\n');
	if (p->opts.route)	/* -ff */
		out = p->opts.route(p->opts.route_ctx, p->line_tid);
	/* one thread writes: no lock per line; the first failure's errno is
	 * kept (by the time the caller looks, errno is another call's) */
	if (!p->opts.quiet && out &&
	    fwrite_unlocked(p->line.p, 1, p->line.len, out) != p->line.len && !p->out_errno)
		p->out_errno = errno ? errno : EIO;
	sd_buf_reset(&p->line);
}

/* Learn a thread we had not seen (e.g. attached with -p). */
static void see_tid(struct sd_printer *p, uint32_t tid)
{
	if (!sd_tidmap_get(&p->tids, tid))
		sd_tidmap_put(&p->tids, tid, tid);
}

/* ns per unit of the last of N digits after the second */
static const long digit_ns[] = { 1000000000, 100000000, 10000000, 1000000, 100000,
				 10000, 1000, 100, 10, 1 };

/* -t, -tt, -ttt: the wall-clock time of record time @ts */
static void text_time(struct sd_printer *p, uint64_t ts)
{
	int64_t ns = (int64_t)((uint64_t)p->opts.wall_ns + ts);	/* a damaged ts wraps */
	time_t sec = (time_t)(ns / 1000000000);
	long frac = (long)(ns % 1000000000);
	struct tm tm;
	char str[64];

	if (!localtime_r(&sec, &tm) || !strftime(str, sizeof(str), p->opts.ts_fmt, &tm))
		snprintf(str, sizeof(str), "%lld", (long long)sec);
	if (p->opts.ts_digits)
		sd_buf_printf(&p->line, "%s.%0*ld ", str, p->opts.ts_digits,
			      frac / digit_ns[p->opts.ts_digits]);
	else
		sd_buf_printf(&p->line, "%s ", str);
}

/* -r: the time since the previous line, "(+ ...) " after -t */
static void text_reltime(struct sd_printer *p, uint64_t ts)
{
	uint64_t d = p->last_ts == ~0ULL || ts < p->last_ts ? 0 : ts - p->last_ts;

	p->last_ts = ts;
	sd_buf_printf(&p->line, "%s%6llu", p->opts.ts_fmt ? "(+" : "",
		      (unsigned long long)(d / 1000000000));
	if (p->opts.rel_digits)
		sd_buf_printf(&p->line, ".%0*ld", p->opts.rel_digits,
			      (long)(d % 1000000000) / digit_ns[p->opts.rel_digits]);
	sd_buf_puts(&p->line, p->opts.ts_fmt ? ") " : " ");
}

/* "[pid %5u] " (or @column: "%-5u "), without printf */
static void put_tid(struct sd_buf *b, uint32_t tid, int column)
{
	unsigned int nd = 1, w;
	char *d, *e;

	for (uint32_t t = tid; t >= 10; t /= 10)
		nd++;
	/* "%-5u " or "[pid %5u] ", written in place (digits stored into a
	 * scratch array and copied back by wider loads stall) */
	w = nd < 5 ? 5 : nd;
	if (sd_buf_reserve(b, w + 7))
		return;
	d = b->p + b->len;
	if (column) {
		memset(d + nd, ' ', w - nd + 1);
		e = d + nd;
		b->len += w + 1;
	} else {
		memcpy(d, "[pid ", 5);
		memset(d + 5, ' ', w - nd);
		e = d + 5 + w;
		e[0] = ']';
		e[1] = ' ';
		b->len += w + 7;
	}
	do {
		*--e = (char)('0' + tid % 10);
		tid /= 10;
	} while (tid);
	b->p[b->len] = '\0';
}

/*
 * What strace prints before each line: the pid, the times (@h's), the
 * syscall number (@nr + 1; 0: the thread's last call's).
 */
static void text_prefix(struct sd_printer *p, const struct sd_hdr *h, uint32_t tid,
			unsigned int nr1)
{
	const char *comm = NULL;

	p->line_tid = tid;
	if (p->opts.decode_comm) {
		/* -Y: the name the thread had when the call began: the one the
		 * kernel gave with it, but for calls that rename (exec, prctl) */
		comm = p->tail.comm;
		if (!*comm || h->nr == __NR_execve || h->nr == __NR_execveat ||
		    h->nr == __NR_prctl)
			comm = sd_comms_get(&p->comms, tid);
		if ((!comm || !*comm) && *p->tail.comm)
			comm = p->tail.comm;
	}
	if (!comm || !*comm) {
		if (p->opts.pid_column)
			put_tid(&p->line, tid, 1);
		else if ((p->tids.count > 1 && !p->opts.route) || p->opts.always_pid)
			put_tid(&p->line, tid, 0);
	} else if (p->opts.pid_column) {
		sd_buf_printf(&p->line, "%u", tid);
		sd_comm_put(&p->line, comm);
		sd_buf_putc(&p->line, ' ');
	} else if ((p->tids.count > 1 && !p->opts.route) || p->opts.always_pid) {
		sd_buf_printf(&p->line, "[pid %5u", tid);
		sd_comm_put(&p->line, comm);
		sd_buf_puts(&p->line, "] ");
	}
	/* a call's line: the time it began, as strace prints it at entry */
	if (p->opts.ts_fmt)
		text_time(p, SD_HDR_TS(h) - p->tail.dur_ns);
	if (p->opts.rel_ts)
		text_reltime(p, SD_HDR_TS(h) - p->tail.dur_ns);
	if (p->opts.syscall_nr) {
		if (nr1)
			sd_tidmap_put(&p->last_nr, tid, nr1);
		else
			nr1 = sd_tidmap_get(&p->last_nr, tid);
		if (nr1)
			sd_buf_printf(&p->line, "[%4u] ", nr1 - 1);
		else
			sd_buf_puts(&p->line, "[????] ");
	}
	if (p->opts.show_ip) {
		if (h->flags & SD_F_IP)
			sd_buf_printf(&p->line, "[%016llx] ", (unsigned long long)p->tail.ip);
		else
			sd_buf_puts(&p->line, "[????????????????] ");
	}
}

/* -T: " <0.000012>", the time the call took */
static void text_duration(struct sd_printer *p, const struct sd_hdr *h)
{
	int d = p->opts.syscall_times;

	if (d < 0 || !(h->flags & SD_F_DUR))
		return;
	sd_buf_printf(&p->line, " <%llu", (unsigned long long)(p->tail.dur_ns / 1000000000));
	if (d)
		sd_buf_printf(&p->line, ".%0*ld", d,
			      (long)(p->tail.dur_ns % 1000000000) / digit_ns[d]);
	sd_buf_putc(&p->line, '>');
}

/*
 * -k: the call's stack, after its line; exit_group's after its thread's
 * exit line, where strace prints it.
 */
static void stack_lines(struct sd_printer *p, const struct sd_hdr *h)
{
	FILE *out = p->out;

	if (!p->opts.unwind || !p->tail.stack_bytes)
		return;
	if (h->flags & SD_F_NORETURN) {
		sd_buf_reset(&p->stack);
		sd_unwind_print(p->opts.unwind, sd_tidmap_get(&p->tids, h->tid) ?
				sd_tidmap_get(&p->tids, h->tid) : h->tid, &p->tail, true,
				&p->stack);
		p->stack_tid = h->tid;
		return;
	}
	sd_unwind_print(p->opts.unwind, sd_tidmap_get(&p->tids, h->tid) ?
			sd_tidmap_get(&p->tids, h->tid) : h->tid, &p->tail, false, &p->line);
	if (p->opts.route)
		out = p->opts.route(p->opts.route_ctx, h->tid);
	if (!p->opts.quiet && out)
		fwrite(p->line.p, 1, p->line.len, out);
	sd_buf_reset(&p->line);
}

/* exit_group's stack, once its thread's exit line is out */
static void stack_after_exit(struct sd_printer *p, uint32_t tid)
{
	FILE *out = p->out;

	if (!p->stack.len || p->stack_tid != tid)
		return;
	if (p->opts.route)
		out = p->opts.route(p->opts.route_ctx, tid);
	if (!p->opts.quiet && out)
		fwrite(p->stack.p, 1, p->stack.len, out);
	sd_buf_reset(&p->stack);
}

/* -e status=: is a call that ended so (SD_STATUS_*) printed? */
static int status_shown(const struct sd_printer *p, long long ret, enum sd_ret_kind kind)
{
	unsigned int st;

	if (!p->opts.status)
		return 1;
	if (kind == SD_RET_NORETURN)
		st = SD_STATUS_UNFINISHED;
	else if ((ret < 0 && ret >= -4095) ||
		 (kind == SD_RET_UINT32 && ret >= 0xfffff001LL && ret <= 0xffffffffLL))
		st = SD_STATUS_FAILED;
	else
		st = SD_STATUS_SUCCESSFUL;
	return (p->opts.status & st) != 0;
}

static void json_head(struct sd_printer *p, const struct sd_hdr *h, const char *type)
{
	p->line_tid = h->tid;
	sd_buf_printf(&p->line, "{\"ts\":%llu.%09llu,\"tid\":%u,\"type\":\"%s\"",
		      (unsigned long long)(SD_HDR_TS(h) / 1000000000ULL),
		      (unsigned long long)(SD_HDR_TS(h) % 1000000000ULL), h->tid, type);
}

static void text_eq(struct sd_printer *p)
{
	size_t col = p->opts.column < 0 ? 0 : p->opts.column ? (size_t)p->opts.column :
		     ALIGN_COLUMN;

	/* strace: ") ", spaces up to the column, "= " */
	static const char spaces[] = "                                        ";
	size_t pad = col > p->line.len + 1 ? col - p->line.len - 1 : 0;

	sd_buf_putc(&p->line, ' ');
	for (; pad > sizeof(spaces) - 1; pad -= sizeof(spaces) - 1)
		sd_buf_write(&p->line, spaces, sizeof(spaces) - 1);
	sd_buf_write(&p->line, spaces, pad);
	sd_buf_puts(&p->line, "= ");
}

static void text_ret(struct sd_printer *p, long long ret, enum sd_ret_kind kind)
{
	text_eq(p);
	if (kind == SD_RET_FD && ret >= 0 && ret <= 0x7fffffff) {
		sd_buf_putd(&p->line, ret);
		sd_d_fd_name(&p->dec, &p->line, (int)ret);
	} else if (kind == SD_RET_NORETURN) {
		sd_buf_putc(&p->line, '?');
	} else if (ret < 0 && ret >= -4095) {
		sd_fmt_errno(&p->line, (long)ret);
	} else if ((kind == SD_RET_PID || kind == SD_RET_FORKED) && p->opts.decode_comm &&
		   ret > 0 && ret <= 0x7fffffff) {	/* -Y: 1234<sh> */
		char comm[SD_COMM_LEN];

		sd_buf_printf(&p->line, "%lld", ret);
		sd_comms_lookup(&p->comms, (uint32_t)ret, comm);
		sd_comm_put(&p->line, comm);
		sd_comms_reaped(&p->comms, (uint32_t)ret);
	} else if (kind == SD_RET_UINT32 && ret >= 0xfffff001LL && ret <= 0xffffffffLL) {
		struct sd_buf e;	/* the number, then "ENOSYS (...)" of its int */

		sd_buf_init(&e);
		sd_fmt_errno(&e, (long)(int)ret);
		sd_buf_printf(&p->line, "%lld ", ret);
		if (e.len > 3 && !memcmp(e.p, "-1 ", 3))
			sd_buf_write(&p->line, e.p + 3, e.len - 3);
		sd_buf_free(&e);
	} else if (kind == SD_RET_HEX) {
		sd_buf_putx(&p->line, (unsigned long long)ret);
	} else if (kind == SD_RET_OCT) {
		sd_buf_printf(&p->line, "%#03llo", (unsigned long long)ret);
	} else {
		sd_buf_putd(&p->line, ret);
	}
}

/*
 * JSON: what the record's tail holds, as members: "dur" (-T, seconds),
 * "ip" (-i, a hex string: JSON numbers hold 53 bits), "stack" (-k, the
 * frames as strace words them, without the leading " > ").
 */
static void json_tail(struct sd_printer *p, const struct sd_hdr *h)
{
	if (p->opts.syscall_times >= 0 && (h->flags & SD_F_DUR))
		sd_buf_printf(&p->line, ",\"dur\":%llu.%09llu",
			      (unsigned long long)(p->tail.dur_ns / 1000000000ULL),
			      (unsigned long long)(p->tail.dur_ns % 1000000000ULL));
	if (p->opts.show_ip && (h->flags & SD_F_IP))
		sd_buf_printf(&p->line, ",\"ip\":\"%#llx\"", (unsigned long long)p->tail.ip);
	if (p->opts.unwind && p->tail.stack_bytes) {
		struct sd_buf frames;
		uint32_t tgid = sd_tidmap_get(&p->tids, h->tid);
		size_t i = 0, e;

		sd_buf_init(&frames);
		sd_unwind_print(p->opts.unwind, tgid ? tgid : h->tid, &p->tail,
				(h->flags & SD_F_NORETURN) != 0, &frames);
		sd_buf_puts(&p->line, ",\"stack\":[");
		while (i < frames.len) {
			const char *nl = memchr(frames.p + i, '\n', frames.len - i);

			e = nl ? (size_t)(nl - frames.p) : frames.len;
			if (e - i >= 3 && !memcmp(frames.p + i, " > ", 3))
				i += 3;
			if (p->line.p[p->line.len - 1] != '[')
				sd_buf_putc(&p->line, ',');
			sd_json_quote(&p->line, (const unsigned char *)frames.p + i, e - i);
			i = e + 1;
		}
		sd_buf_putc(&p->line, ']');
		sd_buf_free(&frames);
	}
}

static void json_ret(struct sd_printer *p, const struct sd_hdr *h, long long ret,
		     enum sd_ret_kind kind)
{
	if (kind == SD_RET_NORETURN) {
		sd_buf_puts(&p->line, ",\"ret\":null");
		json_tail(p, h);
		sd_buf_putc(&p->line, '}');
		return;
	}
	sd_buf_printf(&p->line, ",\"ret\":%lld", ret);
	if (ret < 0 && ret >= -4095) {
		const char *name = sd_errno_name(-ret);

		if (name)
			sd_buf_printf(&p->line, ",\"errno\":\"%s\"", name);
	}
	json_tail(p, h);
	sd_buf_putc(&p->line, '}');
}

static void thread_gone(struct sd_printer *p, uint32_t tid);

/*
 * -b execve: did this call let its process go?  A successful exec does,
 * but for the command's first (the kernel applies the same rule).
 */
static int exec_detaches(struct sd_printer *p, const struct sd_hdr *h, long long ret,
			 enum sd_ret_kind kind)
{
	if (!p->opts.detach_exec || ret || kind == SD_RET_NORETURN ||
	    (h->nr != __NR_execve && h->nr != __NR_execveat))
		return 0;
	if (p->opts.exec_first && p->opts.exec_first == h->tid) {
		p->opts.exec_first = 0;
		return 0;
	}
	return 1;
}

/* -b execve: process @tgid is traced no more; "Process N detached" */
static void detach_proc(struct sd_printer *p, uint32_t tgid)
{
	if (p->opts.detach_msgs) {
		fflush(p->out);
		fprintf(p->opts.detach_msgs, "sdtrace: Process %u detached\n", tgid);
	}
	thread_gone(p, tgid);
	sd_tidmap_del_group(&p->tids, tgid);
	sd_tidmap_del(&p->procs, tgid);
	if (p->opts.fd_names)
		sd_fdtab_drop(&p->fds, tgid);
}

static int print_call(struct sd_printer *p, const struct sd_hdr *h, size_t size)
{
	const struct sd_syscall_ent *e = h->nr < SD_NR_MAX ? p->by_nr[h->nr] : NULL;
	const struct sd_rec_generic *g = (const void *)h;
	int text = p->opts.mode == SD_DEC_TEXT, err;
	enum sd_ret_kind kind;
	uint32_t detached = 0;	/* -b execve: the process let go */
	/* an i386 call decoded as its x86_64 namesake: its own name, number */
	const char *name = p->as_name ? p->as_name : e ? e->name : NULL;
	unsigned int nr1 = p->as_name ? p->as_nr1 : h->nr + 1u;

	if (!e || size < e->rec_size || size < sizeof(struct sd_hdr) + 8)
		return -EINVAL;
	see_tid(p, h->tid);
	/* -Y: a call that does not rename its thread ran under the name the
	 * kernel gave with it (getpid() = 1234<that name>) */
	if (p->opts.decode_comm && h->nr != __NR_execve && h->nr != __NR_execveat &&
	    h->nr != __NR_prctl)
		sd_comms_set(&p->comms, h->tid, p->tail.comm);
	if (text) {
		text_prefix(p, h, h->tid, nr1);
		sd_buf_puts(&p->line, name);
		sd_buf_putc(&p->line, '(');
	} else {
		json_head(p, h, "syscall");
		sd_buf_printf(&p->line, ",\"syscall\":\"%s\",\"args\":{", name);
	}
	kind = e->ret;
	sd_dec_reset(&p->dec);
	p->dec.path_hit = 0;
	if (p->dec.fds) {	/* -y: whose descriptors these are */
		p->dec.tgid = sd_tidmap_get(&p->tids, h->tid);
		if (!p->dec.tgid)
			p->dec.tgid = h->tid;
	}
	err = e->decode(&p->dec, h, (unsigned int)size);
	if (err) {
		sd_buf_reset(&p->line);
		return err;
	}
	if (h->flags & (SD_F_NORETURN | SD_F_KILLED))
		kind = SD_RET_NORETURN;
	if (exec_detaches(p, h, g->ret, kind)) {
		detached = sd_tidmap_get(&p->tids, h->tid);
		detached = detached ? detached : h->tid;
	}
	if ((p->opts.shown && !p->opts.shown[h->nr]) || (p->dec.paths && !p->dec.path_hit) ||
	    (detached ? p->opts.status && !(p->opts.status & SD_STATUS_DETACHED) :
	     !status_shown(p, g->ret, kind))) {
		/* recorded only for -y (what it made is known), or -z/-Z */
		sd_buf_reset(&p->line);
		if (detached)
			detach_proc(p, detached);
		return 0;
	}
	if (detached) {	/* strace: the arguments are left open */
		sd_buf_puts(&p->line, text ? " <detached ...>" : "},\"ret\":null,\"detached\":true}");
		flush_line(p);
		detach_proc(p, detached);
		return 0;
	}
	sd_buf_putc(&p->line, text ? ')' : '}');
	if (text && (h->flags & SD_F_PIDCHANGED) && sd_tidmap_get(&p->tids, h->tid) &&
	    sd_tidmap_get(&p->tids, h->tid) != h->tid) {
		/* a thread's exec returns in the leader, which it replaced */
		uint32_t leader = sd_tidmap_get(&p->tids, h->tid);

		p->line.len--;	/* the ')' */
		sd_buf_printf(&p->line, " <pid changed to %u ...>", leader);
		flush_line(p);
		text_prefix(p, h, leader, h->nr + 1u);
		sd_buf_printf(&p->line, "+++ superseded by execve in pid %u +++", h->tid);
		flush_line(p);
		text_prefix(p, h, leader, h->nr + 1u);
		sd_buf_printf(&p->line, "<... %s resumed>)", e->name);
	}
	if (text && e->decode_ret && kind != SD_RET_NORETURN &&
	    !(g->ret < 0 && g->ret >= -4095)) {
		text_eq(p);
		if (e->decode_ret(&p->dec, h, (unsigned int)size, g->ret)) {
			sd_buf_reset(&p->line);
			return -EINVAL;
		}
	} else if (text) {
		text_ret(p, g->ret, kind);
	} else {
		json_ret(p, h, g->ret, kind);
	}
	if (text && kind != SD_RET_NORETURN)
		text_duration(p, h);
	flush_line(p);
	if (text)
		stack_lines(p, h);
	if (p->opts.decode_comm)	/* exec, PR_SET_NAME: the name from now on */
		sd_comms_set(&p->comms, h->tid, p->tail.comm);
	return 0;
}

/*
 * An i386 call (SD_F_COMPAT): shown as -e trace= selects its name; decoded
 * as its x86_64 namesake when that takes the same scalar arguments, else
 * raw, as undescribed calls are.
 */
static int print_compat(struct sd_printer *p, const struct sd_hdr *h, const char **name,
			int *nargs)
{
	const struct sd_rec_generic *g = (const void *)h;
	const bool *sel = p->opts.compat_shown ? p->opts.compat_shown : p->opts.shown;
	int nr64 = sd_compat_nr64(h->nr), err;
	union {
		struct sd_hdr h;
		unsigned char b[1024];
	} as;
	size_t n;

	*name = sd_compat_name(h->nr);
	if (sel && (nr64 < 0 || !sel[nr64])) {
		see_tid(p, h->tid);
		return 0;
	}
	n = sd_compat_as64(g, p->by_nr, &as, sizeof(as));
	if (!n) {	/* raw, as many arguments as its namesake takes */
		if (nr64 >= 0 && p->by_nr[nr64])
			*nargs = p->by_nr[nr64]->nargs;
		return 1;
	}
	p->as_name = *name;
	p->as_nr1 = h->nr + 1u;
	err = print_call(p, &as.h, n);
	p->as_name = NULL;
	return err;
}

static int print_generic(struct sd_printer *p, const struct sd_hdr *h, size_t size)
{
	const struct sd_rec_generic *g = (const void *)h;
	const char *name = h->nr < SD_SYSCALL_NAMES ? sd_syscall_names[h->nr] : NULL;
	char unknown[32];
	int text = p->opts.mode == SD_DEC_TEXT, err, nargs = SD_MAX_ARGS;

	if (size < sizeof(*g))
		return -EINVAL;
	if ((h->flags & SD_F_COMPAT) && (err = print_compat(p, h, &name, &nargs)) <= 0)
		return err;
	see_tid(p, h->tid);
	/* -P: what its arguments are is not known, so it touches no path */
	if (!p->opts.show_generic || !status_shown(p, g->ret, SD_RET_ERRNO) || p->opts.paths)
		return 0;
	if (!name) {
		snprintf(unknown, sizeof(unknown), "syscall_%#x", h->nr);
		name = unknown;
	}
	if (text) {
		text_prefix(p, h, h->tid, h->nr + 1u);
		sd_buf_printf(&p->line, "%s(", name);
		for (int i = 0; i < nargs; i++)
			sd_buf_printf(&p->line, "%s%#llx", i ? ", " : "",
				      (unsigned long long)g->args[i]);
		sd_buf_putc(&p->line, ')');
		text_ret(p, g->ret, h->flags & SD_F_NORETURN ? SD_RET_NORETURN : SD_RET_ERRNO);
		text_duration(p, h);
	} else {
		json_head(p, h, "syscall");
		sd_buf_printf(&p->line, ",\"syscall\":\"%s\",\"raw_args\":[", name);
		for (int i = 0; i < SD_MAX_ARGS; i++)
			sd_buf_printf(&p->line, "%s%llu", i ? "," : "",
				      (unsigned long long)g->args[i]);
		sd_buf_putc(&p->line, ']');
		json_ret(p, h, g->ret, h->flags & SD_F_NORETURN ? SD_RET_NORETURN : SD_RET_ERRNO);
	}
	flush_line(p);
	if (text)
		stack_lines(p, h);
	return 0;
}

/* "[ Process PID=N runs in 32 bit mode. ]": a thread's calls changed personality. */
static int print_pers(struct sd_printer *p, const struct sd_hdr *h, size_t size)
{
	const struct sd_ev_pers *e = (const void *)h;

	if (size < sizeof(*e))
		return -EINVAL;
	see_tid(p, h->tid);
	if (p->opts.quiet_pers)
		return 0;
	if (p->opts.mode == SD_DEC_TEXT) {
		text_prefix(p, h, h->tid, 0);
		sd_buf_printf(&p->line, "[ Process PID=%u runs in %u bit mode. ]", h->tid, e->bits);
	} else {
		json_head(p, h, "personality");
		sd_buf_printf(&p->line, ",\"bits\":%u}", e->bits);
	}
	flush_line(p);
	return 0;
}

static int print_fork(struct sd_printer *p, const struct sd_hdr *h, size_t size)
{
	const struct sd_ev_fork *f = (const void *)h;

	if (size < sizeof(*f))
		return -EINVAL;
	if (f->child_tgid == f->child_tid) {
		uint32_t parent = sd_tidmap_get(&p->tids, h->tid);

		sd_tidmap_put(&p->procs, f->child_tgid, f->child_tgid);
		/* a new process starts with its parent's descriptors */
		if (p->opts.fd_names)
			sd_fdtab_fork(&p->fds, parent ? parent : h->tid, f->child_tgid);
		/* and its mappings */
		if (p->opts.unwind)
			sd_unwind_fork(p->opts.unwind, parent ? parent : h->tid, f->child_tgid);
	}
	sd_tidmap_put(&p->tids, f->child_tid, f->child_tgid);
	if (p->opts.decode_comm)	/* a child is called as its parent until it says */
		sd_comms_set(&p->comms, f->child_tid, sd_comms_get(&p->comms, h->tid));
	if (p->opts.attach_msgs)
		fprintf(p->opts.attach_msgs, "sdtrace: Process %u attached\n", f->child_tid);
	return 0;
}

/* "+++ exited with 0 +++" for thread @tid (a process's leader last). */
static void exit_line(struct sd_printer *p, const struct sd_hdr *h, uint32_t tid,
		      int code)
{
	int text = p->opts.mode == SD_DEC_TEXT;
	int sig = code & 0x7f;

	if (!sig && p->opts.quiet_exit)
		return;
	if (text) {
		/* the prefix reflects the threads alive before this exit */
		text_prefix(p, h, tid, 0);
		if (!sig)
			sd_buf_printf(&p->line, "+++ exited with %d +++",
				      (code >> 8) & 0xff);
		else if (sd_signame(sig))
			sd_buf_printf(&p->line, "+++ killed by %s%s +++",
				      sd_signame(sig),
				      code & 0x80 ? " (core dumped)" : "");
		else
			sd_buf_printf(&p->line, "+++ killed by %d%s +++", sig,
				      code & 0x80 ? " (core dumped)" : "");
	} else {
		struct sd_hdr hh = *h;

		hh.tid = tid;
		json_head(p, &hh, "exit");
		if (!sig)
			sd_buf_printf(&p->line, ",\"status\":%d}", (code >> 8) & 0xff);
		else
			sd_buf_printf(&p->line, ",\"signal\":\"%s\",\"core\":%s}",
				      sd_signame(sig) ? sd_signame(sig) : "?",
				      code & 0x80 ? "true" : "false");
	}
	flush_line(p);
	stack_after_exit(p, tid);
}

/* -Y: thread @tid has no name any more (its line is out) */
static void comm_gone(struct sd_printer *p, uint32_t tid)
{
	if (p->opts.decode_comm)
		sd_comms_del(&p->comms, tid);
}

/* Forget what was kept of thread @tid; -ff closes its file. */
static void thread_gone(struct sd_printer *p, uint32_t tid)
{
	if (p->opts.syscall_nr)
		sd_tidmap_del(&p->last_nr, tid);
	if (p->opts.route_end)
		p->opts.route_end(p->opts.route_ctx, tid);
}

/*
 * Threads print their own exit line as strace -f does; a process's leader
 * prints last, when the whole group is gone, like strace reaping it.
 */
static int print_exit(struct sd_printer *p, const struct sd_hdr *h, size_t size)
{
	const struct sd_ev_exit *x = (const void *)h;

	if (size < sizeof(*x))
		return -EINVAL;
	if (h->tid != x->tgid) {
		exit_line(p, h, h->tid, x->code);
		comm_gone(p, h->tid);
		sd_tidmap_del(&p->tids, h->tid);
		thread_gone(p, h->tid);
	}
	if (!x->group_dead)
		return 0;
	exit_line(p, h, x->tgid, x->code);
	comm_gone(p, x->tgid);
	thread_gone(p, x->tgid);
	sd_tidmap_del_group(&p->tids, x->tgid);
	sd_tidmap_del(&p->procs, x->tgid);
	if (p->opts.fd_names)
		sd_fdtab_drop(&p->fds, x->tgid);
	if (p->opts.unwind)
		sd_unwind_drop(p->opts.unwind, x->tgid);
	return 0;
}

size_t sd_printer_prune(struct sd_printer *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->procs.cap; i++) {
		uint32_t tgid = p->procs.keys[i];

		if (!tgid)
			continue;
		if (kill((pid_t)tgid, 0) == 0 || errno != ESRCH)
			continue;
		sd_tidmap_del_group(&p->tids, tgid);
		sd_tidmap_del(&p->procs, tgid);
		n++;
		i = (size_t)-1;	/* the table moved under us: scan again */
	}
	return n;
}

/* "--- SIGCHLD {si_signo=SIGCHLD, ...} ---", as strace shows a delivery. */
static int print_signal(struct sd_printer *p, const struct sd_hdr *h, size_t size)
{
	const struct sd_ev_signal *sg = (const void *)h;
	const char *name;

	if (size < sizeof(*sg))
		return -EINVAL;
	see_tid(p, h->tid);
	if (sg->signo >= 1 && sg->signo <= 64 && (p->opts.sig_hidden >> (sg->signo - 1) & 1))
		return 0;
	name = sd_signame(sg->signo);
	if (p->opts.mode == SD_DEC_TEXT) {
		text_prefix(p, h, h->tid, 0);
		if (name)
			sd_buf_printf(&p->line, "--- %s ", name);
		else
			sd_buf_printf(&p->line, "--- %d ", sg->signo);
		if (sg->has_info)
			sd_fmt_siginfo(&p->line, sg->info, sizeof(sg->info));
		else
			sd_buf_puts(&p->line, "{}");	/* strace: no siginfo */
		sd_buf_puts(&p->line, " ---");
	} else {
		json_head(p, h, "signal");
		sd_buf_printf(&p->line, ",\"signal\":\"%s\"", name ? name : "?");
		json_tail(p, h);
		sd_buf_putc(&p->line, '}');
	}
	flush_line(p);
	return 0;
}

int sd_printer_record(struct sd_printer *p, const void *rec, size_t size)
{
	const struct sd_hdr *h = rec;
	int err;

	long body;

	p->records++;
	if (size < sizeof(*h)) {
		p->bad_records++;
		return -EINVAL;
	}
	body = sd_tail_split(h, size, &p->tail);
	if (body < 0) {
		p->bad_records++;
		return -EINVAL;
	}
	size = (size_t)body;
	switch (h->kind) {
	case SD_K_CALL:
		err = print_call(p, h, size);
		break;
	case SD_K_GENERIC:
		err = print_generic(p, h, size);
		break;
	case SD_K_FORK:
		err = print_fork(p, h, size);
		break;
	case SD_K_EXIT:
		err = print_exit(p, h, size);
		break;
	case SD_K_SIGNAL:
		err = print_signal(p, h, size);
		break;
	case SD_K_PERS:
		err = print_pers(p, h, size);
		break;
	case SD_K_MMAP:
		err = size < sizeof(struct sd_ev_mmap) ? -EINVAL : 0;
		if (!err && p->opts.unwind)
			sd_unwind_mmap(p->opts.unwind, (const void *)h, size);
		break;
	default:
		err = -EINVAL;
	}
	if (err)
		p->bad_records++;
	return err;
}

void sd_printer_note(struct sd_printer *p, const char *text)
{
	if (p->opts.mode == SD_DEC_TEXT) {
		fprintf(p->out, "%s\n", text);
	} else {
		sd_buf_reset(&p->line);
		sd_buf_puts(&p->line, "{\"type\":\"note\",\"text\":");
		sd_json_quote(&p->line, (const unsigned char *)text, strlen(text));
		sd_buf_putc(&p->line, '}');
		flush_line(p);
	}
}

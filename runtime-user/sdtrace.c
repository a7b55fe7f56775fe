/* SPDX-License-Identifier: MIT */
/*
 * sdtrace - trace the system calls of a command, of running processes, or
 * of the whole system, recording in the kernel (eBPF) and printing what
 * strace users read.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ctype.h>
#include <getopt.h>
#include <regex.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "pathfilter.h"
#include "errno_signal_names.h"
#include "printer.h"
#include "sd_table.h"
#include "cache.h"
#include "session.h"
#include "summary.h"
#include "syscall_names.h"
#include "ctf.h"
#include "unwind.h"
#include "sdtrace.skel.h"

#define SDTRACE_VERSION "0.1.0"

enum quiet_bits {		/* -e quiet= */
	Q_ATTACH = 1,		/* "Process N attached/detached" */
	Q_EXIT = 2,		/* "+++ exited with N +++" */
	Q_PATH = 4,		/* path-resolution (-P: not in sdtrace) */
	Q_PERSONALITY = 8,	/* personality changes (i386 calls) */
	Q_EXECVE = 16,		/* superseded / thread-execve */
	Q_ALL = 31,
};

struct opts {
	bool all, verbose, json, summary, wallclock, append, always_pid;
	int follow;			/* -f, -ff (counted) */
	bool ff;			/* -ff -o NAME: NAME.TID per thread */
	int fd_names;			/* -y, -yy */
	int tflag;			/* -t, -tt, -ttt */
	bool ts_long;			/* --timestamps= given */
	const char *ts_fmt;		/* strftime format, NULL: none */
	int ts_digits;
	int rel_digits;			/* -r: digits, -1: no -r */
	bool nflag;			/* -n */
	int Tdigits;			/* -T: digits, -1: no -T */
	bool iflag, kflag;		/* -i, -k */
	int column;			/* -a */
	int qflag;			/* -q, -qq, -qqq */
	int quiet;			/* -e quiet=: enum quiet_bits; -1: not given */
	unsigned int status;		/* -e status=, -z, -Z: SD_STATUS_*; 0: all */
	unsigned int strsize;
	size_t ringbuf;
	size_t flight;		/* --flight-recorder SIZE; 0: none */
	bool kmod;		/* --backend=kmod */
	bool cache;		/* --cache */
	const char *outfile, *record_dir, *replay_dir;
	bool *selected;		/* NULL: every syscall */
	/* summaries: -C, -S, -U, -O */
	bool summary_trace;		/* -C: the trace and the summary */
	bool sortby_set, columns_set;
	struct sd_summary_opts sum;
	uint64_t overhead_ns;
	/* running the command: -u, -E, -D, -b execve */
	struct sd_cmd_opts cmd;
	bool detach_exec;
	uint64_t sig_hidden;		/* -e signal=: bit N-1 hides signal N */
	uint32_t *pids;
	int npids;
	struct sd_pathfilter paths;	/* -P PATH... */
	const char **path_args;
	int npath_args;
	bool decode_comm;		/* -Y, --decode-pids=comm */
};

/* -ff: one file per traced thread, NAME.TID */
struct ff_files {
	struct sd_tidmap slot;	/* tid -> index + 1 */
	FILE **f;
	size_t n, cap;
	int *free;		/* indexes of closed files, to reuse */
	size_t nfree;
};

struct tracer {
	struct opts o;
	FILE *out;		/* decoded lines */
	bool piped;		/* -o |command */
	struct sd_ctf_writer *ctf;	/* --record: the trace being written */
	struct sd_ctf_summary replay;	/* --replay: what the trace says */
	bool replay_started;
	struct sd_sum *replay_sums;	/* -c from records (--replay, kmod): per number */
	struct ff_files ff;
	struct sd_printer printer;
	long write_errors;
	int out_failed;		/* errno of the first failed write of the lines */
};

static volatile sig_atomic_t stop_signal, dump_signal;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		dump_signal = 1;
	else
		stop_signal = sig;
}

static void usage(FILE *f)
{
	fputs("Usage: sdtrace [OPTIONS] COMMAND [ARGS...]\n"
	      "       sdtrace [OPTIONS] -p PID[,PID...]\n"
	      "       sdtrace [OPTIONS] --all [COMMAND [ARGS...]]\n"
	      "       sdtrace [OPTIONS] --replay DIR\n"
	      "Trace system calls, recording them in the kernel with eBPF.\n"
	      "Options mean what strace's do.\n\n"
	      "Tracing:\n"
	      "  -f, --follow-forks  follow children (fork, vfork, clone); threads are always\n"
	      "                      followed\n"
	      "  -ff                 with -o NAME: each thread's lines in NAME.TID\n"
	      "      --output-separately  the same as -ff\n"
	      "  -p, --attach=PID[,PID]  attach to running processes and all their threads\n"
	      "      --all           trace every process on the system (not strace's)\n"
	      "  -e trace=SET, --trace=SET  only these syscalls, comma separated: names,\n"
	      "                      numbers, %classes, /regex; '?' before one that may match\n"
	      "                      nothing; '!' in front negates (-e trace=openat,%process)\n"
	      "  -e status=SET, --status=SET  only calls that ended so: successful, failed,\n"
	      "                      unfinished, unavailable, detached; 'all', '!' negates\n"
	      "  -z, --successful-only  only calls that succeeded (-e status=successful)\n"
	      "  -Z, --failed-only   only calls that failed (-e status=failed)\n"
	      "  -e signal=SET, --signals=SET  only these signals' '--- SIG... ---' lines\n"
	      "  -P, --trace-path=PATH  only calls that touch PATH, by name or by a descriptor\n"
	      "                      opened from it (repeatable)\n"
	      "  -b execve, --detach-on=execve  stop tracing a process at its execve (the\n"
	      "                      command's own first execve aside)\n"
	      "\n"
	      "Running the command:\n"
	      "  -u, --user=USER     run the command as USER, with USER's groups\n"
	      "  -E, --env=VAR=VAL   set VAR in the command's environment; -E VAR unsets it\n"
	      "  -D, --daemonize[=grandchild]  the command is the process started; the\n"
	      "                      tracer runs detached; -DD, --daemonize=pgroup: in its own\n"
	      "                      process group; -DDD, --daemonize=session: in its own session\n"
	      "\n"
	      "Output:\n"
	      "  -o, --output=FILE   write the trace to FILE instead of stderr; '|CMD' or\n"
	      "                      '!CMD' pipes it to the shell command CMD\n"
	      "  -A, --output-append-mode  append to the -o file instead of truncating it\n"
	      "  -a, --columns=COLUMN  align return values at COLUMN (default 40)\n"
	      "  -s, --string-limit=N  print at most N bytes of strings and buffers (default 32)\n"
	      "  -v, --no-abbrev     print every struct field\n"
	      "  -y                  print what descriptors are: 3</etc/hostname>; -yy: sockets'\n"
	      "                      endpoints\n"
	      "  -n, --syscall-number  print the syscall number: [  39] getpid()\n"
	      "  -X, --const-print-style=FORMAT  named constants as: abbrev (default,\n"
	      "                      O_CLOEXEC), raw (0x80000), verbose (0x80000 /* O_CLOEXEC */)\n"
	      "  -Y, --decode-pids=comm  print process names after pids: [pid 1234<sh>]\n"
	      "                      (--decode-pids=pidns is not done)\n"
	      "      --always-show-pid  start every line with [pid N], even with one process\n"
	      "  -q, --quiet         no 'Process N attached/detached' messages (the default\n"
	      "                      with -o and a command); -qq: no '+++ exited' lines\n"
	      "                      either; -qqq: all of them\n"
	      "  -e quiet=SET, --quiet=SET  silence: attach, exit, path-resolution,\n"
	      "                      personality, thread-execve; 'all', '!' negates\n"
	      "  -j, --json          print JSON lines instead of strace-style text; -T, -i, -k\n"
	      "                      add \"dur\", \"ip\", \"stack\" members (docs/json.md)\n"
	      "  -i, --instruction-pointer  print the instruction pointer of each call\n"
	      "  -k, --stack-traces  print the user stack of each call, unwound with the\n"
	      "                      binaries' DWARF call-frame information\n"
	      "\n"
	      "Time:\n"
	      "  -t                  prefix each line with the wall-clock time; -tt: with\n"
	      "                      microseconds; -ttt: as seconds since the epoch\n"
	      "      --timestamps[=[format:]FORMAT[,[precision:]PRECISION]]\n"
	      "                      FORMAT: none, time, unix; PRECISION: s, ms, us, ns\n"
	      "  -r, --relative-timestamps[=PRECISION]  prefix each line with the time since\n"
	      "                      the previous one\n"
	      "  -T, --syscall-times[=PRECISION]  the time spent in each call\n"
	      "  Times are those of the calls' entry, as recorded in the kernel; lines come\n"
	      "  in the order the calls completed.\n"
	      "\n"
	      "Summary:\n"
	      "  -c, --summary-only  count calls, errors and time per syscall in the kernel and\n"
	      "                      print a summary table at the end\n"
	      "  -C, --summary       the trace and the summary table\n"
	      "  -S, --summary-sort-by=SORTBY  order of the table: time (default), min-time,\n"
	      "                      max-time, avg-time, calls, errors, name, nothing\n"
	      "  -U, --summary-columns=COLUMNS  the table's columns: time-percent,\n"
	      "                      total-time, min-time, max-time, avg-time, calls, errors,\n"
	      "                      name\n"
	      "  -O, --summary-syscall-overhead=OVERHEAD[s|ms|us|ns]  time taken off each\n"
	      "                      call (microseconds if no unit)\n"
	      "  -w, --summary-wall-clock  with -c/-C: the time between entry and exit\n"
	      "                      (default: the system time spent in the call)\n"
	      "\n"
	      "sdtrace's own (strace has none of these):\n"
	      "      --record=DIR    record the trace into directory DIR (Common Trace Format,\n"
	      "                      babeltrace2 reads it) instead of printing it (with\n"
	      "                      -o FILE: as well)\n"
	      "      --replay=DIR    print a trace --record wrote, with any output option\n"
	      "      --buffer-size=SIZE  ring buffers, all CPUs together, K or M suffix\n"
	      "                      (default 16M)\n"
	      "      --flight-recorder=SIZE  with --record DIR: keep only the last SIZE of\n"
	      "                      records (K, M or G) and write them to DIR when the\n"
	      "                      command ends, to DIR.N at the Nth SIGUSR1\n"
	      "      --backend=bpf|kmod  record with eBPF (default) or the kernel module\n"
	      "                      (sdtrace_kmod.ko, loaded if needed)\n"
	      "      --cache         keep the verified eBPF programs pinned in\n"
	      "                      " SD_CACHE_ROOT " for the next run with the same\n"
	      "                      options, and take them from there (fast start-up)\n"
	      "      --cache-clear   remove the programs --cache kept, and exit\n"
	      "\n"
	      "Other spellings: --absolute-timestamps (--timestamps), --failing-only (-Z),\n"
	      "--silent and --silence (--quiet), --daemonise and --daemonized (--daemonize).\n"
	      "\n"
	      "  -h, --help          show this help\n"
	      "  -V, --version       show the version\n\n"
	      "Exit status: the traced command's; 1 if sdtrace itself failed.\n", f);
}

static void die_usage(const char *fmt, const char *arg)
{
	fputs("sdtrace: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'sdtrace -h' for more information.\n", stderr);
	exit(1);
}

static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (end == s)
		die_usage("invalid buffer size '%s'", s);
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end || v < 4096 || v > (1ULL << 30) || (v & (v - 1)))
		die_usage("buffer size '%s' must be a power of two from 4K to 1G", s);
	return (size_t)v;
}

/* A class, "%file" or the legacy "file": its bits, or 0. */
static unsigned int class_bits(const char *name)
{
	static const char *const legacy[] = { "desc", "file", "memory", "process",
					      "signal", "ipc", "network", NULL };
	bool pct = *name == '%';
	unsigned int bits = 0;

	if (!pct) {
		int i;

		for (i = 0; legacy[i] && strcmp(legacy[i], name); i++)
			;
		if (!legacy[i])
			return 0;
	} else {
		name++;
	}
	if (!strcmp(name, "net"))
		name = "network";
	if (!strcmp(name, "%stat"))	/* %%stat: every stat-like call */
		return class_bits("%stat") | class_bits("%lstat") | class_bits("%fstat");
	if (!strcmp(name, "%statfs"))
		return class_bits("%statfs") | class_bits("%fstatfs");
	for (int i = 0; sd_class_names[i]; i++)
		if (!strcmp(sd_class_names[i], name))
			bits = 1u << i;
	return bits;
}

/* One token of -e trace=: 1 if it named some syscall */
static int trace_token(bool *set, const char *tok)
{
	int found = 0;

	if (isdigit((unsigned char)*tok)) {	/* a number */
		char *end;
		unsigned long nr = strtoul(tok, &end, 10);

		if (*end || nr >= SD_NR_MAX || nr >= SD_SYSCALL_NAMES || !sd_syscall_names[nr])
			return 0;
		set[nr] = true;
		return 1;
	}
	if (*tok == '/') {	/* a regular expression */
		regex_t re;
		int rc = regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB);

		if (rc) {
			char msg[256];

			regerror(rc, &re, msg, sizeof(msg));
			fprintf(stderr, "sdtrace: regcomp: %s: %s\n", tok + 1, msg);
			exit(1);
		}
		for (int nr = 0; nr < SD_SYSCALL_NAMES && nr < SD_NR_MAX; nr++)
			if (sd_syscall_names[nr] &&
			    !regexec(&re, sd_syscall_names[nr], 0, NULL, 0)) {
				set[nr] = true;
				found = 1;
			}
		regfree(&re);
		return found;
	}
	if (*tok == '%' || class_bits(tok)) {
		unsigned int bits = class_bits(tok);

		if (!bits)
			return 0;
		for (unsigned int i = 0; i < sd_syscall_count; i++)
			if ((sd_syscall_table[i].classes & bits) &&
			    sd_syscall_table[i].nr >= 0 && sd_syscall_table[i].nr < SD_NR_MAX)
				set[sd_syscall_table[i].nr] = true;
		return 1;
	}
	for (int nr = 0; nr < SD_SYSCALL_NAMES && nr < SD_NR_MAX; nr++)
		if (sd_syscall_names[nr] && !strcmp(sd_syscall_names[nr], tok)) {
			set[nr] = true;
			found = 1;
		}
	return found;
}

/*
 * -e trace=SET, strace's syntax: names, numbers, %classes, /regex, a
 * leading '?' on a token that may match nothing; each leading '!'
 * inverts the whole set; "all", "none".
 */
static void parse_trace_set(struct opts *o, const char *arg)
{
	char *copy, *tok, *save = NULL;
	bool negate = false;

	free(o->selected);
	for (; *arg == '!'; arg++)
		negate = !negate;
	o->selected = calloc(SD_NR_MAX, sizeof(bool));
	copy = strdup(arg);
	if (!o->selected || !copy) {
		fputs("sdtrace: out of memory\n", stderr);
		exit(1);
	}
	if (!strcmp(arg, "all")) {
		negate = !negate;
	} else if (strcmp(arg, "none")) {
		int done = 0;

		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			bool optional = false;

			for (; *tok == '?'; tok++)
				optional = true;
			done = trace_token(o->selected, tok) || optional;
			if (!done)
				die_usage("invalid system call '%s'", tok);
		}
		if (!done)
			die_usage("invalid system call '%s'", arg);
	}
	free(copy);
	if (negate)
		for (int nr = 0; nr < SD_NR_MAX; nr++)
			o->selected[nr] = !o->selected[nr];
}

/*
 * A set of names (strace's qualify_tokens): comma separated, "all",
 * "none", a leading '!' for the complement.  Returns a mask of @bits.
 */
static unsigned int parse_name_set(const char *what, const char *arg,
				   const char *const *names, const unsigned int *bits,
				   unsigned int all)
{
	char *copy, *tok, *save = NULL;
	unsigned int set = 0;
	bool negate = false;

	for (; *arg == '!'; arg++)
		negate = !negate;
	copy = strdup(arg);
	if (!copy) {
		fputs("sdtrace: out of memory\n", stderr);
		exit(1);
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i;

		if (!strcmp(tok, "all")) {
			set = all;
			continue;
		}
		if (!strcmp(tok, "none"))
			continue;
		for (i = 0; names[i] && strcmp(names[i], tok); i++)
			;
		if (!names[i]) {
			fprintf(stderr, "sdtrace: invalid %s '%s'\n", what, tok);
			exit(1);
		}
		set |= bits[i];
	}
	free(copy);
	return negate ? all & ~set : set;
}

static void parse_status_set(struct opts *o, const char *arg)
{
	static const char *const names[] = { "successful", "failed", "unfinished",
					     "unavailable", "detached", NULL };
	static const unsigned int bits[] = { SD_STATUS_SUCCESSFUL, SD_STATUS_FAILED,
					     SD_STATUS_UNFINISHED, SD_STATUS_UNAVAILABLE,
					     SD_STATUS_DETACHED };
	const unsigned int all = 31;

	o->status = parse_name_set("status", arg, names, bits, all);
	if (o->status == all)
		o->status = 0;
	else if (!o->status)
		o->status = ~all;	/* nothing: a bit no call has */
}

static void parse_quiet_set(struct opts *o, const char *arg)
{
	static const char *const names[] = { "attach", "exit", "exits", "path-resolution",
					     "personality", "superseded", "thread-execve",
					     NULL };
	static const unsigned int bits[] = { Q_ATTACH, Q_EXIT, Q_EXIT, Q_PATH,
					     Q_PERSONALITY, Q_EXECVE, Q_EXECVE };

	o->quiet = (int)parse_name_set("quiet", arg, names, bits, Q_ALL);
}

/* -e signal=SET: names (SIG optional, any case) and numbers; '!', all, none */
static void parse_signal_set(struct opts *o, const char *arg)
{
	char *copy, *tok, *save = NULL;
	uint64_t shown = 0;
	bool negate = false;

	for (; *arg == '!'; arg++)
		negate = !negate;
	if (!strcmp(arg, "all") || !strcmp(arg, "none")) {
		o->sig_hidden = (!strcmp(arg, "all")) == negate ? ~0ULL : 0;
		return;
	}
	copy = strdup(arg);
	if (!copy) {
		fputs("sdtrace: out of memory\n", stderr);
		exit(1);
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *name = !strncasecmp(tok, "SIG", 3) ? tok + 3 : tok;
		long sig = -1;

		if (isdigit((unsigned char)*tok)) {
			char *end;

			sig = strtol(tok, &end, 10);
			if (*end || sig > 255)
				sig = -1;
		} else {
			for (int i = 1; i < SD_SIGNAL_NAMES && sig < 0; i++)
				if (sd_signal_names[i] && !strcasecmp(sd_signal_names[i] + 3, name))
					sig = i;
		}
		if (sig < 0) {
			fprintf(stderr, "sdtrace: invalid signal '%s'\n", tok);
			exit(1);
		}
		if (sig >= 1 && sig <= 64)
			shown |= 1ULL << (sig - 1);
	}
	free(copy);
	o->sig_hidden = negate ? shown : ~shown;
}

/* -P PATH: kept until -e quiet= is known (path-resolution) */
static void add_path_arg(struct opts *o, const char *path)
{
	const char **np = realloc(o->path_args, sizeof(*np) * (size_t)(o->npath_args + 1));

	if (!np) {
		fputs("sdtrace: out of memory\n", stderr);
		exit(1);
	}
	o->path_args = np;
	o->path_args[o->npath_args++] = path;
}

/* --decode-pids=comm (-Y): "<comm>" after pids; pidns is not done */
static void parse_decode_pids(struct opts *o, const char *arg)
{
	static const char *const names[] = { "comm", "pidns", NULL };
	static const unsigned int bits[] = { 1, 2 };
	unsigned int set = parse_name_set("decode-pids", arg, names, bits, 3);

	if (set & 2)
		die_usage("--decode-pids=pidns: sdtrace does not translate pids between "
			  "namespaces%s", "");
	o->decode_comm = set & 1;
}

/* -e [QUALIFIER=]SET: trace (the default), status, quiet, signal. */
static void parse_expr(struct opts *o, const char *arg)
{
	static const struct {
		const char *name;
		int what;	/* 0 trace, 1 status, 2 quiet, 3 signal, 4 decode-pids */
	} quals[] = {
		{ "trace", 0 }, { "t", 0 }, { "status", 1 }, { "quiet", 2 },
		{ "silent", 2 }, { "silence", 2 }, { "q", 2 }, { "signal", 3 },
		{ "signals", 3 }, { "s", 3 }, { "decode-pids", 4 }, { "decode-pid", 4 },
	};
	const char *eq = strchr(arg, '=');

	if (!eq) {	/* -e open: -e trace=open */
		parse_trace_set(o, arg);
		return;
	}
	for (size_t i = 0; i < sizeof(quals) / sizeof(quals[0]); i++) {
		if (strlen(quals[i].name) != (size_t)(eq - arg) ||
		    strncmp(arg, quals[i].name, (size_t)(eq - arg)))
			continue;
		if (quals[i].what == 0)
			parse_trace_set(o, eq + 1);
		else if (quals[i].what == 1)
			parse_status_set(o, eq + 1);
		else if (quals[i].what == 3)
			parse_signal_set(o, eq + 1);
		else if (quals[i].what == 4)
			parse_decode_pids(o, eq + 1);
		else
			parse_quiet_set(o, eq + 1);
		return;
	}
	die_usage("invalid -e expression '%s' (sdtrace knows trace=, status=, quiet=, "
		  "signal= and decode-pids=)", arg);
}

/* "s", "ms", "us", "ns": digits after the second (strace's time scales). */
static int time_digits(const char *s)
{
	static const char *const units[] = { "s", "ms", "us", "ns" };

	for (int i = 0; i < 4; i++)
		if (!strcmp(s, units[i]))
			return 3 * i;
	return -1;
}

/* --timestamps=[[format:]FORMAT][,[precision:]PRECISION] */
static int parse_ts(struct opts *o, const char *arg)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int fmt = -1;	/* 0 none, 1 time, 2 unix */
	int digits = -1;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool as_fmt = true, as_prec = true;

		if (!strncasecmp(tok, "format:", 7)) {
			tok += 7;
			as_prec = false;
		} else if (!strncasecmp(tok, "precision:", 10)) {
			tok += 10;
			as_fmt = false;
		}
		if (as_fmt && !strcasecmp(tok, "none")) {
			fmt = 0;
		} else if (as_fmt && !strcasecmp(tok, "time")) {
			fmt = 1;
		} else if (as_fmt && !strcasecmp(tok, "unix")) {
			fmt = 2;
		} else if (as_prec && time_digits(tok) >= 0) {
			digits = time_digits(tok);
		} else {
			free(copy);
			return -1;
		}
	}
	free(copy);
	if (fmt == 0)
		o->ts_fmt = NULL;
	else if (fmt == 2)
		o->ts_fmt = "%s";
	else if (fmt == 1 || !o->ts_fmt)
		o->ts_fmt = "%T";
	if (digits >= 0)
		o->ts_digits = digits;
	return 0;
}

/* -p takes thread ids too: trace the process the thread belongs to. */
static uint32_t tgid_of(uint32_t pid)
{
	char path[64], line[128];
	uint32_t tgid = pid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "re");
	if (!f)
		return pid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %u", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

/*
 * Why process @pid cannot be traced (no such process, a zombie, a kernel
 * thread, which makes no system calls), or NULL.
 */
static const char *untraceable(uint32_t pid)
{
	char path[64], buf[512], *p;
	unsigned long flags = 0;
	char state = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return strerror(ESRCH);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');	/* past the command name, which may hold anything */
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2)
		return NULL;
	if (state == 'Z' || state == 'X')
		return "it is a zombie, its calls are over";
	if (flags & 0x00200000)	/* PF_KTHREAD */
		return "it is a kernel thread, which makes no system calls";
	return NULL;
}

static void add_pids(struct opts *o, const char *arg)
{
	char *copy = strdup(arg), *tok, *save = NULL;

	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *end;
		long v = strtol(tok, &end, 10);
		uint32_t *np;

		if (*end || v <= 0 || v > INT_MAX)
			die_usage("Invalid process id: '%s'", tok);
		if (v == getpid())
			die_usage("I'm sorry, I can't let you do that, Dave (pid %s is sdtrace)", tok);
		if (untraceable((uint32_t)v)) {
			fprintf(stderr, "sdtrace: attach: process %ld: %s\n", v,
				untraceable((uint32_t)v));
			exit(1);
		}
		np = realloc(o->pids, sizeof(*np) * (size_t)(o->npids + 1));
		if (!np) {
			fputs("sdtrace: out of memory\n", stderr);
			exit(1);
		}
		o->pids = np;
		o->pids[o->npids++] = tgid_of((uint32_t)v);
	}
	free(copy);
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;

	if (t->replay_sums)	/* -c counted from the records (--replay, kmod) */
		sd_ctf_count(t->replay_sums, data, size);
	if (t->ctf) {
		if (sd_ctf_put(t->ctf, data, size))
			t->write_errors++;
		if (t->o.outfile) {	/* --record -o FILE: the lines too */
			sd_printer_record(&t->printer, data, size);
			return 0;
		}
		/* keep process bookkeeping without printing */
		const struct sd_hdr *h = data;

		if (h->kind == SD_K_FORK || h->kind == SD_K_EXIT)
			sd_printer_record(&t->printer, data, size);
		return 0;
	}
	sd_printer_record(&t->printer, data, size);
	return 0;
}

static int on_file_record(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;

	if (!t->replay_started) {	/* the trace's clock is known now */
		const struct sd_hdr *h = data;

		t->replay_started = true;
		t->printer.opts.wall_ns = t->replay.wall_ns;
		/* -y: what the command started with, if the trace says */
		if (t->o.fd_names && size >= sizeof(*h) && t->replay.cwd[0])
			sd_fdtab_set(&t->printer.fds, h->tid, SD_FD_CWD, t->replay.cwd,
				     strlen(t->replay.cwd));
		for (int i = 0; t->o.fd_names && size >= sizeof(*h) && i < 3; i++)
			if (t->replay.fd[i][0])
				sd_fdtab_set(&t->printer.fds, h->tid, i, t->replay.fd[i],
					     strlen(t->replay.fd[i]));
	}
	return on_record(ctx, data, size);
}

/* -o FILE: "w", or "a" with -A; never inherited by the command */
static FILE *open_output(const struct opts *o, const char *name)
{
	FILE *f = fopen(name, o->append ? "ae" : "we");

	if (!f)
		fprintf(stderr, "sdtrace: Can't fopen '%s': %s\n", name, strerror(errno));
	return f;
}

/* -ff: the file of @tid's lines, NAME.TID, opened at its first line */
static FILE *ff_route(void *ctx, uint32_t tid)
{
	struct tracer *t = ctx;
	struct ff_files *ff = &t->ff;
	uint32_t slot = sd_tidmap_get(&ff->slot, tid);
	char name[PATH_MAX];
	size_t i;
	FILE *f;

	if (slot)
		return ff->f[slot - 1];
	snprintf(name, sizeof(name), "%s.%u", t->o.outfile, tid);
	f = open_output(&t->o, name);
	if (!f) {
		t->write_errors++;
		return NULL;
	}
	if (ff->nfree) {
		i = (size_t)ff->free[--ff->nfree];
	} else {
		if (ff->n == ff->cap) {
			size_t cap = ff->cap ? 2 * ff->cap : 64;
			FILE **nf = realloc(ff->f, cap * sizeof(*nf));
			int *nfr = realloc(ff->free, cap * sizeof(*nfr));

			if (nf)
				ff->f = nf;
			if (nfr)
				ff->free = nfr;
			if (!nf || !nfr) {
				fclose(f);
				t->write_errors++;
				return NULL;
			}
			ff->cap = cap;
		}
		i = ff->n++;
	}
	ff->f[i] = f;
	if (sd_tidmap_put(&ff->slot, tid, (uint32_t)i + 1)) {
		fclose(f);
		ff->free[ff->nfree++] = (int)i;
		t->write_errors++;
		return NULL;
	}
	return f;
}

static void ff_close(struct tracer *t, size_t i)
{
	if (fclose(t->ff.f[i]))
		t->write_errors++;
	t->ff.f[i] = NULL;
}

/* -ff: thread @tid ended, its file is complete */
static void ff_end(void *ctx, uint32_t tid)
{
	struct tracer *t = ctx;
	uint32_t slot = sd_tidmap_get(&t->ff.slot, tid);

	if (!slot)
		return;
	ff_close(t, slot - 1);
	t->ff.free[t->ff.nfree++] = (int)slot - 1;
	sd_tidmap_del(&t->ff.slot, tid);
}

static void ff_close_all(struct tracer *t)
{
	for (size_t i = 0; i < t->ff.n; i++)
		if (t->ff.f[i])
			ff_close(t, i);
	sd_tidmap_free(&t->ff.slot);
	free(t->ff.f);
	free(t->ff.free);
}

/*
 * Where the lines go failed (a full disk, a pipe whose reader left): say
 * so once, and trace on without them, as strace goes on; exit status 1.
 */
static void check_output(struct tracer *t)
{
	const char *name;
	int err;

	if (!t->out || t->out_failed)
		return;
	errno = 0;
	if (!fflush(t->out) && !ferror(t->out))
		return;
	err = t->printer.out_errno ? t->printer.out_errno : errno ? errno : EIO;
	t->out_failed = err;
	t->write_errors++;
	t->printer.out = NULL;
	name = t->o.outfile ? t->o.outfile :
	       t->out == stdout ? "standard output" : "standard error";
	fprintf(stderr, "sdtrace: %s: %s%s\n", name, strerror(err),
		t->o.replay_dir ? "" : "; tracing goes on, its lines are lost");
}

static void report_counts(struct tracer *t, const uint64_t *c);

static void report_lost(struct tracer *t, struct sd_session *s)
{
	uint64_t c[SD_CNT_MAX];

	if (sd_session_counters(s, c))
		return;
	report_counts(t, c);
}

/* Lost records by cause (shown + lost = calls), copy faults with -v. */
static void report_counts(struct tracer *t, const uint64_t *c)
{
	static const struct {
		int idx;
		const char *why;
	} causes[] = {
		{ SD_LOST_RINGBUF, "ring buffer full" },
		{ SD_LOST_NOMEM, "no kernel memory for a call in flight" },
		{ SD_LOST_TOOBIG, "record too large" },
		{ SD_LOST_UNSTARTED, "calls already in progress when tracing began" },
	};
	char line[160];

	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++) {
		if (!c[causes[i].idx])
			continue;
		snprintf(line, sizeof(line), "sdtrace: %llu events lost (%s)",
			 (unsigned long long)c[causes[i].idx], causes[i].why);
		fprintf(stderr, "%s\n", line);
		if (t->out != stderr)
			sd_printer_note(&t->printer, line);
	}
	if (t->o.verbose && (c[SD_CNT_FAULT] || c[SD_CNT_TRUNC])) {
		snprintf(line, sizeof(line), "sdtrace: %llu copies from user memory "
			 "faulted, %llu were cut at their description's bound",
			 (unsigned long long)c[SD_CNT_FAULT],
			 (unsigned long long)c[SD_CNT_TRUNC]);
		fprintf(stderr, "%s\n", line);
	}
	if (t->printer.bad_records) {
		snprintf(line, sizeof(line), "sdtrace: %llu malformed records skipped",
			 (unsigned long long)t->printer.bad_records);
		fprintf(stderr, "%s\n", line);
	}
}

static int put_record(void *ctx, const void *rec, size_t size)
{
	return sd_ctf_put(ctx, rec, size);
}

/*
 * --flight-recorder: write the records kept as a trace, --record's DIR
 * (@n 0) or DIR.N (the Nth SIGUSR1).  Returns 0 or 1 (said why).
 */
static int flight_write(struct tracer *t, struct sd_session *s, int n)
{
	struct sd_ctf_info info = { t->printer.opts.wall_ns, NULL, NULL, { NULL } };
	struct sd_ctf_writer *w;
	char path[PATH_MAX];
	long count = -1;
	int err;

	if (n)
		snprintf(path, sizeof(path), "%s.%d", t->o.record_dir, n);
	else
		snprintf(path, sizeof(path), "%s", t->o.record_dir);
	info.command = "";
	w = sd_ctf_open(path, &info);
	if (w)
		count = sd_session_flight_dump(s, put_record, w);
	err = w ? sd_ctf_close(w) : -errno;
	if (!w || err || count < 0) {
		fprintf(stderr, "sdtrace: can't record into '%s': %s\n", path,
			strerror(count < -1 ? (int)-count : err ? -err : EIO));
		return 1;
	}
	if (n)
		fprintf(stderr, "sdtrace: flight recorder: %ld records written to '%s'\n",
			count, path);
	return 0;
}

static int decode_file(struct tracer *t)
{
	uint64_t c[SD_CNT_MAX] = { 0 };
	int rc;

	if (t->o.summary) {
		t->replay_sums = calloc(SD_NR_MAX, sizeof(*t->replay_sums));
		if (!t->replay_sums)
			return 1;
	}
	t->printer.opts.shown = t->o.selected;	/* -e trace= */
	rc = sd_ctf_read(t->o.replay_dir, on_file_record, t, &t->replay);
	if (t->o.summary && !t->out_failed) {
		t->o.sum.shown = t->o.selected;
		sd_summary_print_sums(t->out, t->replay_sums, &t->o.sum);
	}
	free(t->replay_sums);
	t->replay_sums = NULL;
	check_output(t);
	memcpy(c, t->replay.lost, sizeof(t->replay.lost));
	report_counts(t, c);
	if (rc) {
		fflush(t->out);
		fprintf(stderr, "sdtrace: %s\n", t->replay.error[0] ? t->replay.error :
			strerror(-rc));
		return 1;
	}
	return 0;
}

/* -p: "Process N attached", with its number of threads if more than one */
static void attach_msg(uint32_t pid)
{
	char path[64];
	unsigned int n = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%u/task", pid);
	dir = opendir(path);
	while (dir && (d = readdir(dir)))
		n += d->d_name[0] != '.';
	if (dir)
		closedir(dir);
	if (n > 1)
		fprintf(stderr, "sdtrace: Process %u attached with %u threads\n", pid, n);
	else
		fprintf(stderr, "sdtrace: Process %u attached\n", pid);
}

static int by_tid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Interrupted: "Process N detached" for every thread still traced */
static void detach_msgs(struct tracer *t)
{
	const struct sd_tidmap *m = &t->printer.tids;
	uint32_t *tids = calloc(m->count + 1, sizeof(*tids));
	size_t n = 0;

	if (!tids)
		return;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i] && n < m->count)
			tids[n++] = m->keys[i];
	qsort(tids, n, sizeof(*tids), by_tid);
	fflush(t->out);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "sdtrace: Process %u detached\n", tids[i]);
	free(tids);
}

enum {
	OPT_ALL = 0x100, OPT_BUFSIZE, OPT_RECORD, OPT_REPLAY, OPT_TS, OPT_TRACE, OPT_STATUS,
	OPT_QUIET, OPT_FOLLOW, OPT_SEPARATELY, OPT_ALWAYS_PID, OPT_BACKEND,
	OPT_DAEMONIZE, OPT_SIGNALS, OPT_FLIGHT, OPT_DECODE_PIDS, OPT_CACHE, OPT_CACHE_CLEAR,
};

/* Running the command (-u, -E, -D, --daemonize, -b): exits on errors. */
static void parse_command_opt(struct opts *o, int c, const char *arg)
{
	switch (c) {
	case 'u':
		o->cmd.user = arg;
		break;
	case 'E':
		if (sd_cmd_add_env(&o->cmd, arg)) {
			fputs("sdtrace: out of memory\n", stderr);
			exit(1);
		}
		break;
	case 'D':
		o->cmd.daemonize++;
		break;
	case OPT_DAEMONIZE:
		o->cmd.daemonize = sd_cmd_daemonize_arg(arg ? arg : "grandchild");
		if (o->cmd.daemonize < 0)
			die_usage("invalid --daemonize argument: '%s'", arg);
		break;
	case 'b':
		if (strcmp(arg, "execve"))
			die_usage("Syscall '%s' for -b isn't supported", arg);
		o->detach_exec = true;
		break;
	}
}

/* Summaries (-c, -C, -S, -U, -O, -w): exits on errors. */
static void parse_summary_opt(struct opts *o, int c, const char *arg)
{
	char err[256];

	switch (c) {
	case 'c':
	case 'C':
		if ((c == 'c' && o->summary_trace) || (c == 'C' && o->summary))
			die_usage("-c/--summary-only and -C/--summary are mutually "
				  "exclusive%s", "");
		o->summary = c == 'c';
		o->summary_trace = c == 'C';
		break;
	case 'S':
		if (sd_summary_sortby(&o->sum, arg))
			die_usage("invalid sortby: '%s'", arg);
		o->sortby_set = true;
		break;
	case 'U':
		if (sd_summary_columns(&o->sum, arg, err, sizeof(err)))
			die_usage("%s", err);
		o->columns_set = true;
		break;
	case 'O':
		if (sd_summary_overhead(arg, &o->overhead_ns))
			die_usage("invalid -O argument: '%s'", arg);
		break;
	}
}

static const struct option longopts[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "buffer-size", required_argument, NULL, OPT_BUFSIZE },
	{ "flight-recorder", required_argument, NULL, OPT_FLIGHT },
	{ "cache", no_argument, NULL, OPT_CACHE },
	{ "cache-clear", no_argument, NULL, OPT_CACHE_CLEAR },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "json", no_argument, NULL, 'j' },
	{ "columns", required_argument, NULL, 'a' },
	{ "output-append-mode", no_argument, NULL, 'A' },
	{ "summary-only", no_argument, NULL, 'c' },
	{ "user", required_argument, NULL, 'u' },
	{ "env", required_argument, NULL, 'E' },
	{ "daemonize", optional_argument, NULL, OPT_DAEMONIZE },
	{ "daemonise", optional_argument, NULL, OPT_DAEMONIZE },
	{ "daemonized", optional_argument, NULL, OPT_DAEMONIZE },
	{ "detach-on", required_argument, NULL, 'b' },
	{ "summary", no_argument, NULL, 'C' },
	{ "summary-sort-by", required_argument, NULL, 'S' },
	{ "summary-columns", required_argument, NULL, 'U' },
	{ "summary-syscall-overhead", required_argument, NULL, 'O' },
	{ "follow-forks", no_argument, NULL, OPT_FOLLOW },
	{ "output-separately", no_argument, NULL, OPT_SEPARATELY },
	{ "syscall-number", no_argument, NULL, 'n' },
	{ "output", required_argument, NULL, 'o' },
	{ "attach", required_argument, NULL, 'p' },
	{ "relative-timestamps", optional_argument, NULL, 'r' },
	{ "string-limit", required_argument, NULL, 's' },
	{ "absolute-timestamps", optional_argument, NULL, OPT_TS },
	{ "timestamps", optional_argument, NULL, OPT_TS },
	{ "syscall-times", optional_argument, NULL, 'T' },
	{ "instruction-pointer", no_argument, NULL, 'i' },
	{ "stack-trace", no_argument, NULL, 'k' },
	{ "stack-traces", no_argument, NULL, 'k' },
	{ "no-abbrev", no_argument, NULL, 'v' },
	{ "summary-wall-clock", no_argument, NULL, 'w' },
	{ "successful-only", no_argument, NULL, 'z' },
	{ "failed-only", no_argument, NULL, 'Z' },
	{ "failing-only", no_argument, NULL, 'Z' },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "signals", required_argument, NULL, OPT_SIGNALS },
	{ "quiet", optional_argument, NULL, OPT_QUIET },
	{ "silent", optional_argument, NULL, OPT_QUIET },
	{ "silence", optional_argument, NULL, OPT_QUIET },
	{ "always-show-pid", no_argument, NULL, OPT_ALWAYS_PID },
	{ "trace-path", required_argument, NULL, 'P' },
	{ "const-print-style", required_argument, NULL, 'X' },
	{ "decode-pids", required_argument, NULL, OPT_DECODE_PIDS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* "invalid -r argument: 'x'" or "invalid --relative-timestamps argument" */
static void die_optarg(int c, int lidx, const char *arg)
{
	if (lidx >= 0)
		fprintf(stderr, "sdtrace: invalid --%s argument: '%s'\n",
			longopts[lidx].name, arg);
	else
		fprintf(stderr, "sdtrace: invalid -%c argument: '%s'\n", c, arg);
	fputs("Try 'sdtrace -h' for more information.\n", stderr);
	exit(1);
}

/* Read the command line into @o; exits on errors. Returns optind. */
static int parse_args(struct opts *o, int argc, char **argv)
{
	bool separately = false, cmd;
	int c, lidx = -1, d;
	char *end;

	o->strsize = 32;
	o->ringbuf = 16 << 20;
	o->rel_digits = -1;
	o->Tdigits = -1;
	o->quiet = -1;
	sd_summary_defaults(&o->sum);
	/* getopt words the usage errors, after "sdtrace: " wherever it lies */
	argv[0] = "sdtrace";
	while ((c = getopt_long(argc, argv, "+a:Ab:cCDe:E:fhijkno:O:p:P:qrs:S:tTu:U:vVwX:yYzZ", longopts,
				&lidx)) != -1) {
		switch (c) {
		case 'f': o->follow++; break;
		case OPT_FOLLOW: o->follow = o->follow ? o->follow : 1; break;
		case OPT_SEPARATELY: separately = true; break;
		case 'p': add_pids(o, optarg); break;
		case OPT_ALL: o->all = true; break;
		case 'o': o->outfile = optarg; break;
		case 'A': o->append = true; break;
		case 'a':
			errno = 0;
			o->column = (int)strtol(optarg, &end, 10);
			if (errno || *end || !*optarg || o->column < 0 || o->column > 4096)
				die_optarg(c, lidx, optarg);
			o->column = o->column ? o->column : -1;
			break;
		case 's':
			errno = 0;
			o->strsize = (unsigned int)strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || o->strsize > 8000)
				die_usage("invalid -s argument: '%s' (0 to 8000)", optarg);
			break;
		case 'e': parse_expr(o, optarg); break;
		case OPT_TRACE: parse_trace_set(o, optarg); break;
		case OPT_STATUS: parse_status_set(o, optarg); break;
		case OPT_SIGNALS: parse_signal_set(o, optarg); break;
		case OPT_QUIET: parse_quiet_set(o, optarg ? optarg : "attach,personality"); break;
		case 'z': parse_status_set(o, "successful"); break;
		case 'Z': parse_status_set(o, "failed"); break;
		case 'q': o->qflag++; break;
		case 't': o->tflag++; break;
		case OPT_TS:
			o->ts_long = true;
			if (parse_ts(o, optarg ? optarg : "format:time"))
				die_optarg(c, lidx, optarg);
			break;
		case 'r':
			d = optarg ? time_digits(optarg) : 6;
			if (d < 0)
				die_optarg(c, lidx, optarg);
			o->rel_digits = d;
			break;
		case 'T':
			d = optarg ? time_digits(optarg) : 6;
			if (d < 0)
				die_optarg(c, lidx, optarg);
			o->Tdigits = d;
			break;
		case 'i': o->iflag = true; break;
		case 'k': o->kflag = true; break;
		case 'n': o->nflag = true; break;
		case OPT_ALWAYS_PID: o->always_pid = true; break;
		case 'u': case 'E': case 'D': case OPT_DAEMONIZE: case 'b':
			parse_command_opt(o, c, optarg);
			break;
		case 'c': case 'C': case 'S': case 'U': case 'O':
			parse_summary_opt(o, c, optarg);
			break;
		case 'w': o->wallclock = true; break;
		case 'v': o->verbose = true; break;
		case 'y': o->fd_names++; break;
		case 'X':
			if (!strcmp(optarg, "raw"))
				sd_xlat_verbosity = SD_XLAT_RAW;
			else if (!strcmp(optarg, "abbrev"))
				sd_xlat_verbosity = SD_XLAT_ABBREV;
			else if (!strcmp(optarg, "verbose"))
				sd_xlat_verbosity = SD_XLAT_VERBOSE;
			else
				die_optarg(c, lidx, optarg);
			break;
		case 'P':
			add_path_arg(o, optarg);
			break;
		case 'Y': parse_decode_pids(o, "comm"); break;
		case OPT_DECODE_PIDS: parse_decode_pids(o, optarg); break;
		case 'j': o->json = true; break;
		case OPT_RECORD: o->record_dir = optarg; break;
		case OPT_REPLAY: o->replay_dir = optarg; break;
		case OPT_BUFSIZE: o->ringbuf = parse_size(optarg); break;
		case OPT_FLIGHT:
			errno = 0;
			o->flight = strtoull(optarg, &end, 10);
			d = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 :
			    *end == 'G' || *end == 'g' ? 30 : 0;
			end += d != 0;
			if (errno || *end || end == optarg || o->flight > (1ULL << (34 - d)) ||
			    (o->flight <<= d) < (64 << 10))
				die_usage("flight recorder size '%s' must be from 64K to 16G", optarg);
			break;
		case OPT_CACHE: o->cache = true; break;
		case OPT_CACHE_CLEAR:
			d = sd_cache_clear();
			if (d < 0) {
				fprintf(stderr, "sdtrace: cannot empty the cache in %s: %s\n",
					sd_cache_root(), strerror(-d));
				exit(1);
			}
			exit(0);
		case OPT_BACKEND:
			if (strcmp(optarg, "bpf") && strcmp(optarg, "kmod"))
				die_optarg(c, lidx, optarg);
			o->kmod = !strcmp(optarg, "kmod");
			break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("sdtrace %s\n", SDTRACE_VERSION); exit(0);
		default:	/* getopt said what is wrong */
			fputs("Try 'sdtrace -h' for more information.\n", stderr);
			exit(1);
		}
		lidx = -1;
	}
	cmd = optind < argc;

	if (!o->replay_dir && !cmd && !o->npids && !o->all)
		die_usage("must have PROG [ARGS], -p PID or --all%s", "");
	if (o->replay_dir && (cmd || o->npids || o->all || o->record_dir))
		die_usage("--replay DIR prints a recorded trace and takes no command, -p, "
			  "--all or --record%s", "");
	if (o->cache && o->kmod)
		die_usage("--cache keeps eBPF programs and takes no --backend=kmod%s", "");
	if (o->flight && (!o->record_dir || o->summary || o->summary_trace))
		die_usage("--flight-recorder SIZE writes the records it keeps to the "
			  "--record DIR, and takes no -c%s", "");
	if ((o->summary || o->summary_trace) && (o->record_dir || o->json))
		die_usage("-c/-C print a summary and take no --record or -j%s", "");
	if (o->npids && cmd)
		die_usage("-p PID and a command cannot be combined%s", "");
	if (o->cmd.daemonize && !cmd)
		die_usage("PROG [ARGS] must be specified with -D/--daemonize%s", "");
	if (o->cmd.daemonize > 3)
		die_usage("Too many -D's (%s), maximum supported -D count is 3",
			  o->cmd.daemonize == 4 ? "4" : "more than 4");
	if ((o->cmd.user || o->cmd.nenv) && !cmd)
		die_usage("-u and -E apply to the command sdtrace runs; there is none%s", "");
	if (o->detach_exec && (o->all || o->kmod))
		die_usage("-b execve does not go with --all or --backend=kmod%s", "");
	if (o->tflag) {
		if (o->ts_long)
			die_usage("-t and --absolute-timestamps cannot be provided "
				  "simultaneously%s", "");
		parse_ts(o, o->tflag == 1 ? "format:time" : o->tflag == 2 ?
			 "precision:us,format:time" : "format:unix,precision:us");
	}
	if (o->follow >= 2 && separately)
		die_usage("-ff and --output-separately cannot be provided simultaneously%s", "");
	o->ff = (separately || o->follow >= 2) && o->outfile;	/* else just -f */
	if (o->ff && (o->summary || o->summary_trace))
		die_usage("(-c/--summary-only or -C/--summary) and -ff/--output-separately "
			  "are mutually exclusive%s", "");
	if (o->ff && (o->outfile[0] == '|' || o->outfile[0] == '!'))
		die_usage("piping the output and -ff/--output-separately are mutually "
			  "exclusive%s", "");
	if (o->ff && o->record_dir)
		die_usage("--record writes one trace and takes no -ff%s", "");
	if (o->replay_dir && o->outfile && o->outfile[0] != '|' && o->outfile[0] != '!') {
		char p[PATH_MAX];
		struct stat in, out;

		/* -o would truncate the very trace it is to decode */
		for (int i = 0; i < 2; i++) {
			snprintf(p, sizeof(p), "%s/%s", o->replay_dir, i ? "stream" : "metadata");
			if (!stat(p, &in) && !stat(o->outfile, &out) &&
			    in.st_dev == out.st_dev && in.st_ino == out.st_ino)
				die_usage("-o '%s' is part of the trace --replay reads",
					  o->outfile);
		}
	}
	if (o->wallclock && !o->summary && !o->summary_trace)
		die_usage("-w/--summary-wall-clock must be given with (-c/--summary-only "
			  "or -C/--summary)%s", "");
	if (o->columns_set && !o->summary && !o->summary_trace)
		die_usage("-U/--summary-columns must be given with (-c/--summary-only "
			  "or -C/--summary)%s", "");
	if (o->sortby_set && !o->summary && !o->summary_trace)
		fputs("sdtrace: -S/--summary-sort-by has no effect without "
		      "(-c/--summary-only or -C/--summary)\n", stderr);
	if (o->append && !o->outfile)
		fputs("sdtrace: -A/--output-append-mode has no effect without "
		      "-o/--output\n", stderr);
	/* strace: -o FILE with a command is -q unless told otherwise */
	if (o->outfile && (cmd || o->replay_dir) && !o->qflag && o->quiet < 0)
		o->qflag = 1;
	if (o->qflag) {
		if (o->quiet >= 0)
			die_usage("-q and -e quiet/--quiet cannot be provided simultaneously%s",
				  "");
		o->quiet = o->qflag == 1 ? Q_ATTACH | Q_PERSONALITY :
			   o->qflag == 2 ? Q_ATTACH | Q_PERSONALITY | Q_EXIT : Q_ALL;
	}
	if (o->quiet < 0)
		o->quiet = 0;
	for (int i = 0; i < o->npath_args; i++)
		if (sd_pathfilter_add(&o->paths, o->path_args[i], o->quiet & Q_PATH))
			die_usage("out of memory%s", "");
	return optind;
}

/* The printer's lines: where they go and what they start with. */
static int open_printer(struct tracer *t)
{
	const struct opts *o = &t->o;
	struct sd_printer_opts po;

	/* like strace, the live trace goes to stderr; a decoded file to stdout */
	t->out = o->replay_dir ? stdout : stderr;
	if (o->outfile && (o->outfile[0] == '|' || o->outfile[0] == '!')) {
		fflush(NULL);
		t->out = popen(o->outfile + 1, "we");
		if (!t->out) {
			fprintf(stderr, "sdtrace: Can't run '%s': %s\n", o->outfile + 1,
				strerror(errno));
			return -1;
		}
		t->piped = true;
	} else if (o->outfile && !o->ff) {
		t->out = open_output(o, o->outfile);
		if (!t->out)
			return -1;
	}
	if (o->replay_dir) {	/* glibc ignores the size without a buffer */
		static char replay_buf[1 << 16];

		setvbuf(t->out, replay_buf, _IOFBF, sizeof(replay_buf));
	} else {
		setvbuf(t->out, NULL, _IOFBF, 1 << 16);
	}
	memset(&po, 0, sizeof(po));
	po.mode = o->json ? SD_DEC_JSON : SD_DEC_TEXT;
	po.strsize = o->strsize;
	po.verbose = o->verbose;
	/* strace: "PID " columns with -o and -f, or -o and several -p */
	po.pid_column = o->outfile && !o->ff && (o->follow || o->npids > 1);
	po.always_pid = o->always_pid;
	po.decode_comm = o->decode_comm;
	po.show_generic = 1;
	po.fd_names = o->fd_names > 1 ? 2 : o->fd_names;
	if (o->paths.n) {	/* -P: what descriptors are, shown with -y only */
		po.paths = &o->paths;
		po.hide_fd_names = !o->fd_names;
		po.fd_names = po.fd_names ? po.fd_names : 1;
	}
	po.quiet = (o->record_dir && !o->outfile) || o->summary;
	po.ts_fmt = o->ts_fmt;
	po.ts_digits = o->ts_digits;
	po.rel_ts = o->rel_digits >= 0;
	po.rel_digits = o->rel_digits;
	po.syscall_nr = o->nflag;
	po.syscall_times = o->Tdigits;
	po.show_ip = o->iflag;
	if (o->kflag && !(po.unwind = sd_unwind_new()))
		return -1;
	po.column = o->column;
	po.status = o->status;
	po.quiet_exit = (o->quiet & Q_EXIT) != 0;
	po.quiet_pers = (o->quiet & Q_PERSONALITY) != 0;
	if (o->follow && !(o->quiet & Q_ATTACH))
		po.attach_msgs = stderr;
	po.detach_exec = o->detach_exec;	/* -b execve */
	po.sig_hidden = o->sig_hidden;		/* -e signal= */
	if (!(o->quiet & Q_ATTACH))
		po.detach_msgs = stderr;
	if (o->ff) {
		po.route = ff_route;
		po.route_end = ff_end;
		po.route_ctx = t;
	}
	if (sd_printer_init(&t->printer, t->out, &po)) {
		fputs("sdtrace: out of memory\n", stderr);
		return -1;
	}
	return 0;
}

/* Record time 0 (the session's start, CLOCK_MONOTONIC) as wall-clock time. */
static int64_t wall_of_start(const struct sd_session *s)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (int64_t)s->start_ns +
	       ((int64_t)rt.tv_sec - (int64_t)mono.tv_sec) * 1000000000LL +
	       ((int64_t)rt.tv_nsec - (int64_t)mono.tv_nsec);
}

/* --record DIR: the trace directory, its metadata written. */
static int open_record(struct tracer *t, int argc, char **argv)
{
	struct sd_ctf_info info = { t->printer.opts.wall_ns, NULL, NULL, { NULL } };
	char cmd[1024] = "", cwd[PATH_MAX], fd[3][PATH_MAX];
	size_t n = 0;

	/* what the command starts with (-y on replay): it inherits ours */
	if (argc > 0 && !t->o.all && getcwd(cwd, sizeof(cwd)))
		info.cwd = cwd;
	for (int i = 0; argc > 0 && !t->o.all && i < 3; i++) {
		char link[32];
		ssize_t len;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", i);
		len = readlink(link, fd[i], sizeof(fd[i]) - 1);
		if (len > 0) {
			fd[i][len] = 0;
			info.fd[i] = fd[i];
		}
	}
	for (int i = 0; i < argc && n < sizeof(cmd) - 1; i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%s%s", i ? " " : "", argv[i]);
	info.command = cmd;
	t->ctf = sd_ctf_open(t->o.record_dir, &info);
	if (!t->ctf) {
		fprintf(stderr, "sdtrace: can't record into '%s': %s\n", t->o.record_dir,
			errno == ENOTEMPTY ? "it exists and holds other files than a trace's" :
			strerror(errno));
		return -1;
	}
	return 0;
}

/* --record: the loss counts into the packets; a second's packet written. */
static void record_tick(struct tracer *t, struct sd_session *s)
{
	uint64_t c[SD_CNT_MAX];

	if (!sd_session_counters(s, c))
		sd_ctf_lost(t->ctf, c);
	if (sd_ctf_tick(t->ctf))
		t->write_errors++;
}

/*
 * The session's options.  -y with -e trace=: calls that make descriptors
 * are recorded too (their names), and not printed: *@recorded holds that
 * set, to be freed.
 */
static int session_opts(struct tracer *t, struct sd_session_opts *so, bool **recorded)
{
	memset(so, 0, sizeof(*so));
	so->strsize = t->o.strsize;
	so->verbose = t->o.verbose;
	so->follow_forks = t->o.follow > 0;
	so->trace_all = t->o.all;
	so->summary = t->o.summary;
	so->count = t->o.summary_trace;
	so->overhead_ns = t->o.overhead_ns;
	so->count_wall = t->o.wallclock;
	so->detach_exec = t->o.detach_exec;
	so->fd_names = t->o.fd_names > 0 || t->o.paths.n;
	so->ringbuf_bytes = t->o.ringbuf;
	so->flight_bytes = t->o.flight;
	so->kmod = t->o.kmod;
	so->cache = t->o.cache;
	if (t->o.kmod && (so->summary || so->count)) {
		/* the module has no counters: count its records, timed */
		so->summary = so->count = false;
		t->replay_sums = calloc(SD_NR_MAX, sizeof(*t->replay_sums));
		if (!t->replay_sums)
			return -ENOMEM;
	}
	/* what records carry for -T/-t/-r, -i, -k (nothing otherwise) */
	so->extras = (t->o.Tdigits >= 0 || t->o.ts_fmt || t->o.rel_digits >= 0 ||
		      t->replay_sums ? SD_F_DUR : 0) |
		     (t->o.iflag ? SD_F_IP : 0) | (t->o.kflag ? SD_F_STACK : 0) |
		     (t->o.decode_comm ? SD_F_COMM : 0);
	so->selected = t->o.selected;
	so->on_record = on_record;
	so->ctx = t;
	t->printer.opts.compat_shown = t->o.selected;	/* i386 calls: all recorded */
	if (!t->o.selected || !so->fd_names)
		return 0;
	*recorded = calloc(SD_NR_MAX, sizeof(bool));
	if (!*recorded) {
		fputs("sdtrace: out of memory\n", stderr);
		return -ENOMEM;
	}
	memcpy(*recorded, t->o.selected, SD_NR_MAX * sizeof(bool));
	for (unsigned int i = 0; i < sd_syscall_count; i++)
		if (sd_syscall_table[i].names_fds && sd_syscall_table[i].nr >= 0 &&
		    sd_syscall_table[i].nr < SD_NR_MAX)
			(*recorded)[sd_syscall_table[i].nr] = true;
	so->selected = *recorded;
	t->printer.opts.shown = t->o.selected;
	return 0;
}

/* A program and a map are a descriptor each: take what is allowed. */
static void raise_nofile(struct rlimit *given)
{
	if (getrlimit(RLIMIT_NOFILE, given)) {
		memset(given, 0, sizeof(*given));
		return;
	}
	if (given->rlim_cur < given->rlim_max) {
		struct rlimit more = { given->rlim_max, given->rlim_max };

		setrlimit(RLIMIT_NOFILE, &more);
	}
}

/* A wait status as an exit status: the command's, 128 + signal if killed. */
static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 0;
}

int main(int argc, char **argv)
{
	struct tracer t;
	struct sd_session s;
	struct sd_session_opts so;
	char err[256];
	pid_t child = 0;
	bool own_child = false;		/* not with -D: the command is our parent */
	int status = 0, child_status = -1, rc = 1, cmd_at, gate = -1;
	int flight_dumps = 0, rc_flight = 0;
	unsigned int idle_polls = 0;
	struct sigaction sa;
	bool *recorded = NULL;	/* -y -e trace=: what the kernel records */

	memset(&t, 0, sizeof(t));
	memset(&s, 0, sizeof(s));
	raise_nofile(&t.o.cmd.nofile);
	sd_tidmap_init(&t.ff.slot);
	cmd_at = parse_args(&t.o, argc, argv);
	if (open_printer(&t))
		goto cleanup;
	if (t.o.replay_dir) {
		rc = decode_file(&t);
		goto cleanup;
	}
	for (int i = 0; i < t.o.npids; i++)
		if (kill((pid_t)t.o.pids[i], 0) && errno == ESRCH) {
			fprintf(stderr, "sdtrace: attach: pid %u: No such process\n",
				t.o.pids[i]);
			goto cleanup;
		}
	if (sd_cmd_check(&t.o.cmd) || session_opts(&t, &so, &recorded))
		goto cleanup;
	/*
	 * The command is forked first, to wait for its go: a fork after the
	 * rings are mapped would copy their page tables (16M: a millisecond).
	 */
	if (cmd_at < argc)
		child = sd_cmd_start(argv + cmd_at, &t.o.cmd, &gate, &own_child);
	if (sd_session_open(&s, &so, err, sizeof(err))) {
		fprintf(stderr, "sdtrace: %s\n", err);
		goto cleanup;
	}
	t.printer.opts.wall_ns = wall_of_start(&s);
	if (t.o.record_dir && !t.o.flight &&
	    open_record(&t, argc - cmd_at, argv + cmd_at))
		goto cleanup;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (t.o.flight)
		sigaction(SIGUSR1, &sa, NULL);
	/* a reader that goes away is a write error, reported, not a death */
	signal(SIGPIPE, SIG_IGN);

	if (child && !t.o.all) {
		sd_session_trace_exec(&s, (uint32_t)child);
		sd_printer_add_proc(&t.printer, (uint32_t)child);
		t.printer.opts.exec_first = (uint32_t)child;	/* -b execve */
	}
	for (int i = 0; i < t.o.npids; i++) {
		sd_session_trace(&s, t.o.pids[i]);
		sd_printer_add_proc(&t.printer, t.o.pids[i]);
	}
	if (sd_session_attach(&s, err, sizeof(err))) {
		fprintf(stderr, "sdtrace: %s\n", err);
		goto cleanup;	/* the command, never let go, exits unrun */
	}
	if (!(t.o.quiet & Q_ATTACH)) {
		for (int i = 0; i < t.o.npids; i++)
			attach_msg(t.o.pids[i]);
		if (child && !own_child)	/* -D: strace attaches to it */
			attach_msg((uint32_t)child);
	}
	/*
	 * The reader must keep up with every traced thread at once: eight busy
	 * threads would leave a nice-0 reader an eighth of a CPU and the rings
	 * would overflow.  Best effort: without CAP_SYS_NICE this fails.
	 */
	setpriority(PRIO_PROCESS, 0, -10);
	if (child) {	/* go: exec the command */
		if (write(gate, "x", 1) != 1 && own_child)
			kill(child, SIGKILL);
		close(gate);
		gate = -1;
	}

	while (!stop_signal) {
		bool cmd_done;
		int err = sd_session_poll(&s, SD_POLL_MS);

		if (err < 0) {
			fprintf(stderr, "sdtrace: cannot take records from the ring buffers: %s\n",
				strerror(-err));
			rc_flight = 1;	/* sdtrace failed */
			break;
		}
		if (t.ctf)
			record_tick(&t, &s);
		if (dump_signal) {
			dump_signal = 0;
			if (flight_write(&t, &s, ++flight_dumps))
				rc_flight = 1;
		}
		check_output(&t);
		if (own_child && child_status < 0 &&
		    waitpid(child, &child_status, WNOHANG) != child)
			child_status = -1;
		/* its end recorded, the command is about to be a zombie: not a
		 * poll period later */
		for (int i = 0; i < 200 && own_child && child_status < 0 && !t.o.all &&
		     !sd_printer_live(&t.printer); i++) {
			usleep(50);
			if (waitpid(child, &child_status, WNOHANG) != child)
				child_status = -1;
		}
		cmd_done = !own_child || child_status >= 0;
		if (t.o.all) {
			if (child && cmd_done)
				break;
			continue;
		}
		if (!sd_printer_live(&t.printer) && cmd_done)
			break;
		/* exit records can be lost in a full ring: ask the kernel too */
		if (cmd_done && !sd_session_backlog(&s) && ++idle_polls % 16 == 0)
			sd_printer_prune(&t.printer);
	}
	sd_session_finish(&s);	/* every record taken is formatted */
	if (t.ctf)
		record_tick(&t, &s);
	if (t.o.flight && flight_write(&t, &s, 0))
		rc_flight = 1;
	if ((t.o.summary || t.o.summary_trace) && !t.out_failed) {
		/* -y -e trace=: calls recorded for their descriptors are not counted */
		t.o.sum.shown = t.o.selected;
		if (t.replay_sums)
			sd_summary_print_sums(t.out, t.replay_sums, &t.o.sum);
		else
			sd_summary_print(t.out, &s, &t.o.sum);
	}
	check_output(&t);
	report_lost(&t, &s);
	sd_session_close(&s);
	if (stop_signal && !t.o.all && !(t.o.quiet & Q_ATTACH))
		detach_msgs(&t);
	if (own_child && child_status < 0 && !stop_signal)
		waitpid(child, &child_status, 0);
	if (child_status >= 0)
		status = exit_status(child_status);
	rc = rc_flight;
	if (t.ctf) {
		int err = sd_ctf_close(t.ctf);

		if (err || t.write_errors) {
			fprintf(stderr, "sdtrace: write error on '%s/stream': %s\n",
				t.o.record_dir, strerror(err ? -err : EIO));
			rc = 1;
		}
		t.ctf = NULL;
	}

cleanup:
	/* every path ends here: what was set up is released, in reverse */
	if (gate >= 0)
		close(gate);
	sd_session_close(&s);
	sd_unwind_free(t.printer.opts.unwind);
	sd_printer_free(&t.printer);
	ff_close_all(&t);
	if (t.write_errors && !t.o.record_dir)
		rc = 1;
	check_output(&t);
	if (t.out_failed)
		rc = 1;
	if (t.ctf)
		sd_ctf_close(t.ctf);
	if (t.piped)
		pclose(t.out);	/* waits for the command */
	else if (t.out && t.out != stderr && t.out != stdout && fclose(t.out))
		rc = 1;
	free(t.o.selected);
	free(recorded);
	free(t.o.pids);
	free(t.o.path_args);
	sd_pathfilter_free(&t.o.paths);
	free(t.replay_sums);
	sd_cmd_free(&t.o.cmd);
	if (rc)
		return 1;
	return t.o.replay_dir ? 0 : status;
}

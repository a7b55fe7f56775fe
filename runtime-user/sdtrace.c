/* SPDX-License-Identifier: MIT */
/*
 * sdtrace - trace the system calls of a command, of running processes, or
 * of the whole system, recording in the kernel (eBPF) and printing what
 * strace users read.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "printer.h"
#include "sd_table.h"
#include "session.h"
#include "summary.h"
#include "syscall_names.h"
#include "tracefile.h"

#define SDTRACE_VERSION "0.1.0"

struct opts {
	bool follow, all, verbose, json, summary;
	int fd_names;			/* -y, -yy */
	unsigned int strsize;
	size_t ringbuf;
	const char *outfile, *rawfile, *readfile;
	bool *selected;		/* NULL: every syscall */
	uint32_t *pids;
	int npids;
};

struct tracer {
	struct opts o;
	FILE *out;		/* decoded lines */
	FILE *raw;		/* -w: binary records */
	struct sd_printer printer;
	long write_errors;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *f)
{
	fputs("Usage: sdtrace [OPTIONS] COMMAND [ARGS...]\n"
	      "       sdtrace [OPTIONS] -p PID[,PID...]\n"
	      "       sdtrace [OPTIONS] -a [COMMAND [ARGS...]]\n"
	      "       sdtrace [OPTIONS] -r FILE\n"
	      "Trace system calls, recording them in the kernel with eBPF.\n\n"
	      "  -f             follow children (fork, vfork, clone); threads are always followed\n"
	      "  -p PID[,PID]   attach to running processes and all their threads\n"
	      "  -a             trace every process on the system\n"
	      "  -o FILE        write the trace to FILE instead of stderr\n"
	      "  -s N           print at most N bytes of strings and buffers (default 32)\n"
	      "  -e trace=SET   only these syscalls: names and %classes, comma separated,\n"
	      "                 '!' in front negates (-e trace=openat,%process)\n"
	      "  -c             count calls, errors and time per syscall in the kernel and\n"
	      "                 print a summary table at the end (times are wall-clock)\n"
	      "  -v             print every struct field\n"
	      "  -y             print what descriptors are: 3</etc/hostname>; -yy: sockets' endpoints\n"
	      "  -j, --json     print JSON lines instead of strace-style text\n"
	      "  -w FILE        write binary records to FILE (decode later with -r)\n"
	      "  -r FILE        decode a binary trace file written with -w (to stdout)\n"
	      "  -b SIZE        ring buffers, all CPUs together, K or M suffix (default 16M)\n"
	      "  -h, --help     show this help\n"
	      "  -V, --version  show the version\n\n"
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
	if (*end || v < 4096 || v > (1ULL << 30) || (v & (v - 1)))
		die_usage("buffer size '%s' must be a power of two from 4K to 1G", s);
	return (size_t)v;
}

static int class_bit(const char *name)
{
	for (int i = 0; sd_class_names[i]; i++)
		if (!strcmp(sd_class_names[i], name))
			return 1 << i;
	return 0;
}

/* -e trace=SET: names and %classes; a leading '!' selects the complement. */
static void parse_trace_set(struct opts *o, const char *arg)
{
	char *copy, *tok, *save = NULL;
	bool negate = false;

	if (strncmp(arg, "trace=", 6))
		die_usage("invalid -e expression '%s' (only trace=SET is supported)", arg);
	arg += 6;
	if (*arg == '!') {
		negate = true;
		arg++;
	}
	o->selected = calloc(SD_NR_MAX, sizeof(bool));
	copy = strdup(arg);
	if (!o->selected || !copy) {
		fputs("sdtrace: out of memory\n", stderr);
		exit(1);
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool found = false;

		if (!strcmp(tok, "none"))
			continue;
		if (!strcmp(tok, "all")) {
			for (int nr = 0; nr < SD_NR_MAX; nr++)
				o->selected[nr] = true;
			continue;
		}
		if (tok[0] == '%') {
			int bit = class_bit(tok + 1);

			if (!bit)
				die_usage("invalid system call class '%s'", tok);
			for (unsigned int i = 0; i < sd_syscall_count; i++)
				if (sd_syscall_table[i].classes & (unsigned int)bit &&
				    sd_syscall_table[i].nr < SD_NR_MAX) {
					o->selected[sd_syscall_table[i].nr] = true;
					found = true;
				}
			continue;
		}
		for (int nr = 0; nr < SD_SYSCALL_NAMES && nr < SD_NR_MAX; nr++)
			if (sd_syscall_names[nr] && !strcmp(sd_syscall_names[nr], tok)) {
				o->selected[nr] = true;
				found = true;
			}
		if (!found)
			die_usage("invalid system call '%s'", tok);
	}
	free(copy);
	if (negate)
		for (int nr = 0; nr < SD_NR_MAX; nr++)
			o->selected[nr] = !o->selected[nr];
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

	if (t->raw) {
		if (sd_tracefile_put(t->raw, data, size))
			t->write_errors++;
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
	return on_record(ctx, data, size);
}

/* The executable strace would run: COMMAND itself if it has a '/', else PATH. */
static char *find_exec(const char *cmd)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, buf[PATH_MAX];
	struct stat st;

	if (strchr(cmd, '/'))
		return strdup(cmd);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	copy = strdup(path);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/%s", *dir ? dir : ".", cmd);
		if (!stat(buf, &st) && S_ISREG(st.st_mode) && !access(buf, X_OK)) {
			free(copy);
			return strdup(buf);
		}
	}
	free(copy);
	return NULL;
}

/* Fork @argv stopped before its execve; returns its pid. */
static pid_t start_command(char **argv)
{
	char *exe = find_exec(argv[0]);
	pid_t pid;
	int st;

	if (!exe) {
		fprintf(stderr, "sdtrace: Can't stat '%s': %s\n", argv[0], strerror(ENOENT));
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("sdtrace: fork");
		exit(1);
	}
	if (!pid) {
		extern char **environ;

		/* stop until tracing is in place; nothing runs in between */
		syscall(SYS_kill, getpid(), SIGSTOP);
		execve(exe, argv, environ);
		fprintf(stderr, "sdtrace: exec of '%s' failed: %s\n", exe, strerror(errno));
		_exit(127);
	}
	free(exe);
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st)) {
		fputs("sdtrace: the command ended before it could be traced\n", stderr);
		exit(1);
	}
	return pid;
}

static void report_lost(struct tracer *t, struct sd_session *s)
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
	uint64_t c[SD_CNT_MAX];
	char line[160];

	if (sd_session_counters(s, c))
		return;
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

static int decode_file(struct tracer *t)
{
	FILE *f = fopen(t->o.readfile, "rbe");
	long n;

	if (!f) {
		fprintf(stderr, "sdtrace: cannot open '%s': %s\n", t->o.readfile,
			strerror(errno));
		return 1;
	}
	n = sd_tracefile_read(f, on_file_record, t);
	fclose(f);
	if (n < 0) {
		fprintf(stderr, "sdtrace: '%s' is not a complete sdtrace file\n",
			t->o.readfile);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct tracer t;
	struct sd_session s;
	struct sd_session_opts so;
	struct sd_printer_opts po;
	char err[256];
	pid_t child = 0;
	int c, status = 0, child_status = -1, rc;
	unsigned int idle_polls = 0;
	struct sigaction sa;
	bool *recorded = NULL;	/* -y -e trace=: what the kernel records */

	memset(&t, 0, sizeof(t));
	opterr = 0;	/* usage errors are ours to word */
	t.o.strsize = 32;
	t.o.ringbuf = 16 << 20;
	while ((c = getopt_long(argc, argv, "+fp:ao:s:e:cvjw:r:b:hVy", longopts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'f': t.o.follow = true; break;
		case 'p': add_pids(&t.o, optarg); break;
		case 'a': t.o.all = true; break;
		case 'o': t.o.outfile = optarg; break;
		case 's':
			errno = 0;
			t.o.strsize = (unsigned int)strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || t.o.strsize > 8000)
				die_usage("invalid -s argument: '%s' (0 to 8000)", optarg);
			break;
		case 'e': parse_trace_set(&t.o, optarg); break;
		case 'c': t.o.summary = true; break;
		case 'v': t.o.verbose = true; break;
		case 'y': t.o.fd_names++; break;
		case 'j': t.o.json = true; break;
		case 'w': t.o.rawfile = optarg; break;
		case 'r': t.o.readfile = optarg; break;
		case 'b': t.o.ringbuf = parse_size(optarg); break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("sdtrace %s\n", SDTRACE_VERSION); return 0;
		default:
			if (optopt && strchr("posewrb", optopt))
				fprintf(stderr, "sdtrace: option requires an argument -- '%c'\n",
					optopt);
			else if (optopt)
				fprintf(stderr, "sdtrace: invalid option -- '%c'\n", optopt);
			else
				fprintf(stderr, "sdtrace: unrecognized option '%s'\n",
					argv[optind - 1]);
			fputs("Try 'sdtrace -h' for more information.\n", stderr);
			return 1;
		}
	}
	if (!t.o.readfile && optind >= argc && !t.o.npids && !t.o.all)
		die_usage("must have PROG [ARGS], -p PID or -a%s", "");
	if (t.o.readfile && (optind < argc || t.o.npids || t.o.all || t.o.rawfile))
		die_usage("-r FILE decodes a trace file and takes no command, -p, -a or -w%s", "");
	if (t.o.summary && (t.o.rawfile || t.o.json))
		die_usage("-c prints a summary and takes no -w or -j%s", "");
	if (t.o.npids && optind < argc)
		die_usage("-p PID and a command cannot be combined%s", "");

	/* like strace, the live trace goes to stderr; a decoded file to stdout */
	t.out = t.o.readfile ? stdout : stderr;
	if (t.o.outfile) {
		t.out = fopen(t.o.outfile, "we");	/* not inherited by the command */
		if (!t.out) {
			fprintf(stderr, "sdtrace: can't fopen '%s': %s\n", t.o.outfile,
				strerror(errno));
			return 1;
		}
	}
	setvbuf(t.out, NULL, _IOFBF, 1 << 16);
	memset(&po, 0, sizeof(po));
	po.mode = t.o.json ? SD_DEC_JSON : SD_DEC_TEXT;
	po.strsize = t.o.strsize;
	po.verbose = t.o.verbose;
	po.pid_column = t.o.outfile && t.o.follow;
	po.show_generic = 1;
	po.fd_names = t.o.fd_names > 1 ? 2 : t.o.fd_names;
	po.quiet = t.o.rawfile != NULL || t.o.summary;
	if (sd_printer_init(&t.printer, t.out, &po)) {
		fputs("sdtrace: out of memory\n", stderr);
		return 1;
	}
	if (t.o.readfile) {
		rc = decode_file(&t);
		goto done_nosession;
	}
	if (t.o.rawfile) {
		t.raw = fopen(t.o.rawfile, "wbe");
		if (!t.raw || sd_tracefile_begin(t.raw)) {
			fprintf(stderr, "sdtrace: can't write '%s': %s\n", t.o.rawfile,
				strerror(errno));
			return 1;
		}
		setvbuf(t.raw, NULL, _IOFBF, 1 << 20);
	}
	for (int i = 0; i < t.o.npids; i++)
		if (kill((pid_t)t.o.pids[i], 0) && errno == ESRCH) {
			fprintf(stderr, "sdtrace: attach: pid %u: No such process\n",
				t.o.pids[i]);
			return 1;
		}

	memset(&so, 0, sizeof(so));
	so.strsize = t.o.strsize;
	so.follow_forks = t.o.follow;
	so.trace_all = t.o.all;
	so.summary = t.o.summary;
	so.fd_names = t.o.fd_names > 0;
	so.ringbuf_bytes = t.o.ringbuf;
	so.selected = t.o.selected;
	/* -y with -e trace=: calls that make descriptors are recorded too (their
	 * names), and not printed */
	if (t.o.selected && t.o.fd_names) {
		recorded = calloc(SD_NR_MAX, sizeof(bool));
		if (!recorded) {
			fputs("sdtrace: out of memory\n", stderr);
			return 1;
		}
		memcpy(recorded, t.o.selected, SD_NR_MAX * sizeof(bool));
		for (unsigned int i = 0; i < sd_syscall_count; i++)
			if (sd_syscall_table[i].names_fds && sd_syscall_table[i].nr >= 0 &&
			    sd_syscall_table[i].nr < SD_NR_MAX)
				recorded[sd_syscall_table[i].nr] = true;
		so.selected = recorded;
		t.printer.opts.shown = t.o.selected;
	}
	so.on_record = on_record;
	so.ctx = &t;
	rc = sd_session_open(&s, &so, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "sdtrace: %s\n", err);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (optind < argc)
		child = start_command(argv + optind);
	if (child && !t.o.all) {
		sd_session_trace(&s, (uint32_t)child);
		sd_printer_add_proc(&t.printer, (uint32_t)child);
	}
	for (int i = 0; i < t.o.npids; i++) {
		sd_session_trace(&s, t.o.pids[i]);
		sd_printer_add_proc(&t.printer, t.o.pids[i]);
	}
	rc = sd_session_attach(&s, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "sdtrace: %s\n", err);
		if (child)
			kill(child, SIGKILL);
		sd_session_close(&s);
		return 1;
	}
	/*
	 * The reader must keep up with every traced thread at once: eight busy
	 * threads would leave a nice-0 reader an eighth of a CPU and the rings
	 * would overflow.  Best effort: without CAP_SYS_NICE this fails.
	 */
	setpriority(PRIO_PROCESS, 0, -10);
	if (child)
		kill(child, SIGCONT);

	while (!stop_signal) {
		if (sd_session_poll(&s, SD_POLL_MS) < 0)
			break;
		if (child && child_status < 0 &&
		    waitpid(child, &child_status, WNOHANG) != child)
			child_status = -1;
		if (t.o.all) {
			if (child && child_status >= 0)
				break;
			continue;
		}
		if (!sd_printer_live(&t.printer) && (!child || child_status >= 0))
			break;
		/* exit records can be lost in a full ring: ask the kernel too */
		if ((!child || child_status >= 0) && ++idle_polls % 16 == 0)
			sd_printer_prune(&t.printer);
	}
	sd_session_poll(&s, 0);
	if (t.o.summary)
		sd_summary_print(t.out, &s);
	report_lost(&t, &s);
	sd_session_close(&s);
	if (child && child_status < 0 && !stop_signal)
		waitpid(child, &child_status, 0);
	if (child_status >= 0) {
		if (WIFEXITED(child_status))
			status = WEXITSTATUS(child_status);
		else if (WIFSIGNALED(child_status))
			status = 128 + WTERMSIG(child_status);
	}
	rc = 0;
	if (t.raw && (fclose(t.raw) || t.write_errors)) {
		fprintf(stderr, "sdtrace: write error on '%s'\n", t.o.rawfile);
		rc = 1;
	}
done_nosession:
	sd_printer_free(&t.printer);
	if (fflush(t.out) || (t.out != stderr && t.out != stdout && fclose(t.out)))
		rc = 1;
	free(t.o.selected);
	free(recorded);
	free(t.o.pids);
	if (rc)
		return 1;
	return t.o.readfile ? 0 : status;
}

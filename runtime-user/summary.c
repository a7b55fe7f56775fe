/* SPDX-License-Identifier: MIT */
/*
 * summary.c - sdtrace -c/-C: strace -c's table from the kernel's per-call
 * counters.  Column widths grow with their widest value, errors print
 * blank when there are none, and the syscall column, when last, is not
 * padded: the layout strace 6.1 prints.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "syscall_names.h"

#define NS 1000000000ULL

struct row {
	unsigned int nr;
	const char *name;
	struct sd_sum sum;
	uint64_t min, avg;	/* ns */
};

/* Every name strace takes for a column, in -S and -U. */
static const struct {
	const char *name;
	enum sd_sum_col col;
} col_names[] = {
	{ "time", SD_COL_PERCENT }, { "time_percent", SD_COL_PERCENT },
	{ "time-percent", SD_COL_PERCENT },
	{ "time_total", SD_COL_TOTAL }, { "time-total", SD_COL_TOTAL },
	{ "total_time", SD_COL_TOTAL }, { "total-time", SD_COL_TOTAL },
	{ "min_time", SD_COL_MIN }, { "min-time", SD_COL_MIN },
	{ "shortest", SD_COL_MIN }, { "time_min", SD_COL_MIN }, { "time-min", SD_COL_MIN },
	{ "longest", SD_COL_MAX }, { "max_time", SD_COL_MAX }, { "max-time", SD_COL_MAX },
	{ "time_max", SD_COL_MAX }, { "time-max", SD_COL_MAX },
	{ "avg_time", SD_COL_AVG }, { "avg-time", SD_COL_AVG },
	{ "time_avg", SD_COL_AVG }, { "time-avg", SD_COL_AVG },
	{ "calls", SD_COL_CALLS }, { "count", SD_COL_CALLS },
	{ "error", SD_COL_ERRORS }, { "errors", SD_COL_ERRORS },
	{ "name", SD_COL_NAME }, { "syscall", SD_COL_NAME },
	{ "syscall_name", SD_COL_NAME }, { "syscall-name", SD_COL_NAME },
	{ "none", SD_COL_NONE }, { "nothing", SD_COL_NONE },
};

#define N_COL_NAMES (sizeof(col_names) / sizeof(col_names[0]))

/* Headings and their least widths (the historical ones). */
static const struct {
	const char *head;
	unsigned int width;
} cols[SD_COL_MAX_] = {
	[SD_COL_PERCENT] = { "% time", 6 },
	[SD_COL_TOTAL] = { "seconds", 11 },
	[SD_COL_MIN] = { "shortest", 8 },
	[SD_COL_MAX] = { "longest", 7 },
	[SD_COL_AVG] = { "usecs/call", 11 },
	[SD_COL_CALLS] = { "calls", 9 },
	[SD_COL_ERRORS] = { "errors", 9 },
	[SD_COL_NAME] = { "syscall", 16 },
};

void sd_summary_defaults(struct sd_summary_opts *o)
{
	static const enum sd_sum_col def[] = { SD_COL_PERCENT, SD_COL_TOTAL, SD_COL_AVG,
					       SD_COL_CALLS, SD_COL_ERRORS, SD_COL_NAME };

	memset(o, 0, sizeof(*o));
	memcpy(o->columns, def, sizeof(def));
	o->sortby = SD_COL_PERCENT;
}

int sd_summary_sortby(struct sd_summary_opts *o, const char *name)
{
	for (size_t i = 0; i < N_COL_NAMES; i++)
		if (!strcmp(col_names[i].name, name)) {
			o->sortby = col_names[i].col;
			return 0;
		}
	return -EINVAL;
}

int sd_summary_columns(struct sd_summary_opts *o, const char *list, char *err,
		       size_t errlen)
{
	bool seen[SD_COL_MAX_] = { false };
	const char *p = list;
	int n = 0;

	memset(o->columns, 0, sizeof(o->columns));
	for (;;) {
		size_t len = strcspn(p, ",");
		size_t i;

		for (i = 0; i < N_COL_NAMES; i++)
			if (col_names[i].col != SD_COL_NONE &&
			    strlen(col_names[i].name) == len &&
			    !strncmp(col_names[i].name, p, len))
				break;
		if (i == N_COL_NAMES) {
			snprintf(err, errlen, "unknown column name: '%.*s'", (int)len, p);
			return -EINVAL;
		}
		if (seen[col_names[i].col]) {
			snprintf(err, errlen, "call summary column has been provided more "
				 "than once: '%s' (-U option residual: '%s')",
				 col_names[i].name, p);
			return -EINVAL;
		}
		seen[col_names[i].col] = true;
		o->columns[n++] = col_names[i].col;
		if (!p[len])
			break;
		p += len + 1;
	}
	if (!seen[SD_COL_NAME])		/* a table without names means nothing */
		o->columns[n++] = SD_COL_NAME;
	return 0;
}

int sd_summary_overhead(const char *arg, uint64_t *ns)
{
	static const struct {
		const char *sfx;
		uint64_t scale;
	} units[] = { { "", 1000 }, { "s", NS }, { "ms", 1000000 }, { "us", 1000 },
		      { "ns", 1 } };
	size_t num = strspn(arg, "0123456789.eE+-");
	double v;
	char *end;

	if (!num || *arg == '-')
		return -EINVAL;
	errno = 0;
	v = strtod(arg, &end);
	if (errno || end != arg + num || v < 0)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].sfx)) {
			*ns = (uint64_t)(v * (double)units[i].scale);
			return 0;
		}
	return -EINVAL;
}

/* A time in seconds as strace computes it: whole seconds + nanoseconds / 1e9 */
static double secs(uint64_t ns)
{
	return (double)(ns / NS) + (double)(ns % NS) / 1e9;
}

static uint64_t usecs(uint64_t ns)
{
	return (uint64_t)(secs(ns) * 1e6);
}

static enum sd_sum_col sort_col;

/* Most first (names: alphabetical); ties in syscall number order. */
static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	uint64_t u = 0, v = 0;

	switch (sort_col) {
	case SD_COL_PERCENT:
	case SD_COL_TOTAL: u = x->sum.ns; v = y->sum.ns; break;
	case SD_COL_MIN: u = x->min; v = y->min; break;
	case SD_COL_MAX: u = x->sum.max_ns; v = y->sum.max_ns; break;
	case SD_COL_AVG: u = x->avg; v = y->avg; break;
	case SD_COL_CALLS: u = x->sum.calls; v = y->sum.calls; break;
	case SD_COL_ERRORS: u = x->sum.errors; v = y->sum.errors; break;
	case SD_COL_NAME: {
		int c = strcmp(x->name, y->name);

		if (c)
			return c;
		break;
	}
	default: break;
	}
	if (u != v)
		return u < v ? 1 : -1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static int digits(const char *fmt, uint64_t v)
{
	return snprintf(NULL, 0, fmt, v);
}

static unsigned int max_u(unsigned int a, int b)
{
	return b > 0 && (unsigned int)b > a ? (unsigned int)b : a;
}

static void dashes(FILE *out, const enum sd_sum_col *c, const unsigned int *w)
{
	for (int i = 0; c[i]; i++) {
		if (i)
			fputc(' ', out);
		for (unsigned int j = 0; j < w[c[i]]; j++)
			fputc('-', out);
	}
	fputc('\n', out);
}

/* One row's (or the totals') cells. */
static void cells(FILE *out, const enum sd_sum_col *c, const unsigned int *w,
		  double percent, const struct sd_sum *s, uint64_t min, uint64_t avg_us,
		  const char *name)
{
	for (int i = 0; c[i]; i++) {
		int wd = (int)w[c[i]];

		if (i)
			fputc(' ', out);
		switch (c[i]) {
		case SD_COL_PERCENT: fprintf(out, "%*.2f", wd, percent); break;
		case SD_COL_TOTAL: fprintf(out, "%*.6f", wd, secs(s->ns)); break;
		case SD_COL_MIN: fprintf(out, "%*.6f", wd, secs(min)); break;
		case SD_COL_MAX: fprintf(out, "%*.6f", wd, secs(s->max_ns)); break;
		case SD_COL_AVG: fprintf(out, "%*" PRIu64, wd, avg_us); break;
		case SD_COL_CALLS: fprintf(out, "%*" PRIu64, wd, (uint64_t)s->calls); break;
		case SD_COL_ERRORS: fprintf(out, "%*.0" PRIu64, wd, (uint64_t)s->errors); break;
		case SD_COL_NAME:
			if (c[i + 1])
				fprintf(out, "%-*s", wd, name);
			else
				fputs(name, out);
			break;
		default: break;
		}
	}
	fputc('\n', out);
}

int sd_summary_print(FILE *out, struct sd_session *s, const struct sd_summary_opts *o)
{
	struct sd_sum *sums = calloc(SD_NR_MAX, sizeof(*sums));
	int rc;

	if (!sums)
		return -ENOMEM;
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++)
		if (sd_session_summary(s, nr, &sums[nr]))
			memset(&sums[nr], 0, sizeof(sums[nr]));
	rc = sd_summary_print_sums(out, sums, o);
	free(sums);
	return rc;
}

int sd_summary_print_sums(FILE *out, const struct sd_sum *sums,
			  const struct sd_summary_opts *o)
{
	struct row *rows = calloc(SD_NR_MAX, sizeof(*rows));
	struct sd_sum total = { 0 };
	uint64_t min_all = UINT64_MAX, max_min = 0, max_avg = 0;
	unsigned int w[SD_COL_MAX_];
	size_t name_max = 0;
	int n = 0;

	if (!rows)
		return -ENOMEM;
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++) {
		struct row *r = &rows[n];

		if (o->shown && !o->shown[nr])
			continue;
		r->sum = sums[nr];
		if (!r->sum.calls)
			continue;
		r->nr = nr;
		r->name = nr < SD_SYSCALL_NAMES ? sd_syscall_names[nr] : NULL;
		if (!r->name) {
			char *unk = malloc(32);

			if (!unk)
				continue;
			snprintf(unk, 32, "syscall_%#x", nr);
			r->name = unk;
		}
		r->min = r->sum.min_ns1 ? r->sum.min_ns1 - 1 : 0;
		r->avg = r->sum.ns / r->sum.calls;
		total.calls += r->sum.calls;
		total.errors += r->sum.errors;
		total.ns += r->sum.ns;
		if (r->min < min_all)
			min_all = r->min;
		if (r->min > max_min)
			max_min = r->min;
		if (r->sum.max_ns > total.max_ns)
			total.max_ns = r->sum.max_ns;
		if (r->avg > max_avg)
			max_avg = r->avg;
		if (strlen(r->name) > name_max)
			name_max = strlen(r->name);
		n++;
	}
	if (!n)
		goto done;
	sort_col = o->sortby;
	if (sort_col != SD_COL_NONE)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_rows);

	for (int c = 1; c < SD_COL_MAX_; c++)
		w[c] = cols[c].width;
	w[SD_COL_TOTAL] = max_u(w[SD_COL_TOTAL], snprintf(NULL, 0, "%.6f", secs(total.ns)));
	w[SD_COL_MIN] = max_u(w[SD_COL_MIN], digits("%" PRIu64 ".000000", max_min / NS));
	w[SD_COL_MAX] = max_u(w[SD_COL_MAX], digits("%" PRIu64 ".000000", total.max_ns / NS));
	w[SD_COL_AVG] = max_u(w[SD_COL_AVG], digits("%" PRIu64, usecs(max_avg)));
	w[SD_COL_CALLS] = max_u(w[SD_COL_CALLS], digits("%" PRIu64, total.calls));
	w[SD_COL_ERRORS] = max_u(w[SD_COL_ERRORS], digits("%" PRIu64, total.errors));
	w[SD_COL_NAME] = max_u(w[SD_COL_NAME], (int)name_max + 1);

	for (int i = 0; o->columns[i]; i++) {
		enum sd_sum_col c = o->columns[i];

		if (i)
			fputc(' ', out);
		if (c != SD_COL_NAME)
			fprintf(out, "%*s", (int)w[c], cols[c].head);
		else if (o->columns[i + 1])
			fprintf(out, "%-*s", (int)w[c], cols[c].head);
		else
			fputs(cols[c].head, out);
	}
	fputc('\n', out);
	dashes(out, o->columns, w);
	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		double pct = 100.0 * secs(r->sum.ns);

		if (pct != 0.0)
			pct /= secs(total.ns);
		cells(out, o->columns, w, pct, &r->sum, r->min, usecs(r->avg), r->name);
	}
	dashes(out, o->columns, w);
	cells(out, o->columns, w, 100.0, &total, min_all,
	      (uint64_t)(secs(total.ns) / (double)total.calls * 1e6), "total");
done:
	for (int i = 0; i < n; i++)
		if (rows[i].nr >= SD_SYSCALL_NAMES || !sd_syscall_names[rows[i].nr])
			free((char *)rows[i].name);
	free(rows);
	return 0;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "syscall_names.h"

struct row {
	unsigned int nr;
	struct sd_sum sum;
};

static int by_time(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->sum.ns != y->sum.ns)
		return x->sum.ns < y->sum.ns ? 1 : -1;
	if (x->sum.calls != y->sum.calls)
		return x->sum.calls < y->sum.calls ? 1 : -1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static const char dashes[] =
	"------ ----------- ----------- --------- --------- ----------------\n";

int sd_summary_print(FILE *out, struct sd_session *s)
{
	struct sd_sum *sums = calloc(SD_NR_MAX, sizeof(*sums));
	int rc;

	if (!sums)
		return -ENOMEM;
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++)
		if (sd_session_summary(s, nr, &sums[nr]))
			memset(&sums[nr], 0, sizeof(sums[nr]));
	rc = sd_summary_print_sums(out, sums);
	free(sums);
	return rc;
}

int sd_summary_print_sums(FILE *out, const struct sd_sum *sums)
{
	struct row *rows = calloc(SD_NR_MAX, sizeof(*rows));
	struct sd_sum total = { 0, 0, 0 };
	int n = 0;

	if (!rows)
		return -ENOMEM;
	for (unsigned int nr = 0; nr < SD_NR_MAX; nr++) {
		struct sd_sum sum = sums[nr];

		if (!sum.calls)
			continue;
		rows[n].nr = nr;
		rows[n].sum = sum;
		total.calls += sum.calls;
		total.errors += sum.errors;
		total.ns += sum.ns;
		n++;
	}
	qsort(rows, (size_t)n, sizeof(*rows), by_time);
	fprintf(out, "%% time     seconds  usecs/call     calls    errors syscall\n%s",
		dashes);
	for (int i = 0; i < n; i++) {
		const struct sd_sum *r = &rows[i].sum;
		const char *name = rows[i].nr < SD_SYSCALL_NAMES ?
			sd_syscall_names[rows[i].nr] : NULL;
		char unknown[32];

		if (!name) {
			snprintf(unknown, sizeof(unknown), "syscall_%#x", rows[i].nr);
			name = unknown;
		}
		fprintf(out, "%6.2f %11.6f %11llu %9llu ",
			total.ns ? 100.0 * (double)r->ns / (double)total.ns : 0.0,
			(double)r->ns / 1e9,
			(unsigned long long)(r->ns / 1000 / r->calls),
			(unsigned long long)r->calls);
		if (r->errors)
			fprintf(out, "%9llu ", (unsigned long long)r->errors);
		else
			fprintf(out, "%9s ", "");
		fprintf(out, "%s\n", name);
	}
	fprintf(out, "%s%6.2f %11.6f %11llu %9llu ", dashes, 100.0, (double)total.ns / 1e9,
		(unsigned long long)(total.calls ? total.ns / 1000 / total.calls : 0),
		(unsigned long long)total.calls);
	if (total.errors)
		fprintf(out, "%9llu total\n", (unsigned long long)total.errors);
	else
		fprintf(out, "%9s total\n", "");
	free(rows);
	return 0;
}

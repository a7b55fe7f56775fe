/* SPDX-License-Identifier: MIT */
/*
 * benchutil - helpers for bench/run.sh:
 *   benchutil timeit CMD [ARGS...]   run CMD (its stdout to /dev/null) and
 *                                    print "bench timeit ops=1 ns=T"
 *   benchutil stamp FILE CMD [ARGS]  write CLOCK_MONOTONIC ns to FILE, exec CMD
 *   benchutil count FILE [NR]        count the records of an `sdtrace --write`
 *                                    file; with NR, also those of syscall NR
 *
 * count reads the file format of runtime-user/tracefile.c on its own: an
 * 8-byte magic "SDTRACE1", u32 version (2), u32 flags, then the records back
 * to back, each beginning with struct sd_hdr (u32 ts_lo, u16 ts_hi, u16
 * size, u32 tid, u16 nr, u8 kind, u8 flags); ts is ns since the session
 * began.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int timeit(char **argv)
{
	uint64_t t0 = bench_now_ns();
	pid_t pid = fork();
	int st;

	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 1);
		execvp(argv[0], argv);
		fprintf(stderr, "benchutil: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return 1;
	bench_report("timeit", 1, bench_now_ns() - t0);
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

static int stamp(const char *file, char **argv)
{
	FILE *f = fopen(file, "w");

	if (!f || fprintf(f, "%llu\n", (unsigned long long)bench_now_ns()) < 0 || fclose(f)) {
		perror(file);
		return 1;
	}
	execvp(argv[0], argv);
	fprintf(stderr, "benchutil: %s: %s\n", argv[0], strerror(errno));
	return 127;
}

struct hdr {
	uint64_t ts;
	uint32_t tid;
	uint16_t nr;
	uint8_t kind;
	uint8_t flags;
};

static int count(const char *file, long want_nr)
{
	FILE *f = fopen(file, "rb");
	char magic[8];
	uint32_t vf[2], n;
	unsigned char raw[16];
	unsigned long long recs = 0, bytes = 0, kinds[8] = { 0 };
	unsigned long long nr_recs = 0, nr_bytes = 0;
	uint64_t first_ts = 0, last_ts = 0;
	static unsigned char buf[1 << 20];
	struct stat sb;

	if (!f || fstat(fileno(f), &sb)) {
		perror(file);
		return 1;
	}
	if (fread(magic, 8, 1, f) != 1 || memcmp(magic, "SDTRACE1", 8) ||
	    fread(vf, sizeof(vf), 1, f) != 1) {
		fprintf(stderr, "benchutil: %s: not an sdtrace file\n", file);
		return 1;
	}
	while (fread(raw, sizeof(raw), 1, f) == 1) {
		struct hdr h;
		uint32_t lo;
		uint16_t hi, size;

		memcpy(&lo, raw, 4);
		memcpy(&hi, raw + 4, 2);
		memcpy(&size, raw + 6, 2);
		n = size;
		if (n < sizeof(raw) || n > sizeof(buf) ||
		    fread(buf + sizeof(raw), 1, n - sizeof(raw), f) != n - sizeof(raw)) {
			fprintf(stderr, "benchutil: %s: truncated record %llu\n", file, recs);
			return 1;
		}
		memcpy(buf, raw, sizeof(raw));
		h.ts = (uint64_t)hi << 32 | lo;
		memcpy(&h.tid, raw + 8, 4);
		memcpy(&h.nr, raw + 12, 2);
		h.kind = raw[14];
		if (!recs || h.ts < first_ts)
			first_ts = h.ts;
		if (h.ts > last_ts)
			last_ts = h.ts;
		recs++;
		bytes += n;
		kinds[h.kind & 7]++;
		if (want_nr >= 0 && h.nr == want_nr && h.kind <= 2) {
			nr_recs++;
			nr_bytes += n;
		}
	}
	printf("records=%llu file_bytes=%lld record_bytes=%llu call=%llu generic=%llu "
	       "fork=%llu exit=%llu first_ts=%llu last_ts=%llu",
	       recs, (long long)sb.st_size, bytes, kinds[1], kinds[2], kinds[3], kinds[4],
	       (unsigned long long)first_ts, (unsigned long long)last_ts);
	if (want_nr >= 0)
		printf(" nr_records=%llu nr_bytes=%llu", nr_recs, nr_bytes);
	putchar('\n');
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "timeit"))
		return timeit(argv + 2);
	if (argc >= 4 && !strcmp(argv[1], "stamp"))
		return stamp(argv[2], argv + 3);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "count"))
		return count(argv[2], argc == 4 ? atol(argv[3]) : -1);
	fputs("usage: benchutil timeit CMD... | stamp FILE CMD... | count FILE [NR]\n", stderr);
	return 2;
}

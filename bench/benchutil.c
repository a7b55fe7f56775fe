/* SPDX-License-Identifier: MIT */
/*
 * benchutil - helpers for bench/run.sh:
 *   benchutil timeit CMD [ARGS...]   run CMD (its stdout to /dev/null) and
 *                                    print "bench timeit ops=1 ns=T"
 *   benchutil stamp FILE CMD [ARGS]  write CLOCK_MONOTONIC ns to FILE, exec CMD
 *   benchutil count DIR [NR]         count the records of an `sdtrace --record`
 *                                    trace; with NR, also those of syscall NR
 *
 * count reads DIR/stream on its own (docs/trace-format.md): packets of a
 * 112-byte header and context (content_size in bits at byte 40, packet_size
 * at 48), then events: an 8-byte CTF header (u32 time, u16 class id, u16
 * captures, or a malformed record's bytes after its header for class 0),
 * and the record, padded to 8 bytes, beginning with struct sd_hdr (u32
 * ts_lo, u16 ts_hi, u16 size, u32 tid, u16 nr, u8 kind, u8 flags); ts is
 * ns since the session began.
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

static int count(const char *dir, long want_nr)
{
	char file[4096];
	FILE *f;
	unsigned long long recs = 0, bytes = 0, kinds[8] = { 0 };
	unsigned long long nr_recs = 0, nr_bytes = 0;
	uint64_t first_ts = 0, last_ts = 0;
	static unsigned char pkt[4 << 20];
	unsigned char ctx[112];
	struct stat sb;

	snprintf(file, sizeof(file), "%s/stream", dir);
	f = fopen(file, "rb");
	if (!f || fstat(fileno(f), &sb)) {
		perror(file);
		return 1;
	}
	while (fread(ctx, sizeof(ctx), 1, f) == 1) {
		uint64_t content, psize;
		size_t off = 0, len;

		memcpy(&content, ctx + 40, 8);
		memcpy(&psize, ctx + 48, 8);
		if (content < 8 * sizeof(ctx) || psize < content || psize / 8 > sizeof(pkt) ||
		    fread(pkt, 1, psize / 8 - sizeof(ctx), f) != psize / 8 - sizeof(ctx)) {
			fprintf(stderr, "benchutil: %s: bad or cut packet after %llu records\n",
				file, recs);
			return 1;
		}
		len = content / 8 - sizeof(ctx);
		while (off + 24 <= len) {
			const unsigned char *raw = pkt + off + 8;
			struct hdr h;
			uint32_t lo;
			uint16_t hi, size, id, ncaps;

			memcpy(&id, pkt + off + 4, 2);
			memcpy(&ncaps, pkt + off + 6, 2);
			memcpy(&lo, raw, 4);
			memcpy(&hi, raw + 4, 2);
			memcpy(&size, raw + 6, 2);
			if (!id)
				size = (uint16_t)(16 + ncaps);
			h.ts = (uint64_t)hi << 32 | lo;
			memcpy(&h.tid, raw + 8, 4);
			memcpy(&h.nr, raw + 12, 2);
			h.kind = raw[14];
			if (!recs || h.ts < first_ts)
				first_ts = h.ts;
			if (h.ts > last_ts)
				last_ts = h.ts;
			recs++;
			bytes += size;
			kinds[h.kind & 7]++;
			if (want_nr >= 0 && h.nr == want_nr && h.kind <= 2) {
				nr_recs++;
				nr_bytes += 8 + ((size + 7u) & ~7u);
			}
			off += 8 + ((size + 7u) & ~7u);
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
	fputs("usage: benchutil timeit CMD... | stamp FILE CMD... | count DIR [NR]\n", stderr);
	return 2;
}

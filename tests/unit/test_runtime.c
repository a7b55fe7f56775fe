/* SPDX-License-Identifier: MIT */
/*
 * test_runtime.c - the userspace runtime: the tid map, trace files, and
 * generated decoders driven through the printer on hand-built records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <linux/types.h>
#include <asm/unistd.h>

#include "sd_records.h"
#include "sd_events.h"
#include "sd_table.h"
#include "printer.h"
#include "tidmap.h"
#include "ctf.h"
#include "kstructs.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/selinux_netlink.h>
#include "sd_netlink.h"

static void test_tidmap(void **state)
{
	struct sd_tidmap m;

	(void)state;
	sd_tidmap_init(&m);
	for (uint32_t t = 1; t <= 1000; t++)
		assert_int_equal(sd_tidmap_put(&m, t, t <= 500 ? 7 : 9), 0);
	assert_int_equal(m.count, 1000);
	assert_int_equal(sd_tidmap_get(&m, 42), 7);
	assert_int_equal(sd_tidmap_get(&m, 999), 9);
	assert_int_equal(sd_tidmap_get(&m, 5000), 0);
	assert_int_equal(sd_tidmap_del(&m, 42), 1);
	assert_int_equal(sd_tidmap_del(&m, 42), 0);
	assert_int_equal(sd_tidmap_del_group(&m, 9), 500);
	assert_int_equal(m.count, 499);
	for (uint32_t t = 1; t <= 500; t++)
		assert_int_equal(sd_tidmap_get(&m, t), t == 42 ? 0 : 7);
	sd_tidmap_free(&m);
}

/* Build an openat record the way the eBPF recorder does. */
static size_t make_openat(uint64_t *buf, const char *path, int flags, long ret)
{
	struct sd_rec_openat *r = (void *)buf;
	struct sd_var v = { .slot = SD_SLOT_openat_filename, .st = 0 };
	size_t n = strlen(path);

	memset(buf, 0, 512);
	r->h.ts_lo = 1500000000U;
	r->h.tid = 4321;
	r->h.nr = __NR_openat;
	r->h.kind = SD_K_CALL;
	r->ret = ret;
	r->dfd = -100;
	r->filename = 0x7ffd1000;
	r->flags = flags;
	r->mode = 0644;
	v.len = (__u16)n;
	memcpy((char *)buf + sizeof(*r), &v, sizeof(v));
	memcpy((char *)buf + sizeof(*r) + sizeof(v), path, n);
	r->h.size = (__u16)(sizeof(*r) + sizeof(v) + n);
	return sizeof(*r) + sizeof(v) + n;
}

static char *print_one(enum sd_dec_mode mode, const void *rec, size_t size, int *rc)
{
	struct sd_printer_opts o = { .mode = mode, .strsize = 32, .show_generic = 1 };
	struct sd_printer p;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(sd_printer_init(&p, f, &o), 0);
	*rc = sd_printer_record(&p, rec, size);
	sd_printer_free(&p);
	fclose(f);
	return text;
}

static void test_decode_openat_text(void **state)
{
	uint64_t buf[64];
	size_t n;
	char *out;
	int rc;

	(void)state;
	n = make_openat(buf, "/etc/passwd", O_RDONLY | O_CLOEXEC, 3);
	out = print_one(SD_DEC_TEXT, buf, n, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out,
		"openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n");
	free(out);
	/* O_CREAT shows the mode; failure shows the errno */
	n = make_openat(buf, "/x", O_WRONLY | O_CREAT | O_TRUNC, -ENOENT);
	out = print_one(SD_DEC_TEXT, buf, n, &rc);
	assert_string_equal(out, "openat(AT_FDCWD, \"/x\", O_WRONLY|O_CREAT|O_TRUNC, 0644)"
			    " = -1 ENOENT (No such file or directory)\n");
	free(out);
}

static void test_decode_alignment(void **state)
{
	uint64_t buf[64];
	struct sd_rec_close *r = (void *)buf;
	char *out;
	int rc;

	(void)state;
	memset(buf, 0, sizeof(buf));
	r->h.nr = __NR_close;
	r->h.kind = SD_K_CALL;
	r->h.tid = 1;
	r->fd = 3;
	out = print_one(SD_DEC_TEXT, buf, sizeof(*r), &rc);
	/* strace puts "= " at column 40 */
	assert_string_equal(out, "close(3)                                = 0\n");
	free(out);
}

static void test_decode_json(void **state)
{
	uint64_t buf[64];
	size_t n;
	char *out;
	int rc;

	(void)state;
	n = make_openat(buf, "/tmp/\"q\"", O_RDONLY, -2);
	out = print_one(SD_DEC_JSON, buf, n, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "{\"ts\":1.500000000,\"tid\":4321,\"type\":\"syscall\","
			    "\"syscall\":\"openat\",\"args\":{\"dfd\":\"AT_FDCWD\","
			    "\"filename\":\"/tmp/\\\"q\\\"\",\"flags\":\"O_RDONLY\"},"
			    "\"ret\":-2,\"errno\":\"ENOENT\"}\n");
	free(out);
	/* UTF-8 as it is; a byte that is not UTF-8, a control character: escaped */
	n = make_openat(buf, "/tmp/caf\xc3\xa9\xff\x01\xed\xa0\x80", O_RDONLY, -2);
	out = print_one(SD_DEC_JSON, buf, n, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "\"filename\":\"/tmp/caf\xc3\xa9\\udcff\\u0001"
				    "\\udced\\udca0\\udc80\""));
	free(out);
}

static void test_decode_fault_prints_pointer(void **state)
{
	uint64_t buf[64];
	struct sd_var v = { .slot = SD_SLOT_openat_filename, .st = SD_ST_FAULT, .len = 0 };
	size_t n;
	char *out;
	int rc;

	(void)state;
	make_openat(buf, "", O_RDONLY, -14);
	n = sizeof(struct sd_rec_openat);
	memcpy((char *)buf + n, &v, sizeof(v));
	out = print_one(SD_DEC_TEXT, buf, n + sizeof(v), &rc);
	/* 38 columns: strace 6.1 pads ") " to column 40, so two spaces */
	assert_string_equal(out, "openat(AT_FDCWD, 0x7ffd1000, O_RDONLY)  = -1 EFAULT (Bad address)\n");
	free(out);
}

static void test_malformed_records(void **state)
{
	uint64_t buf[64];
	size_t n;
	char *out;
	int rc;

	(void)state;
	n = make_openat(buf, "/etc/passwd", O_RDONLY, 3);
	/* a capture that runs past the record */
	out = print_one(SD_DEC_TEXT, buf, n - 4, &rc);
	assert_int_equal(rc, -EINVAL);
	assert_string_equal(out, "");
	free(out);
	/* a record shorter than its header */
	out = print_one(SD_DEC_TEXT, buf, 10, &rc);
	assert_int_equal(rc, -EINVAL);
	free(out);
	/* an unknown kind */
	{
		struct sd_hdr *h = (void *)buf;

		h->kind = 99;
	}
	out = print_one(SD_DEC_TEXT, buf, n, &rc);
	assert_int_equal(rc, -EINVAL);
	free(out);
}

static void test_exit_lines(void **state)
{
	uint64_t buf[8];
	struct sd_ev_exit *x = (void *)buf;
	char *out;
	int rc;

	(void)state;
	memset(buf, 0, sizeof(buf));
	x->h.kind = SD_K_EXIT;
	x->h.tid = 77;
	x->tgid = 77;
	x->group_dead = 1;
	x->code = 3 << 8;
	out = print_one(SD_DEC_TEXT, buf, sizeof(*x), &rc);
	assert_string_equal(out, "+++ exited with 3 +++\n");
	free(out);
	x->code = 9;
	out = print_one(SD_DEC_TEXT, buf, sizeof(*x), &rc);
	assert_string_equal(out, "+++ killed by SIGKILL +++\n");
	free(out);
	x->code = 11 | 0x80;
	out = print_one(SD_DEC_TEXT, buf, sizeof(*x), &rc);
	assert_string_equal(out, "+++ killed by SIGSEGV (core dumped) +++\n");
	free(out);
}

static int count_cb(void *ctx, void *rec, size_t size)
{
	long *n = ctx;

	assert_int_equal((uintptr_t)rec % 8, 0);
	assert_true(size > 0);
	(*n)++;
	return 0;
}

static void test_ctf_roundtrip(void **state)
{
	char dir[] = "/tmp/sd-unit-ctf.XXXXXX", path[64];
	struct sd_ctf_info info = { 0, "unit", NULL, { NULL, NULL, NULL } };
	struct sd_ctf_summary sum;
	struct sd_ctf_writer *w;
	uint64_t buf[64], lost[SD_CTF_NLOST] = { 5, 0, 0, 1 };
	struct stat st;
	long count = 0;
	size_t n;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	w = sd_ctf_open(dir, &info);
	assert_non_null(w);
	n = make_openat(buf, "/etc/passwd", O_RDONLY, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sd_ctf_put(w, buf, n), 0);
	sd_ctf_lost(w, lost);
	assert_int_equal(sd_ctf_close(w), 0);
	assert_int_equal(sd_ctf_read(dir, count_cb, &count, &sum), 0);
	assert_int_equal(count, 3);
	assert_int_equal(sum.records, 3);
	assert_int_equal(sum.lost[0], 5);
	assert_int_equal(sum.lost[3], 1);
	assert_string_equal(sum.error, "");
	/* a damaged byte: the packet's checksum finds it */
	snprintf(path, sizeof(path), "%s/stream", dir);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\xff", 1, SD_CTF_PREAMBLE + SD_CTF_EVHDR + 14), 1);
	count = 0;
	assert_int_equal(sd_ctf_read(dir, count_cb, &count, &sum), -EINVAL);
	assert_int_equal(count, 0);
	assert_non_null(strstr(sum.error, "/stream: byte 0: the packet's checksum is wrong"));
	/* cut inside the last record: the others, then an error with the offset;
	 * in a cut packet, the damaged record's header is found */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(ftruncate(fd, st.st_size - 3), 0);
	count = 0;
	assert_int_equal(sd_ctf_read(dir, count_cb, &count, &sum), -EINVAL);
	assert_int_equal(count, 0);
	assert_non_null(strstr(sum.error, "byte 120: a record of kind 255"));
	assert_int_equal(pwrite(fd, "\x01", 1, SD_CTF_PREAMBLE + SD_CTF_EVHDR + 14), 1);
	close(fd);
	count = 0;
	assert_int_equal(sd_ctf_read(dir, count_cb, &count, &sum), -EINVAL);
	assert_int_equal(count, 2);
	assert_non_null(strstr(sum.error, "/stream: byte "));
	assert_non_null(strstr(sum.error, "runs past the end of its packet"));
	/* no trace at all */
	snprintf(path, sizeof(path), "%s/metadata", dir);
	assert_int_equal(truncate(path, 5), 0);
	assert_true(sd_ctf_read(dir, count_cb, &count, &sum) < 0);
	assert_non_null(strstr(sum.error, "/metadata: "));
	unlink(path);
	snprintf(path, sizeof(path), "%s/stream", dir);
	unlink(path);
	rmdir(dir);
}

static char *kstruct(enum sd_print pr, const void *data, size_t len)
{
	static struct sd_buf b;

	sd_buf_reset(&b);
	sd_print_kstruct(&b, pr, data, len);
	return b.p;
}

/* Each golden string was checked against strace 6.1 on this machine. */
static void test_kstructs(void **state)
{
	int st;
	uint64_t set;
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(8080) };
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/run/x.sock" };

	(void)state;
	st = 3 << 8;
	assert_string_equal(kstruct(SD_PRINT_WAITSTATUS, &st, sizeof(st)),
			    "{WIFEXITED(s) && WEXITSTATUS(s) == 3}");
	st = 9;
	assert_string_equal(kstruct(SD_PRINT_WAITSTATUS, &st, sizeof(st)),
			    "{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}");
	st = 11 | 0x80;
	assert_string_equal(kstruct(SD_PRINT_WAITSTATUS, &st, sizeof(st)),
			    "{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}");
	st = (19 << 8) | 0x7f;
	assert_string_equal(kstruct(SD_PRINT_WAITSTATUS, &st, sizeof(st)),
			    "{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}");
	set = 0;
	assert_string_equal(kstruct(SD_PRINT_SIGSET, &set, 8), "[]");
	set = (1ULL << 1) | (1ULL << 14);
	assert_string_equal(kstruct(SD_PRINT_SIGSET, &set, 8), "[INT TERM]");
	set = ~((1ULL << 31) | (1ULL << 32));
	assert_string_equal(kstruct(SD_PRINT_SIGSET, &set, 8), "~[RTMIN RT_1]");
	set = ~0ULL;
	assert_string_equal(kstruct(SD_PRINT_SIGSET, &set, 8), "~[]");
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	assert_string_equal(kstruct(SD_PRINT_SOCKADDR, &in, sizeof(in)),
			    "{sa_family=AF_INET, sin_port=htons(8080), "
			    "sin_addr=inet_addr(\"127.0.0.1\")}");
	assert_string_equal(kstruct(SD_PRINT_SOCKADDR, &un, 2 + 12),
			    "{sa_family=AF_UNIX, sun_path=\"/run/x.sock\"}");
}

/* sd_d_netlink() on @len bytes of @msg sent on a netlink socket of @proto. */
static const char *netlink(int proto, const void *msg, unsigned int len,
			   unsigned int avail, unsigned long long ptr)
{
	static struct sd_buf out;
	static unsigned char sock[8], buf[4096 + 4];
	struct sd_var *sv = (void *)sock, *bv = (void *)buf;
	uint32_t kind = (uint32_t)AF_NETLINK << 16 | (uint32_t)proto;
	struct sd_dec d;

	sv->slot = 0;
	sv->st = 0;
	sv->len = 4;
	memcpy(sock + 4, &kind, 4);
	bv->slot = 1;
	bv->st = avail < len ? SD_ST_PART : 0;
	bv->len = (uint16_t)avail;
	memcpy(buf + 4, msg, avail);
	sd_buf_free(&out);
	sd_buf_init(&out);
	sd_dec_init(&d, &out, SD_DEC_TEXT, 32, 0);
	sd_d_netlink(&d, sv, bv, ptr, len, len);
	sd_dec_free(&d);
	sd_buf_putc(&out, 0);
	return out.p;
}

static void test_netlink(void **state)
{
	struct {
		struct nlmsghdr h;
		int val;
	} m = { { 20, SELNL_MSG_SETENFORCE, NLM_F_REQUEST, 0, 0 }, -1 };
	unsigned char junk[512];
	unsigned int seed = 1;

	(void)state;
	assert_string_equal(netlink(NETLINK_SELINUX, &m, sizeof(m), sizeof(m), 0x1000),
			    "[{nlmsg_len=20, nlmsg_type=SELNL_MSG_SETENFORCE, "
			    "nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=0, nlmsg_pid=0}, {val=-1}]");
	/* the payload in a page that could not be read: its address */
	assert_string_equal(netlink(NETLINK_SELINUX, &m, sizeof(m), 16, 0x1000),
			    "[{nlmsg_len=20, nlmsg_type=SELNL_MSG_SETENFORCE, "
			    "nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=0, nlmsg_pid=0}, 0x1010]");
	/* shorter than a header: bytes in hex */
	assert_string_equal(netlink(NETLINK_ROUTE, "abcd", 4, 4, 0x1000),
			    "\"\\x61\\x62\\x63\\x64\"");
	/* hostile lengths never read past what was captured */
	for (int i = 0; i < 20000; i++) {
		unsigned int len = (unsigned int)rand_r(&seed) % sizeof(junk);

		for (unsigned int k = 0; k < len; k++)
			junk[k] = (unsigned char)rand_r(&seed);
		if (len >= 4 && (i & 1)) {	/* plausible lengths, nested attributes */
			uint32_t l = len - (unsigned int)rand_r(&seed) % 8;

			memcpy(junk, &l, 4);
			for (unsigned int k = 16; k + 4 <= len; k += 4 + (unsigned int)rand_r(&seed) % 12) {
				uint16_t al = (uint16_t)(len - k), at = (uint16_t)(rand_r(&seed) | NLA_F_NESTED);

				memcpy(junk + k, &al, 2);
				memcpy(junk + k + 2, &at, 2);
			}
		}
		assert_non_null(netlink(rand_r(&seed) % 24, junk, len + (unsigned int)rand_r(&seed) % 64,
					len, 0x1000));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tidmap),
		cmocka_unit_test(test_decode_openat_text),
		cmocka_unit_test(test_decode_alignment),
		cmocka_unit_test(test_decode_json),
		cmocka_unit_test(test_decode_fault_prints_pointer),
		cmocka_unit_test(test_malformed_records),
		cmocka_unit_test(test_exit_lines),
		cmocka_unit_test(test_ctf_roundtrip),
		cmocka_unit_test(test_kstructs),
		cmocka_unit_test(test_netlink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

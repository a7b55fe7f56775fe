/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ctf.c - libFuzzer target for the reader of recorded traces
 * (runtime-user/ctf_read.c) and everything a replay hands the records to:
 * the input is a trace's stream, read against this build's metadata (any
 * uuid, no checksums: those a fuzzer cannot guess), every record printed
 * as text and as JSON to /dev/null.  An input starting with 'M' is a
 * metadata text instead, parsed and read with an empty stream.
 * Seeds: tests/fuzz/ctf.  Built and run by `make fuzz-ctf` / check-fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctf.h"
#include "printer.h"

static struct sd_ctf_meta *meta;
static FILE *sink;

static int on_record(void *ctx, void *rec, size_t size)
{
	sd_printer_record(ctx, rec, size);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sd_ctf_info info = { 0, "fuzz", "/", { "/dev/null", NULL, NULL } };
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	(void)argc;
	(void)argv;
	sink = fopen("/dev/null", "w");
	if (!m || !sink || sd_ctf_write_metadata(m, "00000000-0000-4000-8000-000000000000",
						  &info) || fclose(m))
		abort();
	meta = sd_ctf_meta_parse(text, len, err, sizeof(err));
	if (!meta) {
		fprintf(stderr, "fuzz_ctf: this build's metadata: %s\n", err);
		abort();
	}
	free(text);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_ctf_summary sum;
	struct sd_printer_opts po;
	struct sd_printer p;

	for (int json = 0; json < 2; json++) {
		memset(&po, 0, sizeof(po));
		po.mode = json ? SD_DEC_JSON : SD_DEC_TEXT;
		po.strsize = 32;
		po.show_generic = 1;
		po.fd_names = !json;
		po.verbose = json;
		if (sd_printer_init(&p, sink, &po))
			abort();
		if (size && data[0] == 'M')
			sd_ctf_read_mem((const char *)data + 1, size - 1, (const uint8_t *)"", 0,
					"fuzz", 0, on_record, &p, &sum);
		else
			sd_ctf_read_stream(meta, data, size, "fuzz",
					   SD_CTF_ANY_UUID | SD_CTF_NO_CHECKSUM, on_record, &p,
					   &sum);
		sd_printer_free(&p);
		if (size && data[0] == 'M')
			break;
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* test_lower.c - the semantic passes: checks and the capture plan. */
#include "helpers.h"

static void expect_error(const char *text, const char *msg)
{
	struct fixture f;

	fx_str(&f, text);
	assert_int_equal(f.lower_rc, -EINVAL);
	assert_msg(&f, msg);
	fx_free(&f);
}

static void test_unknown_type(void **state)
{
	(void)state;
	expect_error("read.\nfoo_t fd\nlong return_value\n",
		     "t.sysdef:2:1: error: unknown type 'foo_t'");
}

static void test_unknown_annotation(void **state)
{
	(void)state;
	expect_error("read.\n@bogus int fd\nlong return_value\n",
		     "t.sysdef:2:1: error: unknown annotation '@bogus'");
}

static void test_unknown_table(void **state)
{
	(void)state;
	expect_error("read.\n@flags(nope) int fd\nlong return_value\n",
		     "error: unknown flags table 'nope'");
	expect_error("enum e { A }\nread.\n@flags(e) int fd\nlong return_value\n",
		     "error: 'e' is an enum table, not a flags table");
}

static void test_length_names_missing_arg(void **state)
{
	(void)state;
	expect_error("write.\nint fd\n@buffer(cnt) const char *buf\nlong count\n"
		     "long return_value\n",
		     "t.sysdef:3:9: error: length 'cnt' names no argument of 'write'");
}

static void test_string_without_bound(void **state)
{
	(void)state;
	expect_error("open.\n@string char *p\nlong return_value\n",
		     "error: @string takes 1 argument, not 0");
	expect_error("execve.\n@strarray(8) char **argv\nlong return_value\n",
		     "error: @strarray takes 2 arguments, not 1");
}

static void test_out_on_noreturn(void **state)
{
	(void)state;
	expect_error("exit_group.\n@out @buffer(4) char *p\n@ret(noreturn) void return_value\n",
		     "error: 'exit_group' never returns, so its @out argument 'p' can never be captured");
}

static void test_duplicates(void **state)
{
	(void)state;
	expect_error("read.\nlong return_value\nread.\nlong return_value\n",
		     "t.sysdef:3:1: error: syscall 'read' is already described");
	expect_error("read.\nint fd\nint fd\nlong return_value\n",
		     "t.sysdef:3:5: error: duplicate argument 'fd' in 'read'");
}

static void test_too_many_args(void **state)
{
	(void)state;
	expect_error("read.\nint a\nint b\nint c\nint d\nint e\nint f\nint g\n"
		     "long return_value\n",
		     "t.sysdef:8:5: error: 'read' has 7 arguments; a syscall has at most 6");
}

static void test_unknown_syscall(void **state)
{
	(void)state;
	expect_error("frobnicate.\nlong return_value\n",
		     "t.sysdef:1:1: error: the target architecture has no syscall 'frobnicate'");
}

static void test_bound_range(void **state)
{
	(void)state;
	expect_error("read.\n@string(0) char *p\nlong return_value\n",
		     "error: string bound 0 is out of range (1 to 8192)");
}

static void test_capture_needs_pointer(void **state)
{
	(void)state;
	expect_error("read.\n@path int p\nlong return_value\n",
		     "error: @path needs a pointer argument, 'p' is 'int'");
	expect_error("read.\n@out int p\nlong return_value\n",
		     "error: @out needs a captured pointer");
}

static void test_every_error_reported(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "read.\nfoo_t a\n@bogus int b\n@flags(x) int c\nlong return_value\n"
		   "read.\nlong return_value\n");
	assert_int_equal(f.diag.errors, 4);
	fx_free(&f);
}

static void test_plan_layout(void **state)
{
	struct fixture f;
	const struct sd_syscall *sc;

	(void)state;
	fx_str(&f, "openat.\n@dirfd int dfd\n@path const char *filename\n"
		   "int flags\n@umode @if(flags & 64) unsigned short mode\n"
		   "long return_value\n");
	assert_int_equal(f.diag.errors, 0);
	sc = f.plan.syscalls;
	assert_int_equal(sc->nargs, 4);
	/* widest first: filename (8), dfd (4), flags (4), mode (2) */
	assert_int_equal(sc->order[0], 1);
	assert_int_equal(sc->order[1], 0);
	assert_int_equal(sc->order[2], 2);
	assert_int_equal(sc->order[3], 3);
	/* 42 bytes of fields, padded to 48 as the C struct is */
	assert_int_equal(sc->fixed_size, 48);
	assert_int_equal(sc->args[1].cap, SD_CAP_PATH);
	assert_int_equal(sc->args[1].bound, SD_PATH_BOUND);
	assert_int_equal(sc->args[1].at_entry, 1);
	assert_int_equal(sc->args[1].slot, 0);
	assert_int_equal(sc->nslots, 1);
	assert_int_equal(sc->has_entry, 1);
	assert_non_null(sc->args[3].cond);
	fx_free(&f);
}

static void test_plan_out_buffer(void **state)
{
	struct fixture f;
	const struct sd_arg *a;

	(void)state;
	fx_str(&f, "read.\n@fd int fd\n@out @buffer(return_value) char *buf\n"
		   "unsigned long count\nlong return_value\n");
	assert_int_equal(f.diag.errors, 0);
	a = &f.plan.syscalls->args[1];
	assert_int_equal(a->cap, SD_CAP_BUFFER);
	assert_int_equal(a->dir, SD_DIR_OUT);
	assert_int_equal(a->at_entry, 0);
	assert_int_equal(a->len_kind, SD_LEN_RET);
	assert_int_equal(a->bound, SD_BUF_BOUND);
	/* nothing to copy at entry: one exit recorder only */
	assert_int_equal(f.plan.syscalls->has_entry, 0);
	fx_free(&f);
}

static void test_plan_record_too_big(void **state)
{
	(void)state;
	expect_error("read.\n@string(8192) char *a\n@string(8192) char *b\n"
		     "long return_value\n",
		     "error: a record of 'read' can reach 16440 bytes, more than the 16384");
}

static void test_struct_pointer(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "struct ts {\n\tlong tv_sec\n\tlong tv_nsec\n}\n"
		   "read.\n@out struct ts *t\nlong return_value\n");
	assert_int_equal(f.diag.errors, 0);
	assert_int_equal(f.plan.syscalls->args[0].cap, SD_CAP_STRUCT);
	assert_int_equal(sd_struct_size(f.plan.structs), 16);
	fx_free(&f);
	expect_error("read.\nstruct nope *t\nlong return_value\n",
		     "error: unknown struct 'nope'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_unknown_annotation),
		cmocka_unit_test(test_unknown_table),
		cmocka_unit_test(test_length_names_missing_arg),
		cmocka_unit_test(test_string_without_bound),
		cmocka_unit_test(test_out_on_noreturn),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_too_many_args),
		cmocka_unit_test(test_unknown_syscall),
		cmocka_unit_test(test_bound_range),
		cmocka_unit_test(test_capture_needs_pointer),
		cmocka_unit_test(test_every_error_reported),
		cmocka_unit_test(test_plan_layout),
		cmocka_unit_test(test_plan_out_buffer),
		cmocka_unit_test(test_plan_record_too_big),
		cmocka_unit_test(test_struct_pointer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_capplan.c - recorders as capture plans (compiler/capplan.c). */
#include "helpers.h"
#include "capplan.h"

/* The plans of @text, which must compile. */
static struct sd_planned *plans_of(struct fixture *f, const char *text, int *n)
{
	struct sd_planned *v;

	fx_str(f, text);
	assert_int_equal(f->diag.errors, 0);
	v = sd_capplans_collect(&f->plan, n);
	assert_true(*n >= 0);
	return v;
}

/* A path copied at entry, and again at exit if that copy faulted. */
static void test_path_entry_retry(void **state)
{
	struct fixture f;
	int n, ie, ix;
	struct sd_planned *v = plans_of(&f, "openat.\nint dfd\n@path const char *filename\n"
					"int flags\nunsigned short mode\nlong return_value\n", &n);
	const struct sd_capplan *e, *x;

	(void)state;
	ie = sd_capplan_index(v, n, f.plan.syscalls, 1);
	ix = sd_capplan_index(v, n, f.plan.syscalls, 0);
	assert_true(ie >= 0 && ix >= 0);
	e = &v[ie].plan;
	x = &v[ix].plan;
	/* entry: the four arguments by offset, the record's fixed part */
	assert_int_equal(e->nargs, 4);
	assert_int_equal(e->size, f.plan.syscalls->fixed_size);
	for (int i = 1; i < e->nargs; i++)
		assert_true(e->arg_off[i] > e->arg_off[i - 1]);
	assert_int_equal(e->nsteps, 1);
	assert_int_equal(e->steps[0].op, SD_OP_PATH);
	assert_int_equal(e->steps[0].when, SD_W_ENTRY);
	assert_int_equal(e->steps[0].ptr, f.plan.syscalls->arg_off[1]);
	/* exit: begun at entry, no arguments again, the retry */
	assert_true(x->flags & SD_P_BEGUN);
	assert_int_equal(x->nargs, 0);
	assert_int_equal(x->nsteps, 1);
	assert_int_equal(x->steps[0].when, SD_W_RETRY);
	assert_int_equal(x->steps[0].slot, e->steps[0].slot);
	free(v);
	fx_free(&f);
}

/* Bytes the call filled, as many as it returned, printed as a string. */
static void test_buffer_by_result(void **state)
{
	struct fixture f;
	int n, ix;
	struct sd_planned *v = plans_of(&f, "read.\nunsigned int fd\n"
					"@out @buffer(return_value) char *buf\nsize_t count\n"
					"long return_value\n", &n);
	const struct sd_capplan *x;

	(void)state;
	assert_int_equal(sd_capplan_index(v, n, f.plan.syscalls, 1), -1);	/* no entry */
	ix = sd_capplan_index(v, n, f.plan.syscalls, 0);
	assert_true(ix >= 0);
	x = &v[ix].plan;
	assert_false(x->flags & SD_P_BEGUN);
	assert_int_equal(x->nargs, 3);
	assert_int_equal(x->nsteps, 1);
	assert_int_equal(x->steps[0].op, SD_OP_MEMS);
	assert_int_equal(x->steps[0].when, SD_W_OK);
	assert_int_equal(x->steps[0].len, SD_L_RET);
	free(v);
	fx_free(&f);
}

/* A length from another argument, signed or not, as the record stores it. */
static void test_length_field(void **state)
{
	struct fixture f;
	int n, ie;
	struct sd_planned *v = plans_of(&f, "write.\nunsigned int fd\n"
					"@in @buffer(count) const char *buf\nint count\n"
					"long return_value\n", &n);
	const struct sd_capstep *s;

	(void)state;
	ie = sd_capplan_index(v, n, f.plan.syscalls, 1);
	assert_true(ie >= 0);
	s = &v[ie].plan.steps[0];
	assert_int_equal(s->len, SD_L_SFIELD);
	assert_int_equal(s->len_size, 4);
	assert_int_equal(s->len_at, f.plan.syscalls->arg_off[2]);
	free(v);
	fx_free(&f);
}

/* What a plan cannot say stays code: copies through copied pointers. */
static void test_deep_stays_code(void **state)
{
	struct fixture f;
	int n;
	struct sd_planned *v = plans_of(&f, "struct iovec {\n\t@buffer(iov_len, 512) void *iov_base\n"
					"\tsize_t iov_len\n}\nread.\nunsigned long fd\n"
					"@out @array(vlen, 16) struct iovec *vec\nunsigned long vlen\n"
					"long return_value\n", &n);

	(void)state;
	assert_int_equal(sd_capplan_index(v, n, f.plan.syscalls, 0), -1);
	free(v);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_entry_retry),
		cmocka_unit_test(test_buffer_by_result),
		cmocka_unit_test(test_length_field),
		cmocka_unit_test(test_deep_stays_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

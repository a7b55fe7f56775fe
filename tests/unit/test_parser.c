/* SPDX-License-Identifier: MIT */
/* test_parser.c - the lexer and the parser build the AST they should. */
#include "helpers.h"

/* The founding paper's record, unchanged. */
static const char paper_open[] =
	"open.\n"
	"@null_terminated_deep_copy char* filename\n"
	"int flags\n"
	"int mode\n"
	"unsigned long return_value\n";

static void test_paper_record(void **state)
{
	struct fixture f;
	struct sd_item *it;
	struct sd_decl *d;

	(void)state;
	fx_str(&f, paper_open);
	assert_int_equal(f.parse_rc, 0);
	assert_int_equal(f.diag.errors, 0);
	it = f.ctx.items;
	assert_non_null(it);
	assert_null(it->next);
	assert_int_equal(it->kind, SD_I_SYSCALL);
	assert_string_equal(it->name, "open");
	d = it->decls;
	assert_string_equal(d->name, "filename");
	assert_string_equal(d->type->words, "char");
	assert_int_equal(d->type->stars, 1);
	assert_string_equal(d->annots->name, "null_terminated_deep_copy");
	assert_int_equal(d->annots->nargs, 0);
	assert_string_equal(d->next->name, "flags");
	assert_string_equal(d->next->next->name, "mode");
	assert_null(d->next->next->next);
	assert_string_equal(it->ret->type->words, "unsigned long");
	assert_int_equal(it->ret->loc.line, 5);
	fx_free(&f);
}

static void test_aliases_and_classes(void **state)
{
	struct fixture f;
	struct sd_item *it;

	(void)state;
	fx_str(&f, "# two names, one record\nstat, lstat. %file %stat\n"
		   "@path const char *p\nlong return_value\n");
	assert_int_equal(f.diag.errors, 0);
	it = f.ctx.items;
	assert_string_equal(it->names->name, "stat");
	assert_string_equal(it->names->next->name, "lstat");
	assert_string_equal(it->classes->name, "file");
	assert_string_equal(it->classes->next->name, "stat");
	assert_int_equal(it->decls->type->is_const, 1);
	fx_free(&f);
}

static void test_tables(void **state)
{
	struct fixture f;
	struct sd_item *it;

	(void)state;
	fx_str(&f, "flags open_flags {\n\tfield O_ACCMODE { O_RDONLY O_WRONLY O_RDWR }\n"
		   "\tO_CREAT, O_EXCL\n\tO_TRUNC\n}\nenum whence { SEEK_SET SEEK_CUR }\n");
	assert_int_equal(f.diag.errors, 0);
	it = f.ctx.items;
	assert_int_equal(it->kind, SD_I_FLAGS);
	assert_string_equal(it->flags->name->name, "O_ACCMODE");
	assert_string_equal(it->flags->values->next->next->name, "O_RDWR");
	assert_string_equal(it->flags->next->name->name, "O_CREAT");
	assert_string_equal(it->flags->next->next->next->name->name, "O_TRUNC");
	assert_int_equal(it->next->kind, SD_I_ENUM);
	assert_string_equal(it->next->names->next->name, "SEEK_CUR");
	/* the plan has both tables, the field first */
	assert_int_equal(f.plan.ntables, 2);
	assert_string_equal(f.plan.tables->field_mask, "O_ACCMODE");
	assert_int_equal(f.plan.tables->nnames, 3);
	fx_free(&f);
}

static void test_condition_precedence(void **state)
{
	struct fixture f;
	const struct sd_expr *e;

	(void)state;
	fx_str(&f, "open.\nint flags\n@if(flags & A | B == C) int mode\nlong return_value\n");
	assert_int_equal(f.diag.errors, 0);
	e = f.ctx.items->decls->next->annots->args;
	/* C precedence: (flags & A) | (B == C) */
	assert_int_equal(e->kind, SD_E_BINOP);
	assert_int_equal(e->op, '|');
	assert_int_equal(e->lhs->op, '&');
	assert_int_equal(e->rhs->op, '=');
	fx_free(&f);
}

static void test_keywords_as_names(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "openat.\nint flags\nint header\nint field\nlong return_value\n");
	assert_int_equal(f.diag.errors, 0);
	assert_string_equal(f.ctx.items->decls->name, "flags");
	assert_string_equal(f.ctx.items->decls->next->name, "header");
	fx_free(&f);
}

static void test_struct_and_array_field(void **state)
{
	struct fixture f;
	struct sd_item *it;

	(void)state;
	fx_str(&f, "struct ut {\n\tchar sysname[65]\n\t@hex long x\n}\n");
	assert_int_equal(f.diag.errors, 0);
	it = f.ctx.items;
	assert_int_equal(it->kind, SD_I_STRUCT);
	assert_int_equal(it->decls->array_len, 65);
	assert_string_equal(it->decls->next->annots->name, "hex");
	fx_free(&f);
}

static void test_syntax_errors_all_reported(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "open.\nint int int\n@fd ) x\nint ok\nlong return_value\n"
		   "close.\nint $ 3\nlong return_value\n");
	assert_int_equal(f.parse_rc, -EINVAL);
	assert_int_equal(f.diag.errors, 4);
	assert_msg(&f, "t.sysdef:2:12: error: syntax error, unexpected end of line");
	assert_msg(&f, "t.sysdef:3:5: error: syntax error");
	assert_msg(&f, "t.sysdef:7:5: error: stray '$' in input");
	/* records after the errors are still built */
	assert_non_null(f.ctx.items);
	fx_free(&f);
}

static void test_lexer_bad_bytes(void **state)
{
	static const char bin[] = "open.\n\x01\x02\xff\0\x80 int x\nlong return_value\n";
	struct fixture f;

	(void)state;
	fx_compile(&f, bin, sizeof(bin) - 1);
	/* one error for the whole run of bad bytes */
	assert_int_equal(f.diag.errors, 1);
	assert_msg(&f, "t.sysdef:2:1: error: invalid byte 0x01 in input");
	fx_free(&f);
}

static void test_lexer_unterminated(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "include \"x.sysdef\n/* never closed\n");
	assert_msg(&f, "t.sysdef:1:9: error: unterminated string");
	assert_msg(&f, "t.sysdef:2:1: error: unterminated comment");
	fx_free(&f);
}

static void test_lexer_long_identifier(void **state)
{
	struct fixture f;
	size_t n = 1 << 20;
	char *text = malloc(n + 64);

	(void)state;
	memcpy(text, "open.\nint ", 10);
	memset(text + 10, 'a', n);
	strcpy(text + 10 + n, "\nlong return_value\n");
	fx_str(&f, text);
	assert_msg(&f, "t.sysdef:2:5: error: identifier is 1048576 bytes long (at most 255)");
	free(text);
	fx_free(&f);
}

static void test_empty_input(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "");
	assert_int_equal(f.diag.errors, 0);
	assert_null(f.ctx.items);
	assert_int_equal(f.plan.nsyscalls, 0);
	fx_free(&f);
}

static void test_numbers(void **state)
{
	struct fixture f;

	(void)state;
	fx_str(&f, "read.\nint fd\n@out @buffer(return_value, 0x100) char *buf\n"
		   "long count\nlong return_value\n");
	assert_int_equal(f.diag.errors, 0);
	assert_int_equal(f.ctx.items->decls->next->annots->next->args->next->ival, 256);
	fx_free(&f);
	fx_str(&f, "read.\n@buffer(count, 99999999999999999999) char *buf\nlong count\n"
		   "long return_value\n");
	assert_msg(&f, "error: number '99999999999999999999' is out of range");
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paper_record),
		cmocka_unit_test(test_aliases_and_classes),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_condition_precedence),
		cmocka_unit_test(test_keywords_as_names),
		cmocka_unit_test(test_struct_and_array_field),
		cmocka_unit_test(test_syntax_errors_all_reported),
		cmocka_unit_test(test_lexer_bad_bytes),
		cmocka_unit_test(test_lexer_unterminated),
		cmocka_unit_test(test_lexer_long_identifier),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

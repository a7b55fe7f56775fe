/* SPDX-License-Identifier: MIT */
/* parser.y - grammar of the .sysdef language (pure, with locations). */
%define api.pure full
%define api.prefix {sd_yy}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct sd_parse *ctx}

%code requires {
#include "parse.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
}

%code {
#include <string.h>

#include "lexer.h"

#define A (ctx->arena)
#define L(l) ((struct sd_loc){ ctx->src, (l).first_line, (l).first_column })

/* Errors the parser reports itself (sd_yyreport_syntax_error says the rest). */
static void sd_yyerror(SD_YYLTYPE *l, yyscan_t scanner, struct sd_parse *ctx,
		       const char *msg)
{
	(void)scanner;
	if (!ctx->eof_reported)
		sd_error(ctx->diag, L(*l), "%s", msg);
}

}

%union {
	long long num;
	const char *str;
	struct sd_expr *expr;
	struct sd_annot *annot;
	struct sd_type *type;
	struct sd_decl *decl;
	struct sd_name *name;
	struct sd_flag_item *flag;
	struct sd_item *item;
	struct sd_nl *nl;
	struct sd_umember *um;
}

%token INCLUDE "include" HEADER "header" FLAGS "flags" ENUM "enum"
%token STRUCT "struct" UNION "union" FIELD "field" CONST "const" KERNEL "kernel" WIRE "wire" PACKED "packed"
%token NETLINK "netlink" ATTRS "attrs"
%token RETURN_VALUE "return_value"
%token NL "end of line" ELLIPSIS "..." EQ "==" NE "!=" GE ">=" LE "<="
%token <str> TYPEWORD "type keyword" IDENT "identifier" ANNOT "annotation"
%token <str> CLASS "class" STRING "string" VNAME "variant name"
%token <num> NUMBER "number"

%type <item> item syscall
%type <name> names classes values nl_names
%type <nl> nl_lines nl_line nl_spec attr_lines attr_line
%type <flag> flag_items
%type <decl> decls decl ret
%type <um> umembers umember plain_members
%type <annot> annots
%type <type> type base
%type <expr> expr args
%type <num> array
%type <str> name dflt cpath
%type <num> kernel

%left '|'
%left '&'
%left EQ NE
%left '<' '>' GE LE
%left '+' '-'
%left '*' '/'

%%

file:	  %empty
	| file item		{ ctx->items = sd_item_append(ctx->items, $2); }
	| file NL
	| file error NL		{ yyerrok; }
	;

item:	  INCLUDE STRING NL	{ $$ = sd_item_include(A, L(@1), SD_I_INCLUDE, $2); }
	| HEADER STRING NL	{ $$ = sd_item_include(A, L(@1), SD_I_HEADER, $2); }
	| FLAGS IDENT dflt '{' flag_items '}' NL
				{ $$ = sd_item_flags(A, L(@2), $2, $3, $5); }
	| ENUM IDENT dflt '{' values '}' NL
				{ $$ = sd_item_enum(A, L(@2), $2, $3, $5); }
	/* an enum that starts as another: "enum rtnl_families : address_families" */
	| ENUM IDENT ':' IDENT dflt '{' values '}' NL
				{ $$ = sd_item_enum(A, L(@2), $2, $5, $7); $$->path = $4; }
	| kernel STRUCT IDENT '{' decls '}' NL
				{ $$ = sd_item_struct(A, L(@3), $3, NULL, $1, $5); }
	| kernel UNION IDENT '{' plain_members '}' NL
				{ $$ = sd_item_struct(A, L(@3), $3, NULL, $1,
						      sd_union_flatten(A, NULL, L(@3), $5));
				  $$->is_union = 1; }
	| kernel STRUCT IDENT ':' IDENT '{' decls '}' NL
				{ $$ = sd_item_struct(A, L(@3), $3, $5, $1, $7); }
	/* a view of an untagged struct: "struct fsid : typedef __kernel_fsid_t" */
	| kernel STRUCT IDENT ':' IDENT IDENT '{' decls '}' NL
				{ $$ = sd_item_struct(A, L(@3), $3, $6, $1, $8);
				  $$->ctag_typedef = 1;
				  if (strcmp($5, "typedef"))
					sd_error(ctx->diag, L(@5), "expected 'typedef' before "
						 "'%s'", $6); }
	| kernel STRUCT IDENT ':' IDENT '.' IDENT '{' decls '}' NL
				{ $$ = sd_item_struct(A, L(@3), $3, sd_asprintf(A, "%s.%s", $5, $7), $1, $9); }
	/* an element of an array of unnamed structs: "struct e : outer.ents[]" */
	| kernel STRUCT IDENT ':' IDENT '.' IDENT '[' ']' '{' decls '}' NL
				{ $$ = sd_item_struct(A, L(@3), $3, sd_asprintf(A, "%s.%s[0]", $5, $7), $1, $11); }
	| NETLINK nl_names '{' nl_lines '}' NL
				{ $$ = sd_item_netlink(A, sd_nl_block(A, L(@2), $2, $4)); }
	| ATTRS IDENT IDENT '{' attr_lines '}' NL
				{ $$ = sd_item_attrs(A, L(@2), $2, $3, $5); }
	| syscall
	;

/*
 * netlink attributes' values: "NAMES: TYPE", "NAMES: attrs NAME" (nested),
 * "NAMES: TYPE attrs NAME" (a value, then attributes)
 */
attr_lines:
	  %empty		{ $$ = NULL; }
	| attr_lines NL		{ $$ = $1; }
	| attr_lines attr_line	{ $$ = sd_nl_append($1, $2); }
	| attr_lines error NL	{ $$ = $1; yyerrok; }
	;

attr_line:
	  nl_names ':' annots type array NL
				{ $$ = sd_nl_value(A, L(@1), $1, sd_decl_new(A, L(@4), $3, $4, "value", $5)); }
	| nl_names ':' annots type array ATTRS IDENT NL
				{ $$ = sd_nl_value(A, L(@1), $1, sd_decl_new(A, L(@4), $3, $4, "value", $5));
				  $$->tables = sd_name_new(A, L(@7), $7); }
	| nl_names ':' ATTRS IDENT NL
				{ $$ = sd_nl_nested(A, L(@1), $1, L(@4), $4); }
	;

/* netlink messages: "NAMES: SPEC", or "NAME TABLES { LINES }" (a subsystem) */
nl_lines: %empty		{ $$ = NULL; }
	| nl_lines NL		{ $$ = $1; }
	| nl_lines nl_line	{ $$ = sd_nl_append($1, $2); }
	| nl_lines error NL	{ $$ = $1; yyerrok; }
	;

nl_line:  nl_names ':' nl_spec NL
				{ $$ = sd_nl_msgs(L(@1), $1, $3); }
	| STRING ':' nl_spec NL	{ $$ = sd_nl_prefix(L(@1), $1, $3); }
	| nl_names ':' nl_spec IDENT '(' IDENT ')' '{' nl_lines '}' NL
				{ $$ = sd_nl_by(A, L(@1), $1, $3, L(@4), $4, $6, $9); }
	| nl_names '{' nl_lines '}' NL
				{ $$ = sd_nl_block(A, L(@1), $1, $3); }
	;

nl_names: IDENT			{ $$ = sd_name_new(A, L(@1), $1); }
	| nl_names IDENT	{ $$ = sd_name_append($1, sd_name_new(A, L(@2), $2)); }
	;

nl_spec:  %empty		{ $$ = sd_nl_spec(A, L(@$)); }
	| nl_spec IDENT		{ $$ = sd_nl_spec_table(A, $1, L(@2), $2); }
	| nl_spec STRUCT IDENT	{ $$ = sd_nl_spec_struct(A, $1, L(@3), $3); }
	;

syscall:  names '.' classes NL decls ret
				{ $$ = sd_item_syscall(A, $1, $3, $5, $6); ctx->in_record = 0; }
	;

names:	  IDENT			{ $$ = sd_name_new(A, L(@1), $1); ctx->in_record = 1; }
	| VNAME			{ $$ = sd_name_new(A, L(@1), $1); ctx->in_record = 1; }
	| names ',' IDENT	{ $$ = sd_name_append($1, sd_name_new(A, L(@3), $3)); }
	| names ',' VNAME	{ $$ = sd_name_append($1, sd_name_new(A, L(@3), $3)); }
	;

classes:  %empty		{ $$ = NULL; }
	| classes CLASS		{ $$ = sd_name_append($1, sd_name_new(A, L(@2), $2)); }
	;

values:	  %empty		{ $$ = NULL; }
	| values NL		{ $$ = $1; }
	| values ','		{ $$ = $1; }
	| values IDENT		{ $$ = sd_name_append($1, sd_name_new(A, L(@2), $2)); }
	| values IDENT '=' NUMBER
				{ $$ = sd_name_append($1, sd_name_valued(A, L(@2), $2, $4)); }
	| values IDENT STRING	{ $$ = sd_name_append($1, sd_name_shown(A, L(@2), $2, $3)); }
	| values IDENT '=' NUMBER STRING
				{ struct sd_name *n = sd_name_valued(A, L(@2), $2, $4);
				  n->shown = $5; $$ = sd_name_append($1, n); }
	;

flag_items:
	  %empty		{ $$ = NULL; }
	| flag_items NL		{ $$ = $1; }
	| flag_items ','	{ $$ = $1; }
	| flag_items IDENT	{ $$ = sd_flag_append($1, sd_flag_bit(A, sd_name_new(A, L(@2), $2))); }
	| flag_items IDENT '=' NUMBER
				{ $$ = sd_flag_append($1, sd_flag_bit(A, sd_name_valued(A, L(@2), $2, $4))); }
	| flag_items FIELD IDENT dflt '{' values '}'
				{ $$ = sd_flag_append($1, sd_flag_field(A, sd_name_new(A, L(@3), $3), $4, $6)); }
	| flag_items FIELD IDENT '=' NUMBER dflt '{' values '}'
				{ $$ = sd_flag_append($1, sd_flag_field(A, sd_name_valued(A, L(@3), $3, $5), $6, $8)); }
	/* a number after the bits: "|32767", "|0xfeed", "|21<<MAP_HUGE_SHIFT" */
	| flag_items FIELD IDENT IDENT
				{ $$ = sd_flag_append($1, sd_flag_number(A, sd_name_new(A, L(@3), $3), L(@4), $4, NULL)); }
	| flag_items FIELD IDENT '<' '<' IDENT
				{ $$ = sd_flag_append($1, sd_flag_number(A, sd_name_new(A, L(@3), $3), L(@4), "<<", $6)); }
	/* "|0xcafe<<PR_MTE_TAG_SHIFT": in hex, before the bits no name covers */
	| flag_items FIELD IDENT IDENT '<' '<' IDENT
				{ $$ = sd_flag_append($1, sd_flag_number(A, sd_name_new(A, L(@3), $3), L(@4),
						sd_asprintf(A, "%s<<", $4), $7)); }
	| flag_items FIELD IDENT '=' NUMBER IDENT '<' '<' IDENT
				{ $$ = sd_flag_append($1, sd_flag_number(A, sd_name_valued(A, L(@3), $3, $5),
						L(@6), sd_asprintf(A, "%s<<", $6), $9)); }
	| flag_items NUMBER '<' '<' IDENT
				{ $$ = sd_flag_append($1, sd_flag_bit(A, sd_name_shift(A, L(@2), $2, $5, 0))); }
	| flag_items NUMBER '<' '<' IDENT '=' NUMBER
				{ $$ = sd_flag_append($1, sd_flag_bit(A, sd_name_shift_at(A, L(@2), $2, $5, $7))); }
	| flag_items NUMBER '<' '<' '(' IDENT '-' NUMBER ')'
				{ $$ = sd_flag_append($1, sd_flag_bit(A, sd_name_shift(A, L(@2), $2, $6, $8))); }
	;

decls:	  %empty		{ $$ = NULL; }
	| decls NL		{ $$ = $1; }
	| decls decl		{ $$ = sd_decl_append($1, $2); }
	| decls error NL	{ $$ = $1; yyerrok; }
	;

decl:	  annots type name array NL
				{ $$ = sd_decl_new(A, L(@3), $1, $2, $3, $4); }
	/* a field C names otherwise: "int sigev_notify_thread_id : _sigev_un._tid" */
	| annots type name array ':' cpath NL
				{ $$ = sd_decl_new(A, L(@3), $1, $2, $3, $4); $$->cpath = $6; }
	/* a bit-field: "__u64 disabled : 1" */
	| annots type name array ':' NUMBER NL
				{ $$ = sd_decl_new(A, L(@3), $1, $2, $3, $4);
				  $$->bits = $6 > 0 && $6 <= 64 ? (int)$6 : -1; }
	/* "@if(EXPR) ...": the struct ends in "..." when EXPR holds */
	| annots ELLIPSIS NL	{ $$ = sd_decl_new(A, L(@2), $1, sd_type_new(A, L(@2), "void"),
						   "...", 0); $$->more = 1; }
	/* a union among a struct's fields: all its members print */
	| annots UNION '{' plain_members '}' NL
				{ $$ = sd_union_flatten(A, NULL, L(@2), $4);
				  if (!$$)
					sd_error(ctx->diag, L(@2), "a union needs at least one field");
				  if ($1)
					sd_error(ctx->diag, $1->loc, "a union takes no annotations "
						 "(its fields do)"); }
	/* "union by(FIELD) { CASES: FIELD ... }": one member prints, chosen by FIELD */
	| annots UNION IDENT '(' IDENT ')' '{' umembers '}' NL
				{ $$ = sd_union_flatten(A, $5, L(@5), $8);
				  if (!$$)
					sd_error(ctx->diag, L(@2), "a union needs at least one field");
				  if (strcmp($3, "by"))
					sd_error(ctx->diag, L(@3), "expected 'by(FIELD)' after "
						 "'union', not '%s'", $3);
				  if ($1)
					sd_error(ctx->diag, $1->loc, "a union takes no annotations "
						 "(its fields do)"); }
	;

plain_members:
	  %empty		{ $$ = NULL; }
	| plain_members NL	{ $$ = $1; }
	| plain_members decl	{ $$ = $2 ? sd_umember_append($1, sd_umember_new(A, $2->loc, NULL, $2)) : $1; }
	| plain_members error NL	{ $$ = $1; yyerrok; }
	;

umembers: %empty		{ $$ = NULL; }
	| umembers NL		{ $$ = $1; }
	| umembers umember	{ $$ = sd_umember_append($1, $2); }
	| umembers error NL	{ $$ = $1; yyerrok; }
	;

/* "CASES: FIELD" or "CASES: { FIELDS }"; CASES "default": none of the others */
umember:  nl_names ':' annots type name array NL
				{ $$ = sd_umember_new(A, L(@1), $1, sd_decl_new(A, L(@5), $3, $4, $5, $6)); }
	| nl_names ':' annots type name array ':' cpath NL
				{ struct sd_decl *d = sd_decl_new(A, L(@5), $3, $4, $5, $6);

				  d->cpath = $8;
				  $$ = sd_umember_new(A, L(@1), $1, d); }
	| nl_names ':' '{' decls '}' NL
				{ $$ = sd_umember_new(A, L(@1), $1, $4); }
	;

ret:	  annots type RETURN_VALUE NL
				{ $$ = sd_decl_new(A, L(@3), $1, $2, "return_value", 0); }
	;

cpath:	  IDENT			{ $$ = $1; }
	| cpath '.' IDENT	{ $$ = sd_asprintf(A, "%s.%s", $1, $3); }
	;

/* a table's text for values no name covers: "LINUX_REBOOT_MAGIC_???" */
dflt:	  %empty		{ $$ = NULL; }
	| STRING		{ $$ = $1; }
	;

/* a struct only the kernel declares: checked against its BTF (vmlinux.h) */
kernel:	  %empty		{ $$ = 0; }
	| KERNEL		{ $$ = 1; }
	| WIRE			{ $$ = 2; }	/* no C header has it: as described */
	| PACKED		{ $$ = 3; }	/* __attribute__((packed)): no padding */
	;

/* keywords are fine as argument and field names (int flags) */
name:	  IDENT			{ $$ = $1; }
	| FLAGS			{ $$ = "flags"; }
	| ENUM			{ $$ = "enum"; }
	| FIELD			{ $$ = "field"; }
	| HEADER		{ $$ = "header"; }
	| INCLUDE		{ $$ = "include"; }
	| KERNEL		{ $$ = "kernel"; }
	| WIRE			{ $$ = "wire"; }
	| PACKED		{ $$ = "packed"; }
	| NETLINK		{ $$ = "netlink"; }
	| ATTRS			{ $$ = "attrs"; }
	;

array:	  %empty		{ $$ = 0; }
	| '[' NUMBER ']'	{ $$ = $2 ? $2 : -1; }
	| '[' ']'		{ $$ = -2; }	/* a flexible array: the record's rest */
	;

annots:	  %empty		{ $$ = NULL; }
	| annots ANNOT		{ $$ = sd_annot_append($1, sd_annot_new(A, L(@2), $2, NULL)); }
	| annots ANNOT '(' args ')'
				{ $$ = sd_annot_append($1, sd_annot_new(A, L(@2), $2, $4)); }
	;

args:	  expr			{ $$ = $1; }
	| args ',' expr		{ $$ = sd_expr_append($1, $3); }
	;

expr:	  NUMBER		{ $$ = sd_expr_int(A, L(@1), $1); }
	| name			{ $$ = sd_expr_name(A, L(@1), $1); }
	| name '.' name		{ $$ = sd_expr_name(A, L(@1), sd_asprintf(A, "%s.%s", $1, $3)); }
	| RETURN_VALUE		{ $$ = sd_expr_name(A, L(@1), "return_value"); }
	| '*' name		{ $$ = sd_expr_deref(A, L(@1), $2); }
	| expr '|' expr		{ $$ = sd_expr_binop(A, L(@2), '|', $1, $3); }
	| expr '&' expr		{ $$ = sd_expr_binop(A, L(@2), '&', $1, $3); }
	| expr EQ expr		{ $$ = sd_expr_binop(A, L(@2), '=', $1, $3); }
	| expr NE expr		{ $$ = sd_expr_binop(A, L(@2), '!', $1, $3); }
	| expr '<' expr		{ $$ = sd_expr_binop(A, L(@2), '<', $1, $3); }
	| expr '>' expr		{ $$ = sd_expr_binop(A, L(@2), '>', $1, $3); }
	| expr GE expr		{ $$ = sd_expr_binop(A, L(@2), 'G', $1, $3); }
	| expr LE expr		{ $$ = sd_expr_binop(A, L(@2), 'L', $1, $3); }
	| expr '+' expr		{ $$ = sd_expr_binop(A, L(@2), '+', $1, $3); }
	| expr '-' expr		{ $$ = sd_expr_binop(A, L(@2), '-', $1, $3); }
	| expr '*' expr		{ $$ = sd_expr_binop(A, L(@2), '*', $1, $3); }
	| expr '/' expr		{ $$ = sd_expr_binop(A, L(@2), '/', $1, $3); }
	| '(' expr ')'		{ $$ = $2; }
	;

type:	  base			{ $$ = $1; }
	| CONST base		{ $$ = sd_type_const($2); }
	| type '*'		{ $$ = sd_type_star($1); }
	;

base:	  TYPEWORD		{ $$ = sd_type_new(A, L(@1), $1); }
	| base TYPEWORD		{ $$ = sd_type_add_word(A, $1, $2); }
	| IDENT			{ $$ = sd_type_new(A, L(@1), $1); }
	| STRUCT IDENT		{ $$ = sd_type_struct(A, L(@1), $2); }
	| UNION IDENT		{ $$ = sd_type_struct(A, L(@1), $2); }
	;

%%

/*
 * "syntax error, unexpected X, expecting Y or Z", with a hint where one
 * helps.  LAC (parse.lac full) makes the expected tokens exact.
 */
static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner,
				    struct sd_parse *ctx)
{
	enum { MAX_EXPECTED = 4 };
	yysymbol_kind_t exp[MAX_EXPECTED];
	yysymbol_kind_t tok = yypcontext_token(yyctx);
	int n = yypcontext_expected_tokens(yyctx, exp, MAX_EXPECTED);
	char msg[256];
	size_t len;

	(void)scanner;
	if (ctx->eof_reported)
		return 0;	/* the lexer already said why the file ended early */
	len = (size_t)snprintf(msg, sizeof(msg), "syntax error");
	if (tok != YYSYMBOL_YYEMPTY)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, ", unexpected %s",
					yysymbol_name(tok));
	for (int i = 0; i < n && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s",
					i ? " or " : ", expecting ", yysymbol_name(exp[i]));
	if (tok == YYSYMBOL_YYEOF && ctx->in_record && len < sizeof(msg))
		snprintf(msg + len, sizeof(msg) - len, " (a record ends with its "
			 "'return_value' line)");
	sd_error(ctx->diag, L(*yypcontext_location(yyctx)), "%s", msg);
	return 0;
}


int sd_parse_src(struct sd_parse *ctx)
{
	yyscan_t scanner;
	YY_BUFFER_STATE buf;
	int before = ctx->diag->errors, rc;

	if (sd_yylex_init_extra(ctx, &scanner))
		return -ENOMEM;
	ctx->after_nl = 1;
	buf = sd_yy_scan_bytes(ctx->src->text, (int)ctx->src->len, scanner);
	sd_yyset_lineno(1, scanner);
	rc = sd_yyparse(scanner, ctx);
	sd_yy_delete_buffer(buf, scanner);
	sd_yylex_destroy(scanner);
	return rc || ctx->diag->errors > before ? -EINVAL : 0;
}

/* SPDX-License-Identifier: MIT OR GPL-2.0 */
/*
 * sd_capplan.h - capture plans: a recorder as data.
 *
 * Most recorders store the arguments, then copy a few strings, buffers or
 * arrays the arguments point to.  sysdefc writes such a recorder as a plan
 * (compiler/emit_bpf.c), which one interpreter runs (sd_capplan.bpf.h): the
 * verifier checks the interpreter once instead of a function per
 * recorder, which is most of sdtrace's start-up.  Recorders a plan cannot
 * say (copies through pointers in copied structs, netlink buffers,
 * computed lengths) stay code.
 *
 * A plan's steps run in order; each copies one capture into the record,
 * exactly as the recorder's code would, under a condition (when).
 */
#ifndef SD_CAPPLAN_H
#define SD_CAPPLAN_H

#define SD_PLAN_ARGS	6
#define SD_PLAN_STEPS	8

/* What a step copies (the capture helpers of sd_capture.bpf.h). */
enum sd_plan_op {
	SD_OP_STR = 1,		/* a string */
	SD_OP_PATH,		/* a path */
	SD_OP_MEM,		/* bytes */
	SD_OP_MEMS,		/* bytes printed as a string: -s limits them */
	SD_OP_ARRAY,		/* elements of @esize bytes */
	SD_OP_STRARRAY,		/* strings of a NULL-ended array (@esize bytes each) */
	SD_OP_RECORDS,		/* records of their own length */
	SD_OP_FDNAME,		/* -y: what the result descriptor is */
	SD_OP_CWDNAME,		/* -y: the new working directory */
};

/* When a step copies. */
enum sd_plan_when {
	SD_W_ENTRY = 1,		/* at entry; a fault is retried at exit */
	SD_W_ENTRY_ONCE,	/* at entry (a call that does not return) */
	SD_W_RETRY,		/* at exit, if the entry copy faulted (not after exec) */
	SD_W_OK,		/* at exit, if the call succeeded */
	SD_W_RESTART,		/* at exit, if the call is to be restarted */
	SD_W_FAIL,		/* at exit, if the call failed */
	SD_W_POS,		/* at exit, if the call returned more than 0 */
	SD_W_NAMES,		/* at exit, if it succeeded and -y asks */
};

/* Where a step's length comes from. */
enum sd_capplan_len {
	SD_L_NONE,
	SD_L_FIELD,		/* an unsigned field of the record */
	SD_L_SFIELD,		/* a signed one */
	SD_L_RET,		/* the result */
	SD_L_CONST,		/* the number k */
};

struct sd_capstep {
	unsigned char op, when, slot, ptr;	/* ptr: offset of the pointer in the record */
	unsigned char len, len_at, len_size, pad;
	unsigned short bound, esize;	/* records: esize is the length field's offset */
	unsigned int k;			/* SD_L_CONST: the length; @strarray: abbreviated;
					 * records: the length field's size | align << 8 */
};

/* Plan flags. */
#define SD_P_FORKED	0x1	/* the child's return (0) is no call of its own */
#define SD_P_NORETURN	0x2	/* the record is sent at entry */
#define SD_P_BEGUN	0x4	/* an exit plan whose record was begun at entry */

struct sd_capplan {
	unsigned char nargs, nsteps, flags, pad;
	unsigned short size;		/* the record's fixed part */
	unsigned short pad2;
	/* the arguments stored (exit plans of calls begun at entry store none) */
	unsigned char arg_idx[SD_PLAN_ARGS], arg_off[SD_PLAN_ARGS], arg_size[SD_PLAN_ARGS];
	unsigned char pad3[2];
	struct sd_capstep steps[SD_PLAN_STEPS];
};

#endif

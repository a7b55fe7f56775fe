/* SPDX-License-Identifier: MIT */
/*
 * sd_abi.h - the record format every side shares: sysdefc lays records out
 * by it, the recorders (eBPF) write it, sdtrace and trace files read it.
 * The generated sd_records.h includes it.  Needs __u8..__s64 first
 * (linux/types.h, or vmlinux.h in eBPF).
 *
 * One record per syscall: struct sd_hdr, the result, the argument
 * registers (the selector of a variant family first, then widest first),
 * then the captures, each a struct sd_var and its bytes.
 */
#ifndef SD_ABI_H
#define SD_ABI_H

/* Limits every backend relies on. */
#define SD_MAX_ARGS	6
#define SD_PATH_BOUND	4096	/* PATH_MAX: paths are captured whole */
#define SD_BUF_BOUND	4096	/* default bound of a @buffer */
#define SD_MAX_BOUND	8192	/* largest bound of one capture, in bytes */
#define SD_REC_MAX	16384	/* largest record, header and captures included */
#define SD_MAX_ELEMS	256	/* largest element bound of @array/@strarray */
#define SD_MAX_SLOTS	32	/* captures in one record (a 32-bit retry mask) */

/* struct sd_hdr.kind */
#define SD_K_CALL	1	/* a described syscall, struct sd_rec_NAME */
#define SD_K_GENERIC	2	/* an undescribed one, struct sd_rec_generic */
#define SD_K_FORK	3	/* a new traced process */
#define SD_K_EXIT	4	/* a traced process ended */
#define SD_K_SIGNAL	5	/* a signal delivered to a traced thread */

/* struct sd_hdr.flags */
#define SD_F_NORETURN	1	/* recorded at entry: the call does not return */
#define SD_F_KILLED	2	/* SIGKILL pending: the caller never sees the result */
#define SD_F_PIDCHANGED	4	/* a thread's exec: it returns as its process's leader */

/*
 * 16 bytes: when the record was completed (ns since the session began,
 * 48 bits: 78 hours), its size (so files need no framing), the thread,
 * the syscall number, what it is.
 */
struct sd_hdr {
	__u32 ts_lo;
	__u16 ts_hi;
	__u16 size;
	__u32 tid;
	__u16 nr;
	__u8 kind;
	__u8 flags;
};

#define SD_HDR_TS(h)	((__u64)(h)->ts_hi << 32 | (h)->ts_lo)

/* Where a syscall record's argument registers start: the header, the result. */
#define SD_REC_ARGS	(sizeof(struct sd_hdr) + sizeof(__s64))

/* struct sd_var.st: the state of one capture */
#define SD_ST_FAULT	1	/* the copy faulted; no bytes */
#define SD_ST_TRUNC	2	/* more bytes existed than were copied */
#define SD_ST_NULL	4	/* the pointer was NULL */
#define SD_ST_MORE	8	/* more elements than the bound */
#define SD_ST_PART	16	/* an array's elements up to an unreadable page */

/*
 * @strarray data: per string a __u16 length (SD_STR_CUT: cut short) and
 * its bytes, or SD_STR_PTR | 8 and the pointer of a string that could not
 * be read.  SD_ST_PART on the capture: the array of pointers itself ran
 * into memory that could not be read (unterminated).
 */
#define SD_STR_CUT	0x8000
#define SD_STR_PTR	0x4000

struct sd_var {
	__u8 slot;
	__u8 st;
	__u16 len;	/* bytes that follow */
};

struct sd_rec_generic {
	struct sd_hdr h;
	__s64 ret;
	__u64 args[SD_MAX_ARGS];
};

#endif

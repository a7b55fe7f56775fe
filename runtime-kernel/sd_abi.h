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
#define SD_K_MMAP	6	/* -k: a file mapped executable by a traced process */
#define SD_K_PERS	7	/* a traced thread's syscalls changed personality */

/* struct sd_hdr.flags */
#define SD_F_NORETURN	1	/* recorded at entry: the call does not return */
#define SD_F_KILLED	2	/* SIGKILL pending: the caller never sees the result */
#define SD_F_PIDCHANGED	4	/* a thread's exec: it returns as its process's leader */
/* what the record's tail holds (-T/-t/-r, -i, -k, -Y only; see below) */
#define SD_F_DUR	8	/* how long the call took */
#define SD_F_IP		16	/* the user instruction pointer (at entry) */
#define SD_F_STACK	32	/* the user registers and the top of the stack */
#define SD_F_COMM	64	/* the thread's name (comm) at the call's end */
#define SD_F_TAIL	(SD_F_DUR | SD_F_IP | SD_F_STACK | SD_F_COMM)
/* an i386 syscall of an x86_64 process (int $0x80, a compat program): nr is
 * i386's, the arguments are its registers (SD_K_GENERIC records only) */
#define SD_F_COMPAT	128

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
#define SD_ST_STRS	32	/* an @abbrev @strarray with its strings (-v), not a count */

/* -v: bytes at most of an @abbrev @strarray's strings (envp) */
#define SD_ABBREV_BOUND	3584

/*
 * @strarray data: per string a __u16 length (SD_STR_CUT: cut short) and
 * its bytes, or SD_STR_PTR | 8 and the pointer of a string that could not
 * be read.  SD_ST_PART on the capture: the array of pointers itself ran
 * into memory that could not be read (unterminated).  An @abbrev array
 * holds its __u32 count only, or with -v (SD_ST_STRS) its strings, cut at
 * -s each and SD_ABBREV_BOUND bytes in all (SD_ST_MORE past that).
 */
#define SD_STR_CUT	0x8000
#define SD_STR_PTR	0x4000

struct sd_var {
	__u8 slot;
	__u8 st;
	__u16 len;	/* bytes that follow */
};

/*
 * The tail: what a syscall record carries after its captures when sdtrace
 * asks for it (sd_tail_split() takes it off), nothing otherwise; a signal
 * record may carry SD_F_IP.  From the record's end backwards:
 *   SD_F_COMM   char[SD_COMM_LEN]: the thread's comm, NUL-padded (-Y)
 *   SD_F_DUR    __u32: the time from entry to exit, in ns, or in us when
 *               SD_DUR_US is set (the header's time is the exit's)
 *   SD_F_IP     __u64: the instruction pointer after the syscall instruction
 *   SD_F_STACK  struct sd_ustack, and before it its len bytes of stack
 */
#define SD_DUR_US	0x80000000u
#define SD_COMM_LEN	16	/* TASK_COMM_LEN */
#define SD_STACK_MAX	8192	/* stack bytes copied at most */

/* The user registers, in DWARF order for x86_64 (rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip). */
#define SD_UREGS	17

struct sd_ustack {
	__u64 regs[SD_UREGS];
	__u32 len;		/* bytes of stack before this, from regs[7] (rsp) up */
	__u32 pad;
};

struct sd_tail {
	__u64 dur_ns;		/* 0 when the record has none */
	__u64 ip;
	const __u8 *stack_bytes;	/* NULL when no stack: then stack is 0s */
	char comm[SD_COMM_LEN];	/* "" when the record has none */
	struct sd_ustack stack;
};

/*
 * Take the tail off a record of @size bytes: fill @t and return the size
 * of what is before it, or -1 if the record is too short for its flags.
 */
static inline long sd_tail_split(const struct sd_hdr *h, unsigned long size,
				 struct sd_tail *t)
{
	const __u8 *p = (const __u8 *)h;
	__u32 d;

	t->dur_ns = 0;
	t->ip = 0;
	t->stack_bytes = 0;
	t->stack.len = 0;
	t->comm[0] = 0;
	if (h->kind != SD_K_CALL && h->kind != SD_K_GENERIC && h->kind != SD_K_SIGNAL)
		return (long)size;
	if (h->flags & SD_F_COMM) {
		if (size < sizeof(*h) + SD_COMM_LEN)
			return -1;
		size -= SD_COMM_LEN;
		__builtin_memcpy(t->comm, p + size, SD_COMM_LEN);
		t->comm[SD_COMM_LEN - 1] = 0;
	}
	if (h->flags & SD_F_DUR) {
		if (size < sizeof(*h) + 4)
			return -1;
		size -= 4;
		__builtin_memcpy(&d, p + size, 4);
		t->dur_ns = d & SD_DUR_US ? (__u64)(d & ~SD_DUR_US) * 1000 : d;
	}
	if (h->flags & SD_F_IP) {
		if (size < sizeof(*h) + 8)
			return -1;
		size -= 8;
		__builtin_memcpy(&t->ip, p + size, 8);
	}
	if (h->flags & SD_F_STACK) {
		if (size < sizeof(*h) + sizeof(t->stack))
			return -1;
		size -= sizeof(t->stack);
		__builtin_memcpy(&t->stack, p + size, sizeof(t->stack));
		d = t->stack.len;
		if (d > SD_STACK_MAX || size < sizeof(*h) + d)
			return -1;
		size -= d;
		t->stack_bytes = p + size;
	}
	return (long)size;
}

struct sd_rec_generic {
	struct sd_hdr h;
	__s64 ret;
	__u64 args[SD_MAX_ARGS];
};

#endif

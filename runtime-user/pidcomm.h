/* SPDX-License-Identifier: MIT */
/*
 * pidcomm.h - sdtrace -Y (--decode-pids=comm): what each traced thread is
 * called, "1234<sh>", as strace shows it.  A thread's name comes from the
 * kernel with each of its calls (the SD_F_COMM record tail), a child's
 * from its parent until then, and an untraced process's from /proc.
 */
#ifndef SD_PIDCOMM_H
#define SD_PIDCOMM_H

#include <stdint.h>

#include <linux/types.h>

#include "sd_abi.h"
#include "sd_buf.h"
#include "tidmap.h"

#define SD_COMMS_GONE 32

struct sd_comms {
	struct sd_tidmap slot;		/* tid -> index + 1 */
	char (*names)[SD_COMM_LEN];
	uint32_t *free;			/* indexes to reuse */
	size_t n, cap, nfree;
	/* the last threads gone, for a call whose argument names one that
	 * was still there when it was made (wait4(1234<sh>, ...)) */
	struct { uint32_t tid; char name[SD_COMM_LEN]; } gone[SD_COMMS_GONE];
	unsigned int gone_next;
};

void sd_comms_init(struct sd_comms *c);
void sd_comms_free(struct sd_comms *c);

/* Thread @tid's name as last known, or NULL. */
const char *sd_comms_get(const struct sd_comms *c, uint32_t tid);

/* Thread @tid is called @comm now ("" changes nothing). */
void sd_comms_set(struct sd_comms *c, uint32_t tid, const char *comm);

/* Thread @tid is gone. */
void sd_comms_del(struct sd_comms *c, uint32_t tid);

/*
 * The name of process or thread @pid into @out: the table's, else
 * /proc/PID/comm's (a process sdtrace does not trace); "" if neither.
 */
void sd_comms_lookup(const struct sd_comms *c, uint32_t pid, char out[SD_COMM_LEN]);

/*
 * For an argument: what /proc/PID/comm says now (strace reads it as it
 * prints), else the table's, else the name of a thread gone since the
 * call was made (wait4 reaped it), until a wait's result reaps it.
 */
void sd_comms_lookup_arg(const struct sd_comms *c, uint32_t pid, char out[SD_COMM_LEN]);

/* Process @pid was reaped (a wait's result): its name is gone for good. */
void sd_comms_reaped(struct sd_comms *c, uint32_t pid);

/* "<comm>" as strace quotes it ('<', '>', '\\' and unprintables in octal); nothing for "". */
void sd_comm_put(struct sd_buf *b, const char *comm);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * command.h - the command sdtrace runs: found as strace finds it, started
 * held before its execve, as another user (-u), with a changed environment
 * (-E), or as sdtrace's own process with the tracer detached (-D).
 */
#ifndef SD_COMMAND_H
#define SD_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

struct sd_cmd_opts {
	const char *user;		/* -u USER, or NULL */
	const char **env;		/* -E VAR=VAL (set) or VAR (unset), in order */
	size_t nenv;
	int daemonize;			/* -D: 0, 1 grandchild, 2 pgroup, 3 session */
	struct rlimit nofile;		/* the descriptor limit the command gets */
};

/* -D's argument: "grandchild", "pgroup", "session"; -1 if none of them. */
int sd_cmd_daemonize_arg(const char *arg);

/* Add an -E change; returns 0 or -ENOMEM. */
int sd_cmd_add_env(struct sd_cmd_opts *o, const char *change);

/*
 * Check what can be checked before tracing begins (-u: root, the user
 * exists); prints why not and returns -1.
 */
int sd_cmd_check(const struct sd_cmd_opts *o);

/*
 * Start @argv held before its execve until a byte is written to *@gate
 * (then close it); if sdtrace goes away first the command exits unrun.
 * Returns the command's pid.  With -D the command is the calling process
 * itself, and this function returns in a detached grandchild, the tracer;
 * *@own is false then (the command is not sdtrace's child to wait for).
 * Exits with a message on failure.
 */
pid_t sd_cmd_start(char **argv, const struct sd_cmd_opts *o, int *gate, bool *own);

void sd_cmd_free(struct sd_cmd_opts *o);

#endif

/* SPDX-License-Identifier: MIT */
/* command.c - starting the command sdtrace traces (see command.h). */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"

extern char **environ;

int sd_cmd_daemonize_arg(const char *arg)
{
	static const char *const names[] = { "grandchild", "pgroup", "session" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(arg, names[i]))
			return i + 1;
	return -1;
}

int sd_cmd_add_env(struct sd_cmd_opts *o, const char *change)
{
	const char **n = realloc(o->env, (o->nenv + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	o->env = n;
	o->env[o->nenv++] = change;
	return 0;
}

void sd_cmd_free(struct sd_cmd_opts *o)
{
	free(o->env);
	o->env = NULL;
	o->nenv = 0;
}

int sd_cmd_check(const struct sd_cmd_opts *o)
{
	if (!o->user)
		return 0;
	if (getuid() || geteuid()) {
		fputs("sdtrace: You must be root to use the -u/--user option\n", stderr);
		return -1;
	}
	if (!getpwnam(o->user)) {
		fprintf(stderr, "sdtrace: Cannot find user '%s'\n", o->user);
		return -1;
	}
	return 0;
}

/* The executable strace would run: COMMAND itself if it has a '/', else PATH. */
static char *find_exec(const char *cmd)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, buf[PATH_MAX];
	struct stat st;

	if (strchr(cmd, '/'))
		return stat(cmd, &st) ? NULL : strdup(cmd);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	copy = strdup(path);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/%s", *dir ? dir : ".", cmd);
		if (!stat(buf, &st) && S_ISREG(st.st_mode) && !access(buf, X_OK)) {
			free(copy);
			return strdup(buf);
		}
	}
	free(copy);
	return NULL;
}

/* -E: the environment with the changes made, in order; NULL: out of memory */
static char **make_env(const struct sd_cmd_opts *o)
{
	size_t n = 0, cap;
	char **env;

	while (environ[n])
		n++;
	cap = n + o->nenv + 1;
	env = calloc(cap, sizeof(*env));
	if (!env)
		return NULL;
	memcpy(env, environ, n * sizeof(*env));
	for (size_t c = 0; c < o->nenv; c++) {
		const char *ch = o->env[c], *eq = strchr(ch, '=');
		size_t len = eq ? (size_t)(eq - ch) : strlen(ch), i;

		for (i = 0; i < n; i++)
			if (!strncmp(env[i], ch, len) && (env[i][len] == '=' || !env[i][len]))
				break;
		if (eq) {		/* VAR=VAL: replace or add */
			env[i] = (char *)ch;
			n += i == n;
		} else if (i < n) {	/* VAR: remove */
			memmove(env + i, env + i + 1, (n - i) * sizeof(*env));
			n--;
		}
	}
	env[n] = NULL;
	return env;
}

/* Write a message directly: stdio buffers belong to the parent. */
static void child_fail(const char *what, const char *arg)
{
	char msg[PATH_MAX + 128];
	int n = snprintf(msg, sizeof(msg), "sdtrace: %s%s%s: %s\n", what, arg ? " " : "",
			 arg ? arg : "", strerror(errno));

	if (n > 0 && (size_t)n < sizeof(msg) && write(2, msg, (size_t)n) < 0)
		_exit(127);
	_exit(127);
}

/* -u: the user's groups and ids; a set-user-ID program keeps its owner's */
static void become_user(const char *user, const char *exe)
{
	struct passwd *pw = getpwnam(user);
	uid_t euid;
	gid_t egid;
	struct stat st;

	if (!pw)
		child_fail("Cannot find user", user);
	euid = pw->pw_uid;
	egid = pw->pw_gid;
	if (!stat(exe, &st)) {
		if (st.st_mode & S_ISUID)
			euid = st.st_uid;
		if ((st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			egid = st.st_gid;
	}
	if (initgroups(user, pw->pw_gid))
		child_fail("initgroups", NULL);
	if (setregid(pw->pw_gid, egid))
		child_fail("setregid", NULL);
	if (setreuid(pw->pw_uid, euid))
		child_fail("setreuid", NULL);
}

/* In the command's process: wait for the go, then become the command. */
static void run(char *exe, char **argv, char **env, const struct sd_cmd_opts *o, int gate)
{
	char go;

	if (read(gate, &go, 1) != 1)
		_exit(1);
	close(gate);
	if (o->nofile.rlim_max)
		setrlimit(RLIMIT_NOFILE, &o->nofile);
	signal(SIGPIPE, SIG_DFL);	/* as the command's own parent left it */
	if (o->user)
		become_user(o->user, exe);
	execve(exe, argv, env);
	child_fail("exec of", exe);
}

pid_t sd_cmd_start(char **argv, const struct sd_cmd_opts *o, int *gate, bool *own)
{
	char *exe = find_exec(argv[0]);
	char **env;
	int fds[2];
	pid_t pid, cmd;

	if (!exe) {
		fprintf(stderr, "sdtrace: Can't stat '%s': %s\n", argv[0],
			strerror(strchr(argv[0], '/') ? errno : ENOENT));
		exit(1);
	}
	env = make_env(o);
	if (!env) {
		fputs("sdtrace: out of memory\n", stderr);
		exit(1);
	}
	if (pipe2(fds, O_CLOEXEC)) {
		perror("sdtrace: pipe");
		exit(1);
	}
	fflush(NULL);	/* nothing buffered is written twice */
	cmd = getpid();
	pid = fork();
	if (pid < 0) {
		perror("sdtrace: fork");
		exit(1);
	}
	*own = !o->daemonize;
	if (!o->daemonize) {
		if (!pid) {
			close(fds[1]);
			run(exe, argv, env, o, fds[0]);
		}
		free(exe);
		free(env);
		close(fds[0]);
		*gate = fds[1];
		return pid;
	}
	/*
	 * -D: this process becomes the command, so that whoever started
	 * sdtrace waits for the command itself; the tracer is a grandchild,
	 * not a child the command could wait for, in its own process group
	 * (-DD) or session (-DDD).
	 */
	if (pid) {
		int st;

		close(fds[1]);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		run(exe, argv, env, o, fds[0]);
	}
	close(fds[0]);
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid)
		_exit(0);	/* the middle one: the command reaps it */
	if (o->daemonize == 2)
		setpgid(0, 0);
	else if (o->daemonize == 3)
		setsid();
	free(exe);
	free(env);
	*gate = fds[1];
	return cmd;
}

// SPDX-License-Identifier: MIT
/*
 * t_pids.c - calls whose arguments are process ids, for -Y: a child named
 * "kid", asked about by the parent, then reaped (its id unnamed after).
 * Compared with strace -f -Y -qq -e signal=none (cmd_case 16-Y-args).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <linux/kcmp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(void)
{
	struct sched_param sp;
	struct rlimit rl;
	int up[2], down[2];
	pid_t me = getpid(), kid;
	char c;

	if (pipe(up) || pipe(down))
		return 1;
	kid = fork();
	if (kid < 0)
		return 1;
	if (!kid) {
		prctl(PR_SET_NAME, "kid");
		if (write(up[1], "x", 1) != 1 || read(down[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(up[0], &c, 1) != 1)
		return 1;
	kill(kid, 0);
	kill(0, 0);
	kill(-getpgrp(), 0);
	syscall(SYS_tgkill, me, syscall(SYS_gettid), 0);
	syscall(SYS_tkill, kid, 0);
	getpgid(kid);
	getsid(kid);
	setpgid(kid, kid);
	sched_getscheduler(kid);
	sched_getparam(kid, &sp);
	syscall(SYS_prlimit64, kid, RLIMIT_NOFILE, NULL, &rl);
	getpriority(PRIO_PROCESS, kid);
	getpriority(PRIO_PGRP, kid);
	syscall(SYS_kcmp, me, kid, KCMP_FILE, up[0], up[0]);
	fcntl(up[0], F_SETOWN, kid);
	if (write(down[1], "x", 1) != 1)
		return 1;
	waitid(P_PID, kid, NULL, WEXITED | WNOWAIT);
	wait4(kid, NULL, 0, NULL);
	kill(kid, 0);
	return 0;
}

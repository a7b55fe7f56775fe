/* SPDX-License-Identifier: MIT */
/*
 * t_exit - case 4: how a process ends.  "t_exit exit N" calls exit_group(N);
 * "t_exit kill" sends itself SIGKILL.  Traced with -e trace=exit_group,kill;
 * the expected lines include strace's "+++ ... +++" line.
 */
#include <signal.h>

#include "e2e.h"

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exit")) {
		int code = atoi(argv[2]);

		expect("?", "exit_group(%d)", code);
		expect_raw("+++ exited with %d +++", code);
		expect_flush();
		syscall(SYS_exit_group, code);
	} else if (argc == 2 && !strcmp(argv[1], "kill")) {
		long pid = syscall(SYS_getpid);

		expect("?", "kill(%ld, SIGKILL)", pid);
		expect_raw("+++ killed by SIGKILL +++");
		expect_flush();
		syscall(SYS_kill, pid, SIGKILL);
	}
	e2e_die("usage: t_exit exit N | t_exit kill");
}

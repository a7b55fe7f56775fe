/* SPDX-License-Identifier: MIT */
/*
 * t_storm - case 7: "t_storm N" makes N getppid() calls as fast as it can,
 * to overrun a small ring buffer.  Traced with -e trace=getppid; every call
 * must be either printed or counted in "sdtrace: N events lost".
 *
 * "t_storm N stop" makes the loss certain: it stops its parent (sdtrace,
 * which reads the ring buffer) with SIGSTOP during the storm, continues it
 * afterwards and gives it time to drain before exiting.
 * "t_storm N stop-exit" also exits while sdtrace is still stopped and the
 * buffer full (so the record of its exit is lost too); a helper process,
 * not traced, continues sdtrace once this process is gone.
 * $E2E_EXPECTED gets the one line getppid() prints, and the count.
 */
#include <signal.h>
#include <time.h>

#include "e2e.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0, ppid = 0;
	const char *mode = argc > 2 ? argv[2] : "";
	pid_t tracer = getppid();	/* one more call: N + 1 in all */
	struct timespec ms = { 0, 1000 * 1000 };

	if (n <= 0)
		e2e_die("usage: t_storm N [stop|stop-exit]");
	if (!strcmp(mode, "stop-exit")) {
		pid_t me = getpid();	/* not traced: not getpid-filtered */

		if (fork() == 0) {
			/* the helper: wait until our parent has exited */
			while (getppid() == me)
				nanosleep(&ms, NULL);
			kill(tracer, SIGCONT);
			_exit(0);
		}
	}
	if (*mode)
		kill(tracer, SIGSTOP);
	for (long i = 0; i < n; i++)
		ppid = syscall(SYS_getppid);
	expect(ret_int(ppid), "getppid()");
	expect_raw("calls %ld", n + 1);
	expect_flush();
	if (!strcmp(mode, "stop")) {
		struct timespec ts = { 0, 200 * 1000 * 1000 };

		kill(tracer, SIGCONT);
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * t_family - case 6: every way a traced program makes new tasks, for -f.
 *
 * Each task makes one marker call, openat("/nonexistent/marker-KIND-N-TID")
 * (ENOENT), with its own thread id at the end so the harness can check the
 * pid column too.  The top-level process writes the expected "KIND-N"
 * names, the number of processes that will exit and the number of extra
 * threads that will exit, to $E2E_EXPECTED.
 *
 *   fork; vfork then exec; fork then exec; 4 pthreads; clone3 (a process);
 *   clone(CLONE_VM) (a process sharing memory); exec from a non-leader
 *   thread; a double-forked daemon that outlives everyone; a 20-deep fork
 *   chain; 50 siblings alive at once.
 *
 * "t_family exec KIND" is the image the execs run: one marker, exit 0.
 */
#include "e2e.h"

#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>

#define CHAIN 20
#define SIBLINGS 50
#define THREADS 4

static const char *self;
static int nproc = 1;	/* processes that will print "+++ exited": us */

static void marker(const char *kind, int n)
{
	char path[128];

	snprintf(path, sizeof(path), "/nonexistent/marker-%s-%d-%ld", kind, n,
		 syscall(SYS_gettid));
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
}

static void reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, __WALL) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		e2e_die("a child failed");
}

static void exec_self(const char *kind)
{
	char *argv[] = { (char *)self, "exec", (char *)kind, NULL };

	execv(self, argv);
	_exit(126);
}

static void *thread_main(void *arg)
{
	marker("thread", (int)(intptr_t)arg);
	return NULL;
}

/* In a child: a second thread execs; the leader waits to be replaced. */
static void *exec_thread_main(void *arg)
{
	(void)arg;
	exec_self("thread-exec");
	return NULL;
}

static int clone_vm_main(void *arg)
{
	(void)arg;
	marker("clone-vm", 0);
	return 0;
}

static void chain(int depth)
{
	pid_t pid;

	if (depth == CHAIN)
		return;
	pid = fork();
	if (!pid) {
		marker("chain", depth);
		chain(depth + 1);
		_exit(0);
	}
	reap(pid);
}

int main(int argc, char **argv)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	struct clone_args ca;
	pthread_t th[THREADS];
	int pfd[2];
	pid_t pid, kids[SIBLINGS];

	self = argv[0];
	if (argc == 3 && !strcmp(argv[1], "exec")) {
		marker(argv[2], 0);
		return 0;
	}

	marker("main", 0);
	expect_raw("main-0");

	pid = fork();					/* fork */
	if (!pid) {
		marker("fork", 0);
		_exit(0);
	}
	reap(pid);
	expect_raw("fork-0");
	nproc++;

	pid = vfork();					/* vfork, exec */
	if (!pid) {
		marker("vfork", 0);
		exec_self("vfork-exec");
	}
	reap(pid);
	expect_raw("vfork-0");
	expect_raw("vfork-exec-0");
	nproc++;

	pid = fork();					/* fork, exec */
	if (!pid)
		exec_self("fork-exec");
	reap(pid);
	expect_raw("fork-exec-0");
	nproc++;

	for (int i = 0; i < THREADS; i++) {		/* threads */
		if (pthread_create(&th[i], NULL, thread_main, (void *)(intptr_t)i))
			e2e_die("pthread_create");
		expect_raw("thread-%d", i);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);

	memset(&ca, 0, sizeof(ca));			/* clone3: a process */
	ca.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0)
		e2e_die("clone3");
	if (!pid) {
		marker("clone3", 0);
		syscall(SYS_exit_group, 0);
	}
	reap(pid);
	expect_raw("clone3-0");
	nproc++;

	pid = clone(clone_vm_main, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
	if (pid < 0)
		e2e_die("clone");
	reap(pid);
	expect_raw("clone-vm-0");
	nproc++;

	pid = fork();					/* exec from a thread */
	if (!pid) {
		pthread_t t;

		if (pthread_create(&t, NULL, exec_thread_main, NULL))
			_exit(125);
		for (;;)
			pause();
	}
	reap(pid);
	expect_raw("thread-exec-0");
	nproc++;

	chain(0);					/* 20-deep chain */
	for (int d = 0; d < CHAIN; d++)
		expect_raw("chain-%d", d);
	nproc += CHAIN;

	if (pipe(pfd))					/* 50 siblings */
		e2e_die("pipe");
	for (int i = 0; i < SIBLINGS; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			e2e_die("fork");
		if (!kids[i]) {
			char c;

			close(pfd[1]);
			/* all 50 are alive until the parent closes the pipe */
			if (read(pfd[0], &c, 1) != 0)
				_exit(1);
			marker("sibling", i);
			_exit(0);
		}
		expect_raw("sibling-%d", i);
	}
	close(pfd[1]);
	for (int i = 0; i < SIBLINGS; i++)
		reap(kids[i]);
	nproc += SIBLINGS;

	pid = fork();					/* double-forked daemon */
	if (!pid) {
		if (fork() == 0) {
			struct timespec ts = { 0, 300 * 1000 * 1000 };

			setsid();
			/* well after the top-level process has exited */
			nanosleep(&ts, NULL);
			marker("daemon", 0);
			_exit(0);
		}
		_exit(0);
	}
	reap(pid);
	expect_raw("daemon-0");
	nproc += 2;

	expect_raw("processes %d", nproc);
	expect_raw("threads %d", THREADS);	/* strace prints "+++ exited" for each */
	expect_flush();
	return 0;
}

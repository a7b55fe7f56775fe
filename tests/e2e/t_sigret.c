/* SPDX-License-Identifier: MIT */
/*
 * t_sigret - case 20: a signal handler's return.  rt_sigreturn prints the
 * mask it restores (read from the signal frame at entry) and the result
 * it restores: the interrupted call's, 0 after kill, -1 EINTR after a
 * read the signal interrupted, and with SA_RESTART the number of the call
 * to restart (readv's, 19).  Traced with -e trace=read,readv,rt_sigreturn.
 */
#include <signal.h>
#include <sys/time.h>
#include <sys/uio.h>

#include "e2e.h"

static volatile int caught;
static int wfd = -1;

static void handler(int sig)
{
	(void)sig;
	caught++;
	if (wfd >= 0 && syscall(SYS_write, wfd, "x", 1) != 1)	/* readv's byte */
		e2e_die("write");
}

/* sigaction without glibc's: restorer, flags, mask as the kernel has them */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* glibc's restorer: calls rt_sigreturn */
extern void e2e_restore_rt(void);
__asm__(".text\n.align 16\ne2e_restore_rt:\n\tmovq $15, %rax\n\tsyscall\n");

static void on(int sig, unsigned long restart)
{
	struct ksigaction sa = {
		.handler = handler,
		.flags = 0x04000000 | restart,	/* SA_RESTORER */
		.restorer = e2e_restore_rt,
	};

	if (syscall(SYS_rt_sigaction, sig, &sa, NULL, 8))
		e2e_die("rt_sigaction");
}

int main(void)
{
	/* a mask to restore: USR2 and RT_3 (kernel numbering, as strace's) */
	unsigned long mask = 1UL << (SIGUSR2 - 1) | 1UL << (32 + 3 - 1);
	struct itimerval it = { .it_value = { .tv_usec = 200000 } };
	long pid = syscall(SYS_getpid), uid = syscall(SYS_getuid);
	int p[2];
	char c;

	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, 8))
		e2e_die("rt_sigprocmask");
	on(SIGUSR1, 0);
	on(SIGALRM, 0);
	if (syscall(SYS_pipe2, p, 0))
		e2e_die("pipe2");

	/* the handler returns to kill's return: its result, 0 */
	syscall(SYS_kill, pid, SIGUSR1);
	expect_raw("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---",
		   pid, uid);
	expect("0", "rt_sigreturn({mask=[USR2 RT_3]})");

	/* the handler interrupted a read, which fails with EINTR */
	if (syscall(SYS_setitimer, ITIMER_REAL, &it, NULL))
		e2e_die("setitimer");
	if (syscall(SYS_read, p[0], &c, 1) != -1 || caught != 2)
		e2e_die("the read was not interrupted");
	expect("? ERESTARTSYS (To be restarted if SA_RESTART is set)",
	       "read(%d, %p, 1)", p[0], (void *)&c);
	expect_raw("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---");
	expect("-1 EINTR (Interrupted system call)", "rt_sigreturn({mask=[USR2 RT_3]})");

	/* SA_RESTART: the kernel restores the call's number to restart it */
	on(SIGALRM, SA_RESTART);
	wfd = p[1];
	if (syscall(SYS_setitimer, ITIMER_REAL, &it, NULL))
		e2e_die("setitimer");
	struct iovec iov = { &c, 1 };

	if (syscall(SYS_readv, p[0], &iov, 1) != 1 || caught != 3)
		e2e_die("readv was not restarted");
	expect("? ERESTARTSYS (To be restarted if SA_RESTART is set)",
	       "readv(%d, [{iov_base=%p, iov_len=1}], 1)", p[0], (void *)&c);
	expect_raw("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---");
	expect(ret_int(SYS_readv), "rt_sigreturn({mask=[USR2 RT_3]})");
	expect("1", "readv(%d, [{iov_base=\"x\", iov_len=1}], 1)", p[0]);
	expect_flush();
	return 0;
}

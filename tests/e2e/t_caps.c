/* SPDX-License-Identifier: MIT */
/*
 * t_caps - capget and capset: the data as two words per set (versions 2
 * and 3, joined as one 64-bit set) or one (version 1, and capset with an
 * unknown version), the pointer when the call fails or the header cannot
 * be read.  The capabilities the process has are printed as capget found
 * them, so the lines hold wherever the test runs.
 */
#include <linux/capability.h>

#include "e2e.h"

static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};
#define NCAPS (int)(sizeof(cap_names) / sizeof(cap_names[0]))

/* One word of a set, its bit 0 capability @base; what no name covers in hex. */
static char *word(char *p, unsigned int v, int base)
{
	unsigned int named = 0;

	for (int i = 0; i < 32 && base + i < NCAPS; i++)
		if (v & (1u << i)) {
			p += sprintf(p, "%s1<<%s", named ? "|" : "", cap_names[base + i]);
			named |= 1u << i;
		}
	if (v & ~named)
		p += sprintf(p, named ? "|%#x" : "%#x /* CAP_??? */", v & ~named);
	else if (!v)
		p += sprintf(p, "0");
	return p;
}

static const char *set(unsigned int lo, unsigned int hi)
{
	static char s[4][2048];
	static int i;
	char *p;

	i = (i + 1) % 4;
	p = s[i];
	if (lo || !hi)
		p = word(p, lo, 0);
	if (hi) {
		if (lo)
			*p++ = '|';
		word(p, hi, 32);
	}
	return s[i];
}

static const char *data(const struct __user_cap_data_struct *d, int two)
{
	static char s[8192];

	snprintf(s, sizeof(s), "{effective=%s, permitted=%s, inheritable=%s}",
		 set(d[0].effective, two ? d[1].effective : 0),
		 set(d[0].permitted, two ? d[1].permitted : 0),
		 set(d[0].inheritable, two ? d[1].inheritable : 0));
	return s;
}

int main(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2], x[2] = {
		{ .effective = 5, .permitted = 0, .inheritable = 0x80000000 },
		{ .effective = 0x80000000, .permitted = 0x100, .inheritable = 0 },
	};
	long rc;

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d))
		e2e_die("capget");
	expect("0", "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, %s)", data(d, 1));
	rc = syscall(SYS_capset, &h, d);
	expect(ret_int(rc), "capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, %s)",
	       data(d, 1));

	h.version = _LINUX_CAPABILITY_VERSION_1;
	syscall(SYS_capget, &h, d);
	expect("0", "capget({version=_LINUX_CAPABILITY_VERSION_1, pid=0}, %s)", data(d, 0));

	/* another process's sets cannot be set: EPERM */
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = 1;
	syscall(SYS_capset, &h, x);
	expect("-1 EPERM (Operation not permitted)",
	       "capset({version=_LINUX_CAPABILITY_VERSION_3, pid=1}, %s)", data(x, 1));

	/* an unknown version: capget fails, capset shows one struct */
	h.version = 0x12345678;
	h.pid = 0;
	syscall(SYS_capget, &h, d);
	expect("-1 EINVAL (Invalid argument)", "capget({version=0x12345678 /* "
	       "_LINUX_CAPABILITY_VERSION_??? */, pid=0}, %p)", (void *)d);
	h.version = 0x12345678;
	syscall(SYS_capset, &h, x);
	expect("-1 EINVAL (Invalid argument)", "capset({version=0x12345678 /* "
	       "_LINUX_CAPABILITY_VERSION_??? */, pid=0}, %s)", data(x, 0));

	h.version = _LINUX_CAPABILITY_VERSION_3;
	syscall(SYS_capget, &h, NULL);
	expect("0", "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, NULL)");
	syscall(SYS_capget, NULL, d);
	expect("-1 EFAULT (Bad address)", "capget(NULL, %p)", (void *)d);
	expect_flush();
	return 0;
}

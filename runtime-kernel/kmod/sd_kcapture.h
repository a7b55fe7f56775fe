/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sd_kcapture.h - what the generated recorders (sd_recorders.kmod.h) are
 * made of in the kernel module: the eBPF helpers of sd_capture.bpf.h, by
 * the same names and to the same effect, so that both backends write
 * byte-identical records.
 *
 * The probes run with preemption disabled: a copy from user memory must
 * not sleep, so every copy is a _nofault one (a page not present fails,
 * and an entry copy is tried again at exit, as the eBPF side does).
 * Offsets are masked below SD_REC_MAX in a buffer twice that size, as in
 * eBPF: no copy can leave the buffer whatever a description says.
 */
#ifndef SD_KCAPTURE_H
#define SD_KCAPTURE_H

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <net/sock.h>

#define SD_BUF_SIZE	(2 * SD_REC_MAX)
#define SD_OFF(o)	((o) & (SD_REC_MAX - 1))
#define SD_IS_ERR(r)	((unsigned long)(r) >= (unsigned long)-4095L)

/* x86_64 syscall argument registers, as sd_capture.bpf.h has them. */
#define SD_ARG(regs, i)							\
	((i) == 0 ? (regs)->di : (i) == 1 ? (regs)->si :		\
	 (i) == 2 ? (regs)->dx : (i) == 3 ? (regs)->r10 :		\
	 (i) == 4 ? (regs)->r8 : (i) == 5 ? (regs)->r9 : (regs)->sp)	/* 6: @sp */
#define SD_NR(regs)	sd_knr(regs)
#define SD_NR_EXECVE	59
#define SD_NR_EXECVEAT	322
#define SD_NR_I386_EXECVE 11
/* rt_sigreturn returns with orig_ax -1 (restored): as the call in flight */
#define SD_NR_RESTORED	((u64)-1)

/* x86_64's execve into an i386 program returns as i386's: as x86_64's here. */
static __always_inline u64 sd_knr(const struct pt_regs *regs)
{
	return regs->orig_ax == SD_NR_I386_EXECVE && in_ia32_syscall() ? SD_NR_EXECVE :
	       regs->orig_ax;
}
#define SD_EXEC_DONE(regs, ret)	(SD_NR(regs) == SD_NR_EXECVE && (ret) == 0)

/* The session's settings (SD_KIOC_SETUP). */
static u32 sd_strsize = 32;
static bool sd_verbose;		/* -v: @abbrev string arrays whole */
static u8 sd_fd_names;
static u8 sd_extras;		/* SD_F_TAIL: what records' tails hold */
static u64 sd_start_ns;

/* A call in flight: its record is built here from entry to exit. */
struct sd_ktask {
	struct hlist_node node;
	struct task_struct *task;
	u32 nr1;		/* syscall number + 1; 0 when idle */
	u32 off;		/* bytes of the record so far */
	u32 retry;		/* slots whose entry copy faulted */
	u32 len_in;		/* a *LEN length as the call was given it */
	u8 *buf;		/* SD_BUF_SIZE bytes */
	/* -T/-t/-r, -i: where and when the call began (sd_capture.bpf.h's sd_entry) */
	u64 ent_ns;
	u64 ent_ip;
	u32 ent_nr1;
	/* i386 calls (sd_compat.bpf.h's struct sd_mode) */
	u32 compat;		/* the thread's last syscall was an i386 one */
	u32 cnr1;		/* the i386 call in flight: its number + 1 */
	u64 cargs[SD_MAX_ARGS];	/* its arguments at entry */
};

static struct sd_ktask *sd_task_get(bool create);
static u8 *sd_scratch(void);
static u8 *sd_namebuf(void);
static void sd_submit(u8 *buf, u32 size);
static int sd_variant_of(u32 family, u64 value);

/* Per-CPU counters (enum sd_counter). */
struct sd_kcounters {
	u64 c[SD_CNT_SLOTS];
};
static struct sd_kcounters __percpu *sd_counters;

static __always_inline void sd_count(u32 what)
{
	this_cpu_inc(sd_counters->c[what & (SD_CNT_SLOTS - 1)]);
}

static __always_inline u64 sd_min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/* bpf_probe_read_user(): 0 or -EFAULT, never sleeping. */
static __always_inline long sd_read_user(void *dst, u32 n, u64 src)
{
	return copy_from_user_nofault(dst, (const void __user *)src, n) ? -EFAULT : 0;
}

/*
 * bpf_probe_read_user_str(): the string's length with its NUL (cut at
 * @n - 1 bytes and terminated), or -EFAULT.  strncpy_from_user_nofault()
 * is not exported in 6.1; this is its body.
 */
static long sd_read_user_str(u8 *dst, u32 n, u64 src)
{
	long ret;

	if (!n)
		return 0;
	pagefault_disable();
	ret = strncpy_from_user((char *)dst, (const char __user *)src, n);
	pagefault_enable();
	if (ret >= n) {
		ret = n;
		dst[ret - 1] = '\0';
	} else if (ret >= 0) {
		ret++;
	}
	return ret;
}

static __always_inline void sd_stamp(struct sd_hdr *h)
{
	u64 now = ktime_get_ns() - sd_start_ns;

	h->ts_lo = (u32)now;
	h->ts_hi = (u16)(now >> 32);
}

static __always_inline void sd_hdr_fill(struct sd_hdr *h, long nr)
{
	sd_stamp(h);
	h->tid = current->pid;
	h->nr = (u16)nr;
	h->kind = SD_K_CALL;
	h->flags = 0;
}

/* A SIGKILL is pending: the caller never sees the result ("= ?"). */
static __always_inline void sd_mark_killed(struct sd_hdr *h)
{
	if (current->pending.signal.sig[0] & (1UL << (SIGKILL - 1)))
		h->flags |= SD_F_KILLED;
}

static struct sd_ktask *sd_task_begin(long nr)
{
	struct sd_ktask *t = sd_task_get(true);

	if (!t) {
		sd_count(SD_LOST_NOMEM);
		return NULL;
	}
	t->nr1 = (u32)nr + 1;
	t->retry = 0;
	t->off = 0;
	return t;
}

static struct sd_ktask *sd_task_end(struct pt_regs *regs)
{
	struct sd_ktask *t = sd_task_get(false);

	if (!t || !t->nr1 || t->off > SD_REC_MAX)
		return NULL;
	if (t->nr1 != (u32)SD_NR(regs) + 1 && SD_NR(regs) != SD_NR_EXECVE &&
	    SD_NR(regs) != SD_NR_RESTORED)
		return NULL;
	return t;
}

static __always_inline void sd_var_put(u8 *buf, u32 off, u8 slot, u8 st, u16 len)
{
	struct sd_var *v = (void *)(buf + SD_OFF(off));

	v->slot = slot;
	v->st = st;
	v->len = len;
}

static int sd_cap_str(u8 *buf, u32 *offp, u8 slot, u64 uptr, u32 bound, int is_path)
{
	u32 off = SD_OFF(*offp), lim = is_path ? bound + 1 : bound;
	long n;

	if (!is_path && sd_strsize + 2 < lim)
		lim = sd_strsize + 2;
	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	n = sd_read_user_str(buf + off + sizeof(struct sd_var), lim, uptr);
	if (n <= 0) {
		/* running into an unmapped page just after all that would print */
		u32 avail = 4096 - (uptr & 4095);

		if (avail + 1 == lim) {
			avail &= SD_MAX_BOUND - 1;
			if (avail && !sd_read_user(buf + off + sizeof(struct sd_var), avail, uptr)) {
				sd_var_put(buf, off, slot, SD_ST_TRUNC, (u16)avail);
				*offp = off + sizeof(struct sd_var) + avail;
				return 0;
			}
		}
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -EFAULT;
	}
	n = (n - 1) & (SD_MAX_BOUND - 1);
	sd_var_put(buf, off, slot, n + 1 >= lim ? SD_ST_TRUNC : 0, (u16)n);
	*offp = off + sizeof(struct sd_var) + (u32)n;
	return 0;
}

static int sd_cap_mem(u8 *buf, u32 *offp, u8 slot, u64 uptr, u64 len, u32 bound,
		      int by_strsize)
{
	u32 off = SD_OFF(*offp);
	u8 st = 0;
	u64 n = len;

	if (by_strsize && n > sd_strsize + 1) {
		n = sd_strsize + 1;
		st = SD_ST_TRUNC;
	}
	if (n > bound) {
		n = bound;
		st = SD_ST_TRUNC;
		sd_count(SD_CNT_TRUNC);
	}
	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	if (n > SD_MAX_BOUND)
		n = SD_MAX_BOUND;
	if (sd_read_user(buf + off + sizeof(struct sd_var), (u32)n, uptr)) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -EFAULT;
	}
	sd_var_put(buf, off, slot, st, (u16)n);
	*offp = off + sizeof(struct sd_var) + (u32)n;
	return 0;
}

static u64 sd_user_u32(u64 p)
{
	u32 v = 0;

	if (!p || sd_read_user(&v, sizeof(v), p))
		return 0;
	return v;
}

static int sd_cap_array(u8 *buf, u32 *offp, u8 slot, u64 uptr, u64 len, u32 bound,
			u32 esize)
{
	int rc = sd_cap_mem(buf, offp, slot, uptr, len, bound, 0);
	u32 off, n;

	if (rc != -EFAULT || !esize)
		return rc;
	off = SD_OFF(*offp - sizeof(struct sd_var));
	n = (4096 - (u32)(uptr & 4095)) / esize * esize;
	if (!n || n >= len || n > bound)
		return rc;
	n &= SD_MAX_BOUND - 1;
	if (!n || sd_read_user(buf + off + sizeof(struct sd_var), n, uptr))
		return rc;
	sd_var_put(buf, off, slot, SD_ST_PART, (u16)n);
	*offp = off + sizeof(struct sd_var) + n;
	return rc;
}

static int sd_cap_records(u8 *buf, u32 *offp, u8 slot, u64 uptr, u64 len, u32 bound,
			  u16 reclen_off, u8 reclen_size, u8 align)
{
	u32 clen = len > 0x7fffffff ? 0 : (u32)len, coff = 0, count = 0, i;
	u32 off = SD_OFF(*offp), n = clen;
	u8 st = 0;

	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	for (i = 0; i < 65536 && coff < clen; i++) {
		u32 rl = 0;

		if (coff + reclen_off + reclen_size > clen ||
		    sd_read_user(&rl, reclen_size == 2 ? 2 : reclen_size == 1 ? 1 : 4,
				 uptr + coff + reclen_off) ||
		    !rl || coff + rl > clen)
			break;
		count++;
		coff += (rl + align - 1) & ~(u32)(align - 1);	/* cmsg: CMSG_ALIGN */
	}
	count |= coff < clen ? 0x80000000u : 0;
	if (n > bound) {
		n = bound;
		st = SD_ST_TRUNC;
	}
	memcpy(buf + off + sizeof(struct sd_var), &count, sizeof(count));
	n &= SD_MAX_BOUND - 1;
	if (n && sd_read_user(buf + off + sizeof(struct sd_var) + 4, n, uptr)) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -EFAULT;
	}
	sd_var_put(buf, off, slot, st, (u16)(n + 4));
	*offp = off + sizeof(struct sd_var) + 4 + n;
	return 0;
}

static int sd_cap_strarray(u8 *buf, u32 *offp, u8 slot, u64 uptr, u32 n, u32 s,
			   int abbrev)
{
	u32 off = SD_OFF(*offp), o = off + sizeof(struct sd_var), count = 0, lim = s, i;
	u32 end = 0;
	bool fault = false, ended = false, unterminated = false;
	u8 st = 0;
	u64 p = 0;

	if (sd_verbose) {	/* -v: as many strings as the bytes allow */
		end = o + (abbrev ? SD_ABBREV_BOUND : n * (2 + s));
		n = SD_MAX_ELEMS;
	}
	if (abbrev && sd_verbose) {
		abbrev = 0;
		lim = min_t(u32, sd_strsize + 2, SD_ABBREV_BOUND);
		st = SD_ST_STRS;
	}
	if (!abbrev && sd_strsize + 2 < lim)
		lim = sd_strsize + 2;
	if (!uptr) {
		sd_var_put(buf, off, slot, SD_ST_NULL, 0);
		*offp = off + sizeof(struct sd_var);
		return 0;
	}
	for (i = 0; i < n; i++) {
		long k;
		u16 l;

		if (sd_read_user(&p, sizeof(p), uptr + 8 * (u64)i)) {
			fault = !i;
			unterminated = ended = true;
			break;
		}
		if (!p) {
			ended = true;
			break;
		}
		if (end && o + 2 + max_t(u32, lim, 8) > end)
			break;	/* no room for more: SD_ST_MORE */
		count++;
		if (abbrev)
			continue;
		o = SD_OFF(o);
		k = sd_read_user_str(buf + o + 2, lim & (SD_MAX_BOUND - 1), p);
		if (k <= 0) {	/* unreadable: its pointer, as strace prints it */
			l = SD_STR_PTR | sizeof(p);
			memcpy(buf + o, &l, sizeof(l));
			memcpy(buf + SD_OFF(o + 2), &p, sizeof(p));
			o += 2 + sizeof(p);
			continue;
		}
		k = (k - 1) & (SD_MAX_BOUND - 1);
		l = (u16)k;
		if (k + 1 >= lim)
			l |= SD_STR_CUT;
		memcpy(buf + o, &l, sizeof(l));
		o += 2 + (u32)k;
	}
	if (fault) {
		sd_var_put(buf, off, slot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
		sd_count(SD_CNT_FAULT);
		return -EFAULT;
	}
	if (!ended && !sd_read_user(&p, sizeof(p), uptr + 8 * (u64)count) && p) {
		st |= SD_ST_MORE;
		sd_count(SD_CNT_TRUNC);
	}
	if (unterminated)
		st |= SD_ST_PART;
	o = SD_OFF(o);
	if (abbrev) {
		memcpy(buf + o, &count, sizeof(count));
		o += sizeof(count);
	}
	sd_var_put(buf, off, slot, st, (u16)(o - off - sizeof(struct sd_var)));
	*offp = o;
	return 0;
}

/* ---- -y: what a descriptor is (sd_fdname.bpf.h) ------------------------ */

#define SD_NAME_MAX	4096

static void sd_name_put(u8 *buf, u32 *offp, u8 slot, const char *src, u32 n)
{
	u32 off = SD_OFF(*offp);

	n &= SD_NAME_MAX - 1;
	memcpy(buf + off + sizeof(struct sd_var), src, n);
	sd_var_put(buf, off, slot, 0, (u16)n);
	*offp = off + sizeof(struct sd_var) + n;
}

static void sd_cap_path_name(u8 *buf, u32 *offp, u8 slot, const struct path *p)
{
	char *nb = (char *)sd_namebuf(), *s = d_path(p, nb, SD_NAME_MAX);

	if (!IS_ERR(s))
		sd_name_put(buf, offp, slot, s, (u32)strlen(s));
}

/* The descriptor's file, under rcu_read_lock(). */
static struct file *sd_fd_file(long fd)
{
	struct files_struct *files = current->files;
	struct fdtable *fdt;

	if (fd < 0 || !files)
		return NULL;
	fdt = files_fdtable(files);
	if (fd >= fdt->max_fds)
		return NULL;
	return rcu_dereference_raw(fdt->fd[fd]);
}

static void sd_cap_fd_name(u8 *buf, u32 *offp, u8 slot, long fd)
{
	char *nb;
	struct file *file;
	unsigned long magic;
	int n;

	rcu_read_lock();
	file = sd_fd_file(fd);
	if (!file)
		goto out;
	magic = file_inode(file)->i_sb->s_magic;
	if (magic != PIPEFS_MAGIC && magic != SOCKFS_MAGIC && magic != ANON_INODE_FS_MAGIC) {
		sd_cap_path_name(buf, offp, slot, &file->f_path);
		goto out;
	}
	nb = (char *)sd_namebuf();
	if (magic == ANON_INODE_FS_MAGIC) {
		n = snprintf(nb, 64, "anon_inode:%s", file->f_path.dentry->d_name.name);
	} else if (magic == PIPEFS_MAGIC) {
		n = snprintf(nb, 64, "pipe:[%lu]", file_inode(file)->i_ino);
	} else {	/* the name sockprotoname gives: TCP, UNIX-STREAM */
		struct socket *sock = file->private_data;
		struct sock *sk = sock ? sock->sk : NULL;

		n = snprintf(nb, 96, "socket:[%lu]\t%s", file_inode(file)->i_ino,
			     sk && sk->sk_prot_creator ? sk->sk_prot_creator->name : "");
	}
	if (n > 0)
		sd_name_put(buf, offp, slot, nb, min(n, 95));
out:
	rcu_read_unlock();
}

static void sd_cap_cwd_name(u8 *buf, u32 *offp, u8 slot)
{
	struct fs_struct *fs = current->fs;

	if (!fs)
		return;
	spin_lock(&fs->lock);
	sd_cap_path_name(buf, offp, slot, &fs->pwd);
	spin_unlock(&fs->lock);
}

static u32 sd_sock_kind(long fd)
{
	struct file *file;
	struct socket *sock;
	u32 kind = 0;

	rcu_read_lock();
	file = sd_fd_file(fd);
	if (file && file_inode(file)->i_sb->s_magic == SOCKFS_MAGIC) {
		sock = file->private_data;
		if (sock && sock->sk)
			kind = (u32)sock->sk->sk_family << 16 | sock->sk->sk_protocol;
	}
	rcu_read_unlock();
	return kind;
}

static int sd_cap_nlbuf(u8 *buf, u32 *offp, u8 slot, u64 uptr, u64 len, u32 bound,
			u8 sslot, long fd)
{
	u32 kind = sd_sock_kind(fd), off = SD_OFF(*offp);

	if (!kind) {
		sd_var_put(buf, off, sslot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
	} else {
		sd_var_put(buf, off, sslot, 0, 4);
		memcpy(buf + off + sizeof(struct sd_var), &kind, 4);
		*offp = off + sizeof(struct sd_var) + 4;
	}
	if (kind >> 16 == AF_NETLINK)
		return sd_cap_array(buf, offp, slot, uptr, len, bound, 1);
	return sd_cap_mem(buf, offp, slot, uptr, len, bound, 1);
}

#endif

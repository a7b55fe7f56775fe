/* SPDX-License-Identifier: MIT */
/*
 * sd_fdname.bpf.h - what a descriptor or the working directory is, for
 * sdtrace -y: captured once, where the call that makes it returns (open,
 * socket, dup2, chdir...), as /proc/PID/fd/N would read: the path, walked
 * up through the dentries and mounts, or pipe:[INODE], socket:[INODE],
 * anon_inode:[eventfd].  The decoder keeps each process's table of names.
 * Included by sdtrace.bpf.c after sd_capture.bpf.h.
 */
#ifndef SD_FDNAME_BPF_H
#define SD_FDNAME_BPF_H

const volatile __u8 sd_fd_names;	/* -y: capture names */

#define SD_NAME_MAX	4096		/* a name, '\0' excluded, is shorter */
#define SD_PATH_DEPTH	128		/* path components walked at most */

#define SD_PIPEFS_MAGIC		0x50495045
#define SD_SOCKFS_MAGIC		0x534f434b
#define SD_ANON_INODE_MAGIC	0x09041934

struct sd_namebuf {
	__u8 buf[2 * SD_NAME_MAX];	/* the path is built backwards in the first half */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sd_namebuf);
} sd_namebuf_map SEC(".maps");

struct sd_path_ctx {
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	__u8 *dst;
	__u32 pos;			/* the path so far is dst[pos, SD_NAME_MAX) */
};

/* One step up: a component, or a mount crossed; 1 at the root. */
static long sd_path_step(__u32 i, void *vctx)
{
	struct sd_path_ctx *c = vctx;
	/* locals: CO-RE relocates reads through kernel types only */
	struct dentry *d = c->dentry, *parent = BPF_CORE_READ(d, d_parent);
	struct vfsmount *vfsmnt = c->vfsmnt;
	struct mount *mnt = c->mnt;
	struct dentry *root = BPF_CORE_READ(vfsmnt, mnt_root);
	const unsigned char *name;
	__u32 len, pos;

	(void)i;
	if (d == root || d == parent) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

		if (d != root || up == mnt)
			return 1;		/* the root of it all */
		c->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		c->mnt = up;
		c->vfsmnt = &up->mnt;
		return 0;
	}
	len = BPF_CORE_READ(d, d_name.len);
	name = BPF_CORE_READ(d, d_name.name);
	pos = c->pos;
	if (len + 1 >= pos)
		return 1;			/* longer than a path can be */
	pos -= len;
	bpf_probe_read_kernel(c->dst + (pos & (SD_NAME_MAX - 1)),
			      len & (SD_NAME_MAX - 1), name);
	pos--;
	c->dst[pos & (SD_NAME_MAX - 1)] = '/';
	c->pos = pos;
	c->dentry = parent;
	return 0;
}

/* Capture the text @n bytes at @src into @slot. */
static __always_inline void sd_name_put(__u8 *buf, __u32 *offp, __u8 slot,
					const __u8 *src, __u32 n)
{
	__u32 off = SD_OFF(*offp);

	n &= SD_NAME_MAX - 1;
	bpf_probe_read_kernel(buf + off + sizeof(struct sd_var), n, src);
	sd_var_put(buf, off, slot, 0, (__u16)n);
	*offp = off + sizeof(struct sd_var) + n;
}

/* The path of @p ("/etc/hostname"), as d_path() would give it. */
static __always_inline void sd_cap_path_name(__u8 *buf, __u32 *offp, __u8 slot,
					     const struct path *p)
{
	__u32 zero = 0;
	struct sd_namebuf *nb = bpf_map_lookup_elem(&sd_namebuf_map, &zero);
	struct sd_path_ctx c = {};

	if (!nb)
		return;
	c.dentry = BPF_CORE_READ(p, dentry);
	c.vfsmnt = BPF_CORE_READ(p, mnt);
	c.mnt = container_of(c.vfsmnt, struct mount, mnt);
	c.dst = nb->buf;
	c.pos = SD_NAME_MAX;
	bpf_loop(SD_PATH_DEPTH, sd_path_step, &c, 0);
	if (c.pos == SD_NAME_MAX) {	/* the root itself */
		c.pos--;
		nb->buf[SD_NAME_MAX - 1] = '/';
	}
	sd_name_put(buf, offp, slot, nb->buf + (c.pos & (SD_NAME_MAX - 1)),
		    SD_NAME_MAX - c.pos);
}

static const char sd_fmt_pipe[] = "pipe:[%lu]";
static const char sd_fmt_socket[] = "socket:[%lu]\t%s";	/* + the protocol, for -yy */
static const char sd_fmt_anon[] = "anon_inode:%s";

/* What descriptor @fd of the current process is. */
static __always_inline void sd_cap_fd_name_body(__u8 *buf, __u32 *offp, __u8 slot, long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	__u32 zero = 0;
	struct sd_namebuf *nb;
	unsigned long magic;
	__u64 args[2];
	long n;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds) ||
	    bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return;
	magic = BPF_CORE_READ(file, f_inode, i_sb, s_magic);
	if (magic != SD_PIPEFS_MAGIC && magic != SD_SOCKFS_MAGIC &&
	    magic != SD_ANON_INODE_MAGIC) {
		sd_cap_path_name(buf, offp, slot, &file->f_path);
		return;
	}
	nb = bpf_map_lookup_elem(&sd_namebuf_map, &zero);
	if (!nb)
		return;
	if (magic == SD_ANON_INODE_MAGIC) {
		args[0] = (__u64)BPF_CORE_READ(file, f_path.dentry, d_name.name);
		n = bpf_snprintf((char *)nb->buf, 64, sd_fmt_anon, args, sizeof(args));
	} else if (magic == SD_PIPEFS_MAGIC) {
		args[0] = BPF_CORE_READ(file, f_inode, i_ino);
		n = bpf_snprintf((char *)nb->buf, 64, sd_fmt_pipe, args, sizeof(args[0]));
	} else {	/* the name sockprotoname gives: TCP, UNIX-STREAM */
		struct socket *sock = BPF_CORE_READ(file, private_data);
		struct proto *prot = BPF_CORE_READ(sock, sk, sk_prot_creator);

		args[0] = BPF_CORE_READ(file, f_inode, i_ino);
		args[1] = (__u64)&prot->name;
		n = bpf_snprintf((char *)nb->buf, 96, sd_fmt_socket, args, sizeof(args));
	}
	if (n > 1)
		sd_name_put(buf, offp, slot, nb->buf, (__u32)n - 1);
}

/* The current process's working directory (after chdir). */
static __always_inline void sd_cap_cwd_name_body(__u8 *buf, __u32 *offp, __u8 slot)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fs_struct *fs = BPF_CORE_READ(task, fs);

	sd_cap_path_name(buf, offp, slot, &fs->pwd);
}

/* Global functions, checked once per program (see sd_capture.bpf.h). */
__noinline int sd_cap_fd_name_g(struct sd_recbuf *rb, __u32 *offp, __u32 slot, long fd)
{
	if (rb && offp)
		sd_cap_fd_name_body(rb->b, offp, (__u8)slot, fd);
	return 0;
}

static __always_inline void sd_cap_fd_name(__u8 *buf, __u32 *offp, __u8 slot, long fd)
{
	sd_cap_fd_name_g((struct sd_recbuf *)buf, offp, slot, fd);
}

__noinline int sd_cap_cwd_name_g(struct sd_recbuf *rb, __u32 *offp, __u32 slot)
{
	if (rb && offp)
		sd_cap_cwd_name_body(rb->b, offp, (__u8)slot);
	return 0;
}

static __always_inline void sd_cap_cwd_name(__u8 *buf, __u32 *offp, __u8 slot)
{
	sd_cap_cwd_name_g((struct sd_recbuf *)buf, offp, slot);
}

/*
 * A socket's family and protocol, (family << 16 | protocol), for
 * descriptor @fd of the current process; 0 if it is no socket.
 */
static __always_inline __u32 sd_sock_kind(long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	struct socket *sock;
	struct sock *sk;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds) ||
	    bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file ||
	    BPF_CORE_READ(file, f_inode, i_sb, s_magic) != SD_SOCKFS_MAGIC)
		return 0;
	sock = BPF_CORE_READ(file, private_data);
	sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return 0;
	return (__u32)BPF_CORE_READ(sk, __sk_common.skc_family) << 16 |
	       BPF_CORE_READ(sk, sk_protocol);
}

#define SD_AF_NETLINK	16

/*
 * A @netlink(FD) buffer: what socket @fd is (slot @sslot: 4 bytes, or
 * SD_ST_FAULT for no socket), then the bytes; netlink messages are
 * decoded whole, so they are not cut at -s, and a copy that faults keeps
 * what precedes the unreadable page, as strace reads message by message.
 */
static __always_inline int sd_cap_nlbuf(__u8 *buf, __u32 *offp, __u8 slot,
					__u64 uptr, __u64 len, __u32 bound,
					__u8 sslot, long fd)
{
	__u32 kind = sd_sock_kind(fd);
	__u32 off = SD_OFF(*offp);

	if (!kind) {
		sd_var_put(buf, off, sslot, SD_ST_FAULT, 0);
		*offp = off + sizeof(struct sd_var);
	} else {
		sd_var_put(buf, off, sslot, 0, 4);
		__builtin_memcpy(buf + off + sizeof(struct sd_var), &kind, 4);
		*offp = off + sizeof(struct sd_var) + 4;
	}
	if (kind >> 16 == SD_AF_NETLINK)
		return sd_cap_array(buf, offp, slot, uptr, len, bound, 1);
	return sd_cap_mem(buf, offp, slot, uptr, len, bound, 1);
}

#endif

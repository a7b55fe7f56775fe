/* SPDX-License-Identifier: MIT */
/* strfmt.c - strace 6.1 compatible value printers. */
#include "strfmt.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct sd_errno_ent {
	const char *name;
	const char *msg;	/* NULL: "Unknown error N" */
};

/*
 * Names as strace 6.1 prints them on x86_64 (EAGAIN, not EWOULDBLOCK;
 * EDEADLK, EOPNOTSUPP); messages are glibc 2.36 strerror() texts in the
 * C locale, except for the ERESTART* codes whose texts are strace's own.
 * Each entry was checked against strace 6.1 with -e inject=...:error=N.
 */
static const struct sd_errno_ent sd_errnos[] = {
	[1] = { "EPERM", "Operation not permitted" },
	[2] = { "ENOENT", "No such file or directory" },
	[3] = { "ESRCH", "No such process" },
	[4] = { "EINTR", "Interrupted system call" },
	[5] = { "EIO", "Input/output error" },
	[6] = { "ENXIO", "No such device or address" },
	[7] = { "E2BIG", "Argument list too long" },
	[8] = { "ENOEXEC", "Exec format error" },
	[9] = { "EBADF", "Bad file descriptor" },
	[10] = { "ECHILD", "No child processes" },
	[11] = { "EAGAIN", "Resource temporarily unavailable" },
	[12] = { "ENOMEM", "Cannot allocate memory" },
	[13] = { "EACCES", "Permission denied" },
	[14] = { "EFAULT", "Bad address" },
	[15] = { "ENOTBLK", "Block device required" },
	[16] = { "EBUSY", "Device or resource busy" },
	[17] = { "EEXIST", "File exists" },
	[18] = { "EXDEV", "Invalid cross-device link" },
	[19] = { "ENODEV", "No such device" },
	[20] = { "ENOTDIR", "Not a directory" },
	[21] = { "EISDIR", "Is a directory" },
	[22] = { "EINVAL", "Invalid argument" },
	[23] = { "ENFILE", "Too many open files in system" },
	[24] = { "EMFILE", "Too many open files" },
	[25] = { "ENOTTY", "Inappropriate ioctl for device" },
	[26] = { "ETXTBSY", "Text file busy" },
	[27] = { "EFBIG", "File too large" },
	[28] = { "ENOSPC", "No space left on device" },
	[29] = { "ESPIPE", "Illegal seek" },
	[30] = { "EROFS", "Read-only file system" },
	[31] = { "EMLINK", "Too many links" },
	[32] = { "EPIPE", "Broken pipe" },
	[33] = { "EDOM", "Numerical argument out of domain" },
	[34] = { "ERANGE", "Numerical result out of range" },
	[35] = { "EDEADLK", "Resource deadlock avoided" },
	[36] = { "ENAMETOOLONG", "File name too long" },
	[37] = { "ENOLCK", "No locks available" },
	[38] = { "ENOSYS", "Function not implemented" },
	[39] = { "ENOTEMPTY", "Directory not empty" },
	[40] = { "ELOOP", "Too many levels of symbolic links" },
	[42] = { "ENOMSG", "No message of desired type" },
	[43] = { "EIDRM", "Identifier removed" },
	[44] = { "ECHRNG", "Channel number out of range" },
	[45] = { "EL2NSYNC", "Level 2 not synchronized" },
	[46] = { "EL3HLT", "Level 3 halted" },
	[47] = { "EL3RST", "Level 3 reset" },
	[48] = { "ELNRNG", "Link number out of range" },
	[49] = { "EUNATCH", "Protocol driver not attached" },
	[50] = { "ENOCSI", "No CSI structure available" },
	[51] = { "EL2HLT", "Level 2 halted" },
	[52] = { "EBADE", "Invalid exchange" },
	[53] = { "EBADR", "Invalid request descriptor" },
	[54] = { "EXFULL", "Exchange full" },
	[55] = { "ENOANO", "No anode" },
	[56] = { "EBADRQC", "Invalid request code" },
	[57] = { "EBADSLT", "Invalid slot" },
	[59] = { "EBFONT", "Bad font file format" },
	[60] = { "ENOSTR", "Device not a stream" },
	[61] = { "ENODATA", "No data available" },
	[62] = { "ETIME", "Timer expired" },
	[63] = { "ENOSR", "Out of streams resources" },
	[64] = { "ENONET", "Machine is not on the network" },
	[65] = { "ENOPKG", "Package not installed" },
	[66] = { "EREMOTE", "Object is remote" },
	[67] = { "ENOLINK", "Link has been severed" },
	[68] = { "EADV", "Advertise error" },
	[69] = { "ESRMNT", "Srmount error" },
	[70] = { "ECOMM", "Communication error on send" },
	[71] = { "EPROTO", "Protocol error" },
	[72] = { "EMULTIHOP", "Multihop attempted" },
	[73] = { "EDOTDOT", "RFS specific error" },
	[74] = { "EBADMSG", "Bad message" },
	[75] = { "EOVERFLOW", "Value too large for defined data type" },
	[76] = { "ENOTUNIQ", "Name not unique on network" },
	[77] = { "EBADFD", "File descriptor in bad state" },
	[78] = { "EREMCHG", "Remote address changed" },
	[79] = { "ELIBACC", "Can not access a needed shared library" },
	[80] = { "ELIBBAD", "Accessing a corrupted shared library" },
	[81] = { "ELIBSCN", ".lib section in a.out corrupted" },
	[82] = { "ELIBMAX", "Attempting to link in too many shared libraries" },
	[83] = { "ELIBEXEC", "Cannot exec a shared library directly" },
	[84] = { "EILSEQ", "Invalid or incomplete multibyte or wide character" },
	[85] = { "ERESTART", "Interrupted system call should be restarted" },
	[86] = { "ESTRPIPE", "Streams pipe error" },
	[87] = { "EUSERS", "Too many users" },
	[88] = { "ENOTSOCK", "Socket operation on non-socket" },
	[89] = { "EDESTADDRREQ", "Destination address required" },
	[90] = { "EMSGSIZE", "Message too long" },
	[91] = { "EPROTOTYPE", "Protocol wrong type for socket" },
	[92] = { "ENOPROTOOPT", "Protocol not available" },
	[93] = { "EPROTONOSUPPORT", "Protocol not supported" },
	[94] = { "ESOCKTNOSUPPORT", "Socket type not supported" },
	[95] = { "EOPNOTSUPP", "Operation not supported" },
	[96] = { "EPFNOSUPPORT", "Protocol family not supported" },
	[97] = { "EAFNOSUPPORT", "Address family not supported by protocol" },
	[98] = { "EADDRINUSE", "Address already in use" },
	[99] = { "EADDRNOTAVAIL", "Cannot assign requested address" },
	[100] = { "ENETDOWN", "Network is down" },
	[101] = { "ENETUNREACH", "Network is unreachable" },
	[102] = { "ENETRESET", "Network dropped connection on reset" },
	[103] = { "ECONNABORTED", "Software caused connection abort" },
	[104] = { "ECONNRESET", "Connection reset by peer" },
	[105] = { "ENOBUFS", "No buffer space available" },
	[106] = { "EISCONN", "Transport endpoint is already connected" },
	[107] = { "ENOTCONN", "Transport endpoint is not connected" },
	[108] = { "ESHUTDOWN", "Cannot send after transport endpoint shutdown" },
	[109] = { "ETOOMANYREFS", "Too many references: cannot splice" },
	[110] = { "ETIMEDOUT", "Connection timed out" },
	[111] = { "ECONNREFUSED", "Connection refused" },
	[112] = { "EHOSTDOWN", "Host is down" },
	[113] = { "EHOSTUNREACH", "No route to host" },
	[114] = { "EALREADY", "Operation already in progress" },
	[115] = { "EINPROGRESS", "Operation now in progress" },
	[116] = { "ESTALE", "Stale file handle" },
	[117] = { "EUCLEAN", "Structure needs cleaning" },
	[118] = { "ENOTNAM", "Not a XENIX named type file" },
	[119] = { "ENAVAIL", "No XENIX semaphores available" },
	[120] = { "EISNAM", "Is a named type file" },
	[121] = { "EREMOTEIO", "Remote I/O error" },
	[122] = { "EDQUOT", "Disk quota exceeded" },
	[123] = { "ENOMEDIUM", "No medium found" },
	[124] = { "EMEDIUMTYPE", "Wrong medium type" },
	[125] = { "ECANCELED", "Operation canceled" },
	[126] = { "ENOKEY", "Required key not available" },
	[127] = { "EKEYEXPIRED", "Key has expired" },
	[128] = { "EKEYREVOKED", "Key has been revoked" },
	[129] = { "EKEYREJECTED", "Key was rejected by service" },
	[130] = { "EOWNERDEAD", "Owner died" },
	[131] = { "ENOTRECOVERABLE", "State not recoverable" },
	[132] = { "ERFKILL", "Operation not possible due to RF-kill" },
	[133] = { "EHWPOISON", "Memory page has hardware error" },
	[512] = { "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	[513] = { "ERESTARTNOINTR", "To be restarted" },
	[514] = { "ERESTARTNOHAND", "To be restarted if no handler" },
	[515] = { "ENOIOCTLCMD", NULL },
	[516] = { "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	[517] = { "EPROBE_DEFER", NULL },
	[518] = { "EOPENSTALE", NULL },
	[521] = { "EBADHANDLE", NULL },
	[522] = { "ENOTSYNC", NULL },
	[523] = { "EBADCOOKIE", NULL },
	[524] = { "ENOTSUPP", NULL },
	[525] = { "ETOOSMALL", NULL },
	[526] = { "ESERVERFAULT", NULL },
	[527] = { "EBADTYPE", NULL },
	[528] = { "EJUKEBOX", NULL },
	[529] = { "EIOCBQUEUED", NULL },
	[530] = { "ERECALLCONFLICT", NULL },
};

#define SD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- strings */

static bool sd_is_print(unsigned char c)
{
	return c >= ' ' && c < 0x7f;
}

static bool sd_is_odigit(unsigned char c)
{
	return c >= '0' && c <= '7';
}

/*
 * Quote data[0..size) into out (room for 4 * size bytes), stopping at the
 * first NUL if @stop_at_nul. Returns the end of the output and sets *nul_seen.
 */
static char *sd_quote_bytes(char *out, const unsigned char *data, size_t size,
			    bool stop_at_nul, bool *nul_seen)
{
	static const char odig[] = "01234567";
	size_t i;

	*nul_seen = false;
	for (i = 0; i < size; i++) {
		unsigned char c = data[i];

		if (c == '\0' && stop_at_nul) {
			*nul_seen = true;
			break;
		}
		switch (c) {
		case '"':
		case '\\':
			*out++ = '\\';
			*out++ = (char)c;
			break;
		case '\t':
			*out++ = '\\';
			*out++ = 't';
			break;
		case '\n':
			*out++ = '\\';
			*out++ = 'n';
			break;
		case '\v':
			*out++ = '\\';
			*out++ = 'v';
			break;
		case '\f':
			*out++ = '\\';
			*out++ = 'f';
			break;
		case '\r':
			*out++ = '\\';
			*out++ = 'r';
			break;
		default:
			if (sd_is_print(c)) {
				*out++ = (char)c;
				break;
			}
			*out++ = '\\';
			/*
			 * Full three digits only when the next printed byte is
			 * an octal digit; otherwise drop leading zeros.
			 */
			if (i + 1 < size && sd_is_odigit(data[i + 1])) {
				*out++ = odig[c >> 6];
				*out++ = odig[(c >> 3) & 7];
			} else if (c >> 3) {
				if (c >> 6)
					*out++ = odig[c >> 6];
				*out++ = odig[(c >> 3) & 7];
			}
			*out++ = odig[c & 7];
			break;
		}
	}
	return out;
}

void sd_fmt_quoted(struct sd_buf *b, const unsigned char *data, size_t len,
		   size_t limit, unsigned flags)
{
	bool nul_term = flags & SD_FMT_NUL_TERMINATED;
	size_t size = len < limit ? len : limit;
	bool nul_seen, ellipsis;
	char *end;

	if (!data)
		size = len = 0;
	/* 4 bytes per input byte, 2 quotes, "..." */
	if (size > (SIZE_MAX - 5) / 4 || sd_buf_reserve(b, 4 * size + 5))
		return;

	end = b->p + b->len;
	*end++ = '"';
	end = sd_quote_bytes(end, data, size, nul_term, &nul_seen);
	*end++ = '"';

	if (nul_term) {
		if (nul_seen)
			ellipsis = false;
		else if (len > limit)
			ellipsis = data[limit] != '\0';
		else
			ellipsis = flags & SD_FMT_TRUNCATED;
	} else {
		ellipsis = len > limit || (flags & SD_FMT_TRUNCATED);
	}
	if (ellipsis) {
		*end++ = '.';
		*end++ = '.';
		*end++ = '.';
	}
	*end = '\0';
	b->len = (size_t)(end - b->p);
}

/* ----------------------------------------------------------------- errors */

const char *sd_errno_name(long err)
{
	if (err <= 0 || (unsigned long)err >= SD_ARRAY_SIZE(sd_errnos))
		return NULL;
	return sd_errnos[err].name;
}

void sd_fmt_errno(struct sd_buf *b, long ret)
{
	const struct sd_errno_ent *e;
	long err;

	if (ret < -4095 || ret > -1) {
		sd_buf_printf(b, "%ld", ret);
		return;
	}
	err = -ret;
	if ((unsigned long)err >= SD_ARRAY_SIZE(sd_errnos) ||
	    !sd_errnos[err].name) {
		sd_buf_printf(b, "-1 (errno %ld)", err);
		return;
	}
	e = &sd_errnos[err];
	switch (err) {
	case 512:	/* ERESTARTSYS */
	case 513:	/* ERESTARTNOINTR */
	case 514:	/* ERESTARTNOHAND */
	case 516:	/* ERESTART_RESTARTBLOCK */
		sd_buf_printf(b, "? %s (%s)", e->name, e->msg);
		return;
	}
	if (e->msg)
		sd_buf_printf(b, "-1 %s (%s)", e->name, e->msg);
	else
		sd_buf_printf(b, "-1 %s (Unknown error %ld)", e->name, err);
}

/* ---------------------------------------------------------------- signals */

static const char *const sd_signames[] = {
	NULL,        "SIGHUP",    "SIGINT",    "SIGQUIT",   "SIGILL",
	"SIGTRAP",   "SIGABRT",   "SIGBUS",    "SIGFPE",    "SIGKILL",
	"SIGUSR1",   "SIGSEGV",   "SIGUSR2",   "SIGPIPE",   "SIGALRM",
	"SIGTERM",   "SIGSTKFLT", "SIGCHLD",   "SIGCONT",   "SIGSTOP",
	"SIGTSTP",   "SIGTTIN",   "SIGTTOU",   "SIGURG",    "SIGXCPU",
	"SIGXFSZ",   "SIGVTALRM", "SIGPROF",   "SIGWINCH",  "SIGIO",
	"SIGPWR",    "SIGSYS",    "SIGRTMIN",  "SIGRT_1",   "SIGRT_2",
	"SIGRT_3",   "SIGRT_4",   "SIGRT_5",   "SIGRT_6",   "SIGRT_7",
	"SIGRT_8",   "SIGRT_9",   "SIGRT_10",  "SIGRT_11",  "SIGRT_12",
	"SIGRT_13",  "SIGRT_14",  "SIGRT_15",  "SIGRT_16",  "SIGRT_17",
	"SIGRT_18",  "SIGRT_19",  "SIGRT_20",  "SIGRT_21",  "SIGRT_22",
	"SIGRT_23",  "SIGRT_24",  "SIGRT_25",  "SIGRT_26",  "SIGRT_27",
	"SIGRT_28",  "SIGRT_29",  "SIGRT_30",  "SIGRT_31",  "SIGRT_32",
};

const char *sd_signame(int sig)
{
	if (sig <= 0 || (unsigned int)sig >= SD_ARRAY_SIZE(sd_signames))
		return NULL;
	return sd_signames[sig];
}

void sd_fmt_signal(struct sd_buf *b, long sig)
{
	int s = (int)sig;
	const char *name = sd_signame(s);

	if (name)
		sd_buf_puts(b, name);
	else
		sd_buf_printf(b, "%d", s);
}

/* ------------------------------------------------------- numbers & modes */

void sd_fmt_ptr(struct sd_buf *b, unsigned long v)
{
	if (!v)
		sd_buf_puts(b, "NULL");
	else
		sd_buf_printf(b, "%#lx", v);
}

void sd_fmt_umode(struct sd_buf *b, unsigned long mode)
{
	sd_buf_printf(b, "%#03o", (unsigned int)(unsigned short)mode);
}

/* Values from <sys/stat.h>, spelled out so the module needs no headers. */
#define SD_S_IFMT	0170000u
#define SD_S_ISUID	04000u
#define SD_S_ISGID	02000u
#define SD_S_ISVTX	01000u

static const struct sd_xlat sd_modetypes[] = {
	{ 0100000, "S_IFREG" },
	{ 0140000, "S_IFSOCK" },
	{ 0010000, "S_IFIFO" },
	{ 0120000, "S_IFLNK" },
	{ 0040000, "S_IFDIR" },
	{ 0060000, "S_IFBLK" },
	{ 0020000, "S_IFCHR" },
};

static const char *sd_xlookup(const struct sd_xlat *tab, size_t n,
			      unsigned long long v)
{
	size_t i;

	if (!tab)
		return NULL;
	for (i = 0; i < n; i++)
		if (tab[i].val == v && tab[i].name)
			return tab[i].name;
	return NULL;
}

void sd_fmt_filemode(struct sd_buf *b, unsigned long mode)
{
	unsigned int m = (unsigned int)mode;
	const char *type = "";

	if (m & SD_S_IFMT) {
		type = sd_xlookup(sd_modetypes, SD_ARRAY_SIZE(sd_modetypes),
				  m & SD_S_IFMT);
		if (!type) {
			sd_buf_printf(b, "%#03o", m);
			return;
		}
	}
	sd_buf_printf(b, "%s%s%s%s%s%#03o", type, *type ? "|" : "",
		      (m & SD_S_ISUID) ? "S_ISUID|" : "",
		      (m & SD_S_ISGID) ? "S_ISGID|" : "",
		      (m & SD_S_ISVTX) ? "S_ISVTX|" : "",
		      m & ~(SD_S_IFMT | SD_S_ISUID | SD_S_ISGID | SD_S_ISVTX));
}

/* ------------------------------------------------------- flags and enums */

void sd_fmt_time(struct sd_buf *b, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[64];

	if (!localtime_r(&tt, &tm) || !strftime(s, sizeof(s), "%FT%T%z", &tm))
		return;
	sd_buf_puts(b, s);
}

void sd_put_comment(struct sd_buf *b, const char *text)
{
	if (text && *text)
		sd_buf_printf(b, " /* %s */", text);
}

void sd_fmt_flags_ex(struct sd_buf *b, unsigned long long v,
		     const struct sd_xlat *bits, size_t nbits,
		     const struct sd_xlat *field, size_t nfield,
		     unsigned long long field_mask, const char *dflt)
{
	const char *name;
	size_t i, n = 0;

	if (field) {
		name = sd_xlookup(field, nfield, v & field_mask);
		if (name) {
			sd_buf_puts(b, name);
			v &= ~field_mask;
			if (!v)
				return;
			sd_buf_putc(b, '|');
		}
	}

	if (!v) {
		for (i = 0; bits && i < nbits; i++) {
			if (bits[i].val == 0 && bits[i].name) {
				sd_buf_puts(b, bits[i].name);
				return;
			}
		}
		sd_buf_putc(b, '0');
		return;
	}

	for (i = 0; bits && v && i < nbits; i++) {
		unsigned long long bv = bits[i].val;

		if (!bv || !bits[i].name || (v & bv) != bv)
			continue;
		if (n++)
			sd_buf_putc(b, '|');
		sd_buf_puts(b, bits[i].name);
		v &= ~bv;
	}

	if (!v)
		return;
	if (n) {
		sd_buf_printf(b, "|%#llx", v);
	} else {
		sd_buf_printf(b, "%#llx", v);
		sd_put_comment(b, dflt);
	}
}

void sd_fmt_flags(struct sd_buf *b, unsigned long long v,
		  const struct sd_xlat *bits, size_t nbits,
		  const struct sd_xlat *field, size_t nfield,
		  unsigned long long field_mask)
{
	sd_fmt_flags_ex(b, v, bits, nbits, field, nfield, field_mask, NULL);
}

void sd_fmt_enum_ex(struct sd_buf *b, long long v, const struct sd_xlat *tab,
		    size_t n, const char *unknown_fmt, enum sd_xval_fmt fmt)
{
	const char *name = sd_xlookup(tab, n, (unsigned long long)v);

	if (name) {
		sd_buf_puts(b, name);
		return;
	}
	switch (fmt) {
	case SD_XVAL_UNSIGNED:
		sd_buf_printf(b, "%llu", (unsigned long long)v);
		break;
	case SD_XVAL_SIGNED:
		sd_buf_printf(b, "%lld", v);
		break;
	case SD_XVAL_HEX:
	default:
		sd_buf_printf(b, "%#llx", (unsigned long long)v);
		break;
	}
	sd_put_comment(b, unknown_fmt);
}

void sd_fmt_enum(struct sd_buf *b, long long v, const struct sd_xlat *tab,
		 size_t n, const char *unknown_fmt)
{
	sd_fmt_enum_ex(b, v, tab, n, unknown_fmt, SD_XVAL_HEX);
}

/* -------------------------------------------------------------------- fds */

#define SD_AT_FDCWD (-100)

void sd_fmt_fd(struct sd_buf *b, long fd)
{
	sd_buf_printf(b, "%d", (int)fd);
}

void sd_fmt_dirfd(struct sd_buf *b, long fd)
{
	if ((int)fd == SD_AT_FDCWD)
		sd_buf_puts(b, "AT_FDCWD");
	else
		sd_fmt_fd(b, fd);
}

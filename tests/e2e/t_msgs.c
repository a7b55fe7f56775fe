/* SPDX-License-Identifier: MIT */
/*
 * t_msgs - message headers copied through their pointers, for the guest's
 * check that both backends record them alike: sendmsg with two buffers
 * and a descriptor passed (SCM_RIGHTS), recvmsg of it, sendmmsg of three
 * messages with addresses and control data, recvmmsg of them, and a
 * failed sendmmsg.  It writes no expectations: the guest compares the
 * module's lines with eBPF's.
 */
#include "e2e.h"

#include <sys/socket.h>
#include <sys/uio.h>

int main(void)
{
	char a[] = "hello", b[] = "world", rb[3][16], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov[2] = { { a, 5 }, { b, 5 } }, riov[3][2];
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct mmsghdr mm[3], rm[3];
	struct cmsghdr *c = (struct cmsghdr *)cbuf;
	int sv[2], i;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return 1;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(c), &sv[0], sizeof(int));
	sendmsg(sv[0], &m, 0);
	memset(rb, 0, sizeof(rb));
	riov[0][0] = (struct iovec){ rb[0], 4 };
	riov[0][1] = (struct iovec){ rb[1], 8 };
	m.msg_iov = riov[0];
	m.msg_controllen = sizeof(cbuf);
	recvmsg(sv[1], &m, 0);
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_iov = &iov[i & 1];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	mm[1].msg_hdr.msg_control = cbuf;
	mm[1].msg_hdr.msg_controllen = sizeof(cbuf);
	sendmmsg(sv[0], mm, 3, 0);
	memset(rm, 0, sizeof(rm));
	for (i = 0; i < 3; i++) {
		riov[i][0] = (struct iovec){ rb[i], 3 };
		riov[i][1] = (struct iovec){ rb[i] + 3, 13 };
		rm[i].msg_hdr.msg_iov = riov[i];
		rm[i].msg_hdr.msg_iovlen = 2;
		rm[i].msg_hdr.msg_control = cbuf;
		rm[i].msg_hdr.msg_controllen = sizeof(cbuf);
	}
	recvmmsg(sv[1], rm, 3, MSG_DONTWAIT, NULL);
	sendmmsg(-1, mm, 2, 0);
	return 0;
}

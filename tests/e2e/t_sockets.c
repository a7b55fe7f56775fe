/* SPDX-License-Identifier: MIT */
/*
 * t_sockets - sockets for -yy, which names them as strace does:
 * UNIX-STREAM:[INO->PEER], TCP:[127.0.0.1:P1->127.0.0.1:P2], UDP:[...].
 * A unix socketpair passes a few bytes; a TCP listener on an ephemeral
 * port of 127.0.0.1 accepts a connection and bytes go both ways; a UDP
 * socket sends a datagram to itself.  sdtrace and strace trace it with
 * -yy -e trace=socketpair,listen,write,read,sendto,recvfrom,shutdown,close
 * and the lines are compared, inodes and ports aside.  sdtrace asks the
 * kernel about a socket when it prints the line, strace when the call is
 * made, both keep what they found: the traced calls are made on sockets
 * set up already, and the program waits before closing them.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "e2e.h"

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int sv[2], l, c, s, u;
	struct timespec ts = { 0, 500 * 1000 * 1000 };
	char buf[8];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 1;
	write(sv[0], "unix", 4);
	read(sv[1], buf, sizeof(buf));

	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &alen))
		return 1;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
		return 1;
	s = accept(l, NULL, NULL);
	if (s < 0)
		return 1;
	sendto(c, "ping", 4, 0, NULL, 0);
	recvfrom(s, buf, sizeof(buf), 0, NULL, NULL);
	sendto(s, "pong", 4, 0, NULL, 0);
	recvfrom(c, buf, sizeof(buf), 0, NULL, NULL);
	shutdown(c, SHUT_WR);

	u = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_port = 0;
	alen = sizeof(a);
	if (u < 0 || bind(u, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(u, (struct sockaddr *)&a, &alen) ||
	    connect(u, (struct sockaddr *)&a, sizeof(a)))
		return 1;
	sendto(u, "udp", 3, 0, NULL, 0);
	recvfrom(u, buf, sizeof(buf), 0, NULL, NULL);
	nanosleep(&ts, NULL);
	close(s);
	close(c);
	close(l);
	close(u);
	close(sv[0]);
	close(sv[1]);
	return 0;
}

/**
 * Who may connect: CIDR allow and deny lists over IPv4 and IPv6, applied before a request
 * reaches a handler (socketserver's {@code verify_request}) or a protocol. Cross-cutting: depends
 * on nothing in core. A denied TCP connection is closed at once; a denied datagram is dropped;
 * both are counted and logged.
 */
package io.switchboard.access;

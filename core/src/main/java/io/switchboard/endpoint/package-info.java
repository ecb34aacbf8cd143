/**
 * Where a socket listens or connects: {@code tcp://host:port}, {@code tls://host:port}, {@code udp://host:port},
 * {@code unix:///path} and {@code unixgram:///path}.
 *
 * <p>The lowest layer of core; it depends on nothing but {@code java.base}. Every other layer
 * names addresses through {@link io.switchboard.endpoint.Endpoint}, so one string a user typed on
 * the command line reaches the socket layer unchanged in meaning.
 *
 * <pre>
 *   "tcp://[::1]:7777"  ──Endpoint.parse──▶  TcpEndpoint[host=::1, port=7777]
 *   "127.0.0.1:21567"   ──Endpoint.parse──▶  TcpEndpoint[host=127.0.0.1, port=21567]  (shorthand)
 *   "unixgram:///tmp/s" ──Endpoint.parse──▶  UnixDatagramEndpoint[path=/tmp/s]
 * </pre>
 *
 * <p>Not guaranteed: parsing never resolves host names; resolution happens when a socket binds or
 * connects, so a name that does not resolve fails there, with the name in the message.
 */
package io.switchboard.endpoint;

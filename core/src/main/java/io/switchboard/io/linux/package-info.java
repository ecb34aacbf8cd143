/**
 * The Linux backend in pure Java: the kernel's socket calls, {@code select(2)}, {@code poll(2)}
 * and {@code epoll(7)} (level- and edge-triggered), called through the Foreign Function &amp;
 * Memory API. No JNI, no C compiler.
 *
 * <p>The only package of Switchboard that touches {@code java.lang.foreign}. One package-private
 * class per C facility ({@code Sockets}, {@code Select}, {@code Poll}, {@code Epoll},
 * {@code EventFd}) takes raw ints in and out; {@code Libc} alone captures {@code errno} and turns
 * a {@code -1} into an exception that names the call, the descriptor and the error:
 * {@code epoll_ctl(ADD, fd=12) failed: EBADF (Bad file descriptor)}.
 *
 * <pre>
 *   LinuxBackend(kind) ──openPoller──▶ SelectPoller | PollPoller | EpollPoller(level|edge)
 *        │                                    └── NativePoller: registrations by fd, eventfd wakeup
 *        └─listen/connect/bind──▶ NativeListenerSocket, NativeStreamSocket, NativeDatagramSocket
 *                                  (TCP, UDP, Unix stream and Unix datagram — the last one the JDK lacks)
 * </pre>
 *
 * <p>{@link io.switchboard.io.linux.Linux#isAvailable()} probes the platform (Linux on x86-64 or
 * AArch64, native access permitted) and {@link io.switchboard.io.linux.Linux#unavailabilityCause()}
 * says why not. Not guaranteed: a descriptor closed without being deregistered first may be
 * reported once more by select or poll (as {@code POLLNVAL}); the reactor always deregisters first.
 */
package io.switchboard.io.linux;

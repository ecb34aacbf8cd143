/**
 * The event-driven reactor: event loops, transports, protocols and factories, as in Twisted,
 * spread over several threads as in Netty.
 *
 * <p>A {@link io.switchboard.reactor.Reactor} owns N {@link io.switchboard.reactor.EventLoop}s;
 * each loop is one thread owning one {@link io.switchboard.io.Poller} and every connection
 * registered with it. A listener accepts on one loop and hands each connection to the next loop
 * in turn; from then on the connection lives on that loop, so its
 * {@link io.switchboard.reactor.Protocol}'s callbacks never run concurrently and need no locks.
 *
 * <pre>
 *   bytes ─▶ socket ─read─▶ loop's read buffer ─lend─▶ Protocol.dataReceived(buffer)
 *                                                          │ transport.write(reply)
 *   bytes ◀─ socket ◀─write at once, or queue (bounded) ◀──┘
 *                 queue &gt; high-water mark ─▶ writabilityChanged(false) ─▶ protocol pauses its producer
 *                 queue ≤ low-water mark  ─▶ writabilityChanged(true)
 *                 queue &gt; hard limit     ─▶ connection closed: CloseReason.Overloaded
 * </pre>
 *
 * <p>Ownership: the buffer handed to {@code dataReceived} is lent for the duration of the call;
 * {@code write} copies what it cannot send at once. So an echo allocates nothing per message in
 * steady state (a test counts the loop thread's allocated bytes to hold this).
 *
 * <p>Writes from other threads are handed to the connection's loop as tasks and keep their order
 * per thread; their bytes count against the limits from the moment {@code write} returns.
 * Blocking work (disk, DNS) never belongs on a loop thread.
 *
 * <p>Stopping: {@link io.switchboard.reactor.Reactor#shutdown} stops accepting, calls
 * {@link io.switchboard.reactor.Protocol#stopRequested} on every connection, waits for them to
 * close up to a deadline, then aborts the rest. A graceful close flushes, sends FIN, and drains
 * input until the peer closes (bounded by a linger timeout), so the last reply is not lost to a
 * reset.
 *
 * <p>Depends on {@code io}, {@code endpoint} and {@code metrics}. Not guaranteed: fairness between
 * connections beyond a bounded number of reads per readiness event; ordering between writes made
 * from different threads.
 */
package io.switchboard.reactor;

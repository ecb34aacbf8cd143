package io.switchboard.limits;

/**
 * What a listener does when {@code accept} fails because the process (EMFILE) or the system
 * (ENFILE) has no descriptor left. The connection that could not be accepted is still in the
 * kernel's listen backlog, so the listening socket stays readable: doing nothing would spin.
 *
 * <pre>
 *   PAUSE    accept ─EMFILE─▶ stop watching the listener 100 ms ─▶ try again ─▶ ...
 *            waiting peers stay in the backlog and are served once a descriptor frees up
 *
 *   RESERVE  accept ─EMFILE─▶ close the spare ─▶ accept + close each waiting peer ─▶ reopen the spare
 *            waiting peers see their connection end at once and may retry; nobody waits
 * </pre>
 *
 * <p>Measured in docs/performance.md ("Accept under descriptor exhaustion"): both keep the CPU
 * idle; PAUSE loses nothing a peer sent but makes it wait, RESERVE answers at once by refusing.
 */
public enum EmfilePolicy {

    /**
     * Stop accepting for 100 ms, then try again (the default). Peers wait in the
     * backlog and are served, with nothing lost, once a descriptor frees up.
     */
    PAUSE,

    /**
     * Keep one spare descriptor open; on EMFILE close it, accept each waiting connection and close
     * it at once, then take the spare back (libuv's and Twisted's trick). Each such connection is
     * counted as refused. Falls back to {@link #PAUSE} while the spare cannot be taken back.
     */
    RESERVE
}

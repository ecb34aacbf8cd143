package io.switchboard.io.linux;

import io.switchboard.io.Backend;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The entry point of the native Linux backends and their availability probe, in the manner of
 * Netty's {@code Epoll.isAvailable()} / {@code unavailabilityCause()}.
 *
 * <p>Thread-safe. The probe runs once, on first use.
 */
public final class Linux {

    /** The poller names this backend provides, fastest-measured first is decided by {@code io.Backends}. */
    public static final List<String> POLLERS = List.of("select", "poll", "epoll", "epoll-et");

    private static final class Probe {
        static final String CAUSE = probe();
    }

    private Linux() {
    }

    /** Whether the native backends work here. */
    public static boolean isAvailable() {
        return Probe.CAUSE == null;
    }

    /** Why they do not, with the flag to use instead; empty when they do. */
    public static Optional<String> unavailabilityCause() {
        return Optional.ofNullable(Probe.CAUSE);
    }

    /**
     * The backend for a poller name: {@code select}, {@code poll}, {@code epoll} or {@code epoll-et}.
     *
     * @throws IllegalArgumentException for another name
     * @throws UnsupportedOperationException saying why, when the platform cannot run it
     */
    public static Backend backend(String poller) {
        LinuxBackend.Kind kind = switch (poller) {
            case "select" -> LinuxBackend.Kind.SELECT;
            case "poll" -> LinuxBackend.Kind.POLL;
            case "epoll" -> LinuxBackend.Kind.EPOLL;
            case "epoll-et" -> LinuxBackend.Kind.EPOLL_ET;
            default -> throw new IllegalArgumentException("no native poller '" + poller + "' (expected one of: "
                    + String.join(", ", POLLERS) + ")");
        };
        if (!isAvailable()) {
            throw new UnsupportedOperationException("--poller " + poller + " is not available: " + Probe.CAUSE);
        }
        return new LinuxBackend(kind);
    }

    private static String probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux")) {
            return "native pollers need Linux, this is " + System.getProperty("os.name") + "; use --poller nio";
        }
        if (!List.of("amd64", "x86_64", "aarch64").contains(arch)) {
            return "native pollers support x86-64 and AArch64, this is " + arch + "; use --poller nio";
        }
        try {
            EventFd probe = new EventFd(); // links libc, makes a descriptor, closes it
            probe.close();
            return null;
        } catch (IllegalCallerException e) {
            return "native access is not enabled (" + e.getMessage() + "); run java with"
                    + " --enable-native-access=ALL-UNNAMED, or use --poller nio";
        } catch (Throwable t) {
            return "native calls failed: " + t + "; use --poller nio";
        }
    }
}

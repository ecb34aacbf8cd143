package io.switchboard.endpoint;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** The one place endpoint text is parsed; see {@link Endpoint#parse(String)}. */
final class EndpointParser {

    private static final int UNIX_PATH_MAX = 107; // sizeof(sockaddr_un.sun_path) - 1 on Linux

    private EndpointParser() {
    }

    static Endpoint parse(String text) {
        if (text == null) {
            throw new EndpointFormatException("null", "no text", "tcp://127.0.0.1:7777");
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new EndpointFormatException(text, "empty", "tcp://127.0.0.1:7777");
        }
        int sep = trimmed.indexOf("://");
        if (sep < 0) {
            if (trimmed.startsWith("/")) {
                throw new EndpointFormatException(text, "a path needs a scheme", "unix://" + trimmed);
            }
            return inet(text, "tcp", trimmed);
        }
        String scheme = trimmed.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = trimmed.substring(sep + 3);
        return switch (scheme) {
            case "tcp", "udp", "tls" -> inet(text, scheme, rest);
            case "unix" -> new UnixEndpoint(unixPath(text, scheme, rest));
            case "unixgram" -> new UnixDatagramEndpoint(unixPath(text, scheme, rest));
            default -> throw new EndpointFormatException(text,
                    "unknown scheme '" + scheme + "' (expected: tcp, tls, udp, unix or unixgram)",
                    "tcp://127.0.0.1:7777");
        };
    }

    private static InetEndpoint inet(String text, String scheme, String hostPort) {
        String example = scheme + "://127.0.0.1:7777";
        if (hostPort.isEmpty()) {
            throw new EndpointFormatException(text, "missing host and port", example);
        }
        if (hostPort.indexOf('/') >= 0 || hostPort.indexOf('?') >= 0 || hostPort.indexOf('#') >= 0) {
            throw new EndpointFormatException(text, "unexpected path or query after host:port", example);
        }
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new EndpointFormatException(text, "IPv6 literal without closing ']'", scheme + "://[::1]:7777");
            }
            host = hostPort.substring(1, close);
            if (host.isEmpty() || !isIpv6Literal(host)) {
                throw new EndpointFormatException(text, "'" + host + "' is not an IPv6 address", scheme + "://[::1]:7777");
            }
            String after = hostPort.substring(close + 1);
            if (!after.startsWith(":")) {
                throw new EndpointFormatException(text, after.isEmpty() ? "missing port" : "expected ':' after ']'",
                        scheme + "://[::1]:7777");
            }
            portText = after.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new EndpointFormatException(text, "missing port", example);
            }
            host = hostPort.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new EndpointFormatException(text, "an IPv6 address needs brackets", scheme + "://[::1]:7777");
            }
            if (host.isEmpty()) {
                throw new EndpointFormatException(text, "missing host", example);
            }
            if (!isHostName(host)) {
                throw new EndpointFormatException(text, "'" + host + "' is not a valid host name or address", example);
            }
            portText = hostPort.substring(colon + 1);
        }
        int port = port(text, portText, example);
        return "udp".equals(scheme) ? new UdpEndpoint(host, port) : new TcpEndpoint(host, port, "tls".equals(scheme));
    }

    private static int port(String text, String portText, String example) {
        if (portText.isEmpty()) {
            throw new EndpointFormatException(text, "missing port", example);
        }
        if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new EndpointFormatException(text, "port '" + portText + "' is not a number from 0 to 65535", example);
        }
        int port = Integer.parseInt(portText);
        if (port > 65_535) {
            throw new EndpointFormatException(text, "port " + port + " is out of range (expected: 0 to 65535)", example);
        }
        return port;
    }

    private static boolean isHostName(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return !host.startsWith(".") && !host.contains("..");
    }

    private static boolean isIpv6Literal(String host) {
        int zone = host.indexOf('%');
        String address = zone >= 0 ? host.substring(0, zone) : host;
        if (address.isEmpty() || address.indexOf(':') < 0) {
            return false;
        }
        if (zone >= 0 && !isZoneId(host.substring(zone + 1))) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * An interface name or index after the {@code %} of a scoped address ({@code fe80::1%eth0}):
     * RFC 6874's unreserved characters, so no bracket, space or control can hide in a host.
     */
    private static boolean isZoneId(String zone) {
        if (zone.isEmpty()) {
            return false;
        }
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Path unixPath(String text, String scheme, String rest) {
        String example = scheme + ":///tmp/switchboard.sock";
        if (rest.isEmpty()) {
            throw new EndpointFormatException(text, "missing path", example);
        }
        if (rest.indexOf('\0') >= 0) {
            throw new EndpointFormatException(text, "path contains a NUL character", example);
        }
        if (rest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > UNIX_PATH_MAX) {
            throw new EndpointFormatException(text, "path is longer than " + UNIX_PATH_MAX
                    + " bytes, the limit of a Unix socket address", example);
        }
        if (rest.chars().anyMatch(Character::isISOControl)) {
            throw new EndpointFormatException(text, "path contains a control character", example);
        }
        Path path;
        try {
            path = Path.of(rest);
        } catch (InvalidPathException e) {
            throw new EndpointFormatException(text, "invalid path: " + e.getReason(), example);
        }
        // The text is stripped before parsing, so a path ending in whitespace ('/a /' becomes '/a ')
        // could not be written back: its canonical text would parse as another path.
        String written = path.toString();
        if (Character.isWhitespace(written.charAt(written.length() - 1))) {
            throw new EndpointFormatException(text, "path ends with whitespace", example);
        }
        return path;
    }
}

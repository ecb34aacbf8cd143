package io.switchboard.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address
 * ({@code 127.0.0.1} means {@code /32}, {@code ::1} means {@code /128}). IPv4 blocks never match
 * IPv6 addresses and the other way round, except that an IPv4-mapped IPv6 address
 * ({@code ::ffff:10.1.2.3}) is matched as the IPv4 address it carries.
 *
 * @param network the block's first address (host bits cleared)
 * @param prefix  the prefix length, 0 to 32 (IPv4) or 0 to 128 (IPv6)
 */
public record Cidr(InetAddress network, int prefix) {

    /** Validates the prefix against the address family and clears host bits. */
    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0 to " + bits + " for "
                    + network.getHostAddress() + ")");
        }
        network = masked(network, prefix);
    }

    /**
     * Parses {@code address[/prefix]} with a numeric address (no host names: a policy must not
     * depend on DNS).
     *
     * @throws IllegalArgumentException quoting the text and showing an example
     */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw bad(text, "'" + address + "' is not a numeric IPv4 or IPv6 address");
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(address); // numeric only (checked above): no lookup
        } catch (UnknownHostException e) {
            throw bad(text, "'" + address + "' is not a valid address");
        }
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                throw bad(text, "prefix '" + digits + "' is not a number");
            }
            prefix = Integer.parseInt(digits);
            if (prefix > bits) {
                throw bad(text, "prefix /" + prefix + " is longer than the " + bits + " bits of the address");
            }
        }
        return new Cidr(network, prefix);
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("bad address block '" + text + "': " + problem
                + " (examples: 10.0.0.0/8, 127.0.0.1, ::1/128)");
    }

    /** Whether {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] candidate = unmapped(address).getAddress();
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        return java.util.Arrays.equals(masked(candidate, prefix), net);
    }

    private static InetAddress unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException impossible) {
                    return address;
                }
            }
        }
        return address;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        try {
            return InetAddress.getByAddress(masked(address.getAddress(), prefix));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}

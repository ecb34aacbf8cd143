package io.switchboard.access;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Allow and deny lists of address blocks. A peer is admitted when no deny block contains it and
 * either the allow list is empty or an allow block contains it: deny wins. Peers without an IP
 * address (Unix sockets) are admitted: file permissions guard those.
 *
 * @param allow blocks admitted (empty: everyone not denied)
 * @param deny  blocks refused, whatever the allow list says
 */
public record AccessPolicy(List<Cidr> allow, List<Cidr> deny) {

    /** Admits everyone. */
    public static final AccessPolicy OPEN = new AccessPolicy(List.of(), List.of());

    /** Copies the lists. */
    public AccessPolicy {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** A policy from the text of {@code --allow} and {@code --deny} flags. */
    public static AccessPolicy parse(List<String> allow, List<String> deny) {
        return new AccessPolicy(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList());
    }

    /** Whether a peer at {@code remote} may be served. */
    public boolean permits(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return true;
        }
        for (Cidr block : deny) {
            if (block.contains(inet.getAddress())) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Cidr block : allow) {
            if (block.contains(inet.getAddress())) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code remote} is refused, for a log line; call only when {@link #permits} said no. */
    public String refusal(SocketAddress remote) {
        InetSocketAddress inet = (InetSocketAddress) remote;
        for (Cidr block : deny) {
            if (block.contains(inet.getAddress())) {
                return inet.getAddress().getHostAddress() + " is in denied block " + block;
            }
        }
        return inet.getAddress().getHostAddress() + " is in no allowed block " + allow;
    }
}

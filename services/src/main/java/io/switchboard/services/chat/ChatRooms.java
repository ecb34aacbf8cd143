package io.switchboard.services.chat;

import io.switchboard.reactor.Protocol;

/**
 * The rooms of a running chat service, offered to other services that bring people in — the
 * browser chat over WebSocket joins the same rooms as {@code nc} clients. Found through
 * {@link io.switchboard.services.ServiceDirectory#find}.
 *
 * <p>Thread-safe.
 */
public final class ChatRooms {

    private final ChatHub hub;

    ChatRooms(ChatHub hub) {
        this.hub = hub;
    }

    /**
     * A new member speaking the chat's line protocol: give it the member's lines (each ended by
     * LF) through {@code dataReceived}; it writes the room's lines, each ended by LF, to its transport.
     */
    public Protocol newMember() {
        return new ChatSession(hub);
    }
}

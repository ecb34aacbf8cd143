package io.switchboard.services.chat;

import java.util.Arrays;

/**
 * One chat room: a name and its members. Members change rarely (join, leave) and are read on every
 * message, so the member list is an immutable array replaced on change: fan-out iterates it
 * without a lock from any loop.
 *
 * <p>Thread-safety: {@link #members()} from any thread; {@link #add} and {@link #remove} under the
 * hub's lock.
 */
final class Room {

    private final String name;
    private volatile ChatSession[] members = new ChatSession[0];

    Room(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    ChatSession[] members() {
        return members;
    }

    boolean isEmpty() {
        return members.length == 0;
    }

    void add(ChatSession session) {
        ChatSession[] now = members;
        ChatSession[] grown = Arrays.copyOf(now, now.length + 1);
        grown[now.length] = session;
        members = grown;
    }

    void remove(ChatSession session) {
        ChatSession[] now = members;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == session) {
                ChatSession[] shrunk = new ChatSession[now.length - 1];
                System.arraycopy(now, 0, shrunk, 0, i);
                System.arraycopy(now, i + 1, shrunk, i, now.length - i - 1);
                members = shrunk;
                return;
            }
        }
    }
}

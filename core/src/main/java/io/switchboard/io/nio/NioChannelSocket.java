package io.switchboard.io.nio;

import io.switchboard.io.Interest;
import java.nio.channels.SelectableChannel;

/** What {@link NioPoller} needs of a socket: its channel, and how an interest maps to NIO ops. */
sealed interface NioChannelSocket permits NioStreamSocket, NioListenerSocket, NioDatagramSocket {

    SelectableChannel channel();

    /** The {@code SelectionKey.OP_*} bits for {@code interest} in the socket's current state. */
    int interestOps(Interest interest);
}

/**
 * WebSocket (RFC 6455) on the server side: the opening handshake, the frame codec, and the
 * session that carries text messages over an upgraded HTTP connection.
 *
 * <pre>
 *   browser                                   HttpSession ──101──▶ WebSocketSession ──▶ application Protocol
 *   GET /chat/ws  Upgrade: websocket  ───▶    WebSocketHandshake        │  FrameDecoder: frames → messages
 *                                                                        │  FrameEncoder: writes → text frames
 *   ◀── text frames, ping, close ─────────────────────────────────────────┘  ping → pong, close handshake, idle ping
 * </pre>
 *
 * <p>A frame on the wire (client frames are masked, server frames are not):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               | Masking-key, if MASK set to 1 |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * <p>What is not here: extensions (no {@code permessage-deflate}: RSV bits must be 0),
 * subprotocols, and the client side. Bad input closes the one connection with a close code that
 * says why (1002, 1007, 1009); it never affects the others.
 *
 * <p>This package depends on the reactor API and on the HTTP service's request and response types only.
 */
package io.switchboard.services.http.websocket;

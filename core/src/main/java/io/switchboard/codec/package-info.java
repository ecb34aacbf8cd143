/**
 * Framing: whole messages out of a byte stream — the answer to the "sticky packet" problem.
 *
 * <p>TCP delivers bytes, not messages: two sends may arrive as one read, one send as three. A
 * {@link io.switchboard.codec.Framer} is a pure state machine (no I/O, no threads) that takes the
 * reads as they come and hands out whole frames:
 *
 * <pre>
 *   reads:   | "he" | "llo\nwor" | "ld\n" |
 *   frames:           "hello"      "world"          (LineFramer)
 *
 *   reads:   | 00 00 00 05 'h' 'e' | 'l' 'l' 'o' 00 00 | 00 01 '!' |
 *   frames:                          "hello"              "!"       (LengthFieldFramer, 4-byte prefix)
 * </pre>
 *
 * <p>Three framers: {@link io.switchboard.codec.LineFramer} ({@code \n} or {@code \r\n}),
 * {@link io.switchboard.codec.DelimiterFramer} (any byte sequence) and
 * {@link io.switchboard.codec.LengthFieldFramer} (1, 2, 4 or 8-byte big-endian length prefix).
 * Each has a maximum frame size and refuses more — as soon as the limit is passed, before
 * buffering the excess — with a {@link io.switchboard.codec.TooLongFrameException} whose message
 * has the numbers. So a peer cannot grow memory by never sending a delimiter.
 *
 * <p>Zero copy where possible: a frame that lies wholly inside one read is handed to the sink as
 * a view of the read buffer (its position and limit moved around the frame, then restored). Only
 * a frame that spans reads is gathered, in one buffer per framer that grows up to the maximum.
 * Frames are lent: valid only during the sink's call.
 *
 * <p>{@link io.switchboard.codec.FramedProtocol} plugs a framer into the reactor: its subclass
 * receives {@code frameReceived(frame)}; a framing error closes that one connection with a
 * WARNING naming the peer (a policy hook, as Twisted's {@code lineLengthExceeded}).
 *
 * <p>Depends on {@code reactor} only for {@code FramedProtocol}. Not guaranteed: a framer is not
 * thread-safe (one per connection), and after it has thrown it stays failed.
 */
package io.switchboard.codec;

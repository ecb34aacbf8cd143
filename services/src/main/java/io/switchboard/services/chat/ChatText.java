package io.switchboard.services.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one line a client sent into text that is safe to show on everyone else's
 * terminal: invalid UTF-8 becomes U+FFFD (replaced, never passed on), and everything that could
 * move a cursor, change colours, retitle a window or reorder text is removed — ANSI/VT escape
 * sequences (CSI, OSC, DCS and two-byte escapes), the C0 and C1 control characters, DEL, and the
 * Unicode bidirectional overrides. A tab becomes a space; surrounding whitespace is trimmed.
 *
 * <p>Stateless and thread-safe.
 */
final class ChatText {

    private static final char ESC = 0x1B;

    private ChatText() {
    }

    /** The clean text of {@code line} (its remaining bytes, without the newline). */
    static String clean(ByteBuffer line) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(line).toString();
        } catch (CharacterCodingException impossible) {
            throw new IllegalStateException("a replacing decoder threw", impossible);
        }
        return clean(decoded);
    }

    /** {@code text} without escape sequences and control characters, trimmed. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ESC || c == '\u009B' || c == '\u009D' || c == '\u0090') {
                i = skipEscape(text, i);
                continue;
            }
            if (c == '\t') {
                out.append(' ');
            } else if (!isInvisibleControl(c)) {
                out.append(c);
            }
            i++;
        }
        return out.toString().strip();
    }

    /** C0 and C1 controls, DEL, and the bidi embedding, override and isolate characters. */
    private static boolean isInvisibleControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Index just past the escape sequence starting at {@code start}. */
    private static int skipEscape(String text, int start) {
        int n = text.length();
        char c = text.charAt(start);
        int i = start + 1;
        char kind;
        if (c == ESC) {
            if (i >= n) {
                return n;
            }
            kind = text.charAt(i++);
        } else {
            kind = c == '\u009B' ? '[' : c == '\u009D' ? ']' : 'P'; // the 8-bit CSI, OSC, DCS
        }
        switch (kind) {
            case '[' -> { // CSI: parameters and intermediates, then one final byte 0x40-0x7E
                while (i < n) {
                    char p = text.charAt(i++);
                    if (p >= 0x40 && p <= 0x7E) {
                        break;
                    }
                }
                return i;
            }
            case ']', 'P', 'X', '^', '_' -> { // string sequences: up to BEL or ST (ESC \)
                while (i < n) {
                    char p = text.charAt(i++);
                    if (p == 0x07 || p == '\u009C') {
                        break;
                    }
                    if (p == ESC && i < n && text.charAt(i) == '\\') {
                        i++;
                        break;
                    }
                }
                return i;
            }
            default -> {
                return i; // a two-character escape (ESC c, ESC 7, ...)
            }
        }
    }
}

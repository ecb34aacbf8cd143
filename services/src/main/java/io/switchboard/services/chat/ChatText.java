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

    /**
     * {@code text} without escape sequences and control characters ({@link TerminalText}), without
     * bidi overrides, tabs as spaces, trimmed.
     */
    static String clean(String text) {
        String safe = TerminalText.clean(text);
        StringBuilder out = new StringBuilder(safe.length());
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            if (c == '\t') {
                out.append(' ');
            } else if (!isBidiControl(c)) {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** The bidi embedding, override and isolate characters, which can make text read backwards. */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}

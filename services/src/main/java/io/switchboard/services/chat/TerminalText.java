package io.switchboard.services.chat;

/**
 * Makes a line received from a server safe to print on a terminal: a hostile server must not be
 * able to move the cursor, clear the screen, set the window title or hide text. The chat server
 * strips these from what clients send (through {@code ChatText}), and the chat client strips them
 * again from what it receives: defence in depth.
 *
 * <p>Removed: ESC sequences (CSI {@code ESC [ ... final}, the string sequences OSC, DCS, SOS, PM
 * and APC up to their BEL or {@code ESC \} terminator or the end of the line, and two-character
 * escapes such as {@code ESC c}), their 8-bit C1 forms ({@code U+009B} CSI and friends), every
 * other C0 and C1 control character, and DEL. Kept: tab and all printable text.
 *
 * <pre>
 *   before: "\e[2J\e[31mred\e[0m \e]0;pwned\aok\r"     (\e = ESC, \a = BEL, \r = CR)
 *   after:  "red ok"
 * </pre>
 *
 * <p>Stateless and safe to use from any thread. Each line stands alone: a sequence left open at
 * the end of one line does not swallow the next.
 */
public final class TerminalText {

    private static final char ESC = 0x1B;
    private static final char BEL = 0x07;

    private TerminalText() {
    }

    /** The printable part of {@code line}. */
    public static String clean(String line) {
        StringBuilder out = null; // allocated on the first character dropped
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            int next;
            if (c == ESC) {
                next = i + 1 < n ? skipSequence(line, i + 1, line.charAt(i + 1), true) : n;
            } else if (c >= 0x80 && c <= 0x9F) {
                next = skipSequence(line, i, c, false);
            } else if (c < 0x20 && c != '\t' || c == 0x7F) {
                next = i + 1;
            } else {
                if (out != null) {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n).append(line, 0, i);
            }
            i = next;
        }
        return out == null ? line : out.toString();
    }

    /**
     * Where the sequence introduced by {@code kind} ends. {@code at} indexes {@code kind}, which is
     * either the character after ESC ({@code sevenBit}) or a C1 control.
     */
    private static int skipSequence(String line, int at, char kind, boolean sevenBit) {
        char csi = sevenBit ? '[' : (char) 0x9B;
        if (kind == csi) {
            return skipControlSequence(line, at + 1);
        }
        if (isStringIntroducer(kind, sevenBit)) {
            return skipControlString(line, at + 1);
        }
        if (!sevenBit) {
            return at + 1; // any other C1 control: drop just that character
        }
        int i = at;
        while (i < line.length() && line.charAt(i) >= 0x20 && line.charAt(i) <= 0x2F) {
            i++; // intermediates, as in ESC ( B
        }
        if (i < line.length() && line.charAt(i) >= 0x30 && line.charAt(i) <= 0x7E) {
            return i + 1; // the final character, as in ESC c or ESC 7
        }
        return i; // malformed (ESC before a control or non-ASCII): drop the ESC and any intermediates
    }

    /** OSC, DCS, SOS, PM and APC carry a string up to a terminator. */
    private static boolean isStringIntroducer(char kind, boolean sevenBit) {
        return sevenBit
                ? kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_'
                : kind == 0x9D || kind == 0x90 || kind == 0x98 || kind == 0x9E || kind == 0x9F;
    }

    /** CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E. */
    private static int skipControlSequence(String line, int from) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c >= 0x20 && c <= 0x3F) {
                i++;
            } else if (c >= 0x40 && c <= 0x7E) {
                return i + 1;
            } else {
                return i; // malformed: stop here and let the caller judge this character
            }
        }
        return i;
    }

    /** A control string ends at BEL, ESC \ or ST (U+009C); unterminated, at the end of the line. */
    private static int skipControlString(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == BEL || c == 0x9C) {
                return i + 1;
            }
            if (c == ESC && i + 1 < line.length() && line.charAt(i + 1) == '\\') {
                return i + 2;
            }
        }
        return line.length();
    }
}

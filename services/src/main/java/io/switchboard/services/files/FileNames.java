package io.switchboard.services.files;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The rules a stored file's name must follow (docs/protocols/files.md, "Names"): no path, no
 * control characters, nothing hidden, nothing a filesystem treats specially. Names are checked,
 * never rewritten: a name is stored exactly as sent or refused with the reason.
 *
 * <p>Thread-safe (stateless).
 */
public final class FileNames {

    /** The longest name in UTF-8 bytes; leaves room for the partial file's prefix under 255. */
    public static final int MAX_BYTES = 200;

    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FileNames() {
    }

    /**
     * Returns {@code name} if it may name a stored file.
     *
     * @throws FilesRefusal with {@code bad-name} and the rule it breaks
     */
    public static String check(String name) throws FilesRefusal {
        String problem = problem(name);
        if (problem != null) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_NAME, "name " + quoted(name) + " " + problem);
        }
        return name;
    }

    /** What is wrong with {@code name}, or {@code null} when nothing is. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "is " + bytes + " bytes long (at most " + MAX_BYTES + ")";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains a path separator";
            }
            if (c == 0) {
                return "contains NUL";
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return "contains a control character";
            }
            if (Character.isSurrogate(c) && !validSurrogatePair(name, i)) {
                return "is not valid Unicode";
            }
            if (c == '\uFFFD') {
                return "is not valid UTF-8";
            }
        }
        if (name.charAt(0) == '.') {
            return name.equals(".") || name.equals("..") ? "is a directory reference"
                    : "starts with a dot (hidden names are the server's own)";
        }
        char last = name.charAt(name.length() - 1);
        if (last == ' ' || last == '.') {
            return "ends with a space or a dot";
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(stem)) {
            return "is a reserved device name (" + stem + ")";
        }
        return null;
    }

    private static boolean validSurrogatePair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** {@code name} quoted for an error line: controls shown as {@code \\uXXXX}, long names cut. */
    static String quoted(String name) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < name.length() && out.length() < 80; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= 80) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}

package io.switchboard.services.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One request line of the files protocol (docs/protocols/files.md, "Conversation"), parsed: a pure
 * function of the line, so it is tested and fuzzed without a connection. The fields are checked
 * here, in the order the session always checked them; the disk is not touched.
 *
 * <pre>
 *   PUT 5 2cf24d…9824 hello.txt   → Put(5, "2cf24d…9824", "hello.txt")
 *   GET 0 my file.txt             → Get(0, "my file.txt")      (the name is last and may hold spaces)
 *   STAT hello.txt                → Stat("hello.txt")
 *   LIST                          → ListFiles
 *   QUIT                          → Quit
 *   GET x a                       → ERR bad-request the offset must be a decimal number, not 'x'
 *   STAT ../etc/passwd            → ERR bad-name name '../etc/passwd' contains a path separator
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
sealed interface FilesRequest {

    /** {@code PUT <size> <sha256> <name>}; the hash in lower case. */
    record Put(long size, String sha256, String name) implements FilesRequest {
    }

    /** {@code GET <offset> <name>}. */
    record Get(long offset, String name) implements FilesRequest {
    }

    /** {@code STAT <name>}. */
    record Stat(String name) implements FilesRequest {
    }

    /** {@code LIST}. */
    record ListFiles() implements FilesRequest {
    }

    /** {@code QUIT}. */
    record Quit() implements FilesRequest {
    }

    /** The digits of a size or offset: at most 19, the length of {@link Long#MAX_VALUE}. */
    int MAX_NUMBER_DIGITS = 19;

    /** The text of a request line's bytes (without its LF or CR LF): UTF-8, invalid bytes as U+FFFD. */
    static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    /**
     * Parses one request line (decoded, without its line end).
     *
     * @throws FilesRefusal {@code bad-request} for an unknown command or a missing or malformed
     *                      field, {@code bad-name} for a name that breaks {@link FileNames}' rules
     */
    static FilesRequest parse(String line) throws FilesRefusal {
        String[] words = line.split(" ", 2);
        String rest = words.length > 1 ? words[1] : "";
        return switch (words[0]) {
            case "PUT" -> put(rest);
            case "GET" -> get(rest);
            case "STAT" -> new Stat(FileNames.check(rest));
            case "LIST" -> {
                requireEmpty(rest, "LIST");
                yield new ListFiles();
            }
            case "QUIT" -> {
                requireEmpty(rest, "QUIT");
                yield new Quit();
            }
            default -> throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "unknown command "
                    + FileNames.quoted(words[0]) + " (expected PUT, GET, STAT, LIST or QUIT)");
        };
    }

    private static Put put(String arguments) throws FilesRefusal {
        String[] fields = arguments.split(" ", 3);
        if (fields.length < 3) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "expected PUT <size> <sha256> <name>");
        }
        long size = number(fields[0], "size");
        String sha256 = fields[1].toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "the SHA-256 must be 64 hex digits, not "
                    + FileNames.quoted(fields[1]));
        }
        return new Put(size, sha256, FileNames.check(fields[2]));
    }

    private static Get get(String arguments) throws FilesRefusal {
        String[] fields = arguments.split(" ", 2);
        if (fields.length < 2) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "expected GET <offset> <name>");
        }
        long offset = number(fields[0], "offset");
        return new Get(offset, FileNames.check(fields[1]));
    }

    private static void requireEmpty(String rest, String command) throws FilesRefusal {
        if (!rest.isEmpty()) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, command + " takes no arguments");
        }
    }

    private static long number(String field, String what) throws FilesRefusal {
        if (field.isEmpty() || field.length() > MAX_NUMBER_DIGITS || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "the " + what + " must be a decimal number, not "
                    + FileNames.quoted(field));
        }
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "the " + what + " " + field + " is too large");
        }
    }
}

package io.switchboard.services.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the files protocol's request line ({@link FilesRequest}) and of the
 * name rules ({@link FileNames}) (docs/security.md, "Fuzzing"). Checked for every input:
 *
 * <ul>
 *   <li>a request line parses to a request or is refused with {@code bad-request} or
 *       {@code bad-name}, never another exception; the refusal is one reply line
 *       {@code ERR <code> <text>} with no CR or LF in it;
 *   <li>sizes and offsets are never negative, a hash is 64 lower-case hex digits;
 *   <li>a name that is accepted (in a request or on its own) breaks none of the rules of
 *       docs/protocols/files.md — checked here independently of {@code FileNames} — and, resolved
 *       against a storage directory, names a file directly inside that directory.
 * </ul>
 */
class FilesRequestFuzzTest {

    private static final Path STORE = Path.of("/srv/switchboard/files");

    @FuzzTest
    void requestLine(byte[] line) {
        int length = Math.min(line.length, FilesOptions.DEFAULTS.maxRequestBytes());
        String text = FilesRequest.decode(line, length);
        FilesRequest request;
        try {
            request = FilesRequest.parse(text);
        } catch (FilesRefusal refusal) {
            assertThat(refusal.code()).isIn(FilesRefusal.Code.BAD_REQUEST, FilesRefusal.Code.BAD_NAME);
            assertThat(refusal.replyLine()).startsWith("ERR " + refusal.code().word() + " ")
                    .doesNotContain("\n", "\r");
            return;
        }
        switch (request) {
            case FilesRequest.Put put -> {
                assertThat(put.size()).isNotNegative();
                assertThat(put.sha256()).matches("[0-9a-f]{64}");
                assertIsAStoredFileName(put.name());
                assertThat(text).startsWith("PUT ").endsWith(" " + put.name());
            }
            case FilesRequest.Get get -> {
                assertThat(get.offset()).isNotNegative();
                assertIsAStoredFileName(get.name());
                assertThat(text).startsWith("GET ").endsWith(" " + get.name());
            }
            case FilesRequest.Stat stat -> {
                assertIsAStoredFileName(stat.name());
                assertThat(text).isEqualTo("STAT " + stat.name());
            }
            // One space after the word is tolerated ("QUIT " splits into "QUIT" and nothing), as
            // the session always did; anything more is a refused argument.
            case FilesRequest.ListFiles _ -> assertThat(text).isIn("LIST", "LIST ");
            case FilesRequest.Quit _ -> assertThat(text).isIn("QUIT", "QUIT ");
        }
    }

    /** Any UTF-16 text, lone surrogates and every control included. */
    @FuzzTest
    void fileName(FuzzedDataProvider data) {
        String name = data.consumeRemainingAsString();
        String accepted;
        try {
            accepted = FileNames.check(name);
        } catch (FilesRefusal refusal) {
            assertThat(refusal.code()).isEqualTo(FilesRefusal.Code.BAD_NAME);
            assertThat(refusal.replyLine()).startsWith("ERR bad-name name '").doesNotContain("\n", "\r");
            return;
        }
        assertThat(accepted).isSameAs(name);
        assertIsAStoredFileName(accepted);
    }

    /** The rules of docs/protocols/files.md, "Names", written out again. */
    private static void assertIsAStoredFileName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isBetween(1, FileNames.MAX_BYTES);
        assertThat(new String(utf8, StandardCharsets.UTF_8)).as("valid Unicode, kept exactly").isEqualTo(name);
        assertThat(name).doesNotContain("/", "\\", "\0", "\uFFFD").doesNotStartWith(".")
                .isNotEqualTo("..").doesNotEndWith(" ").doesNotEndWith(".");
        assertThat(name.chars().noneMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f))
                .as("no control characters in '%s'", name).isTrue();
        String stem = name.split("\\.", 2)[0].strip().toUpperCase(java.util.Locale.ROOT);
        assertThat(stem).doesNotMatch("CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9]");

        Path resolved;
        try {
            resolved = STORE.resolve(name).normalize();
        } catch (InvalidPathException e) {
            return; // the platform's file name encoding (sun.jnu.encoding) cannot hold it: nothing is created
        }
        assertThat(resolved.getParent()).as("'%s' stays in the store", name).isEqualTo(STORE);
        assertThat(resolved.getFileName().toString()).isEqualTo(name);
    }
}

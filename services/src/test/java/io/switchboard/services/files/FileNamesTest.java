package io.switchboard.services.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"photo.jpg", "a", "my file (1).txt", "ünïcödé.txt", "日本語.md", "CONSOLE.txt", "com10",
            "a..b", "-dash", "x.CON"})
    void acceptsOrdinaryNames(String name) throws Exception {
        assertThat(FileNames.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "x/..", "/etc/passwd", "a\\b", ".hidden", ".partial-x", "tab\tname",
            "new\nline", "del\u007f", "c1\u0090", "end.", "end ", "CON", "con", "Nul.txt", "com1.log", "LPT9",
            "aux .txt", "bad\uFFFDutf8", "lone\uD800surrogate"})
    void refusesHostileOrSpecialNames(String name) {
        assertThatThrownBy(() -> FileNames.check(name)).isInstanceOf(FilesRefusal.class)
                .satisfies(e -> assertThat(((FilesRefusal) e).code()).isEqualTo(FilesRefusal.Code.BAD_NAME));
    }

    @Test
    void limitsTheLengthInUtf8Bytes() throws Exception {
        assertThat(FileNames.check("x".repeat(200))).hasSize(200);
        assertThatThrownBy(() -> FileNames.check("x".repeat(201))).hasMessageContaining("201 bytes long");
        assertThatThrownBy(() -> FileNames.check("ü".repeat(101))).hasMessageContaining("202 bytes long");
    }

    @Test
    void errorTextsShowControlCharactersEscapedAndCutLongNames() {
        assertThatThrownBy(() -> FileNames.check("a\u001b[2Jb")).hasMessageContaining("'a\\u001b[2Jb'");
        assertThat(FileNames.quoted("y".repeat(300))).hasSizeLessThan(90).endsWith("...'");
    }

    @Test
    void refusalsMapToTheirWireWords() {
        assertThat(new FilesRefusal(FilesRefusal.Code.HASH_MISMATCH, "bad").replyLine()).isEqualTo("ERR hash-mismatch bad");
        assertThat(FilesRefusal.Code.ofWord("no-space")).isEqualTo(FilesRefusal.Code.NO_SPACE);
        assertThat(FilesRefusal.Code.ofWord("nonsense")).isNull();
    }

    @Test
    void guessesExtensionsFromMagicNumbers() {
        assertThat(ContentKinds.extensionOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}, 4)).isEqualTo("jpg");
        assertThat(ContentKinds.extensionOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 8)).isEqualTo("png");
        assertThat(ContentKinds.extensionOf("GIF89a".getBytes(), 6)).isEqualTo("gif");
        assertThat(ContentKinds.extensionOf("%PDF-1.7".getBytes(), 8)).isEqualTo("pdf");
        assertThat(ContentKinds.extensionOf(new byte[] {'P', 'K', 3, 4}, 4)).isEqualTo("zip");
        assertThat(ContentKinds.extensionOf(new byte[] {0x1F, (byte) 0x8B}, 2)).isEqualTo("gz");
        assertThat(ContentKinds.extensionOf(new byte[] {(byte) 0xFF, (byte) 0xD8}, 2)).isEqualTo("bin");
        assertThat(ContentKinds.extensionOf(new byte[0], 0)).isEqualTo("bin");
    }
}

package io.switchboard.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Coverage-guided fuzzing of what the chat service does with a client's bytes (docs/security.md,
 * "Fuzzing"): {@link LineSplitter} cuts them into lines, {@link ChatText} cleans each line and
 * {@link ChatInput#parse} reads it as a message or a command. Checked for every input:
 *
 * <ul>
 *   <li>cleaned text never holds ESC, another C0 or C1 control, DEL or a bidi override, and has no
 *       surrounding whitespace; {@link TerminalText} alone keeps nothing but tab and printable text;
 *   <li>parsing never throws, and what it returns is well formed (a nick or room is one word, a
 *       private message has a recipient and text, a command name starts with '/');
 *   <li>the splitter gives the same lines whatever the reads, never a line over its limit or with
 *       a newline, reports every over-long line, and holds at most its limit plus a CR.
 * </ul>
 */
class ChatInputFuzzTest {

    @FuzzTest
    void cleanAndParse(byte[] line) {
        String clean = ChatText.clean(ByteBuffer.wrap(line));
        assertIsSafeToShow(clean);
        assertThat(clean).isEqualTo(clean.strip());

        ChatInput input = ChatInput.parse(clean);
        switch (input) {
            case ChatInput.Say say -> assertThat(say.text()).isNotEmpty();
            case ChatInput.Nick nick -> assertThat(nick.name()).isNotEmpty().doesNotContain(" ");
            case ChatInput.Join join -> assertThat(join.room()).isNotEmpty().doesNotContain(" ");
            case ChatInput.Me me -> assertThat(me.action()).isNotBlank();
            case ChatInput.Msg msg -> {
                assertThat(msg.nick()).isNotEmpty().doesNotContain(" ");
                assertThat(msg.text()).isNotBlank();
            }
            case ChatInput.Unknown unknown -> assertThat(unknown.command()).startsWith("/").doesNotContain(" ");
            case ChatInput.Invalid invalid -> assertThat(invalid.usage()).startsWith("usage: /");
            case ChatInput.Empty empty -> assertThat(clean).isEmpty();
            case ChatInput.Who who -> assertThat(clean.toLowerCase()).startsWith("/who");
            case ChatInput.Help help -> assertThat(clean.toLowerCase()).startsWith("/help");
            case ChatInput.Quit quit -> assertThat(clean.toLowerCase()).startsWith("/quit");
        }
    }

    /** Any UTF-16 text, lone surrogates and 8-bit C1 controls included, through the terminal filter. */
    @FuzzTest
    void terminalText(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        String clean = TerminalText.clean(text);
        assertThat(clean.chars().noneMatch(c -> c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f))
                .as("no controls left in %s", clean).isTrue();
        assertThat(clean.length()).isLessThanOrEqualTo(text.length());
        assertThat(TerminalText.clean(clean)).as("cleaning twice changes nothing").isEqualTo(clean);
    }

    @FuzzTest
    void lineSplitter(FuzzedDataProvider data) {
        int maxLineBytes = data.consumeInt(1, 64);
        int[] reads = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = data.consumeInt(1, 80);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = split(maxLineBytes, stream, new int[0]);
        assertThat(split(maxLineBytes, stream, reads)).as("fed in reads %s", Arrays.toString(reads)).isEqualTo(whole);
        int[] single = new int[stream.length];
        Arrays.fill(single, 1);
        assertThat(split(maxLineBytes, stream, single)).as("fed byte by byte").isEqualTo(whole);
        assertThat(whole).isEqualTo(referenceLines(maxLineBytes, stream));
    }

    /** Lines as hex, an over-long line as "too long". */
    private static List<String> split(int maxLineBytes, byte[] stream, int[] reads) {
        LineSplitter splitter = new LineSplitter(maxLineBytes);
        List<String> events = new ArrayList<>();
        LineSplitter.Lines lines = new LineSplitter.Lines() {
            @Override
            public void line(ByteBuffer line) {
                byte[] bytes = new byte[line.remaining()];
                line.duplicate().get(bytes);
                assertThat(bytes.length).isLessThanOrEqualTo(maxLineBytes);
                events.add(HexFormat.of().formatHex(bytes));
            }

            @Override
            public void tooLong(long length) {
                assertThat(length).as("reported length").isGreaterThan(maxLineBytes);
                events.add("too long");
            }
        };
        int from = 0;
        int read = 0;
        while (from < stream.length) {
            int size = read < reads.length ? Math.min(reads[read], stream.length - from) : stream.length - from;
            ByteBuffer in = ByteBuffer.wrap(stream, from, size);
            splitter.feed(in, lines);
            assertThat(in.hasRemaining()).isFalse();
            assertThat(splitter.buffered()).isLessThanOrEqualTo(maxLineBytes + 1);
            from += size;
            read++;
        }
        return events;
    }

    /** Every LF-ended line, a CR before the LF dropped; the unfinished last line is not a line yet. */
    private static List<String> referenceLines(int maxLineBytes, byte[] stream) {
        List<String> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == '\n') {
                int end = i > start && stream[i - 1] == '\r' ? i - 1 : i;
                events.add(end - start > maxLineBytes ? "too long" : HexFormat.of().formatHex(stream, start, end));
                start = i + 1;
            }
        }
        return events;
    }

    private static void assertIsSafeToShow(String clean) {
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
            boolean bidi = c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
            assertThat(control || bidi).as("U+%04X at %d in '%s'", (int) c, i, clean).isFalse();
        }
    }
}

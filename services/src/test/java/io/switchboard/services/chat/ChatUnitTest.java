package io.switchboard.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat's pure parts: the command parser, the text cleaner, the bounded line splitter. */
class ChatUnitTest {

    @Test
    void parsesMessagesAndCommands() {
        assertThat(ChatInput.parse("hello there")).isEqualTo(new ChatInput.Say("hello there"));
        assertThat(ChatInput.parse("  ")).isEqualTo(new ChatInput.Empty());
        assertThat(ChatInput.parse("/nick ana")).isEqualTo(new ChatInput.Nick("ana"));
        assertThat(ChatInput.parse("/NICK ana")).isEqualTo(new ChatInput.Nick("ana"));
        assertThat(ChatInput.parse("/nick")).isEqualTo(new ChatInput.Invalid("usage: /nick NAME"));
        assertThat(ChatInput.parse("/nick a b")).isEqualTo(new ChatInput.Invalid("usage: /nick NAME"));
        assertThat(ChatInput.parse("/who")).isEqualTo(new ChatInput.Who());
        assertThat(ChatInput.parse("/me waves hello")).isEqualTo(new ChatInput.Me("waves hello"));
        assertThat(ChatInput.parse("/me")).isInstanceOf(ChatInput.Invalid.class);
        assertThat(ChatInput.parse("/msg bob see you")).isEqualTo(new ChatInput.Msg("bob", "see you"));
        assertThat(ChatInput.parse("/msg bob")).isEqualTo(new ChatInput.Invalid("usage: /msg NICK TEXT"));
        assertThat(ChatInput.parse("/msg bob   ")).isEqualTo(new ChatInput.Invalid("usage: /msg NICK TEXT"));
        assertThat(ChatInput.parse("/join games")).isEqualTo(new ChatInput.Join("games"));
        assertThat(ChatInput.parse("/help")).isEqualTo(new ChatInput.Help());
        assertThat(ChatInput.parse("/quit")).isEqualTo(new ChatInput.Quit());
        assertThat(ChatInput.parse("/dance now")).isEqualTo(new ChatInput.Unknown("/dance"));
        assertThat(ChatInput.parse("//etc/passwd is a file")).isEqualTo(new ChatInput.Say("/etc/passwd is a file"));
    }

    @Test
    void cleaningRemovesEscapeSequencesAndControlsAndKeepsText() {
        assertThat(ChatText.clean("\u001b[2J\u001b[1;1Hhello")).isEqualTo("hello");
        assertThat(ChatText.clean("\u001b]0;pwned\u0007title")).isEqualTo("title");
        assertThat(ChatText.clean("\u001b]8;;http://x\u001b\\link")).isEqualTo("link");
        assertThat(ChatText.clean("red\u001b[31m text\u001b[0m")).isEqualTo("red text");
        assertThat(ChatText.clean("\u009b2Jeight-bit csi")).isEqualTo("eight-bit csi");
        assertThat(ChatText.clean("bell\u0007 back\bspace del\u007f")).isEqualTo("bell backspace del");
        assertThat(ChatText.clean("tab\there")).isEqualTo("tab here");
        assertThat(ChatText.clean("abc\u202Edef")).isEqualTo("abcdef");
        assertThat(ChatText.clean("\u001b")).isEmpty();
        assertThat(ChatText.clean("\u001b[")).isEmpty();
        assertThat(ChatText.clean("你好, мир ✓")).isEqualTo("你好, мир ✓");
    }

    @Test
    void invalidUtf8IsReplacedNotPassedOn() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 'h', 'i', (byte) 0xc3};
        assertThat(ChatText.clean(ByteBuffer.wrap(bytes))).isEqualTo("\uFFFD\uFFFDhi\uFFFD");
    }

    @Test
    void splitsLinesAtEveryBoundaryTheSame() {
        byte[] stream = "one\r\ntwo\n\nthree-is-longer\nfour\n".getBytes(StandardCharsets.US_ASCII);
        List<String> whole = split(8, stream, stream.length);
        assertThat(whole).containsExactly("one", "two", "", "!too long 15", "four");
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(split(8, stream, cut)).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void anOversizeLineIsSkippedWithoutBufferingIt() {
        LineSplitter splitter = new LineSplitter(16);
        List<String> seen = new ArrayList<>();
        LineSplitter.Lines sink = sink(seen);
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        for (int i = 0; i < 10; i++) {
            splitter.feed(ByteBuffer.wrap(big), sink);
            assertThat(splitter.buffered()).isLessThanOrEqualTo(17);
        }
        splitter.feed(ByteBuffer.wrap("\nafter\n".getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(seen).containsExactly("!too long 1000000", "after");
    }

    @Test
    void theUnfinishedLineIsNumberedForTheSlowlorisGuardEvenWhileSkippingAnOversizeOne() {
        LineSplitter splitter = new LineSplitter(4);
        LineSplitter.Lines sink = sink(new ArrayList<>());
        assertThat(splitter.unfinishedLine()).isZero();
        splitter.feed(ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(splitter.unfinishedLine()).isEqualTo(1);
        splitter.feed(ByteBuffer.wrap("c".getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(splitter.unfinishedLine()).as("the same line, trickling").isEqualTo(1);
        splitter.feed(ByteBuffer.wrap("\nxxxxxxxx".getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(splitter.buffered()).as("skipping: nothing held").isZero();
        assertThat(splitter.unfinishedLine()).as("but a line is still unfinished").isEqualTo(2);
        splitter.feed(ByteBuffer.wrap("\n".getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(splitter.unfinishedLine()).isZero();
    }

    @Test
    void aSplitterThatIsToldToWaitStopsBetweenLinesAndLosesNothing() {
        byte[] stream = "one\r\ntwo\n\nthree-is-longer\nfour\nfi".getBytes(StandardCharsets.US_ASCII);
        List<String> whole = new ArrayList<>();
        new LineSplitter(8).feed(ByteBuffer.wrap(stream), sink(whole));
        for (int budget = 1; budget <= 3; budget++) {
            LineSplitter splitter = new LineSplitter(8);
            List<String> seen = new ArrayList<>();
            int[] left = {0};
            LineSplitter.Lines sink = sink(seen);
            LineSplitter.Lines metered = new LineSplitter.Lines() {
                @Override
                public void line(ByteBuffer line) {
                    left[0]--;
                    sink.line(line);
                }

                @Override
                public void tooLong(long length) {
                    left[0]--;
                    sink.tooLong(length);
                }

                @Override
                public boolean accepting() {
                    return left[0] > 0;
                }
            };
            ByteBuffer in = ByteBuffer.wrap(stream);
            for (int round = 0; in.hasRemaining() && round < 20; round++) {
                left[0] = budget;
                int before = seen.size();
                splitter.feed(in, metered);
                assertThat(seen.size() - before).as("lines in one feed").isLessThanOrEqualTo(budget);
            }
            assertThat(in.hasRemaining()).isFalse();
            assertThat(seen).as("budget %d", budget).isEqualTo(whole);
        }
        assertThat(whole).containsExactly("one", "two", "", "!too long 15", "four");
    }

    private static List<String> split(int max, byte[] stream, int cut) {
        LineSplitter splitter = new LineSplitter(max);
        List<String> seen = new ArrayList<>();
        splitter.feed(ByteBuffer.wrap(stream, 0, cut), sink(seen));
        splitter.feed(ByteBuffer.wrap(stream, cut, stream.length - cut), sink(seen));
        return seen;
    }

    private static LineSplitter.Lines sink(List<String> seen) {
        return new LineSplitter.Lines() {
            @Override
            public void line(ByteBuffer line) {
                seen.add(StandardCharsets.US_ASCII.decode(line).toString());
            }

            @Override
            public void tooLong(long length) {
                seen.add("!too long " + length);
            }
        };
    }
}

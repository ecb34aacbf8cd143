package io.switchboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CtimeTest {

    @Test
    void formatsAsPythonsTimeCtimeWithASpacePaddedDay() {
        ZoneId zone = ZoneId.of("UTC");
        assertThat(new Ctime(Clock.fixed(Instant.parse("2026-11-22T09:48:55Z"), zone)).now())
                .isEqualTo("Sun Nov 22 09:48:55 2026");
        assertThat(new Ctime(Clock.fixed(Instant.parse("2026-11-02T09:48:55Z"), zone)).now())
                .isEqualTo("Mon Nov  2 09:48:55 2026");
    }

    @Test
    void usesEnglishNamesWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.CHINA);
            assertThat(new Ctime(Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneId.of("UTC"))).now())
                    .isEqualTo("Mon Jan  5 00:00:00 2026");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void timestampReplyIsPrefixPlusTheUnchangedBytes() {
        TimestampService service = new TimestampService(
                new Ctime(Clock.fixed(Instant.parse("2026-11-22T09:48:55Z"), ZoneId.of("UTC"))));
        ByteBuffer reply = service.stamp(ByteBuffer.wrap("你好".getBytes(StandardCharsets.UTF_8)));
        assertThat(StandardCharsets.UTF_8.decode(reply).toString()).isEqualTo("[Sun Nov 22 09:48:55 2026] 你好");
    }

    @Test
    void upperStripsWhitespaceAndChangesOnlyAsciiLetters() {
        ByteBuffer data = ByteBuffer.wrap(" \t straße 1a \r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(StandardCharsets.UTF_8.decode(UpperService.stripUpper(data)).toString()).isEqualTo("STRAßE 1A");
        assertThat(UpperService.stripUpper(ByteBuffer.wrap(" \n ".getBytes(StandardCharsets.UTF_8))).hasRemaining())
                .isFalse();
    }
}

package io.switchboard.cli;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads a duration flag the way people write one: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, or {@code 0} for "off".
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String text = value.strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        int unit = 0;
        while (unit < text.length() && Character.isDigit(text.charAt(unit))) {
            unit++;
        }
        if (unit == 0 || unit > 12) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (expected e.g. 500ms, 30s, 5m, 1h, 0)");
        }
        long amount = Long.parseLong(text.substring(0, unit));
        return switch (text.substring(unit)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new CommandLine.TypeConversionException("'" + value
                    + "' has no unit I know (expected ms, s, m or h, e.g. 30s)");
        };
    }
}

package io.switchboard.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a size flag the way people write one: a number of bytes ({@code 4096}) or a number with a
 * binary unit ({@code 8KiB}, {@code 64MiB}, {@code 16GiB}, {@code 1TiB}; {@code B} for bytes; the
 * unit's case does not matter). {@code MB}, {@code GB}, {@code k} and the like are refused with
 * the spelling to use instead: whether they mean 1000 or 1024 is a guess a limit should not make.
 *
 * <p>Picocli has no size type, and the CLI's other dependencies (jline, progressbar) offer no
 * parser for one, hence this class.
 */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String text = value.strip();
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a size (expected bytes or a number with a unit, e.g. 4096, 8KiB, 64MiB, 16GiB)");
        }
        String unit = text.substring(digits).strip();
        long shift = switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 0;
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            case "k", "kb", "m", "mb", "g", "gb", "t", "tb" -> throw new CommandLine.TypeConversionException("'" + value
                    + "' is ambiguous (1000 or 1024?): write " + text.substring(0, digits)
                    + Character.toUpperCase(unit.charAt(0)) + "iB for 1024-based units, or the number of bytes");
            default -> throw new CommandLine.TypeConversionException("'" + value
                    + "' has no unit I know (expected B, KiB, MiB, GiB or TiB, e.g. 64MiB)");
        };
        try {
            long amount = Long.parseLong(text.substring(0, digits));
            if (amount > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too large (at most "
                    + Long.MAX_VALUE + " bytes)");
        }
    }
}

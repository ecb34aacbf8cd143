package io.switchboard.services.chat;

/**
 * One line a chat client typed, parsed: a message for the room or one of the commands. Parsing is
 * a pure function of the (already cleaned) text, so it is tested and fuzzed on its own.
 *
 * <pre>
 *   hello everyone      → Say("hello everyone")
 *   /nick ana           → Nick("ana")
 *   /msg bob see you    → Msg("bob", "see you")
 *   /me waves           → Me("waves")
 *   /join games         → Join("games")
 *   /who  /help  /quit  → Who, Help, Quit
 *   //not a command     → Say("/not a command")   (a leading "//" sends a literal "/")
 *   /dance              → Unknown("/dance")
 *   /msg bob            → Invalid("usage: /msg NICK TEXT")
 * </pre>
 */
sealed interface ChatInput {

    /** A line for everyone else in the room. */
    record Say(String text) implements ChatInput {
    }

    /** {@code /nick NAME}: change nickname. */
    record Nick(String name) implements ChatInput {
    }

    /** {@code /who}: who is in my room. */
    record Who() implements ChatInput {
    }

    /** {@code /me ACTION}: an action line, {@code * ana waves}. */
    record Me(String action) implements ChatInput {
    }

    /** {@code /msg NICK TEXT}: a private message. */
    record Msg(String nick, String text) implements ChatInput {
    }

    /** {@code /join ROOM}: move to another room (made when first joined). */
    record Join(String room) implements ChatInput {
    }

    /** {@code /help}: the command list. */
    record Help() implements ChatInput {
    }

    /** {@code /quit}: leave. */
    record Quit() implements ChatInput {
    }

    /** A command name the server does not know. */
    record Unknown(String command) implements ChatInput {
    }

    /** A known command used wrongly; {@code usage} says how to use it. */
    record Invalid(String usage) implements ChatInput {
    }

    /** Nothing to do: an empty line. */
    record Empty() implements ChatInput {
    }

    /** Parses one cleaned line (no newline, no control characters). */
    static ChatInput parse(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return new Empty();
        }
        if (!text.startsWith("/")) {
            return new Say(text);
        }
        if (text.startsWith("//")) {
            return new Say(text.substring(1));
        }
        int space = text.indexOf(' ');
        String command = (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        return switch (command) {
            case "/nick" -> rest.isEmpty() || rest.contains(" ") ? new Invalid("usage: /nick NAME") : new Nick(rest);
            case "/who" -> new Who();
            case "/me" -> rest.isEmpty() ? new Invalid("usage: /me ACTION") : new Me(rest);
            case "/msg" -> {
                int gap = rest.indexOf(' ');
                if (gap < 0 || rest.substring(gap + 1).isBlank()) {
                    yield new Invalid("usage: /msg NICK TEXT");
                }
                yield new Msg(rest.substring(0, gap), rest.substring(gap + 1).strip());
            }
            case "/join" -> rest.isEmpty() || rest.contains(" ") ? new Invalid("usage: /join ROOM") : new Join(rest);
            case "/help" -> new Help();
            case "/quit" -> new Quit();
            default -> new Unknown(command);
        };
    }
}

package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import io.switchboard.services.files.FilesReplyException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * One line for a failed {@code put} or {@code get}: the server's refusals explained by their
 * {@code ERR} code, everything else by its message. Text from the server is stripped of control
 * characters and escape sequences before it reaches the terminal.
 */
final class TransferFailure {

    private TransferFailure() {
    }

    /** What went wrong, for a human: {@code busy: another upload of a.txt is in progress (...)}. */
    static String describe(Exception failure, String name) {
        if (failure instanceof FilesReplyException refused) {
            String text = TerminalText.clean(refused.text());
            String hint = switch (refused.code()) {
                case FilesReplyException.BAD_NAME -> "the server refuses the name '" + name + "' (a name is 1-200 bytes"
                        + " without / \\ or control characters, does not start with a dot, end with a space or dot,"
                        + " or name a Windows device)";
                case FilesReplyException.NOT_FOUND -> "no file named '" + name + "' on the server";
                case FilesReplyException.BUSY -> "another upload of '" + name + "' is in progress on the server;"
                        + " try again when it ends";
                case FilesReplyException.TOO_LARGE -> "the file is larger than the server accepts";
                case FilesReplyException.NO_SPACE -> "the server's disk cannot hold it";
                case FilesReplyException.HASH_MISMATCH -> "the server received other bytes than announced (did the"
                        + " file change during the upload?); its partial is deleted, the next attempt starts from 0";
                case FilesReplyException.IO_ERROR -> "the server could not read or write its disk";
                case FilesReplyException.BAD_REQUEST -> "the server did not understand the request";
                default -> "the server refused";
            };
            return refused.code() + ": " + hint + (text.isEmpty() ? "" : " (server: " + text + ")");
        }
        if (failure instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (failure instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        return TerminalText.clean(message);
    }
}

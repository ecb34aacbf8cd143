package io.switchboard.services;

import io.switchboard.services.chat.ChatOptions;
import io.switchboard.services.files.FilesOptions;
import io.switchboard.services.http.HttpOptions;
import java.util.Objects;

/**
 * The limits of the services that have any, as one {@code serve} sets them (its flags), carried
 * to every service in its {@link ServiceContext}. A service built with explicit options
 * ({@code new ChatService(options)}) keeps its own; the catalog's services take these.
 *
 * @param chat  the chat service's: line, backlog, flood control
 * @param files the files service's: file size, disk reserve, request line (also the HTTP
 *              service's {@code /files/} store)
 * @param http  the HTTP service's: header block, target, body, idle timeout, WebSocket
 */
public record ServiceOptions(ChatOptions chat, FilesOptions files, HttpOptions http) {

    /** Every service's defaults. */
    public static final ServiceOptions DEFAULTS =
            new ServiceOptions(ChatOptions.DEFAULTS, FilesOptions.DEFAULTS, HttpOptions.DEFAULTS);

    /** Checks all are given. */
    public ServiceOptions {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(http, "http");
    }

    /** These options with other chat limits. */
    public ServiceOptions withChat(ChatOptions other) {
        return new ServiceOptions(other, files, http);
    }

    /** These options with other files limits. */
    public ServiceOptions withFiles(FilesOptions other) {
        return new ServiceOptions(chat, other, http);
    }

    /** These options with other HTTP limits. */
    public ServiceOptions withHttp(HttpOptions other) {
        return new ServiceOptions(chat, files, other);
    }
}

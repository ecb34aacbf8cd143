/**
 * The {@code switchboard} command: {@code serve} starts services on a reactor, {@code connect} is
 * the interactive client of the classic examples, {@code chat} the client of the line-based chat
 * server (line editing by JLine on a terminal); {@code put}, {@code get} and {@code ls} the clients of
 * the files service ({@link io.switchboard.services.files.FilesClient}, with retries and a progress bar). Parsing by picocli; logging through
 * {@code java.util.logging}, the default backend of the {@code System.Logger} the library uses,
 * configured here for one concise line per event on stderr.
 */
package io.switchboard.cli;

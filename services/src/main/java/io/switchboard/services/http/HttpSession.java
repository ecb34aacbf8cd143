package io.switchboard.services.http;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Timer;
import io.switchboard.reactor.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One HTTP/1.1 connection: parses requests (pipelined ones too), hands each to the handler, and
 * writes the responses in request order — one request at a time: while a response is pending
 * (disk work, a file being sent) reading pauses and unread bytes wait in one held buffer. Keeps the
 * connection alive unless the request or response says close; closes a connection idle longer
 * than the keep-alive timeout, and one whose request is not whole that long after it started,
 * however slowly its bytes trickle in (408: the slowloris guard).
 *
 * <p>Not thread-safe: every method runs on the connection's event loop.
 */
final class HttpSession implements Protocol {

    private static final Logger LOG = System.getLogger(HttpSession.class.getName());
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final HttpHandler handler;
    private final HttpRequestParser parser;
    private final Duration idleTimeout;
    private Transport transport;
    private ByteBuffer held = ByteBuffer.allocate(0);
    private boolean waiting;
    private boolean closeWhenIdle;
    private boolean closed;
    private Protocol upgraded;
    private HttpResponse.Stream streaming;
    private Timer idleCheck;
    private long lastProgress = System.nanoTime();

    HttpSession(HttpHandler handler, HttpRequestParser.Limits limits, Duration idleTimeout) {
        this.handler = handler;
        this.parser = new HttpRequestParser(limits);
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        Duration period = idleTimeout.dividedBy(4).isZero() ? idleTimeout : idleTimeout.dividedBy(4);
        idleCheck = t.eventLoop().every(period, this::checkIdle);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (upgraded != null) {
            upgraded.dataReceived(data);
            return;
        }
        if (parser.idle()) {
            lastProgress = System.nanoTime(); // a request starts; later bytes of it do not extend its time (slowloris)
        }
        process(data);
        if (data.hasRemaining() && !closed) {
            if (upgraded != null) {
                upgraded.dataReceived(data); // bytes after the upgrade request belong to the new protocol
            } else {
                hold(data);
            }
        }
    }

    private void hold(ByteBuffer rest) {
        if (held.capacity() < rest.remaining()) {
            held = ByteBuffer.allocate(Math.max(rest.remaining(), 4096));
        }
        held.clear();
        held.put(rest).flip();
    }

    private void process(ByteBuffer in) {
        while (!waiting && !closed && upgraded == null && in.hasRemaining()) {
            HttpRequest request;
            try {
                request = parser.feed(in);
            } catch (HttpParseException e) {
                refuse(e.status(), e.getMessage());
                return;
            }
            if (request == null) {
                if (parser.wantsContinue()) {
                    transport.write(CONTINUE);
                    parser.continueSent();
                }
                return;
            }
            dispatch(request);
        }
    }

    private void dispatch(HttpRequest request) {
        lastProgress = System.nanoTime(); // a whole request: the next one's time starts now
        CompletionStage<HttpResponse> stage;
        try {
            stage = handler.handle(request);
        } catch (Exception | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse> future = stage.toCompletableFuture();
        if (future.isDone()) {
            respond(request, future);
            return;
        }
        waiting = true;
        transport.pauseReading();
        future.whenComplete((response, failure) -> transport.eventLoop().execute(() -> {
            waiting = false;
            if (closed) {
                release(future);
                return;
            }
            respond(request, future);
            continueInput();
        }));
    }

    private void respond(HttpRequest request, CompletableFuture<HttpResponse> future) {
        HttpResponse response;
        try {
            response = future.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.log(Level.ERROR, "[c" + transport.id() + "] " + request.method() + " " + request.path() + " failed", cause);
            response = HttpResponse.text(500, "Internal Server Error\n");
        }
        write(request, response);
    }

    /** A future completed after the connection closed: a file it opened must still be closed. */
    private static void release(CompletableFuture<HttpResponse> future) {
        HttpResponse response = future.getNow(null);
        if (response != null && response.fileDone() != null) {
            response.fileDone().run();
        }
    }

    private void write(HttpRequest request, HttpResponse response) {
        boolean head = request.method().equals("HEAD");
        boolean keepAlive = request.keepAlive() && response.stream() == null && response.upgradeTo() == null
                && !response.headers().hasToken("Connection", "close");
        StringBuilder out = new StringBuilder(256);
        out.append(request.minorVersion() == 0 ? "HTTP/1.0 " : "HTTP/1.1 ").append(response.status()).append(' ')
                .append(HttpResponse.reason(response.status())).append("\r\n");
        HttpHeaders headers = response.headers();
        for (int i = 0; i < headers.size(); i++) {
            out.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
        }
        out.append("Date: ").append(HttpDates.now()).append("\r\n");
        long length = response.contentLength();
        if (length >= 0 && response.status() != 304 && response.status() >= 200 && response.status() != 204) {
            out.append("Content-Length: ").append(length).append("\r\n");
        }
        if (response.upgradeTo() == null) {
            if (!keepAlive) {
                out.append("Connection: close\r\n");
            } else if (request.minorVersion() == 0) {
                out.append("Connection: keep-alive\r\n");
            }
        }
        out.append("\r\n");
        byte[] head_ = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = response.body();
        if (!head && body.length > 0 && response.file() == null) {
            byte[] whole = new byte[head_.length + body.length];
            System.arraycopy(head_, 0, whole, 0, head_.length);
            System.arraycopy(body, 0, whole, head_.length, body.length);
            transport.write(whole); // one write for header and body
        } else {
            transport.write(head_);
        }
        if (response.upgradeTo() != null) {
            upgraded = response.upgradeTo();
            idleCheck.cancel();
            upgraded.connectionMade(transport);
            return;
        }
        if (response.stream() != null) {
            if (head) {
                closeAfterResponse();
                return;
            }
            streaming = response.stream();
            idleCheck.cancel();
            waiting = true; // nothing more is read: the stream owns the rest of the connection
            streaming.start(transport);
            return;
        }
        if (response.file() != null) {
            if (head) {
                response.fileDone().run();
            } else {
                waiting = true;
                transport.pauseReading();
                transport.sendFile(response.file(), response.fileOffset(), response.fileLength())
                        .whenComplete((sent, failure) -> transport.eventLoop().execute(() -> {
                            response.fileDone().run();
                            waiting = false;
                            lastProgress = System.nanoTime();
                            if (failure == null && !closed) {
                                continueInput();
                            }
                        }));
            }
        }
        if (!keepAlive) {
            closeAfterResponse();
        }
    }

    private void closeAfterResponse() {
        closed = true;
        transport.loseConnection();
    }

    /** Goes on with held input after a pending response; reads again once it is used up. */
    private void continueInput() {
        if (waiting || closed) {
            return;
        }
        process(held);
        if (upgraded != null && held.hasRemaining()) {
            upgraded.dataReceived(held);
            return;
        }
        if (!waiting && !closed && !held.hasRemaining()) {
            if (closeWhenIdle) {
                closeAfterResponse();
            } else {
                transport.resumeReading();
            }
        }
    }

    private void refuse(int status, String why) {
        LOG.log(Level.DEBUG, () -> "[c" + transport.id() + "] " + transport.remoteAddress() + ": " + status + " " + why);
        HttpResponse response = HttpResponse.text(status, HttpResponse.reason(status) + ": " + why + "\n")
                .header("Connection", "close");
        write(new HttpRequest("GET", "/", 1, new HttpHeaders(), new byte[0]), response);
        closeAfterResponse();
    }

    private void checkIdle() {
        if (closed || waiting || upgraded != null) {
            return;
        }
        if (System.nanoTime() - lastProgress < idleTimeout.toNanos()) {
            return;
        }
        if (parser.idle()) {
            closeAfterResponse(); // an idle keep-alive connection: close quietly
        } else {
            refuse(408, "the request did not arrive within " + idleTimeout.toSeconds() + " s");
        }
    }

    @Override
    public void readEnded(Transport t) {
        if (upgraded != null) {
            upgraded.readEnded(t);
            return;
        }
        closeWhenIdle();
    }

    /** Closes now if no response is pending, else right after it (the peer ended, or the server stops). */
    private void closeWhenIdle() {
        closeWhenIdle = true;
        if (!waiting && !closed) {
            closeAfterResponse();
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (upgraded != null) {
            upgraded.writabilityChanged(writable);
        }
    }

    @Override
    public void stopRequested(Transport t) {
        if (upgraded != null) {
            upgraded.stopRequested(t);
            return;
        }
        if (streaming != null) {
            // an event stream carries nothing that must arrive, and the browser would keep it open
            // (and reconnect): closing gracefully would wait for its end until the stop's deadline
            closed = true;
            t.abortConnection();
            return;
        }
        closeWhenIdle();
    }

    @Override
    public void connectionLost(CloseReason reason) {
        closed = true;
        if (idleCheck != null) {
            idleCheck.cancel();
        }
        if (streaming != null) {
            streaming.stop();
        }
        if (upgraded != null) {
            upgraded.connectionLost(reason);
        }
    }
}

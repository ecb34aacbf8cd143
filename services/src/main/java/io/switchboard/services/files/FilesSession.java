package io.switchboard.services.files;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Timer;
import io.switchboard.reactor.Transport;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One connection to the files service (docs/protocols/files.md): greets, reads request lines,
 * streams uploads to a {@link FileStorage} and downloads from it with {@link Transport#sendFile}.
 * It also serves the classic tutorial's upload (size as bare digits, {@code ko}, then the bytes).
 *
 * <p>Disk work never runs on the connection's thread: it goes to the {@code disk} executor while
 * reading is paused, so at most one read buffer of input is held per connection, and the result
 * comes back through the connection's event loop. A download pauses reading too, so replies stay
 * in request order.
 *
 * <p>Not thread-safe: every method runs on the connection's event loop, as {@link Protocol} promises.
 */
final class FilesSession implements Protocol {

    static final String GREETING = "SWITCHBOARD-FILES 1\n";

    private static final Logger LOG = System.getLogger(FilesSession.class.getName());
    /** Each of an upload's two buffers: large enough that a disk hand-off is rare, small per connection. */
    static final int STAGE_BYTES = 256 * 1024;

    /** Where the session is in the conversation. */
    private enum State { FIRST, COMMAND, UPLOAD, CLASSIC_SIZE, CLASSIC_BODY, CLOSED }

    /** Disk work that may refuse with a protocol error. */
    @FunctionalInterface
    private interface DiskWork<T> {
        T run() throws FilesRefusal, IOException;
    }

    private final FileStorage storage;
    private final Executor disk;
    private final FilesOptions options;
    private final byte[] line;
    private int lineLength;
    private long requestLines; // request lines ended so far: numbers the unfinished one for the slowloris guard
    private Transport transport;
    private State state = State.FIRST;
    private ByteBuffer held = ByteBuffer.allocate(0); // input kept while disk work is pending
    private ByteBuffer staging; // upload bytes being gathered on the loop
    private ByteBuffer spare; // the other buffer: being written by the disk thread, or free
    private boolean writing; // a staged buffer is being written on the disk executor
    private boolean stagingFull; // reading paused until the write in flight frees a buffer
    private long expected; // upload bytes still to come from the network (the loop's count)
    private Upload upload;
    private boolean waiting; // disk work or a download in flight; reading is paused
    private boolean lost;
    private long classicSize;
    private int classicDigits;
    private Timer classicQuiet;

    FilesSession(FileStorage storage, Executor disk) {
        this.storage = storage;
        this.disk = disk;
        this.options = storage.options();
        this.line = new byte[options.maxRequestBytes()];
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        reply(GREETING);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        process(data);
        if (data.hasRemaining() && state != State.CLOSED) {
            hold(data);
        }
    }

    /** Keeps the unprocessed rest of a lent buffer until the pending work is done. */
    private void hold(ByteBuffer rest) {
        if (held.capacity() < rest.remaining()) {
            held = ByteBuffer.allocate(rest.remaining());
        }
        held.clear();
        held.put(rest).flip();
    }

    /** Consumes input until it runs out, the session must wait for disk work, or it closed. */
    private void process(ByteBuffer in) {
        while (in.hasRemaining() && !waiting && state != State.CLOSED) {
            switch (state) {
                case FIRST -> state = isDigit(in.get(in.position())) ? State.CLASSIC_SIZE : State.COMMAND;
                case COMMAND -> readLine(in);
                case UPLOAD, CLASSIC_BODY -> receive(in);
                case CLASSIC_SIZE -> readClassicSize(in);
                case CLOSED -> in.position(in.limit());
            }
        }
    }

    /**
     * The request line being received, while part of it has arrived; else 0. Upload bodies are
     * not messages here: a slow upload is legitimate (the idle and write timeouts watch stalls).
     */
    @Override
    public long unfinishedMessage() {
        return state == State.COMMAND && lineLength > 0 ? requestLines + 1 : 0;
    }

    // ---- requests ---------------------------------------------------------------------------

    private void readLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                String request = FilesRequest.decode(line, end);
                lineLength = 0;
                requestLines++;
                handle(request);
                return;
            }
            if (lineLength == line.length) {
                refuseAndClose(new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "request line over "
                        + line.length + " bytes"));
                return;
            }
            line[lineLength++] = b;
        }
    }

    private void handle(String line) {
        try {
            switch (FilesRequest.parse(line)) {
                case FilesRequest.Put request -> put(request);
                case FilesRequest.Get request -> get(request);
                case FilesRequest.Stat stat -> onDisk(() -> storage.stat(stat.name()), file -> reply("STAT "
                        + file.size() + " " + file.modifiedMillis() + " " + file.sha256() + " " + file.name() + "\n"));
                case FilesRequest.ListFiles _ -> onDisk(storage::list, this::replyList);
                case FilesRequest.Quit _ -> {
                    reply("BYE\n");
                    state = State.CLOSED;
                    transport.loseConnection();
                }
            }
        } catch (FilesRefusal refusal) {
            reply(refusal.replyLine() + "\n");
        }
    }

    private void put(FilesRequest.Put request) {
        String name = request.name();
        onDisk(() -> storage.beginUpload(name, request.size(), request.sha256()), started -> {
            reply("READY " + started.offset() + "\n");
            state = State.UPLOAD;
            startReceiving(started);
        });
    }

    private void get(FilesRequest.Get request) {
        long offset = request.offset();
        String name = request.name();
        onDisk(() -> storage.open(name), opened -> {
            if (offset > opened.size()) {
                closeQuietly(opened);
                reply(new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "offset " + offset + " is beyond the end of "
                        + FileNames.quoted(name) + " (" + opened.size() + " bytes)").replyLine() + "\n");
                return;
            }
            reply("FILE " + opened.size() + " " + opened.sha256() + " " + offset + "\n");
            waiting = true; // reading stays paused until the file is sent: replies stay in order
            transport.sendFile(opened.channel(), offset, opened.size() - offset).whenComplete((sent, failure) -> {
                closeQuietly(opened);
                transport.eventLoop().execute(() -> {
                    waiting = false;
                    if (failure == null) {
                        LOG.log(Level.DEBUG, () -> "[c" + transport.id() + "] sent " + name + " from " + offset);
                        continueInput();
                    }
                });
            });
        });
    }

    private void replyList(List<StoredFile> files) {
        StringBuilder out = new StringBuilder("LIST ").append(files.size()).append('\n');
        for (StoredFile file : files) {
            out.append(file.size()).append(' ').append(file.modifiedMillis()).append(' ').append(file.name()).append('\n');
        }
        reply(out.toString());
    }

    // ---- upload bytes -----------------------------------------------------------------------

    /**
     * Upload bytes are gathered into one of two buffers while the other is written on the disk
     * executor, so the network and the disk overlap; reading pauses only when both are busy.
     * Memory per upload: two buffers of {@link #STAGE_BYTES}.
     */
    private void startReceiving(Upload started) {
        upload = started;
        expected = started.remaining();
        int size = (int) Math.max(1, Math.min(STAGE_BYTES, expected));
        // direct: FileChannel.write copies a heap buffer into a temporary direct one first, and a
        // disk task's virtual thread has no cached one to reuse
        staging = ByteBuffer.allocateDirect(size);
        spare = ByteBuffer.allocateDirect(size);
        if (expected == 0) {
            waiting = true;
            receiveLast(takeStaged());
        }
    }

    private void receive(ByteBuffer in) {
        int n = (int) Math.min(Math.min(in.remaining(), expected), staging.remaining());
        staging.put(staging.position(), in, in.position(), n).position(staging.position() + n);
        in.position(in.position() + n);
        expected -= n;
        if (expected == 0) {
            waiting = true; // no more upload bytes; the next request waits for the reply
            transport.pauseReading();
            if (!writing) {
                receiveLast(takeStaged());
            }
        } else if (!staging.hasRemaining()) {
            if (!writing) {
                writeStaged();
            } else {
                waiting = true;
                stagingFull = true;
                transport.pauseReading();
            }
        }
    }

    /** The gathered bytes, ready to write; the spare buffer takes over the gathering. */
    private ByteBuffer takeStaged() {
        ByteBuffer full = staging.flip();
        staging = spare.clear();
        spare = full;
        return full;
    }

    private void writeStaged() {
        ByteBuffer bytes = takeStaged();
        Upload target = upload;
        writing = true;
        disk.execute(() -> {
            Object outcome = Boolean.TRUE;
            try {
                target.write(bytes);
            } catch (FilesRefusal refusal) {
                outcome = refusal;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "files: disk work failed", e);
                target.discard();
                outcome = new FilesRefusal(FilesRefusal.Code.IO_ERROR, "the server failed: " + e);
            }
            Object result = outcome;
            transport.eventLoop().execute(() -> written(result));
        });
    }

    /** A staged write ended, on the event loop. */
    private void written(Object outcome) {
        writing = false;
        if (lost) {
            abandonUpload();
            return;
        }
        if (outcome instanceof FilesRefusal refusal) {
            upload = null; // the upload deleted its partial and released its name
            waiting = false;
            refuseAndClose(refusal);
            return;
        }
        if (expected == 0) {
            receiveLast(takeStaged()); // reading is paused; the reply resumes it
        } else if (stagingFull) {
            stagingFull = false;
            waiting = false;
            writeStaged();
            continueInput();
        }
    }

    /** The last bytes of an upload: write them, then verify, force and rename, all in one disk task. */
    private void receiveLast(ByteBuffer chunk) {
        Upload finishing = upload;
        onDisk(() -> {
            finishing.write(chunk);
            return finishing.finish();
        }, stored -> {
            upload = null;
            staging = null;
            spare = null;
            LOG.log(Level.INFO, () -> "[c" + transport.id() + "] " + transport.remoteAddress() + " stored "
                    + stored.name() + " (" + stored.size() + " bytes, sha256 " + stored.sha256() + ")");
            reply("OK " + stored.size() + " " + stored.sha256() + " " + stored.name() + "\n");
            if (state == State.CLASSIC_BODY) {
                state = State.CLOSED;
                transport.loseConnection();
            } else {
                state = State.COMMAND;
            }
        });
    }

    // ---- the classic upload -----------------------------------------------------------------

    private void readClassicSize(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                startClassic();
                return;
            }
            if (b == '\r') {
                continue;
            }
            if (!isDigit(b) || classicDigits == FilesRequest.MAX_NUMBER_DIGITS) {
                refuseAndClose(new FilesRefusal(FilesRefusal.Code.BAD_REQUEST, "a classic upload starts with its size "
                        + "in at most " + FilesRequest.MAX_NUMBER_DIGITS + " decimal digits"));
                return;
            }
            classicSize = classicSize * 10 + (b - '0');
            classicDigits++;
        }
        if (classicQuiet != null) {
            classicQuiet.cancel();
        }
        classicQuiet = transport.eventLoop().schedule(options.classicSizeQuiet(), () -> {
            if (state == State.CLASSIC_SIZE && !lost && !waiting) {
                startClassic();
            }
        });
    }

    private void startClassic() {
        if (classicQuiet != null) {
            classicQuiet.cancel();
        }
        long size = classicSize;
        state = State.CLASSIC_BODY;
        waiting = true; // until the upload is ready, bytes after the size wait in the kernel
        onDisk(() -> storage.beginClassicUpload(size), started -> {
            reply("ko");
            startReceiving(started);
        });
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    // ---- disk work --------------------------------------------------------------------------

    /**
     * Runs {@code work} on the disk executor with reading paused; {@code then} gets its result on
     * the event loop, or the refusal is answered. After an upload started, a refusal closes the
     * connection (the client's bytes in flight can no longer be told from a request).
     */
    private <T> void onDisk(DiskWork<T> work, Consumer<T> then) {
        waiting = true;
        transport.pauseReading();
        disk.execute(() -> {
            Object result;
            try {
                result = work.run();
            } catch (FilesRefusal refusal) {
                result = refusal;
            } catch (IOException e) {
                result = FileStorage.diskFailure("disk work", e);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "files: disk work failed", e);
                result = new FilesRefusal(FilesRefusal.Code.IO_ERROR, "the server failed: " + e);
            }
            Object outcome = result;
            transport.eventLoop().execute(() -> completed(outcome, then));
        });
    }

    @SuppressWarnings("unchecked")
    private <T> void completed(Object outcome, Consumer<T> then) {
        waiting = false;
        if (lost) {
            if (outcome instanceof Upload started) {
                upload = started;
            }
            abandonUpload();
            if (outcome instanceof OpenedFile opened) {
                closeQuietly(opened);
            }
            return;
        }
        if (outcome instanceof FilesRefusal refusal) {
            boolean uploading = state == State.UPLOAD || state == State.CLASSIC_BODY;
            upload = null; // a refused upload has already deleted its partial and released its name
            if (uploading) {
                refuseAndClose(refusal);
                return;
            }
            reply(refusal.replyLine() + "\n");
        } else {
            then.accept((T) outcome);
        }
        continueInput();
    }

    /** Goes on with held input, then reads again once it is used up. */
    private void continueInput() {
        if (waiting || state == State.CLOSED) {
            return;
        }
        process(held);
        if (!waiting && state != State.CLOSED && !held.hasRemaining()) {
            transport.resumeReading();
        }
    }

    // ---- endings ----------------------------------------------------------------------------

    private void refuseAndClose(FilesRefusal refusal) {
        LOG.log(Level.DEBUG, () -> "[c" + transport.id() + "] " + transport.remoteAddress() + ": " + refusal.replyLine());
        reply(refusal.replyLine() + "\n");
        state = State.CLOSED;
        transport.loseConnection();
    }

    @Override
    public void connectionLost(CloseReason reason) {
        lost = true;
        state = State.CLOSED;
        if (classicQuiet != null) {
            classicQuiet.cancel();
        }
        if (!waiting && !writing) {
            abandonUpload(); // else the disk work in flight ends first and abandons it then
        }
    }

    /** The connection is gone mid-upload: keep the partial for a resume (classic: delete it), on the disk executor. */
    private void abandonUpload() {
        Upload cut = upload;
        upload = null;
        if (cut == null) {
            return;
        }
        ByteBuffer received = staging != null && staging.position() > 0 ? staging.flip() : null;
        staging = null;
        spare = null;
        disk.execute(() -> {
            if (received != null) {
                try {
                    cut.write(received); // bytes the client sent before the cut belong in the partial
                } catch (FilesRefusal refusal) {
                    LOG.log(Level.DEBUG, () -> "files: the last bytes of a cut upload were not kept: " + refusal.getMessage());
                }
            }
            cut.suspend();
        });
    }

    private void reply(String text) {
        transport.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void closeQuietly(OpenedFile opened) {
        try {
            opened.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}

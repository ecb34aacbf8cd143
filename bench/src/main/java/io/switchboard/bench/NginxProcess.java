package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx as a peer: a foreground master ({@code daemon off}) with {@code workers} worker processes,
 * a generated configuration in a temporary prefix directory, {@code GET /plaintext} answering
 * {@code Hello, World!} as text/plain from the configuration itself ({@code return 200}), access
 * log off, errors to stderr, keep-alive for as many requests as a run makes. nginx cannot report
 * a port it was given as 0, so a free one is found first (bind 0, read it, release it). Stopped by
 * its PID (SIGTERM, then SIGKILL for the master and its workers).
 */
final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final Path prefix;
    private final int port;

    private NginxProcess(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    static NginxProcess start(int workers) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory(ServerProcess.tempRoot(), "switchboard-nginx");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.writeString(prefix.resolve("nginx.conf"), config(workers, port, prefix));
        Process process = new ProcessBuilder("nginx", "-p", prefix + "/", "-c", prefix.resolve("nginx.conf").toString(),
                "-e", "stderr").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NginxProcess nginx = new NginxProcess(process, prefix, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    nginx.close();
                    throw new IOException("nginx with " + workers + " workers did not start on 127.0.0.1:" + port
                            + (process.isAlive() ? " within 10 s" : " (exit " + process.exitValue() + ")"));
                }
                Thread.sleep(50);
            }
        }
        return nginx;
    }

    private static String config(int workers, int port, Path prefix) {
        return """
                worker_processes %d;
                daemon off;
                master_process on;
                pid %s/nginx.pid;
                error_log stderr warn;
                events {
                    worker_connections 4096;
                }
                http {
                    access_log off;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    keepalive_requests 100000000;
                    keepalive_timeout 65s;
                    tcp_nodelay on;
                    server {
                        listen 127.0.0.1:%d;
                        location = /plaintext {
                            default_type text/plain;
                            return 200 "Hello, World!";
                        }
                    }
                }
                """.formatted(workers, prefix, prefix, prefix, prefix, prefix, prefix, port);
    }

    int port() {
        return port;
    }

    /** The master's PID and its workers'. */
    List<Long> pids() {
        return Stream.concat(Stream.of(process.pid()), process.descendants().map(ProcessHandle::pid)).toList();
    }

    @Override
    public void close() throws IOException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy(); // SIGTERM: nginx's fast shutdown, which stops the workers too
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}

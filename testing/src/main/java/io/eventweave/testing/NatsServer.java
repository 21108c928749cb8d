package io.eventweave.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real NATS server with JetStream (Debian's {@code nats-server} package, which {@code scripts/install-test-deps.sh}
 * installs) on a loopback port with a store in a directory of the test's; {@link #stop()} kills it (as a crash would,
 * or gracefully), {@link #restart()} starts it again on the same port and store. Absent binary: the test fails and
 * says how to install it (never skips).
 */
public final class NatsServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;
    private int starts;

    private NatsServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts {@code nats-server -js} on a free loopback port, its store under {@code dir}, and waits until ready. */
    public static NatsServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        NatsServer server = new NatsServer(dir, FreePort.find());
        server.restart();
        return server;
    }

    private static Path binary() {
        for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("nats-server is not installed: run scripts/install-test-deps.sh (Debian's "
                + "nats-server package), as the README's test command does");
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and store; waits until it accepts connections. */
    public void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("nats-server is running");
        }
        starts++;
        Path log = dir.resolve("nats-server-" + starts + ".log");
        process = new ProcessBuilder(binary().toString(), "-js", "-sd", dir.resolve("store").toString(),
                "-a", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("Server is ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String text = Files.readString(log);
                stop(true);
                throw new AssertionError("nats-server did not become ready on 127.0.0.1:" + port + ":\n" + text);
            }
            Thread.sleep(50);
        }
        // ready is printed once the listener is up; a connect proves it
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }

    /** Stops the server: {@code kill} ({@code graceful}) or {@code kill -9}; the store stays. */
    public void stop(boolean graceful) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (graceful) {
            process.destroy();
        } else {
            process.destroyForcibly();
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop(true);
    }
}

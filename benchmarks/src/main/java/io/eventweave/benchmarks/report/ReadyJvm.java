package io.eventweave.benchmarks.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM (the report's own {@code java}) that says on stdout when it is ready and then stays up: the Spring Boot
 * service ({@code Started ...}) or {@code overhead.HeldStartupApp}. The moment the ready line is read, on the thread
 * that reads it, it takes the readings of start-up: wall time since just before the process was started, the
 * process's CPU time, resident memory ({@code VmRSS}, {@code VmHWM}) and the JVM's own counters ({@link PerfData}:
 * heap and metaspace used, classes loaded, GC cycles). Nothing is asked of the child to get them (no attach, no
 * {@code System.gc()}). Then the caller may send it requests, and stops it.
 */
final class ReadyJvm {
    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port[s]?[ (]*(\\d+)");

    private final Process process;
    private final long startNanos;
    private final Path stderr;
    private final Path log;
    private final List<String> stdout = new ArrayList<>();
    private final CompletableFuture<Map<String, Double>> ready = new CompletableFuture<>();
    private volatile int port = -1;

    /**
     * Starts {@code command} (everything after {@code java}) with {@code env}; {@code readyLine} is searched for in
     * each stdout line. Its stderr goes to a file of its own (the agent's start-up timing is read from it), appended
     * to {@code log} when it ends.
     */
    ReadyJvm(List<String> command, Map<String, String> env, Pattern readyLine, Path log) throws IOException {
        this.log = log;
        this.stderr = Files.createTempFile("eventweave-bench-stderr-", ".log");
        List<String> full = new ArrayList<>();
        full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        startNanos = System.nanoTime();
        process = builder.start();
        Thread reader = new Thread(() -> read(readyLine), "ready-jvm-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Pattern readyLine) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!ready.isDone() && readyLine.matcher(line).find()) {
                    ready.complete(readings(process, (System.nanoTime() - startNanos) / 1e6));
                }
                Matcher m = TOMCAT_PORT.matcher(line);
                if (port < 0 && m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                synchronized (stdout) {
                    stdout.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("stdout ended before the ready line"));
    }

    /**
     * The readings at this moment, CPU first (the child keeps compiling meanwhile): {@code wallMs}, {@code cpuMs},
     * {@code rssMb}, {@code hwmMb}, and when its perf data is readable {@code heapMb}, {@code metaspaceMb},
     * {@code classes}, {@code gcs}.
     */
    private static Map<String, Double> readings(Process process, double wallMs) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("wallMs", wallMs);
        r.put("cpuMs", process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L) / 1e6);
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                    double kb = Double.parseDouble(line.replaceAll("[^0-9]", ""));
                    r.put(line.startsWith("VmRSS:") ? "rssMb" : "hwmMb", kb / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no resident memory figures
        }
        Map<String, Long> perf = PerfData.read(process.pid());
        if (!perf.isEmpty()) {
            long heap = 0;
            for (Map.Entry<String, Long> counter : perf.entrySet()) {
                if (counter.getKey().matches("sun\\.gc\\.generation\\.\\d+\\.space\\.\\d+\\.used")) {
                    heap += counter.getValue();
                }
            }
            r.put("heapMb", heap / 1048576.0);
            r.put("metaspaceMb", perf.getOrDefault("sun.gc.metaspace.used", 0L) / 1048576.0);
            r.put("classes", (double) perf.getOrDefault("java.cls.loadedClasses", 0L));
            r.put("gcs", (double) (perf.getOrDefault("sun.gc.collector.0.invocations", 0L)
                    + perf.getOrDefault("sun.gc.collector.1.invocations", 0L)));
        }
        return r;
    }

    /** Waits for the ready line; the readings taken when it was read (a copy). The caller stops the child. */
    Map<String, Double> awaitReady(long timeoutSeconds) throws InterruptedException {
        try {
            return new LinkedHashMap<>(ready.get(timeoutSeconds, TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("no ready line within " + timeoutSeconds + " s (" + e + "); see " + log, e);
        }
    }

    /** The port from Tomcat's {@code Tomcat started on port N} line. */
    int port() {
        if (port < 0) {
            throw new IllegalStateException("the service printed no Tomcat port; see " + log);
        }
        return port;
    }

    /**
     * Ends the child: SIGTERM ({@code terminate}; the JVM runs its shutdown hooks) or closing its stdin (for a child
     * that waits on it and exits 0), then waits for it. Returns its stderr.
     */
    String stop(boolean terminate) throws IOException, InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (terminate) {
            process.destroy();
        }
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        Files.deleteIfExists(stderr);
        StringBuilder all = new StringBuilder("---- ").append(process.info().commandLine().orElse("")).append('\n');
        synchronized (stdout) {
            stdout.forEach(line -> all.append(line).append('\n'));
        }
        all.append(err);
        Files.writeString(log, all, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (!ended) {
            throw new IllegalStateException("did not end within 60 s; see " + log);
        }
        if (!terminate && process.exitValue() != 0) {
            throw new IllegalStateException("exit code " + process.exitValue() + "; see " + log);
        }
        return err;
    }

    /**
     * One {@code GET path} to the child's port on a new loopback connection ({@code Connection: close}, a raw socket:
     * next to nothing of the client's own start-up is timed); returns the nanoseconds from connect to the last byte,
     * after checking the status is 200 and the body contains {@code expected}.
     */
    long get(String path, String expected) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        byte[] response;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            response = socket.getInputStream().readAllBytes();
        }
        long nanos = System.nanoTime() - start;
        String text = new String(response, StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 200") || !text.contains(expected)) {
            throw new IllegalStateException("GET " + path + ": expected 200 with '" + expected + "', got "
                    + text.substring(0, Math.min(300, text.length())));
        }
        return nanos;
    }
}

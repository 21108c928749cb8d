package io.eventweave.benchmarks.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a benchmark main class in a JVM of its own (the same {@code java} as the report's), with the flags of
 * one contender. Its stderr goes to a log file; its {@code RESULT key=value ...} line on stdout is the outcome.
 */
final class ChildJvm {
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Path log;

    ChildJvm(Path log) {
        this.log = log;
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    ChildJvm args(List<String> args) {
        command.addAll(args);
        return this;
    }

    ChildJvm args(String... args) {
        return args(List.of(args));
    }

    ChildJvm env(Map<String, String> values) {
        environment.putAll(values);
        return this;
    }

    /** Runs to the end; the values of its RESULT line (empty when it printed none). */
    Map<String, String> run(long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Map<String, String> result = new HashMap<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring("RESULT ".length()).trim().split(" ")) {
                        int eq = pair.indexOf('=');
                        result.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + this + " (stderr in " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit code " + process.exitValue() + ": " + this + " (stderr in " + log + ")");
        }
        return result;
    }

    /** Runs to the end and returns the wall-clock time from start to exit, in nanoseconds. */
    long timeToExit(long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + this);
        }
        long elapsed = System.nanoTime() - start;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit code " + process.exitValue() + ": " + this + " (stderr in " + log + ")");
        }
        return elapsed;
    }

    @Override
    public String toString() {
        return (environment.isEmpty() ? "" : environment + " ") + String.join(" ", command);
    }
}

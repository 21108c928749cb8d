package io.eventweave.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a command that reads a large input in a second JVM tuned for a batch of a few seconds, the way launchers
 * (Gradle's, Elasticsearch's) choose their JVM's flags: only the client compiler ({@code -XX:TieredStopAtLevel=1})
 * and the parallel collector. The default tiered compilers spend the first seconds of such a run profiling and
 * compiling: on 2 cores a 1 GB {@code summary} took 2.9-3.1 s in-process with the defaults and 2.5 s with these
 * flags (one more JVM start costs about 0.1 s; {@code benchmarks/.../CommandLineSpeed} measures the whole).
 *
 * <p>The second JVM gets the same arguments, the first JVM's own options ({@code -Xmx} included: a heap bound the
 * user gave still holds), the same working directory and the same standard streams, and its exit status is the
 * command's. Not done when the input is small ({@value #ABOVE_BYTES} bytes or less; {@code EVENTWEAVE_CLI_BATCH_ABOVE}
 * changes the bound, bytes), when the user chose compiler or collector flags, from standard input, or in a test's
 * own terminal; if the second JVM cannot start, the command runs here.
 */
final class BatchJvm {
    static final long ABOVE_BYTES = 256L << 20;
    /** Set in the second JVM, which then runs the command itself. */
    static final String CHILD = "EVENTWEAVE_CLI_BATCH";
    static final String ABOVE = "EVENTWEAVE_CLI_BATCH_ABOVE";
    static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC");
    /** {@code EVENTWEAVE_CLI_DEBUG=true}: one stderr line when a command is handed to the batch JVM. */
    static final String DEBUG = "EVENTWEAVE_CLI_DEBUG";

    private BatchJvm() {
    }

    /**
     * The exit status of {@code argv} run in a batch JVM, or empty when it should run here.
     *
     * @param inputBytes the size of the files the command will read
     */
    static Optional<Integer> run(String[] argv, long inputBytes, boolean readsStandardInput, Terminal terminal) {
        if (!terminal.own || readsStandardInput || terminal.env.containsKey(CHILD)) {
            return Optional.empty();
        }
        long above = ABOVE_BYTES;
        String configured = terminal.env.get(ABOVE);
        if (configured != null) {
            try {
                above = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                terminal.err.println("eventweave: ignoring " + ABOVE + "='" + configured + "': not a number of bytes");
            }
        }
        if (inputBytes <= above) {
            return Optional.empty();
        }
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : jvmOptions) {
            if (option.startsWith("-XX:TieredStopAtLevel") || option.contains("TieredCompilation")
                    || option.matches("-XX:[+-]Use\\w*GC") || option.startsWith("-agentlib")
                    || option.startsWith("-javaagent")) {
                return Optional.empty(); // the user's own choice of compiler, collector or tooling: left alone
            }
        }
        Optional<String> java = ProcessHandle.current().info().command();
        String jar = System.getProperty("eventweave.cli.agent.jar");
        if (java.isEmpty() || jar == null || !new File(jar).isFile()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(jvmOptions);
        command.addAll(FLAGS);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(argv));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().directory(terminal.cwd.toFile());
        builder.environment().put(CHILD, "1");
        if ("true".equalsIgnoreCase(terminal.env.get(DEBUG))) {
            terminal.err.println("eventweave: reading " + inputBytes + " bytes in a second JVM: "
                    + String.join(" ", FLAGS));
        }
        try {
            terminal.out.flush();
            Process child = builder.start();
            try {
                return Optional.of(child.waitFor());
            } catch (InterruptedException e) {
                child.destroy();
                Thread.currentThread().interrupt();
                return Optional.of(130);
            }
        } catch (IOException e) {
            return Optional.empty(); // run here then
        }
    }
}

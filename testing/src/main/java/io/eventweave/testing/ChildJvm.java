package io.eventweave.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts a test application (any main class) in a child JVM, by default under the
 * packaged agent ({@code -javaagent:agent/target/eventweave-agent.jar}), and collects what it printed.
 *
 * <p>The JDK of the child comes from {@code eventweave.it.java.home} when set (the suite's second run, on the newest
 * JDK of the machine), else from this JVM. Output goes to files, so a chatty child can never block on a full pipe.
 */
public final class ChildJvm {
    private final String mainClass;
    /** Set for an executable jar ({@code java -jar}); then {@link #mainClass} and the class path are not used. */
    private Path jar;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> removedEnv = new ArrayList<>();
    private boolean agent = true;
    private String agentArgs;
    private Path workDir;
    private long timeoutSeconds = 60;
    /** Output goes to {@code <logName>.stdout} and {@code <logName>.stderr} in the working directory. */
    private String logName = "child";

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
        // absolute: the child runs in a directory of its own
        classPath.add(Paths.get(System.getProperty("eventweave.app.classes", "target/classes")).toAbsolutePath().toString());
        removedEnv.add("JAVA_TOOL_OPTIONS");
        removedEnv.add("TRACEPARENT");
        removedEnv.add("OTEL_SERVICE_NAME");
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("EVENTWEAVE_")) {
                removedEnv.add(name);
            }
        }
    }

    /**
     * {@code mainClass} with the classes of the module under test on the class path, and the folder or jar the class
     * itself comes from when that is elsewhere (a shared app of this module).
     */
    public static ChildJvm app(Class<?> mainClass) {
        ChildJvm child = new ChildJvm(mainClass.getName());
        Path home = codeSource(mainClass);
        if (!home.equals(Paths.get(child.classPath.get(0)).normalize())) {
            child.classPath.add(home.toString());
        }
        return child;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ChildJvm app(String mainClass) {
        return new ChildJvm(mainClass);
    }

    /** {@code java -jar <jar>}. */
    public static ChildJvm jar(Path jar) {
        ChildJvm child = new ChildJvm(jar.getFileName().toString());
        child.jar = jar;
        return child;
    }

    /** The packaged agent jar. */
    public static Path agentJar() {
        String configured = System.getProperty("eventweave.agent.jar");
        Path jar = configured != null && !configured.isBlank() ? Paths.get(configured)
                : SourceTree.file("agent/target/eventweave-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not found at " + jar.toAbsolutePath()
                    + "; build it first with mvn -B -DskipTests package");
        }
        return jar.toAbsolutePath();
    }

    /** The JDK the children run on; aborts the test (with the reason) if a requested JDK is missing. */
    public static Path javaHome() {
        String requested = System.getProperty("eventweave.it.java.home");
        if (requested == null || requested.isBlank()) {
            return Paths.get(System.getProperty("java.home"));
        }
        Path home = Paths.get(requested);
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")),
                "skipped: JDK " + home + " requested by eventweave.it.java.home is not installed on this machine");
        return home;
    }

    /** Where the module's build copied the library versions its apps run with ({@code target/app-libs}). */
    public static Path appLibs() {
        return Paths.get(System.getProperty("eventweave.app.libs", "target/app-libs")).toAbsolutePath();
    }

    public static Path appLib(String fileNamePrefix) {
        Path dir = appLibs();
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(fileNamePrefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + fileNamePrefix + "* in " + dir));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ChildJvm args(String... values) {
        args.addAll(List.of(values));
        return this;
    }

    public ChildJvm jvmArgs(String... values) {
        jvmArgs.addAll(List.of(values));
        return this;
    }

    /** Every jar of {@code target/app-libs/<folder>/} (one library version the build copied there). */
    public ChildJvm libs(String folder) {
        return classPath(appLibs().resolve(folder).resolve("*"));
    }

    public ChildJvm classPath(Path entry) {
        classPath.add(entry.toAbsolutePath().toString());
        return this;
    }

    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ChildJvm withoutAgent() {
        agent = false;
        return this;
    }

    public ChildJvm agentArgs(String value) {
        agentArgs = value;
        return this;
    }

    public ChildJvm workDir(Path dir) {
        workDir = dir;
        return this;
    }

    public ChildJvm logName(String name) {
        logName = name;
        return this;
    }

    public ChildJvm timeoutSeconds(long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    public Result run() {
        Process process = start();
        return waitFor(process);
    }

    /** Starts the child without waiting (for tests that signal it). Collect with {@link #waitFor(Process)}. */
    public Process start() {
        try {
            if (workDir == null) {
                workDir = Files.createTempDirectory("eventweave-it");
            }
            List<String> command = new ArrayList<>();
            command.add(javaHome().resolve("bin/java").toString());
            if (agent) {
                command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
            }
            command.addAll(jvmArgs);
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toAbsolutePath().toString());
            } else {
                command.add("-cp");
                command.add(String.join(File.pathSeparator, classPath));
                command.add(mainClass);
            }
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            removedEnv.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            builder.redirectOutput(workDir.resolve(logName + ".stdout").toFile());
            builder.redirectError(workDir.resolve(logName + ".stderr").toFile());
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Result waitFor(Process process) {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM " + mainClass + " did not finish within " + timeoutSeconds
                        + " s; stderr:\n" + read(logName + ".stderr"));
            }
            return new Result(process.exitValue(), read(logName + ".stdout"), read(logName + ".stderr"), workDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String read(String name) {
        try {
            return Files.readString(workDir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * What a finished child left behind. The agent's start-up line ({@code eventweave: agent <version> started; ...})
     * is taken out of {@link #stderr}, so that tests compare the rest as before, and kept in {@link #startupLines}.
     */
    public static final class Result {
        private static final String STARTUP_PREFIX = "eventweave: agent ";
        private static final String STARTUP_MARK = " started; writing events to ";

        public final int exitCode;
        public final String stdout;
        /** stderr without the agent's start-up line. */
        public final String stderr;
        /** The agent's start-up lines on stderr: one for a run with the agent on, none without. */
        public final List<String> startupLines;
        public final Path workDir;

        Result(int exitCode, String stdout, String stderr, Path workDir) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            StringBuilder rest = new StringBuilder();
            List<String> startup = new ArrayList<>();
            for (String line : stderr.split("(?<=\n)")) {
                if (line.startsWith(STARTUP_PREFIX) && line.contains(STARTUP_MARK)) {
                    startup.add(line.strip());
                } else {
                    rest.append(line);
                }
            }
            this.stderr = rest.toString();
            this.startupLines = List.copyOf(startup);
            this.workDir = workDir;
        }

        public Result assertSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError("child exited with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n"
                        + stderr);
            }
            return this;
        }

        /** The one eventweave-*.jsonl file in the working directory. */
        public EventFile events() {
            return EventFile.single(workDir);
        }
    }
}

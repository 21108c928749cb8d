package io.eventweave.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a command runs against: its streams, working directory, environment and clock, and whether a person is
 * watching (a terminal: progress on stderr, colour unless {@code NO_COLOR} is set). Tests make one of their own.
 */
public final class Terminal {
    public final PrintStream out;
    public final PrintStream err;
    public final InputStream in;
    public final Path cwd;
    public final Instant now;
    /** Whether output goes to a terminal (not piped, not redirected). */
    public final boolean interactive;
    public final boolean colour;
    /** The process's environment (the system's for {@link #system()}). */
    public final Map<String, String> env;
    /** Whether these are the process's own streams ({@link #system()}): only then may a command hand itself on. */
    public final boolean own;

    public Terminal(PrintStream out, PrintStream err, InputStream in, Path cwd, Instant now, boolean interactive,
            Map<String, String> env) {
        this(out, err, in, cwd, now, interactive, env, false);
    }

    private Terminal(PrintStream out, PrintStream err, InputStream in, Path cwd, Instant now, boolean interactive,
            Map<String, String> env, boolean own) {
        this.env = env;
        this.own = own;
        this.out = out;
        this.err = err;
        this.in = in;
        this.cwd = cwd;
        this.now = now;
        this.interactive = interactive;
        String noColor = env.get("NO_COLOR");
        this.colour = interactive && (noColor == null || noColor.isEmpty());
    }

    /** The process's own: a terminal when {@link System#console()} is there (standard input and output both are). */
    public static Terminal system() {
        return new Terminal(System.out, System.err, System.in, Path.of("").toAbsolutePath(), Instant.now(),
                System.console() != null, System.getenv(), true);
    }

    /** {@code text} in an ANSI colour (e.g. {@code "31"} red) when colour is on. */
    public String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}

package io.eventweave.cli;

import io.eventweave.cli.filter.Filter;
import io.eventweave.cli.filter.FilterSyntaxException;
import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.InputFiles;
import io.eventweave.cli.input.Progress;
import io.eventweave.cli.input.Timestamps;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The input options every reading command takes: paths, {@code --since}, {@code --until}, {@code --where}. */
final class InputOptions {
    static final Set<String> VALUED = Set.of("since", "until", "where");

    static final String HELP = ""
            + "Input (every command):\n"
            + "  PATH...          files (.jsonl, rotated .NNNNNN.jsonl, .gz), directories (every eventweave file in\n"
            + "                   them) or globs ('logs/*.jsonl*'); - for standard input; none: the current directory.\n"
            + "                   One process's rotated files are read in rotation order; several processes are\n"
            + "                   merged by @timestamp. A broken line is counted and reported, never fatal.\n"
            + "  --since TIME     only events at or after TIME: 2026-12-02T10:00:00Z, 2026-12-02, or 10m, 2h, 1d\n"
            + "                   (that long before now)\n"
            + "  --until TIME     only events at or before TIME (same forms)\n"
            + "  --where EXPR     only events EXPR matches (docs/cli.md: the filter language), e.g.\n"
            + "                   \"event.name LIKE 'circuit_breaker.*' AND event.duration > 250ms\"\n"
            + "Reading over 256 MB, a command runs in a second JVM tuned for a batch (same arguments, streams and\n"
            + "-Xmx); EVENTWEAVE_CLI_BATCH_ABOVE=<bytes> moves that bound (docs/cli.md: speed).\n";

    private InputOptions() {
    }

    /** {@code extra} plus the input options. */
    static Set<String> valued(String... extra) {
        Set<String> all = new HashSet<>(VALUED);
        all.addAll(List.of(extra));
        return all;
    }

    /** The filter of {@code --where}, or null. */
    static Filter where(Args args, Terminal terminal) throws UsageException {
        String expr = args.value("where", null);
        return expr == null ? null : filter(args.command() + " --where", expr, terminal);
    }

    static Filter filter(String what, String expr, Terminal terminal) throws UsageException {
        try {
            return Filter.parse(expr, terminal.now);
        } catch (FilterSyntaxException e) {
            // the caret lines go to stderr before the one usage line
            String[] lines = e.describe().split("\n");
            for (int i = 1; i < lines.length; i++) {
                terminal.err.println("  " + lines[i]);
            }
            throw new UsageException(what + ": " + e.reason() + " at position " + (e.position() + 1));
        }
    }

    /** The input of {@code paths}, with the selection of {@code --since}, {@code --until} and {@code --where}. */
    static EventInput open(Args args, Terminal terminal, List<String> paths) throws UsageException {
        return open(terminal, paths, selection(args, terminal));
    }

    /**
     * The command's exit status from a JVM tuned for a long read ({@link BatchJvm}) when the input is large; empty:
     * run it here.
     */
    static java.util.Optional<Integer> inBatchJvm(String[] argv, int from, EventInput input, List<String> paths,
            Terminal terminal) {
        String[] whole = java.util.Arrays.copyOfRange(argv, from - 1, argv.length);
        return BatchJvm.run(whole, input.totalBytes(), InputFiles.readsStandardInput(paths), terminal);
    }

    static EventInput open(Terminal terminal, List<String> paths, EventInput.Selection selection)
            throws UsageException {
        return new EventInput(InputFiles.resolve(paths, terminal.cwd), InputFiles.readsStandardInput(paths),
                terminal.in, selection, terminal.interactive ? new Progress(terminal.err, progressAfter(terminal))
                : Progress.NONE);
    }

    /**
     * How long a read goes before its progress shows: a second, or {@code EVENTWEAVE_CLI_PROGRESS_AFTER} (a duration,
     * {@code 0ms} to show it at once, as the test of progress in a terminal does).
     */
    static long progressAfter(Terminal terminal) {
        String after = terminal.env.get("EVENTWEAVE_CLI_PROGRESS_AFTER");
        if (after != null) {
            try {
                return io.eventweave.cli.filter.Filter.parseDurationNanos(after.trim());
            } catch (IllegalArgumentException e) {
                terminal.err.println("eventweave: ignoring EVENTWEAVE_CLI_PROGRESS_AFTER='" + after + "': not a "
                        + "duration such as 500ms");
            }
        }
        return 1_000_000_000L;
    }

    /** {@code --since}, {@code --until} and {@code --where} as one selection. */
    static EventInput.Selection selection(Args args, Terminal terminal) throws UsageException {
        long since = time(args, "since", terminal, Long.MIN_VALUE);
        long until = time(args, "until", terminal, Long.MAX_VALUE);
        if (since > until) {
            throw new UsageException(args.command() + ": --since is after --until");
        }
        return new EventInput.Selection(since, until, where(args, terminal));
    }

    /** The time option {@code name} in nanoseconds since the epoch, or {@code otherwise} when it is not given. */
    static long time(Args args, String name, Terminal terminal, long otherwise) throws UsageException {
        String v = args.value(name, null);
        if (v == null) {
            return otherwise;
        }
        long nanos = parseTime(v.trim(), terminal.now);
        if (nanos == Timestamps.INVALID) {
            throw new UsageException(args.command() + ": --" + name + " '" + v + "' is not a time: give "
                    + "2026-12-02T10:00:00Z, 2026-12-02, or a duration before now such as 10m, 2h, 1d");
        }
        return nanos;
    }

    /** An RFC 3339 instant, a date (its midnight, UTC), or a duration before {@code now}; else INVALID. */
    static long parseTime(String v, java.time.Instant now) {
        long instant = Timestamps.nanos(v);
        if (instant != Timestamps.INVALID) {
            return instant;
        }
        try {
            return Timestamps.toNanos(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // a duration?
        }
        String ago = v.startsWith("now-") ? v.substring(4) : v;
        try {
            return Timestamps.toNanos(now) - Filter.parseDurationNanos(ago);
        } catch (IllegalArgumentException e) {
            return Timestamps.INVALID;
        }
    }
}

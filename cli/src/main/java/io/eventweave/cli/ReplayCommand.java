package io.eventweave.cli;

import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.Timestamps;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code replay}: the selected events written again on standard output in the rhythm they happened (by
 * {@code @timestamp}), faster with {@code --speed}: for driving a dashboard or a test with a recorded incident.
 */
final class ReplayCommand implements Command {
    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "the events again on stdout in their original rhythm (--speed 10x), from a time or sequence";
    }

    @Override
    public String help() {
        return "Usage: replay [PATH...] [options]\n"
                + "\n"
                + "Writes the selected events (each line as it was written) on standard output, waiting between\n"
                + "two events as long as between their @timestamps, divided by --speed. Several processes' files\n"
                + "are merged by @timestamp.\n"
                + "\n"
                + "  --speed S        10x, 0.5x, or max (no waiting); default 1x\n"
                + "  --from-sequence N  start at event.sequence N (of each process)\n"
                + "  --max-gap D      a longer wait is cut to D (default 10s), so an idle hour does not stall it\n"
                + "\n" + InputOptions.HELP
                + "\n"
                + "Example: replay --since 2026-12-05T23:58:39Z --until 2026-12-05T23:58:41Z --speed 10x | my-dashboard\n";
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, InputOptions.valued("speed", "from-sequence", "max-gap"),
                Set.of());
        double speed = speed(args.value("speed", "1x"));
        long fromSequence = args.number("from-sequence", 0, 0);
        long maxGap;
        try {
            maxGap = io.eventweave.cli.filter.Filter.parseDurationNanos(args.value("max-gap", "10s").trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("replay: --max-gap must be a duration such as 10s, not '"
                    + args.value("max-gap", "") + "'");
        }
        EventInput input = InputOptions.open(args, terminal, args.positional());
        long[] previous = {Long.MIN_VALUE};
        input.forEach(e -> {
            if (e.number("event.sequence", 0) < fromSequence) {
                return;
            }
            long at = e.timestampNanos();
            if (speed > 0 && at != Timestamps.INVALID && previous[0] != Long.MIN_VALUE && at > previous[0]) {
                terminal.out.flush();
                long wait = (long) (Math.min(at - previous[0], maxGap) / speed);
                long until = System.nanoTime() + wait;
                for (long left = wait; left > 0; left = until - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
            if (at != Timestamps.INVALID) {
                previous[0] = Math.max(previous[0], at);
            }
            terminal.out.println(e.text());
        });
        terminal.out.flush();
        input.reportBrokenLines(terminal.err);
        return 0;
    }

    /** {@code 10x} → 10; {@code max} → 0 (no waiting). */
    static double speed(String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return 0;
        }
        try {
            double s = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
            if (s > 0 && s <= 1_000_000) {
                return s;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("replay: --speed must be like 10x, 0.5x or max, not '" + text + "'");
    }
}

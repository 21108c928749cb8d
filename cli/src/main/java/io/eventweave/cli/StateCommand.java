package io.eventweave.cli;

import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.Timestamps;
import io.eventweave.cli.output.Json;
import io.eventweave.cli.summary.BreakerHistory;
import io.eventweave.cli.summary.Summary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code state --at TIME}: every circuit breaker's state at that moment, the event that put it there and since when;
 * {@code timeline}: each breaker's state intervals. Both from the breakers' {@code circuit_breaker.state_change}
 * events ({@link BreakerHistory}).
 */
final class StateCommand implements Command {
    private final boolean timeline;

    StateCommand(boolean timeline) {
        this.timeline = timeline;
    }

    @Override
    public String name() {
        return timeline ? "timeline" : "state";
    }

    @Override
    public String summary() {
        return timeline ? "each circuit breaker's state intervals: from, to, how long"
                : "every circuit breaker's state at a moment (--at), the event that set it and since when";
    }

    @Override
    public String help() {
        return (timeline
                ? "Usage: timeline [PATH...] [options]\n\nEach circuit breaker's states over the time read, one "
                        + "interval a line: from, to, how long, the state,\nand the event (file:line) that began it.\n"
                : "Usage: state --at TIME [PATH...] [options]\n\nEvery circuit breaker's state at TIME "
                        + "(2026-12-02T10:00:00Z, 2026-12-02, or 10m before now;\ndefault: the end of what was "
                        + "read), the change that put it there and since when.\n\n"
                        + "  --at TIME        the moment\n")
                + "  --json           as JSON\n"
                + "\n" + InputOptions.HELP
                + "  (--since/--until/--where select the events read; a breaker's state before the first\n"
                + "  change selected is its previous_state)\n";
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, timeline ? InputOptions.valued() : InputOptions.valued("at"),
                Set.of("json"));
        long at = InputOptions.time(args, "at", terminal, Long.MAX_VALUE);
        EventInput input = InputOptions.open(args, terminal, args.positional());
        java.util.Optional<Integer> batch = InputOptions.inBatchJvm(argv, from, input, args.positional(), terminal);
        if (batch.isPresent()) {
            return batch.get();
        }
        Summary summary = new Summary();
        input.forEach(summary::accept);
        List<Object> breakers = new ArrayList<>();
        for (BreakerHistory b : summary.breakerHistories().values()) {
            long[] window = summary.windowOf(b);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", b.service);
            o.put("circuit_breaker.name", b.name);
            if (timeline) {
                List<Object> intervals = new ArrayList<>();
                for (BreakerHistory.Interval i : b.intervals(window[0], window[1])) {
                    intervals.add(interval(i));
                }
                o.put("intervals", intervals);
            } else {
                long moment = at == Long.MAX_VALUE ? window[1] : at;
                BreakerHistory.Interval i = b.at(moment, window[0], window[1]);
                o.put("at", Timestamps.toInstant(moment).toString());
                o.put("circuit_breaker.state", i == null ? null : i.state);
                o.put("since", i == null ? null : Timestamps.toInstant(i.fromNanos).toString());
                o.put("known_since_start_of_read", i != null && i.began == null);
                o.put("event", i == null || i.began == null ? null : i.began.event.root());
                o.put("event_source", i == null || i.began == null ? null
                        : i.began.event.source() + ":" + i.began.event.line());
            }
            breakers.add(o);
        }
        if (args.flag("json")) {
            PrintWriter w = new PrintWriter(terminal.out);
            Json.write(Map.of("circuit_breakers", breakers), w, true);
            w.println();
            w.flush();
        } else if (breakers.isEmpty()) {
            terminal.out.println("no circuit_breaker.state_change event in what was read");
        } else {
            print(terminal, breakers);
        }
        terminal.out.flush();
        input.reportBrokenLines(terminal.err);
        return 0;
    }

    private static Map<String, Object> interval(BreakerHistory.Interval i) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("circuit_breaker.state", i.state);
        o.put("from", Timestamps.toInstant(i.fromNanos).toString());
        o.put("to", Timestamps.toInstant(i.toNanos).toString());
        o.put("duration_ms", (i.toNanos - i.fromNanos) / 1e6);
        o.put("event_source", i.began == null ? null : i.began.event.source() + ":" + i.began.event.line());
        return o;
    }

    @SuppressWarnings("unchecked")
    private void print(Terminal t, List<Object> breakers) {
        for (Object item : breakers) {
            Map<String, Object> o = (Map<String, Object>) item;
            String title = o.get("service.name") + " / " + o.get("circuit_breaker.name");
            if (timeline) {
                t.out.println(t.paint("1", title));
                for (Object x : (List<Object>) o.get("intervals")) {
                    Map<String, Object> i = (Map<String, Object>) x;
                    String state = String.valueOf(i.get("circuit_breaker.state"));
                    t.out.printf("  %s .. %s  %10s  %s%s%n", i.get("from"), i.get("to"),
                            SummaryCommand.SummaryText.duration((Double) i.get("duration_ms")), paint(t, state),
                            i.get("event_source") == null ? "" : "   (" + i.get("event_source") + ")");
                }
            } else {
                String state = String.valueOf(o.get("circuit_breaker.state"));
                t.out.println(t.paint("1", title) + "  " + paint(t, state) + "  since " + o.get("since")
                        + (o.get("event_source") == null ? "  (its state when the read began)"
                                : "  set by " + o.get("event_source")));
            }
        }
    }

    private static String paint(Terminal t, String state) {
        return t.paint(BreakerStates.colour(state), state);
    }

    /** The colour of a state: green closed, red open, yellow half-open, grey the rest. */
    static final class BreakerStates {
        private BreakerStates() {
        }

        static String colour(String state) {
            switch (state) {
                case "closed":
                    return "32";
                case "open":
                case "forced_open":
                    return "31";
                case "half_open":
                    return "33";
                default:
                    return "90";
            }
        }
    }
}

package io.eventweave.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's start-up timing ({@code EVENTWEAVE_STARTUP_TIMING=true}), read from a run's stderr. Each timeline is
 * one line, {@code eventweave: start-up timing: <what> <total> ms (<phase> <ms>, ...)}, with {@code what} one of
 * {@code premain}, {@code drainer thread} and {@code byte buddy for <internal class name>}. The result maps
 * {@code premain}, {@code premain / class loader}, ..., {@code byte buddy}, {@code byte buddy / transformer} to
 * milliseconds, in the order printed, plus the first instrumented class under {@link #FIRST_CLASS} (as a key whose
 * value is 0), and the ring's slots and bytes ({@link #RING_SLOTS}, {@link #RING_BYTES}). Only the first line of each timeline counts (two threads may both see Byte Buddy's first class).
 */
final class StartupTiming {
    static final String FIRST_CLASS = "first instrumented class: ";
    private static final Pattern LINE = Pattern.compile(
            "eventweave: start-up timing: (premain|drainer thread|byte buddy for (\\S+)) ([0-9.]+) ms \\((.*)\\)");
    private static final Pattern PHASE = Pattern.compile("(.+) ([0-9.]+)");
    /** The ring's size at the run's queue size: {@code the ring holds <slots> slots in <bytes> bytes}. */
    private static final Pattern RING = Pattern.compile(
            "eventweave: start-up timing: the ring holds ([0-9]+) slots in ([0-9]+) bytes");
    static final String RING_SLOTS = "ring slots";
    static final String RING_BYTES = "ring bytes";

    private StartupTiming() {
    }

    static Map<String, Double> parse(String stderr) {
        Map<String, Double> phases = new LinkedHashMap<>();
        for (String line : stderr.split("\n")) {
            Matcher ring = RING.matcher(line);
            if (ring.find()) {
                phases.put(RING_SLOTS, Double.parseDouble(ring.group(1)));
                phases.put(RING_BYTES, Double.parseDouble(ring.group(2)));
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String what = m.group(2) == null ? m.group(1) : "byte buddy";
            if (phases.containsKey(what)) {
                continue;
            }
            phases.put(what, Double.parseDouble(m.group(3)));
            if (m.group(2) != null) {
                phases.put(FIRST_CLASS + m.group(2).replace('/', '.'), 0.0);
            }
            for (String phase : m.group(4).split(", ")) {
                Matcher p = PHASE.matcher(phase.trim());
                if (p.matches()) {
                    phases.put(what + " / " + p.group(1), Double.parseDouble(p.group(2)));
                }
            }
        }
        return phases;
    }
}

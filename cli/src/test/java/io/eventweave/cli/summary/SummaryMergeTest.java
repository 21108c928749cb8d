package io.eventweave.cli.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.JsonLines;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A summary is the same whoever read which lines in which order: {@code summary} splits its input among threads and
 * merges their summaries. Compared with the summary of all lines read in order, for random splits and orders.
 */
class SummaryMergeTest {
    @Test
    void mergedPartsGiveTheWholeSummary() throws Exception {
        List<EventRecord> events = events(new Random(3));
        Summary whole = new Summary();
        events.forEach(whole::accept);
        Random random = new Random(9);
        for (int round = 0; round < 20; round++) {
            List<EventRecord> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            int parts = 1 + random.nextInt(4);
            List<Summary> summaries = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                summaries.add(new Summary());
            }
            for (EventRecord e : shuffled) {
                summaries.get(random.nextInt(parts)).accept(e);
            }
            Summary merged = summaries.get(0);
            summaries.subList(1, parts).forEach(merged::merge);
            assertEquals(whole.toJson(), merged.toJson(), "round " + round + ", " + parts + " parts");
            assertEquals(whole.openTimePercent(), merged.openTimePercent(), 1e-9);
        }
    }

    @Test
    void sequenceRunsCountGapsAndRepeatsAsABitSetWould() {
        Random random = new Random(4);
        for (int round = 0; round < 200; round++) {
            BitSet seen = new BitSet();
            long duplicates = 0;
            List<SequenceSet> parts = List.of(new SequenceSet(), new SequenceSet(), new SequenceSet());
            int n = random.nextInt(3000);
            int next = 0;
            for (int i = 0; i < n; i++) {
                // mostly in order, sometimes a jump, a step back or a repeat
                int r = random.nextInt(100);
                int value = r < 85 ? next++ : r < 92 ? (next += 1 + random.nextInt(20)) : random.nextInt(next + 1);
                if (seen.get(value)) {
                    duplicates++;
                }
                seen.set(value);
                parts.get(r % 3 == 0 ? random.nextInt(3) : 0).add(value);
            }
            SequenceSet merged = parts.get(0);
            merged.addAll(parts.get(1));
            merged.addAll(parts.get(2));
            int highest = seen.length() - 1;
            long gaps = highest < 0 ? 0 : highest + 1 - seen.cardinality();
            assertEquals(gaps, merged.gaps(), "round " + round);
            assertEquals(duplicates, merged.duplicates(), "round " + round);
        }
    }

    /** Two processes' lines of every kind the summary reads, with a gap, a repeat and accounting lines. */
    private static List<EventRecord> events(Random random) throws JsonLines.BrokenLine {
        List<EventRecord> events = new ArrayList<>();
        String[] kinds = {"http.client.request", "http.server.request", "circuit_breaker.state_change",
            "circuit_breaker.rejected", "rate_limiter.acquire", "retry.attempt", "fallback.invoke",
            "bulkhead.rejected"};
        for (String process : List.of("p1", "p2")) {
            boolean open = false;
            for (int seq = 0; seq < 3000; seq++) {
                if (seq == 1234 && process.equals("p2")) {
                    continue; // a gap
                }
                String kind = seq == 0 ? "agent.start" : seq == 2999 ? "agent.stop" : seq % 500 == 0 ? "agent.stats"
                        : kinds[random.nextInt(kinds.length)];
                StringBuilder b = new StringBuilder("{\"@timestamp\":\"2026-12-06T10:")
                        .append(String.format("%02d:%02d.%09dZ", seq / 60 % 60, seq % 60, random.nextInt(1_000_000)))
                        .append("\",\"event\":{\"name\":\"").append(kind).append("\",\"sequence\":").append(seq)
                        .append(",\"outcome\":\"").append(random.nextInt(10) == 0 ? "failure" : "success")
                        .append("\",\"duration\":").append(1000 + random.nextInt(1_000_000_000)).append("},");
                switch (kind) {
                    case "http.client.request":
                        b.append("\"server\":{\"address\":\"h").append(random.nextInt(5)).append("\",\"port\":80},")
                                .append("\"http\":{\"request\":{\"method\":\"GET\"}},\"url\":{\"path\":\"/p")
                                .append(random.nextInt(3)).append("\"},");
                        break;
                    case "http.server.request":
                        b.append("\"http\":{\"request\":{\"method\":\"POST\"}").append(random.nextBoolean()
                                ? ",\"route\":\"/r/{id}\"" : "").append("},\"url\":{\"path\":\"/r/")
                                .append(random.nextInt(4)).append("\"},");
                        break;
                    case "circuit_breaker.state_change":
                        b.append("\"circuit_breaker\":{\"name\":\"cb\",\"previous_state\":\"")
                                .append(open ? "open" : "closed").append("\",\"state\":\"")
                                .append(open ? "closed" : "open").append("\"},");
                        open = !open;
                        break;
                    case "circuit_breaker.rejected":
                        b.append("\"circuit_breaker\":{\"name\":\"cb\",\"state\":\"open\"},");
                        break;
                    case "rate_limiter.acquire":
                        b.append("\"rate_limiter\":{\"name\":\"rl\",\"result\":\"")
                                .append(List.of("acquired", "waited", "rejected").get(random.nextInt(3)))
                                .append("\",\"wait\":").append(random.nextInt(50_000_000)).append("},");
                        break;
                    case "retry.attempt":
                        b.append("\"retry\":{\"name\":\"rt\",\"result\":\"")
                                .append(List.of("will_retry", "exhausted", "succeeded").get(random.nextInt(3)))
                                .append("\"},");
                        break;
                    case "fallback.invoke":
                        b.append("\"fallback\":{\"name\":\"fb\"},\"error\":{\"type\":\"E")
                                .append(random.nextInt(3)).append("\"},");
                        break;
                    case "bulkhead.rejected":
                        b.append("\"bulkhead\":{\"name\":\"bh\"},");
                        break;
                    case "agent.stats":
                    case "agent.stop":
                        b.append("\"agent\":{\"events\":{\"emitted\":").append(seq + 1).append(",\"written\":")
                                .append(seq).append(",\"dropped\":1}},");
                        break;
                    default:
                        break;
                }
                b.append("\"service\":{\"name\":\"svc-").append(process).append("\",\"instance\":{\"id\":\"")
                        .append(process).append("\"}},\"process\":{\"pid\":42},\"host\":{\"name\":\"h\"}}");
                events.add(JsonLines.parse(b.toString(), "-", seq + 1));
                if (seq == 777) {
                    events.add(JsonLines.parse(b.toString(), "-", seq + 1)); // a repeated line
                }
            }
        }
        return events;
    }
}

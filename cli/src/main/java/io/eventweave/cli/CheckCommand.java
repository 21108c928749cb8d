package io.eventweave.cli;

import io.eventweave.cli.check.IndexAudit;
import io.eventweave.cli.check.SchemaValidator;
import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.output.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code check}: the integrity audit. Per process ({@code service.instance.id}): sequence numbers contiguous from 0
 * and each once, the accounting of {@code agent.stop} ({@code emitted = written + dropped}; "still running" without
 * one), every written line present in the files read, no event lost; every line a JSON object that matches the
 * schema. Exit 1 on any finding, each listed.
 */
final class CheckCommand implements Command {
    /** Problems listed per process and kind; the rest are counted. */
    private static final int SHOWN = 5;

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "integrity audit: sequences, accounting, losses, broken lines, schema (exit 1 on a finding)";
    }

    @Override
    public String help() {
        return "Usage: check [PATH...] [options]\n"
                + "\n"
                + "Per process (service.instance.id), the findings that make the exit status 1:\n"
                + "  - event.sequence numbers missing (lines lost) or repeated, beyond the events the agent says\n"
                + "    it dropped;\n"
                + "  - agent.stop's accounting broken: emitted != written + dropped;\n"
                + "  - events the agent lost (dropped > 0, by reason: queue_full, io_error, ...);\n"
                + "  - lines the agent wrote that are not in the files read (unless its retention deleted them:\n"
                + "    then a note);\n"
                + "  - lines that do not match the event schema (docs/event-schema.json);\n"
                + "and, for every file, broken lines (not one JSON object), and a line index (.<file>.idx) that\n"
                + "no longer describes its file (query stops on it). A process without agent.stop is\n"
                + "reported as still running (or killed), not as a finding.\n"
                + "\n"
                + "  --json           the findings as one JSON object\n"
                + "\n" + InputOptions.HELP
                + "  (with --since/--until/--where, the processes with at least one selected line are checked,\n"
                + "  whole)\n";
    }

    /** One process's lines, as the audit needs them. */
    static final class Process {
        final String instanceId;
        String service;
        Object pid;
        final Set<String> files = new LinkedHashSet<>();
        final BitSet sequences = new BitSet();
        long lines;
        long duplicates;
        final List<Long> duplicateExamples = new ArrayList<>();
        long schemaProblems;
        final List<String> schemaExamples = new ArrayList<>();
        EventRecord stop;
        long stopSequence = -1;
        EventRecord lastStats;
        boolean selected;

        Process(String instanceId) {
            this.instanceId = instanceId;
        }
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, InputOptions.valued(), Set.of("json"));
        // every line is read: the selection picks processes, the audit is of whole ones
        EventInput.Selection selection = InputOptions.selection(args, terminal);
        EventInput input = InputOptions.open(terminal, args.positional(), EventInput.Selection.ALL);
        java.util.Optional<Integer> batch = InputOptions.inBatchJvm(argv, from, input, args.positional(), terminal);
        if (batch.isPresent()) {
            return batch.get();
        }
        SchemaValidator schema = SchemaValidator.eventSchema();
        Map<String, Process> processes = new LinkedHashMap<>();
        IndexAudit indexes = new IndexAudit();
        input.forEach(e -> {
            indexes.line(e);
            String id = e.text("service.instance.id");
            Process p = processes.computeIfAbsent(id == null ? "(none)" : id, Process::new);
            p.lines++;
            p.files.add(e.source());
            p.selected |= selection.test(e);
            if (p.service == null) {
                p.service = e.text("service.name");
                p.pid = e.get("process.pid");
            }
            long seq = e.number("event.sequence", -1);
            if (seq >= 0 && seq < Integer.MAX_VALUE) {
                if (p.sequences.get((int) seq)) {
                    if (p.duplicates++ < SHOWN) {
                        p.duplicateExamples.add(seq);
                    }
                } else {
                    p.sequences.set((int) seq);
                }
            }
            String name = e.text("event.name");
            if ("agent.stop".equals(name)) {
                p.stop = e;
                p.stopSequence = seq;
            } else if ("agent.stats".equals(name)) {
                p.lastStats = e;
            }
            List<String> problems = schema.validate(e.root());
            if (!problems.isEmpty() && p.schemaProblems++ < SHOWN) {
                p.schemaExamples.add(e.source() + ":" + e.line() + ": " + String.join("; ", problems));
            }
        });
        Map<String, Object> report = new LinkedHashMap<>();
        List<Object> perProcess = new ArrayList<>();
        int findings = 0;
        int checked = 0;
        for (Process p : processes.values()) {
            if (!p.selected) {
                continue;
            }
            checked++;
            Map<String, Object> o = audit(p);
            findings += ((List<?>) o.get("findings")).size();
            perProcess.add(o);
        }
        List<String> broken = new ArrayList<>(input.brokenLines());
        if (input.brokenCount() > broken.size()) {
            broken.add("and " + (input.brokenCount() - broken.size()) + " more");
        }
        findings += input.brokenCount() > 0 ? 1 : 0;
        indexes.close();
        findings += indexes.findings().size();
        report.put("processes", perProcess);
        report.put("broken_lines", input.brokenCount());
        report.put("broken_line_examples", broken);
        report.put("line_indexes", indexes.findings());
        report.put("lines", input.linesRead());
        report.put("findings", findings);
        if (args.flag("json")) {
            PrintWriter w = new PrintWriter(terminal.out);
            Json.write(report, w, true);
            w.println();
            w.flush();
        } else {
            print(terminal, perProcess, input, indexes.findings(), findings, checked);
        }
        return findings == 0 ? 0 : 1;
    }

    /** One process's findings and notes. */
    static Map<String, Object> audit(Process p) {
        List<String> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        EventRecord accounting = p.stop != null ? p.stop : p.lastStats;
        long dropped = accounting == null ? 0 : accounting.number("agent.events.dropped", 0);
        long written = accounting == null ? -1 : accounting.number("agent.events.written", -1);
        long emitted = accounting == null ? -1 : accounting.number("agent.events.emitted", -1);
        long deletedFiles = accounting == null ? 0 : accounting.number("agent.output.files.deleted", 0);
        int highest = p.sequences.length() - 1;
        long missing = highest < 0 ? 0 : highest + 1 - p.sequences.cardinality();
        if (p.stop == null) {
            notes.add("still running (or ended without agent.stop: killed?)"
                    + (p.lastStats == null ? "" : "; the last agent.stats is at sequence "
                            + p.lastStats.number("event.sequence", -1)));
        } else if (emitted != written + dropped) {
            findings.add("agent.stop's accounting is broken: emitted " + emitted + " != written " + written
                    + " + dropped " + dropped);
        }
        if (dropped > 0) {
            StringBuilder reasons = new StringBuilder();
            Object byReason = accounting.get("agent.events.dropped_by_reason");
            if (byReason instanceof Map) {
                ((Map<?, ?>) byReason).forEach((k, v) -> {
                    if (v instanceof Long && (Long) v > 0) {
                        reasons.append(reasons.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
                    }
                });
            }
            findings.add(dropped + " event" + (dropped == 1 ? "" : "s") + " lost by the agent (" + reasons + ")");
        }
        if (p.duplicates > 0) {
            findings.add(p.duplicates + " repeated event.sequence number" + (p.duplicates == 1 ? "" : "s")
                    + " (e.g. " + p.duplicateExamples + ")");
        }
        // numbers below the accounting line that no line has: those the agent dropped are expected gaps
        long unexplained = missing - dropped;
        if (unexplained > 0) {
            int lowestPresent = p.sequences.nextSetBit(0);
            String where = firstGaps(p.sequences, highest);
            if (deletedFiles > 0 && p.sequences.nextClearBit(lowestPresent) > highest) {
                notes.add(lowestPresent + " lines before the first line read are in the " + deletedFiles
                        + " file" + (deletedFiles == 1 ? "" : "s") + " the agent's retention deleted");
            } else {
                findings.add(unexplained + " line" + (unexplained == 1 ? "" : "s")
                        + " the agent wrote missing from the files read (event.sequence " + where + ")");
            }
        } else if (written >= 0 && p.stop != null) {
            long present = p.sequences.get(0, (int) Math.max(0, p.stopSequence)).cardinality();
            if (present < written && deletedFiles == 0) {
                findings.add((written - present) + " of the " + written + " lines written before agent.stop "
                        + "are not in the files read");
            }
        }
        if (p.schemaProblems > 0) {
            findings.add(p.schemaProblems + " line" + (p.schemaProblems == 1 ? "" : "s")
                    + " not matching the event schema: " + String.join(" | ", p.schemaExamples));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("service.name", p.service);
        o.put("service.instance.id", p.instanceId);
        o.put("process.pid", p.pid);
        o.put("files", new ArrayList<>(p.files));
        o.put("lines", p.lines);
        o.put("sequences", highest < 0 ? "none" : "0.." + highest);
        o.put("missing", missing);
        o.put("emitted", emitted);
        o.put("written", written);
        o.put("dropped", dropped);
        o.put("stopped", p.stop != null);
        o.put("findings", findings);
        o.put("notes", notes);
        return o;
    }

    /** The first few runs of missing numbers, as {@code 17, 40..42}. */
    static String firstGaps(BitSet present, int highest) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (int gap = present.nextClearBit(0); gap <= highest && gap >= 0; ) {
            int end = Math.min(present.nextSetBit(gap), highest + 1) - 1;
            if (shown++ == SHOWN) {
                s.append(", ...");
                break;
            }
            s.append(s.length() == 0 ? "" : ", ").append(gap).append(end > gap ? ".." + end : "");
            gap = present.nextClearBit(end + 1);
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static void print(Terminal t, List<Object> processes, EventInput input, List<String> indexes,
            int findings, int checked) {
        for (Object item : processes) {
            Map<String, Object> o = (Map<String, Object>) item;
            List<String> f = (List<String>) o.get("findings");
            t.out.println(t.paint("1", o.get("service.name") + "  pid " + o.get("process.pid") + "  instance "
                    + o.get("service.instance.id")) + "  " + o.get("lines") + " lines in "
                    + ((List<?>) o.get("files")).size() + " file(s), sequence " + o.get("sequences"));
            if (f.isEmpty()) {
                t.out.println("  " + t.paint("32", "ok") + "    sequences contiguous, "
                        + (Boolean.TRUE.equals(o.get("stopped")) ? "emitted " + o.get("emitted") + " = written "
                                + o.get("written") + " + dropped " + o.get("dropped") + ", " : "")
                        + "every line matches the schema");
            }
            for (String finding : f) {
                t.out.println("  " + t.paint("31", "FAIL") + "  " + finding);
            }
            for (String note : (List<String>) o.get("notes")) {
                t.out.println("  " + t.paint("33", "note") + "  " + note);
            }
        }
        if (input.brokenCount() > 0) {
            t.out.println("  " + t.paint("31", "FAIL") + "  " + input.brokenCount() + " broken line"
                    + (input.brokenCount() == 1 ? "" : "s") + " (not one JSON object):");
            for (String b : input.brokenLines()) {
                t.out.println("        " + b);
            }
        }
        for (String index : indexes) {
            t.out.println("  " + t.paint("31", "FAIL") + "  " + index);
        }
        t.out.println(findings == 0 ? t.paint("32", "no finding") + ": " + checked + " process"
                + (checked == 1 ? "" : "es") + ", " + input.linesRead() + " lines"
                : t.paint("31", findings + " finding" + (findings == 1 ? "" : "s")) + " in " + checked
                        + " process" + (checked == 1 ? "" : "es") + ", " + input.linesRead() + " lines");
    }
}

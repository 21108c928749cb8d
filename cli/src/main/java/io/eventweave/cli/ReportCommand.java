package io.eventweave.cli;

import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.InputFiles;
import io.eventweave.cli.report.HtmlReport;
import io.eventweave.cli.summary.Summary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code report -o report.html}: one self-contained HTML page of what was read ({@link HtmlReport}). */
final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "one self-contained HTML page: breaker bands, latency over time and histograms, tables, losses";
    }

    @Override
    public String help() {
        return "Usage: report -o FILE [PATH...] [options]\n"
                + "\n"
                + "Writes one HTML page, with nothing to fetch (no network, no external script): each circuit\n"
                + "breaker's states as a band over time, latency p50/p95/p99 over time and a latency histogram\n"
                + "for the six busiest targets, the tables of calls, requests served, fallbacks, rate limiters,\n"
                + "retries and bulkheads, and each process's loss accounting.\n"
                + "\n"
                + "  -o, --output FILE  where to write it (required)\n"
                + "  --title TEXT       the page's title (default: eventweave report)\n"
                + "\n" + InputOptions.HELP;
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        String[] normalized = argv.clone();
        for (int i = from; i < normalized.length; i++) {
            if (normalized[i].equals("-o")) {
                normalized[i] = "--output";
            }
        }
        Args args = Args.parse(name(), normalized, from, InputOptions.valued("output", "title"), Set.of());
        String output = args.value("output", null);
        if (output == null) {
            throw new UsageException("report: give the page's file with -o, e.g. report -o report.html");
        }
        if (InputFiles.readsStandardInput(args.positional())) {
            throw new UsageException("report: reads its input twice, so not from standard input: give files");
        }
        EventInput first = InputOptions.open(args, terminal, args.positional());
        java.util.Optional<Integer> batch = InputOptions.inBatchJvm(argv, from, first, args.positional(), terminal);
        if (batch.isPresent()) {
            return batch.get();
        }
        Summary summary = new Summary();
        first.forEach(summary::accept);
        HtmlReport report = new HtmlReport(summary);
        EventInput second = InputOptions.open(args, terminal, args.positional());
        second.forEach(report::slices);
        Path file = terminal.cwd.resolve(output);
        Files.writeString(file, report.html(args.value("title", "eventweave report")), StandardCharsets.UTF_8);
        terminal.out.println("wrote " + file);
        second.reportBrokenLines(terminal.err);
        return 0;
    }
}

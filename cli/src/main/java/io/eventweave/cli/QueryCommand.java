package io.eventweave.cli;

import io.eventweave.cli.filter.Filter;
import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.output.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code query EXPR [PATH...]}: the events EXPR matches, as JSON lines, a table, CSV or TSV; or their count. */
final class QueryCommand implements Command {
    static final List<String> DEFAULT_FIELDS = List.of("@timestamp", "service.name", "event.name", "event.outcome",
            "event.duration");

    @Override
    public String name() {
        return "query";
    }

    @Override
    public String summary() {
        return "the events a filter matches: JSON lines, a table, CSV or TSV, or their count";
    }

    @Override
    public String help() {
        return "Usage: query EXPR [PATH...] [options]\n"
                + "\n"
                + "The events EXPR matches (the filter language of --where), in the order they are read.\n"
                + "\n"
                + "  --format F       jsonl (default: each line as written), table, csv or tsv\n"
                + "  --fields a,b,c   the columns of table, csv and tsv (default: "
                + String.join(",", DEFAULT_FIELDS) + ")\n"
                + "  --limit N        stop after N events\n"
                + "  --count          print only how many events match\n"
                + "  --no-index       read every line, not only those the files' line indexes point to\n"
                + "\n"
                + "A filter with a text every match must hold (= 'a string', a LIKE or CONTAINS part, joined by AND)\n"
                + "is searched for in the files' bytes first; only the lines holding it are parsed, and a broken line\n"
                + "among them is reported by its byte offset (check reads every line).\n"
                + "\n"
                + "A filter on event.name, or --since/--until, reads through the line index the agent keeps beside\n"
                + "each plain file (<file>.idx): only the lines whose name and time can match are read, each checked\n"
                + "against its record. Lines past what an index covers, compressed files and files without an index\n"
                + "are read whole.\n"
                + "\n" + InputOptions.HELP
                + "\n"
                + "Examples:\n"
                + "  query \"event.name = 'http.client.request' AND http.response.status_code >= 500\" logs/\n"
                + "  query \"event.name LIKE 'circuit_breaker.*'\" --format table --fields "
                + "@timestamp,circuit_breaker.name,circuit_breaker.state\n"
                + "  query \"event.duration > 250ms\" --count\n";
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, InputOptions.valued("format", "fields", "limit"), Set.of("count", "no-index"));
        if (args.positional().isEmpty()) {
            throw new UsageException("query: give a filter expression, e.g. query \"event.outcome = 'failure'\"");
        }
        Filter filter = InputOptions.filter("query", args.positional().get(0), terminal);
        List<String> paths = args.positional().subList(1, args.positional().size());
        String format = args.value("format", "jsonl").toLowerCase(Locale.ROOT);
        if (!List.of("jsonl", "table", "csv", "tsv").contains(format)) {
            throw new UsageException("query: --format must be jsonl, table, csv or tsv, not '" + format + "'");
        }
        List<String> fields = fields(args);
        long limit = args.number("limit", Long.MAX_VALUE, 0);
        boolean count = args.flag("count");
        EventInput input = InputOptions.open(args, terminal, paths);
        input.useLineIndex(!args.flag("no-index"));
        // a filter with a text to search for, or one a line index answers, reads little of the input: no second
        // JVM for that
        Filter where = InputOptions.where(args, terminal);
        if (filter.needle() == null && (where == null || where.needle() == null)
                && !input.readsThroughIndexes(filter)) {
            java.util.Optional<Integer> batch = InputOptions.inBatchJvm(argv, from, input, paths, terminal);
            if (batch.isPresent()) {
                return batch.get();
            }
        }
        Rows rows = count || format.equals("jsonl") ? null
                : new Rows(Rows.Format.valueOf(format.toUpperCase(Locale.ROOT)), fields, terminal.out);
        long matched = input.forEachMatch(filter, EventInput.parsingThreads(), count, limit, event -> {
            if (rows == null) {
                terminal.out.println(event.text());
            } else {
                rows.add(event);
            }
        });
        if (rows != null) {
            rows.finish();
        }
        if (count) {
            terminal.out.println(matched);
        }
        terminal.out.flush();
        input.reportBrokenLines(terminal.err);
        return 0;
    }

    static List<String> fields(Args args) throws UsageException {
        String spec = args.value("fields", null);
        if (spec == null) {
            return DEFAULT_FIELDS;
        }
        List<String> fields = new ArrayList<>();
        for (String f : Arrays.asList(spec.split(","))) {
            if (!f.isBlank()) {
                fields.add(f.trim());
            }
        }
        if (fields.isEmpty()) {
            throw new UsageException(args.command() + ": --fields names no field");
        }
        return fields;
    }

}

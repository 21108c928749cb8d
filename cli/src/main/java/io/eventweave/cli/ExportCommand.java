package io.eventweave.cli;

import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.InputFiles;
import io.eventweave.cli.output.Json;
import io.eventweave.cli.output.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code export}: events as flat columns for a spreadsheet or another tool: CSV with a header, or JSON lines whose keys
 * are the dotted field names ({@code {"event.name":"...","http.response.status_code":503}}). Without
 * {@code --fields}, the columns are every field any selected event has, in the order they first appear (a first
 * pass over the files finds them; standard input, read once, needs {@code --fields}).
 */
final class ExportCommand implements Command {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "flattened columns for a spreadsheet: --format csv (default) or jsonl, --fields a,b,c";
    }

    @Override
    public String help() {
        return "Usage: export [PATH...] [options]\n"
                + "\n"
                + "The selected events as flat columns, one per field, named as the schema writes them.\n"
                + "\n"
                + "  --format F       csv (default: RFC 4180, a header line) or jsonl (flat objects,\n"
                + "                   {\"event.name\":...,\"http.response.status_code\":503})\n"
                + "  --fields a,b,c   the columns (default: every field the selected events have, in the order\n"
                + "                   they first appear; standard input needs --fields)\n"
                + "\n" + InputOptions.HELP
                + "\n"
                + "Examples:\n"
                + "  export --where \"event.name = 'http.client.request'\" > calls.csv\n"
                + "  export --format jsonl --fields @timestamp,event.name,event.duration logs/\n";
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, InputOptions.valued("format", "fields"), Set.of());
        String format = args.value("format", "csv").toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw new UsageException("export: --format must be csv or jsonl, not '" + format + "'");
        }
        java.util.Optional<Integer> batch = InputOptions.inBatchJvm(argv, from,
                InputOptions.open(args, terminal, args.positional()), args.positional(), terminal);
        if (batch.isPresent()) {
            return batch.get();
        }
        List<String> fields;
        if (args.value("fields", null) != null) {
            fields = QueryCommand.fields(args);
        } else if (InputFiles.readsStandardInput(args.positional())) {
            throw new UsageException("export: standard input is read once: give the columns with --fields");
        } else {
            Set<String> seen = new LinkedHashSet<>();
            EventInput first = InputOptions.open(args, terminal, args.positional());
            first.forEach(e -> flatten("", e.root(), seen, null));
            fields = new ArrayList<>(seen);
        }
        EventInput input = InputOptions.open(args, terminal, args.positional());
        if (format.equals("csv")) {
            Rows rows = new Rows(Rows.Format.CSV, fields, terminal.out);
            input.forEach(rows::add);
            rows.finish();
        } else {
            input.forEach(e -> terminal.out.println(Json.write(flat(e, fields))));
        }
        terminal.out.flush();
        input.reportBrokenLines(terminal.err);
        return 0;
    }

    /** Every leaf field's dotted path under {@code prefix}; values into {@code values} when it is not null. */
    @SuppressWarnings("unchecked")
    static void flatten(String prefix, Map<String, Object> object, Set<String> paths, Map<String, Object> values) {
        for (Map.Entry<String, Object> field : object.entrySet()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue() instanceof Map) {
                flatten(path, (Map<String, Object>) field.getValue(), paths, values);
            } else {
                paths.add(path);
                if (values != null) {
                    values.put(path, field.getValue());
                }
            }
        }
    }

    /** The event's {@code fields}, flat; absent ones left out. */
    static Map<String, Object> flat(EventRecord e, List<String> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String f : fields) {
            Object v = e.get(f);
            if (v != null) {
                row.put(f, v);
            }
        }
        return row;
    }
}

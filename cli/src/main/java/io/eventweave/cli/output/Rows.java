package io.eventweave.cli.output;

import io.eventweave.cli.input.EventRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Events as rows of chosen fields: a table (columns as wide as the first rows need), CSV (RFC 4180) or TSV (tabs,
 * newlines and backslashes escaped). A value that is an object or a list is written as its JSON.
 */
public final class Rows {
    /** Rows whose widths set a table's columns; later rows are cut to them ({@code …}). */
    private static final int TABLE_SAMPLE = 200;
    private static final int MAX_WIDTH = 60;

    public enum Format { TABLE, CSV, TSV }

    private final Format format;
    private final List<String> fields;
    private final PrintStream out;
    private final List<String[]> pending = new ArrayList<>();
    private int[] widths;

    public Rows(Format format, List<String> fields, PrintStream out) {
        this.format = format;
        this.fields = fields;
        this.out = out;
        if (format != Format.TABLE) {
            line(fields.toArray(new String[0]));
        }
    }

    public void add(EventRecord event) {
        String[] row = new String[fields.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = text(event.get(fields.get(i)));
        }
        if (format == Format.TABLE && widths == null) {
            pending.add(row);
            if (pending.size() >= TABLE_SAMPLE) {
                flushPending();
            }
            return;
        }
        line(row);
    }

    public void finish() {
        if (format == Format.TABLE && widths == null) {
            flushPending();
        }
        out.flush();
    }

    private void flushPending() {
        widths = new int[fields.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = fields.get(i).length();
        }
        for (String[] row : pending) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], row[i].length()));
            }
        }
        line(fields.toArray(new String[0]));
        String[] rule = new String[widths.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        line(rule);
        for (String[] row : pending) {
            line(row);
        }
        pending.clear();
    }

    private void line(String[] row) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            switch (format) {
                case CSV:
                    s.append(i == 0 ? "" : ",").append(csv(row[i]));
                    break;
                case TSV:
                    s.append(i == 0 ? "" : "\t").append(tsv(row[i]));
                    break;
                default:
                    String cell = row[i].length() > widths[i] ? row[i].substring(0, widths[i] - 1) + "…" : row[i];
                    s.append(i == 0 ? "" : "  ").append(cell);
                    if (i < row.length - 1) {
                        s.append(" ".repeat(widths[i] - cell.length()));
                    }
            }
        }
        out.println(s);
    }

    /** A value as a cell: empty when absent, JSON for an object or list, else its text. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map || value instanceof List) {
            return Json.write(value);
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return value.toString();
    }

    static String csv(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    static String tsv(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}

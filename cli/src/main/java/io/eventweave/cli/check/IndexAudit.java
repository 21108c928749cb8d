package io.eventweave.cli.check;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.format.FieldNames;
import io.eventweave.format.LineIndex;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}'s audit of the line indexes beside the files ({@link LineIndex}): each line read is compared with
 * its record (length, event name, millisecond) as the lines go by, a block of records held at a time. An index
 * that no longer describes its file (the file was edited after it was written) is a finding: {@code query} stops on
 * it once it has printed lines of that file. Lines past what an index covers, and an index that is not its file's
 * (which {@code query} does not use), are not findings.
 */
public final class IndexAudit implements AutoCloseable {
    /** A file's records being compared; {@link #NONE} for a file without a usable index or already judged. */
    private static final class Cursor {
        final FileChannel index;
        final FileChannel data;
        final LineIndex.Records records;

        Cursor(FileChannel index, FileChannel data, LineIndex.Records records) {
            this.index = index;
            this.data = data;
            this.records = records;
        }

        void close() {
            closeQuietly();
        }

        void closeQuietly() {
            for (FileChannel f : new FileChannel[] {index, data}) {
                try {
                    if (f != null) {
                        f.close();
                    }
                } catch (IOException ignored) {
                    // only read
                }
            }
        }
    }

    private static final Cursor NONE = new Cursor(null, null, null);

    private final Map<String, Cursor> bySource = new HashMap<>();
    private final List<String> findings = new ArrayList<>();

    /** The next line read of its file (in file order; lines of other files may come between). */
    public void line(EventRecord e) {
        Cursor c = bySource.computeIfAbsent(e.source(), IndexAudit::open);
        if (c == NONE) {
            return;
        }
        try {
            while (c.records.line() < e.line()) { // the records of broken lines, which are not handed on, skipped
                if (!c.records.next()) {
                    done(e.source(), c); // lines past what the index covers
                    return;
                }
            }
        } catch (IOException ex) {
            done(e.source(), c);
            return;
        }
        if (c.records.line() != e.line()) {
            return;
        }
        long bytes = utf8Length(e.text()) + 1;
        String why = bytes != c.records.length()
                ? "its record says " + c.records.length() + " bytes, the line has " + bytes
                : !c.records.name().equals(e.text(FieldNames.EVENT_NAME))
                        ? "its record says " + c.records.name() + ", the line is " + e.text(FieldNames.EVENT_NAME)
                : Math.floorDiv(e.timestampNanos(), 1_000_000L) != c.records.epochMillis()
                        ? "its record's time is not the line's" : null;
        if (why != null) {
            findings.add(e.source() + ": its line index " + LineIndex.of(Path.of(e.source())).getFileName()
                    + " does not describe it from line " + e.line() + " (" + why + "); the file was changed after "
                    + "it was written: delete the index (query then reads every line of the file)");
            done(e.source(), c);
        }
    }

    /** The bytes {@code text} takes in UTF-8, without encoding it (a line's text is its bytes decoded). */
    static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // a lone surrogate never comes from decoding bytes
            }
        }
        return n;
    }

    private static Cursor open(String source) {
        Path file = Path.of(source);
        Path index = LineIndex.of(file);
        if (source.endsWith(".gz") || !Files.exists(index)) {
            return NONE;
        }
        FileChannel i = null;
        FileChannel d = null;
        try {
            i = FileChannel.open(index);
            d = FileChannel.open(file);
            return new Cursor(i, d, new LineIndex.Records(i, d, d.size()));
        } catch (IOException | LineIndex.Unusable e) {
            new Cursor(i, d, null).closeQuietly();
            return NONE;
        }
    }

    private void done(String source, Cursor c) {
        c.close();
        bySource.put(source, NONE);
    }

    public List<String> findings() {
        return findings;
    }

    @Override
    public void close() {
        for (Cursor c : bySource.values()) {
            if (c != NONE) {
                c.close();
            }
        }
    }
}

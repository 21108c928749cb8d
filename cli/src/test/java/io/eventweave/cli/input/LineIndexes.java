package io.eventweave.cli.input;

import io.eventweave.format.LineIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Line indexes for test files, written as the agent writes them (its lines' layout: the timestamp first). */
public final class LineIndexes {
    private LineIndexes() {
    }

    /** An index of the first {@code lines} lines of {@code file}, beside it. */
    public static void write(Path file, int lines) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer out = ByteBuffer.allocate(64 + lines * 2 * LineIndex.RECORD_BYTES + (1 << 16))
                .order(LineIndex.ORDER);
        Map<String, Integer> codes = new HashMap<>();
        int start = 0;
        for (int line = 0; line < lines; line++) {
            int end = start;
            while (bytes[end] != '\n') {
                end++;
            }
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            String eventName = text.substring(text.indexOf("\"name\":\"") + 8);
            eventName = eventName.substring(0, eventName.indexOf('"'));
            long millis = Instant.parse(text.substring(15, 45)).toEpochMilli();
            if (line == 0) {
                LineIndex.putHeader(out, bytes, 0, end + 1);
            }
            Integer code = codes.get(eventName);
            if (code == null) {
                code = codes.size();
                codes.put(eventName, code);
                LineIndex.putName(out, code, eventName.getBytes(StandardCharsets.UTF_8));
            }
            LineIndex.putLine(out, start, end + 1 - start, code, millis);
            start = end + 1;
        }
        Files.write(LineIndex.of(file), java.util.Arrays.copyOf(out.array(), out.position()));
    }
}

package io.eventweave.benchmarks.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The long counters of another HotSpot JVM of this user, read from its {@code hsperfdata} file (what {@code jstat}
 * and {@code jcmd PerfCounter.print} read): heap and metaspace used, classes loaded, GC cycles. Reading the file does
 * not attach to the JVM, start a thread in it or make it collect, so it does not change what is measured. The JVM
 * updates the space counters as it allocates regions and after each collection, so "heap used" is exact to a region
 * (a few MB under G1). Empty when the JVM runs with {@code -XX:-UsePerfData} or the file is not where HotSpot puts it
 * ({@code /tmp/hsperfdata_<user>/<pid>} on Linux).
 */
final class PerfData {
    private static final int MAGIC = 0xcafec0c0;

    private PerfData() {
    }

    /** Every scalar long counter of {@code pid}, by name (e.g. {@code java.cls.loadedClasses}). */
    static Map<String, Long> read(long pid) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        try {
            return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** HotSpot's {@code PerfDataPrologue} (32 bytes), then {@code num_entries} {@code PerfDataEntry}s. */
    private static Map<String, Long> parse(ByteBuffer buffer) {
        Map<String, Long> counters = new HashMap<>();
        if (buffer.getInt(0) != MAGIC) {
            return counters; // the magic is written big-endian whatever the byte order of the rest
        }
        buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = buffer.getInt(24);
        int entries = buffer.getInt(28);
        for (int i = 0; i < entries && entry + 20 <= buffer.limit(); i++) {
            int length = buffer.getInt(entry);
            int nameOffset = buffer.getInt(entry + 4);
            int vectorLength = buffer.getInt(entry + 8);
            byte type = buffer.get(entry + 12);
            int dataOffset = buffer.getInt(entry + 16);
            if (length <= 0 || entry + length > buffer.limit()) {
                break;
            }
            if (type == 'J' && vectorLength == 0) {
                counters.put(name(buffer, entry + nameOffset), buffer.getLong(entry + dataOffset));
            }
            entry += length;
        }
        return counters;
    }

    private static String name(ByteBuffer buffer, int start) {
        int end = start;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}

package io.eventweave.agent.nats;

import io.eventweave.agent.nats.SpoolReader.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The shipper's persisted position: the first line the stream has not acknowledged, as the file's key and offset
 * ({@link Position}), in {@code <output stem>.nats-offset} beside the output (a name no reader of {@code *.jsonl}
 * takes). Written to a temporary file and renamed, so it is always whole; a crash loses at most the acknowledgements
 * since the last write, and those lines are sent again with the same {@code Nats-Msg-Id}, which the stream drops.
 */
final class Checkpoint {
    private final Path file;

    Checkpoint(Path output) {
        String name = output.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        this.file = output.resolveSibling(stem + ".nats-offset");
    }

    Path file() {
        return file;
    }

    /** The saved position, or {@link Position#START} when there is none (or it cannot be read). */
    Position load() {
        if (!Files.isRegularFile(file)) {
            return Position.START;
        }
        try {
            Properties p = new Properties();
            p.load(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            String key = p.getProperty("file");
            long offset = Long.parseLong(p.getProperty("offset", "0"));
            return key == null || key.isEmpty() ? Position.START : new Position(key, offset);
        } catch (IOException | RuntimeException e) {
            return Position.START;
        }
    }

    void save(Position position) throws IOException {
        String text = "# eventweave NATS shipper: the first line not yet acknowledged by the stream\n"
                + "file=" + (position.fileKey() == null ? "" : position.fileKey()) + "\n"
                + "offset=" + position.offset() + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package io.eventweave.agent.output;

import java.nio.file.Path;

/**
 * Told by retention before it deletes a rotated file (on the files thread, {@code eventweave-files}): a reader of the
 * files that has not read it yet (the NATS shipper) counts what it loses, while the file can still be read.
 */
public interface RetentionListener {
    void beforeDelete(Path file);
}

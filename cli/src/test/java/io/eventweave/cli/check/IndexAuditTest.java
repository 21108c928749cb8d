package io.eventweave.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The length {@link IndexAudit} compares with a record: a line's UTF-8 bytes, counted without encoding it. */
class IndexAuditTest {
    @Test
    void countsUtf8BytesAsTheEncoderWrites() {
        for (String text : new String[] {"", "{\"a\":1}", "caf\u00e9", "\u20ac 5", "\ud83d\ude00 smile", "\u00ff\u0800"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, IndexAudit.utf8Length(text), text);
        }
    }
}

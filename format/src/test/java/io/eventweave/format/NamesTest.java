package io.eventweave.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The names agree with the documents that define the format. */
class NamesTest {
    private static final Path DOCS = Path.of(System.getProperty("user.dir")).resolveSibling("docs");

    @Test
    void everyEventNameIsTheOneOfTheSchemaAndEveryOneOfTheSchemaIsHere() throws Exception {
        String schema = Files.readString(DOCS.resolve("event-schema.json"), StandardCharsets.UTF_8);
        // event.name is anyOf: the enum of the built-in names, or the pattern of an application's own (app.*)
        Matcher list = Pattern.compile("\"name\":\\s*\\{\\s*\"anyOf\":\\s*\\[\\s*\\{\\s*\"enum\":\\s*\\[([^\\]]*)]")
                .matcher(schema);
        assertTrue(list.find(), "event.name enum in event-schema.json");
        Set<String> inSchema = new TreeSet<>();
        Matcher name = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
        while (name.find()) {
            inSchema.add(name.group(1));
        }
        assertEquals(inSchema, new TreeSet<>(constants(EventNames.class)));
    }

    @Test
    void everyFieldNameIsDocumentedInSchemaMd() throws Exception {
        String doc = Files.readString(DOCS.resolve("schema.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (String field : constants(FieldNames.class)) {
            if (field.equals(FieldNames.EVENT_TRUNCATED)) {
                assertTrue(doc.contains("`\"event\": {\"truncated\": true}`"), "the line-size note shows it nested");
            } else if (!doc.contains("`" + field + "`")) {
                missing.add(field);
            }
        }
        assertEquals(List.of(), missing, "field names not in docs/schema.md");
    }

    @Test
    void pointerAddressesTheNestedObjects() {
        assertEquals("/event/name", FieldNames.pointer(FieldNames.EVENT_NAME));
        assertEquals("/@timestamp", FieldNames.pointer(FieldNames.TIMESTAMP));
        assertEquals("/agent/events/dropped_by_reason/queue_full",
                FieldNames.pointer(FieldNames.AGENT_EVENTS_DROPPED_QUEUE_FULL));
    }

    private static List<String> constants(Class<?> type) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}

package io.eventweave.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates lines of an eventweave JSONL file against {@code docs/event-schema.json}, the one truth of the event
 * format. The schema file is taken from the system property {@value #SCHEMA_FILE_PROPERTY} when set, else
 * {@code docs/event-schema.json} of the {@link SourceTree checkout} the tests run in; it is compiled once and cached.
 *
 * <p>Besides the schema, a line must be exactly one JSON object: no line break inside it, no trailing content and no
 * duplicate keys.
 */
public final class EventSchema {
    public static final String SCHEMA_FILE_PROPERTY = "eventweave.schema.file";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static volatile JsonSchema schema;

    private EventSchema() {
    }

    /** The schema file in use. */
    public static Path schemaFile() {
        String configured = System.getProperty(SCHEMA_FILE_PROPERTY);
        Path file = configured != null && !configured.isBlank() ? Path.of(configured)
                : SourceTree.file("docs/event-schema.json");
        return file.toAbsolutePath().normalize();
    }

    /** Every way {@code line} breaks the schema; empty when it is a valid event line. */
    public static List<String> violations(String line) {
        List<String> result = new ArrayList<>();
        if (line == null) {
            result.add("the line is null");
            return result;
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            result.add("the line contains a line break");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            result.add("not a single JSON value: " + e.getOriginalMessage());
            return result;
        }
        if (node == null || node.isMissingNode()) {
            result.add("the line is empty");
            return result;
        }
        for (ValidationMessage message : compiled().validate(node)) {
            result.add(message.getMessage());
        }
        result.sort(null);
        return result;
    }

    /** Throws an {@link AssertionError} naming {@code line} and every violation unless the line is valid. */
    public static void assertValid(String line) {
        List<String> violations = violations(line);
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("event line does not match ")
                    .append(schemaFile())
                    .append(" (")
                    .append(violations.size())
                    .append(violations.size() == 1 ? " violation" : " violations")
                    .append("):");
            for (String violation : violations) {
                message.append("\n  - ").append(violation);
            }
            message.append("\nline: ").append(line);
            throw new AssertionError(message.toString());
        }
    }

    private static JsonSchema compiled() {
        JsonSchema result = schema;
        if (result == null) {
            synchronized (EventSchema.class) {
                result = schema;
                if (result == null) {
                    result = load(schemaFile());
                    schema = result;
                }
            }
        }
        return result;
    }

    private static JsonSchema load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("event schema not found at " + file + " (set -D" + SCHEMA_FILE_PROPERTY
                    + "=<path to docs/event-schema.json>)");
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true) // "format": "date-time" is an assertion here, not just an annotation
                .pathType(PathType.JSON_PATH) // violations name the field as $.trace.id, the whole line as $
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        try (InputStream in = Files.newInputStream(file)) {
            JsonSchema loaded = factory.getSchema(MAPPER.readTree(in), config);
            loaded.initializeValidators(); // resolve every $ref now, so a broken schema fails here
            return loaded;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the event schema " + file + ": " + e, e);
        }
    }
}

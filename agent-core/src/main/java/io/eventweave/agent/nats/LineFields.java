package io.eventweave.agent.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The four fields of a line the shipper needs: {@code service.name} and {@code event.name} (the subject),
 * {@code service.instance.id} and {@code event.sequence} (the message id). Read with jackson-core's streaming parser,
 * skipping every other object, and stopping once all four are known (the envelope is written after the kind's fields,
 * so most of a line is read). One instance per thread.
 */
final class LineFields {
    private final JsonFactory json = new JsonFactory();
    String serviceName;
    String instanceId;
    String eventName;
    long sequence;

    /** Reads {@code line[from, from + length)}; false when it is not a JSON object with all four fields. */
    boolean read(byte[] line, int from, int length) {
        serviceName = null;
        instanceId = null;
        eventName = null;
        sequence = -1;
        try (JsonParser p = json.createParser(line, from, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT && name.equals("event")) {
                    event(p);
                } else if (value == JsonToken.START_OBJECT && name.equals("service")) {
                    service(p);
                } else {
                    p.skipChildren();
                }
                if (complete()) {
                    return true;
                }
            }
            return complete();
        } catch (IOException | RuntimeException broken) {
            return false;
        }
    }

    private boolean complete() {
        return serviceName != null && instanceId != null && eventName != null && sequence >= 0;
    }

    private void event(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("name") && value == JsonToken.VALUE_STRING) {
                eventName = p.getText();
            } else if (name.equals("sequence") && value == JsonToken.VALUE_NUMBER_INT) {
                sequence = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
    }

    private void service(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("name") && value == JsonToken.VALUE_STRING) {
                serviceName = p.getText();
            } else if (name.equals("instance") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("id") && v == JsonToken.VALUE_STRING) {
                        instanceId = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }
}

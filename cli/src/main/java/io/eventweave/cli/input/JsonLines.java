package io.eventweave.cli.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One JSON line into an {@link EventRecord}, with jackson-core's streaming parser (no data binding). */
public final class JsonLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines() {
    }

    /** A line that is not one JSON object: where and why. */
    public static final class BrokenLine extends Exception {
        private static final long serialVersionUID = 1L;

        public BrokenLine(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * {@code text} (one line, without its newline) as a record.
     *
     * @throws BrokenLine when it is not exactly one JSON object
     */
    public static EventRecord parse(String text, String source, long line) throws BrokenLine {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BrokenLine("not a JSON object");
            }
            Map<String, Object> root = object(parser);
            if (parser.nextToken() != null) {
                throw new BrokenLine("text after the JSON object");
            }
            return new EventRecord(root, text, source, line);
        } catch (IOException e) {
            String message = e.getMessage();
            int newline = message == null ? -1 : message.indexOf('\n');
            throw new BrokenLine(newline < 0 ? String.valueOf(message) : message.substring(0, newline));
        }
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            object.put(name, value(parser));
        }
        return object;
    }

    private static Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            default:
                return scalar(parser, parser.currentToken());
        }
    }

    /**
     * A scalar token as every reader gives it: String, Long, Double (also for an integer past a long, as JSON readers
     * do), Boolean; null for JSON's null.
     */
    static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) parser.getDoubleValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null; // VALUE_NULL
        }
    }
}

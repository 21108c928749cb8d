package io.eventweave.cli.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The lines of a chunk (whole lines of one file, one after the other), each read by the handler's fast path
 * ({@link Handler#scan}) when it can, else by jackson on that line alone, which also tells a broken line (not one
 * JSON object, truncated, damaged bytes) and why. A broken line is reported with its line number in the chunk and
 * never stops the rest. Blank lines are skipped. Not thread-safe: one per thread.
 */
final class ChunkParser {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** What is done with each line; called in line order. */
    interface Handler {
        /**
         * Reads the line at {@code bytes[from]} without jackson, if it can.
         *
         * @return the offset of the next line, or {@link FieldsEvent#GIVE_UP} to have jackson read it
         */
        int scan(byte[] bytes, int from, int to);

        /** Reads the object {@code parser} is at (its {@code START_OBJECT}) through its {@code END_OBJECT}. */
        void read(JsonParser parser) throws IOException;

        /** The line read last is one JSON object: line {@code line} of the chunk (from 1). */
        void take(int line);

        /** A line that is not one JSON object: line {@code line} of the chunk (from 1), and why. */
        void broken(int line, String reason);
    }

    /**
     * Every line of {@code buffer[from, to)} to {@code handler}.
     *
     * @return the number of lines in the chunk (a last line without its newline counts)
     */
    int parse(byte[] buffer, int from, int to, Handler handler) throws IOException {
        int line = 0;
        int p = from;
        while (p < to) {
            line++;
            int next = handler.scan(buffer, p, to);
            if (next != FieldsEvent.GIVE_UP) {
                handler.take(line);
                p = next;
                continue;
            }
            int end = lineEnd(buffer, p, to);
            if (!isBlank(buffer, p, end)) {
                String fault = parseLine(buffer, p, end, handler);
                if (fault == null) {
                    handler.take(line);
                } else {
                    handler.broken(line, fault);
                }
            }
            p = end < to ? end + 1 : to;
        }
        return line;
    }

    /** One line with jackson: null when it was one JSON object (read by the handler), else why not. */
    private static String parseLine(byte[] buffer, int from, int to, Handler handler) throws IOException {
        try (JsonParser parser = FACTORY.createParser(buffer, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            handler.read(parser);
            if (parser.nextToken() != null) {
                return "text after the JSON object";
            }
            return null;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message == null) {
                return "not JSON";
            }
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }

    /** The offset of the newline ending the line at {@code from}, or {@code to}. */
    private static int lineEnd(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    private static boolean isBlank(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = buffer[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}

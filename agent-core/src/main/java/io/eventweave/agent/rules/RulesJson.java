package io.eventweave.agent.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for the rules (RFC 8259: objects, arrays, strings with escapes, numbers, true, false, null),
 * into maps (key order kept), lists, strings, Long or Double numbers, booleans and null. Why not jackson-core, which
 * the agent ships: the rules are read in {@code premain}, on the application's start-up path, where jackson's parser
 * loads 53 classes (about 15-20 ms here) for a few kilobytes of text; this is one class. The drainer still writes with
 * jackson-core.
 */
final class RulesJson {
    /** Where and why the text is not JSON. */
    static final class SyntaxError extends Exception {
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private final String text;
    private int at;

    private RulesJson(String text) {
        this.text = text;
    }

    /** The one JSON value of {@code text}. */
    static Object parse(String text) throws SyntaxError {
        RulesJson json = new RulesJson(text);
        json.space();
        Object value = json.value();
        json.space();
        if (json.at < text.length()) {
            throw json.error("more after the end of the JSON value");
        }
        return value;
    }

    private Object value() throws SyntaxError {
        if (at >= text.length()) {
            throw error("unexpected end of input: a value was expected");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + c + "': a value was expected");
        }
    }

    private Map<String, Object> object() throws SyntaxError {
        Map<String, Object> map = new LinkedHashMap<>();
        at++; // {
        space();
        if (peek() == '}') {
            at++;
            return map;
        }
        for (;;) {
            space();
            if (peek() != '"') {
                throw error("a quoted key was expected");
            }
            int keyAt = at;
            String key = string();
            space();
            expect(':');
            space();
            Object value = value();
            if (map.containsKey(key)) {
                at = keyAt;
                throw error("the key \"" + key + "\" appears twice");
            }
            map.put(key, value);
            space();
            char c = peek();
            at++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                at--;
                throw error("',' or '}' was expected");
            }
        }
    }

    private List<Object> array() throws SyntaxError {
        List<Object> list = new ArrayList<>();
        at++; // [
        space();
        if (peek() == ']') {
            at++;
            return list;
        }
        for (;;) {
            space();
            list.add(value());
            space();
            char c = peek();
            at++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                at--;
                throw error("',' or ']' was expected");
            }
        }
    }

    private String string() throws SyntaxError {
        at++; // "
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (at >= text.length()) {
                throw error("unexpected end of input in a string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("a control character in a string must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unexpected end of input in a string");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out.append(e);
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    if (at + 4 > text.length()) {
                        throw error("unexpected end of input in a \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("\\u must be followed by four hex digits");
                    }
                    at += 4;
                    break;
                default:
                    at--;
                    throw error("unknown escape \\" + e);
            }
        }
    }

    private Object number() throws SyntaxError {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        boolean fraction = false;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c >= '0' && c <= '9') {
                at++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                fraction = true;
                at++;
            } else {
                break;
            }
        }
        String number = text.substring(start, at);
        try {
            return fraction ? (Object) Double.valueOf(number) : (Object) Long.valueOf(number);
        } catch (NumberFormatException e) {
            at = start;
            throw error("'" + number + "' is not a number");
        }
    }

    private Object word(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, at)) {
            throw error("unexpected word: true, false or null was expected");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("'" + c + "' was expected");
        }
        at++;
    }

    private char peek() throws SyntaxError {
        if (at >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(at);
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    /** The error at the current position, with its line and column (both from 1). */
    private SyntaxError error(String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SyntaxError(message, line, at - lineStart + 1);
    }
}

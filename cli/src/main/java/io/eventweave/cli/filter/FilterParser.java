package io.eventweave.cli.filter;

import io.eventweave.cli.filter.Condition.Operator;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive descent over a lexer that reads one token ahead, so that every error names the token (and position) it
 * stopped at. Lowest precedence first:
 *
 * <pre>
 * or    := and (OR and)*
 * and   := unary (AND unary)*
 * unary := NOT unary | '(' or ')' | EXISTS field | field test
 * test  := operator value | [NOT] LIKE string | [NOT] CONTAINS string | [NOT] IN '(' value (',' value)* ')'
 * value := string | number | duration | TRUE | FALSE | now | now-duration | now+duration
 * </pre>
 */
final class FilterParser {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "like", "contains", "in", "exists");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final String UNITS = "ns, us, ms, s, m, h or d";
    /** Deeper than anyone writes, shallow enough that the recursion cannot overflow the stack. */
    private static final int MAX_DEPTH = 200;

    private enum Kind { WORD, STRING, NUMBER, OPERATOR, SYMBOL, END }

    /** {@code text} as written; {@code value} the string without quotes, the number's Literal, or the Operator. */
    private record Token(Kind kind, int start, String text, Object value) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String quoted() {
            return kind == Kind.END ? "the end of the filter" : kind == Kind.STRING ? text : "'" + text + "'";
        }
    }

    private final String source;
    private final Instant now;
    private final Set<String> fields = new LinkedHashSet<>();
    private int cursor;
    private int depth;
    private Token token;

    FilterParser(String source, Instant now) {
        this.source = source;
        this.now = now;
    }

    Condition parse() throws FilterSyntaxException {
        if (source.isBlank()) {
            throw error(0, "empty filter");
        }
        advance();
        Condition condition = or();
        if (token.kind != Kind.END) {
            throw error(token.start, token.is(")") ? "')' without a matching '('"
                    : "unexpected " + token.quoted() + " after a complete condition (missing AND or OR?)");
        }
        return condition;
    }

    List<String> fields() {
        return List.copyOf(fields);
    }

    private Condition or() throws FilterSyntaxException {
        Condition left = and();
        while (token.isKeyword("or")) {
            advance();
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() throws FilterSyntaxException {
        Condition left = unary();
        while (token.isKeyword("and")) {
            advance();
            left = new Condition.And(left, unary());
        }
        return left;
    }

    private Condition unary() throws FilterSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error(token.start, "nested more than " + MAX_DEPTH + " levels deep");
        }
        Condition condition;
        if (token.isKeyword("not")) {
            advance();
            condition = new Condition.Not(unary());
        } else if (token.is("(")) {
            Token open = token;
            advance();
            condition = or();
            close(open, "AND, OR or ')'");
        } else if (token.isKeyword("exists")) {
            advance();
            condition = new Condition.Exists(field("after EXISTS"));
        } else {
            condition = test(field(""));
        }
        depth--;
        return condition;
    }

    private Condition test(String field) throws FilterSyntaxException {
        if (token.kind == Kind.OPERATOR) {
            Operator operator = (Operator) token.value;
            advance();
            return new Condition.Compare(field, operator, value("after '" + operator + "'"));
        }
        boolean negated = token.isKeyword("not");
        if (negated) {
            advance();
        }
        if (token.isKeyword("like") || token.isKeyword("contains")) {
            String keyword = token.text.toUpperCase(Locale.ROOT);
            advance();
            if (token.kind != Kind.STRING) {
                throw error(token.start, "expected a quoted string after " + keyword + ", found " + token.quoted());
            }
            String text = (String) token.value;
            advance();
            return keyword.equals("LIKE") ? new Condition.Like(field, List.of(text.split("\\*", -1)), negated)
                    : new Condition.Contains(field, text, negated);
        }
        if (token.isKeyword("in")) {
            advance();
            return new Condition.In(field, list(), negated);
        }
        throw error(token.start, negated ? "expected LIKE, CONTAINS or IN after NOT, found " + token.quoted()
                : "expected an operator (=, !=, <, <=, >, >=, LIKE, CONTAINS, IN) after '" + field + "', found "
                        + token.quoted());
    }

    private String field(String context) throws FilterSyntaxException {
        Token name = token;
        String lowerCase = name.text.toLowerCase(Locale.ROOT);
        boolean isKeyword = name.kind == Kind.WORD && KEYWORDS.contains(lowerCase);
        boolean isValue = name.kind == Kind.STRING || name.kind == Kind.NUMBER || name.kind == Kind.WORD
                && (lowerCase.equals("true") || lowerCase.equals("false") || isNow(lowerCase));
        if (name.kind != Kind.WORD || isKeyword || isValue) {
            throw error(name.start, "expected a field name" + (context.isEmpty() ? "" : " " + context) + ", found "
                    + (isValue ? "the value " : "") + name.quoted());
        }
        fields.add(name.text);
        advance();
        return name.text;
    }

    private List<Literal> list() throws FilterSyntaxException {
        if (!token.is("(")) {
            throw error(token.start, "expected '(' after IN, found " + token.quoted());
        }
        Token open = token;
        List<Literal> literals = new ArrayList<>();
        do {
            advance();
            literals.add(value(literals.isEmpty() ? "in the IN list" : "after ','"));
        } while (token.is(","));
        close(open, "',' or ')'");
        return List.copyOf(literals);
    }

    private void close(Token open, String expected) throws FilterSyntaxException {
        if (token.kind == Kind.END) {
            throw error(open.start, "unclosed '('");
        }
        if (!token.is(")")) {
            throw error(token.start, "expected " + expected + ", found " + token.quoted());
        }
        advance();
    }

    private Literal value(String context) throws FilterSyntaxException {
        Token value = token;
        String word = value.kind == Kind.WORD ? value.text.toLowerCase(Locale.ROOT) : "";
        Literal literal = value.kind == Kind.STRING ? Literal.text((String) value.value)
                : value.kind == Kind.NUMBER ? (Literal) value.value
                : word.equals("true") || word.equals("false") ? Literal.bool(word.equals("true"))
                : isNow(word) ? now(value) : null;
        if (literal == null) {
            String found = word.isEmpty() || KEYWORDS.contains(word) ? value.quoted()
                    : "the field name " + value.quoted() + " (quote text: '" + value.text + "')";
            throw error(value.start, "expected a value " + context + ", found " + found);
        }
        advance();
        return literal;
    }

    /** {@code now}, {@code now-10m}, {@code now+1.5h}: the lexer keeps each one word. */
    private Literal now(Token word) throws FilterSyntaxException {
        String text = word.text;
        if (text.length() == 3) {
            return Literal.instant(now);
        }
        String duration = text.substring(4);
        long nanos;
        try {
            nanos = Filter.parseDurationNanos(duration);
        } catch (IllegalArgumentException e) {
            throw error(word.start + 4, "bad duration '" + duration + "' in '" + text + "' (use " + UNITS + ")");
        }
        try {
            return Literal.instant(text.charAt(3) == '-' ? now.minusNanos(nanos) : now.plusNanos(nanos));
        } catch (DateTimeException | ArithmeticException e) {
            throw error(word.start, "'" + text + "' is out of the range of timestamps");
        }
    }

    private static boolean isNow(String lowerCaseWord) {
        return lowerCaseWord.startsWith("now")
                && (lowerCaseWord.length() == 3 || "+-".indexOf(lowerCaseWord.charAt(3)) >= 0);
    }

    private FilterSyntaxException error(int position, String reason) {
        return new FilterSyntaxException(source, position, reason);
    }

    private void advance() throws FilterSyntaxException {
        int length = source.length();
        while (cursor < length && Character.isWhitespace(source.charAt(cursor))) {
            cursor++;
        }
        int start = cursor;
        char c = start < length ? source.charAt(start) : 0;
        int end = start + 1;
        Kind kind;
        if (start == length) {
            kind = Kind.END;
            end = start;
        } else if (c == '\'' || c == '"') {
            token = quoted(start, c);
            return;
        } else if ("(),".indexOf(c) >= 0) {
            kind = Kind.SYMBOL;
        } else if ("=!<>".indexOf(c) >= 0) {
            kind = Kind.OPERATOR;
            while (end < length && "=!<>".indexOf(source.charAt(end)) >= 0) {
                end++;
            }
        } else if (isDigit(c) || c == '-' && end < length && isDigit(source.charAt(end))) {
            kind = Kind.NUMBER;
            end = wordEnd(end);
        } else if (Character.isLetter(c) || c == '_' || c == '@') {
            kind = Kind.WORD;
            end = wordEnd(end);
            // '+' is not in names, so "now+1h" is glued back into one word here; "now-1h" already is one.
            if (end - start == 3 && source.regionMatches(true, start, "now", 0, 3) && end < length
                    && source.charAt(end) == '+') {
                end = wordEnd(end + 1);
            }
        } else {
            throw error(start, "unexpected character '" + c + "'");
        }
        cursor = end;
        String text = source.substring(start, end);
        Object value = kind == Kind.OPERATOR ? operator(start, text) : kind == Kind.NUMBER ? number(start, text) : null;
        token = new Token(kind, start, text, value);
    }

    /** A quote inside is written twice: {@code 'it''s'}, {@code "say ""hi"""}. There are no backslash escapes. */
    private Token quoted(int start, char quote) throws FilterSyntaxException {
        StringBuilder text = new StringBuilder();
        for (int i = start + 1; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == quote && (i + 1 == source.length() || source.charAt(i + 1) != quote)) {
                cursor = i + 1;
                return new Token(Kind.STRING, start, source.substring(start, cursor), text.toString());
            }
            text.append(c);
            i += c == quote ? 1 : 0;
        }
        throw error(start, "unclosed string");
    }

    private Operator operator(int start, String symbol) throws FilterSyntaxException {
        Operator operator = Operator.of(symbol);
        if (operator == null) {
            // '==' is refused rather than read as '=' so that each filter has one spelling in docs and scripts.
            String hint = symbol.equals("==") ? " (use '=')" : symbol.equals("<>") ? " (use '!=')" : "";
            throw error(start, "unknown operator '" + symbol + "'" + hint);
        }
        return operator;
    }

    /** {@code text} is a run of name characters that starts like a number: a number, a duration, or a mistake. */
    private Literal number(int start, String text) throws FilterSyntaxException {
        if (NUMBER.matcher(text).matches()) {
            return Literal.number(text);
        }
        boolean negative = text.charAt(0) == '-';
        try {
            long nanos = Filter.parseDurationNanos(negative ? text.substring(1) : text);
            return Literal.number(Long.toString(negative ? -nanos : nanos));
        } catch (IllegalArgumentException e) {
            throw error(start, Character.isLetter(text.charAt(text.length() - 1))
                    ? "bad duration '" + text + "' (use " + UNITS + ")" : "bad number '" + text + "'");
        }
    }

    /** Names are letters, digits, '_', '-' and '.' (and '@' first, which the caller checked). */
    private int wordEnd(int from) {
        int end = from;
        while (end < source.length()
                && (Character.isLetterOrDigit(source.charAt(end)) || "_-.".indexOf(source.charAt(end)) >= 0)) {
            end++;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

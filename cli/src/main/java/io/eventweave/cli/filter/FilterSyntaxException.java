package io.eventweave.cli.filter;

/** A {@code --where} expression that does not parse: why, and where, for a message with a caret under the spot. */
public final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;
    private final String reason;

    FilterSyntaxException(String expression, int position, String reason) {
        super(reason + " (at position " + position + ")", null, false, false);
        this.expression = expression;
        this.position = position;
        this.reason = reason;
    }

    /** 0-based index into the expression where the problem is; its length when the expression ended too soon. */
    public int position() {
        return position;
    }

    /** What is wrong, e.g. {@code expected a value after '>'}, {@code unclosed string}. */
    public String reason() {
        return reason;
    }

    /**
     * Three lines: {@code invalid filter: <reason>}, the expression, and a caret under {@link #position()} (spaces
     * before it).
     */
    public String describe() {
        // Every whitespace character is echoed as one space so that a tab or newline in the expression can neither
        // shift the caret nor break the three-line shape.
        StringBuilder echoed = new StringBuilder(expression.length());
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            echoed.append(Character.isWhitespace(c) ? ' ' : c);
        }
        return "invalid filter: " + reason + "\n" + echoed + "\n" + " ".repeat(position) + "^";
    }
}

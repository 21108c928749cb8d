package io.eventweave.cli;

/** A command line that cannot run as given: one line saying what was wrong, exit status 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}

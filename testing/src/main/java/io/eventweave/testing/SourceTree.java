package io.eventweave.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root of the eventweave checkout the tests run in: the nearest ancestor of the working directory that holds
 * {@code docs/event-schema.json}. Maven runs each module's tests in the module's folder, one to three levels below
 * the root ({@code integration-tests/}, {@code instrumentation/<lib>/tests/}), so no module has to pass paths to the
 * packaged agent or the schema.
 */
public final class SourceTree {
    private static final String MARKER = "docs/event-schema.json";

    private SourceTree() {
    }

    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside an eventweave checkout: no " + MARKER + " in " + start
                + " or any folder above it");
    }

    /** {@code relative} resolved against {@link #root()}. */
    public static Path file(String relative) {
        return root().resolve(relative);
    }
}

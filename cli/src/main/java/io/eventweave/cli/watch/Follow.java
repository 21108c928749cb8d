package io.eventweave.cli.watch;

import io.eventweave.cli.input.InputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code watch} loop: one {@link OutputFollower} per process output (the files given, and every active file of the
 * directories given, found again at every poll so that a process started later is followed from its first line).
 */
public final class Follow {
    /** Where lines go; false to stop. */
    public interface Sink {
        boolean accept(String line, String source);
    }

    private final List<Path> dirs;
    private final boolean fromStart;
    private final Sink sink;
    private final PrintStream err;
    private final Map<Path, OutputFollower> followers = new LinkedHashMap<>();
    private boolean stopped;

    public Follow(List<Path> dirs, List<Path> files, boolean fromStart, Sink sink, PrintStream err) throws IOException {
        this.dirs = dirs;
        this.fromStart = fromStart;
        this.sink = sink;
        this.err = err;
        for (Path file : files) {
            add(file.toAbsolutePath().normalize(), true);
        }
        discover(true);
    }

    /** Polls every {@code pollMillis} until the sink says stop (or the thread is interrupted). */
    public void run(long pollMillis, PrintStream out) throws IOException, InterruptedException {
        while (!stopped) {
            for (OutputFollower f : followers.values()) {
                f.poll();
                if (stopped) {
                    break;
                }
            }
            out.flush();
            if (stopped) {
                break;
            }
            Thread.sleep(pollMillis);
            discover(false);
        }
        for (OutputFollower f : followers.values()) {
            f.close();
        }
    }

    private void discover(boolean atStart) throws IOException {
        for (Path dir : dirs) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (Files.isRegularFile(entry) && InputFiles.isActiveFile(entry)) {
                        add(entry.toAbsolutePath().normalize(), atStart);
                    }
                }
            }
        }
    }

    private void add(Path active, boolean atStart) throws IOException {
        if (followers.containsKey(active)) {
            return;
        }
        String source = active.toString();
        OutputFollower f = new OutputFollower(active, line -> {
            if (!stopped && !sink.accept(line, source)) {
                stopped = true;
            }
        }, problem -> err.println("eventweave watch: " + problem));
        followers.put(active, f);
        if (atStart) {
            f.start(fromStart);
        }
        // found later: followed from its first line (its first poll opens it at 0)
    }
}

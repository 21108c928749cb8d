package io.eventweave.benchmarks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * B10's read-speed anchor: a JVM that reads every byte of the JSONL files of a directory, in 4 MB reads as the
 * command line does, and does nothing with them. {@code query} "at disk-read speed" is measured against it: the
 * same JVM start, the same bytes through the same reads, no search.
 *
 * <p>Usage: {@code ReadAll DIR}; prints {@code RESULT bytes=<n>}.
 */
public final class ReadAll {
    private ReadAll() {
    }

    public static void main(String[] args) throws IOException {
        long total = 0;
        byte[] buffer = new byte[4 << 20];
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(args[0]), "*.jsonl")) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.readNBytes(buffer, 0, buffer.length); n > 0;
                            n = in.readNBytes(buffer, 0, buffer.length)) {
                        total += n;
                    }
                }
            }
        }
        System.out.println("RESULT bytes=" + total);
    }
}

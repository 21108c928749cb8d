package io.eventweave.cli.input;

import io.eventweave.cli.UsageException;
import io.eventweave.format.LineIndex;
import io.eventweave.format.OutputFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the paths of a command name, as one list of files per process output, each in the order the agent wrote
 * them (its rotated files by number, then the active file). A path is a file (any name), a directory (the eventweave
 * files in it: {@code *.jsonl}, {@code *.jsonl.gz} and rotated names, not {@code .gz.tmp}, which is never whole), a
 * glob ({@code logs/*.jsonl*}), or {@code -} for standard input; none means the current directory.
 */
public final class InputFiles {
    /** Standard input, as a path argument. */
    public static final String STDIN = "-";

    /** One process's output: the active file's path (present or not) and its files in writing order. */
    public static final class Output {
        public final Path active;
        public final List<Path> files;

        Output(Path active, List<Path> files) {
            this.active = active;
            this.files = files;
        }
    }

    private InputFiles() {
    }

    /**
     * @throws UsageException for a path that names nothing (a missing file, a glob or directory without eventweave
     *                        files is not an error: zero events)
     */
    public static List<Output> resolve(List<String> paths, Path cwd) throws UsageException {
        List<Path> files = new ArrayList<>();
        List<String> given = paths.isEmpty() ? List.of(".") : paths;
        for (String p : given) {
            if (p.equals(STDIN)) {
                continue;
            }
            if (isGlob(p)) {
                files.addAll(glob(cwd, p));
                continue;
            }
            Path path = cwd.resolve(p);
            if (Files.isDirectory(path)) {
                files.addAll(directory(path));
            } else if (LineIndex.isIndex(path)) {
                throw new UsageException(p + " is the line index of an events file, not one: give the file beside it");
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new UsageException("no such file or directory: " + p);
            }
        }
        return group(files);
    }

    /** Whether {@code -} is among {@code paths}. */
    public static boolean readsStandardInput(List<String> paths) {
        return paths.contains(STDIN);
    }

    /** Whether a directory entry is an active output file: one the agent is appending to (not rotated, not gzip). */
    public static boolean isActiveFile(Path file) {
        return isEventFile(file) && !file.getFileName().toString().endsWith(OutputFiles.GZ)
                && OutputFiles.activeOf(file).equals(file);
    }

    /** Whether a directory entry is an eventweave output file (the active or a rotated one, plain or whole gzip). */
    static boolean isEventFile(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(OutputFiles.GZ_TMP) || LineIndex.isIndex(file)) {
            return false;
        }
        return name.endsWith(OutputFiles.JSONL) || name.endsWith(OutputFiles.JSONL + OutputFiles.GZ)
                || !OutputFiles.activeOf(file).equals(file);
    }

    private static List<Path> directory(Path dir) throws UsageException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && isEventFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
        return files;
    }

    private static boolean isGlob(String p) {
        return p.indexOf('*') >= 0 || p.indexOf('?') >= 0 || p.indexOf('[') >= 0 || p.indexOf('{') >= 0;
    }

    /** A glob in its last name only ({@code logs/*.jsonl*}); the directory part is taken as written. */
    private static List<Path> glob(Path cwd, String pattern) throws UsageException {
        int slash = pattern.lastIndexOf('/');
        Path dir = cwd.resolve(slash < 0 ? "." : pattern.substring(0, slash + 1));
        String name = pattern.substring(slash + 1);
        if (isGlob(dir.toString())) {
            throw new UsageException("a glob may only be in the file name, not in the directories: " + pattern);
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a glob: " + pattern + " (" + e.getMessage() + ")");
        }
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        for (Path file : directory(dir)) {
            if (matcher.matches(file.getFileName())) {
                files.add(file);
            }
        }
        return files;
    }

    /**
     * Groups files by the output they belong to; within one, rotated files by number (the {@code .gz} when a number
     * has both: it is complete), then the active file. Outputs in the order of their first file's path.
     */
    static List<Output> group(List<Path> files) {
        Map<Path, TreeMap<Long, Path>> rotated = new TreeMap<>();
        Map<Path, Path> actives = new LinkedHashMap<>();
        for (Path file : files) {
            Path normal = file.toAbsolutePath().normalize();
            Path active = OutputFiles.activeOf(normal);
            TreeMap<Long, Path> numbers = rotated.computeIfAbsent(active, a -> new TreeMap<>());
            if (active.equals(normal)) {
                actives.put(active, normal);
                continue;
            }
            OptionalLong number = OutputFiles.rotationNumber(active, normal);
            numbers.merge(number.getAsLong(), normal, (a, b) -> OutputFiles.isCompressed(a) ? a : b);
        }
        List<Output> outputs = new ArrayList<>();
        for (Map.Entry<Path, TreeMap<Long, Path>> entry : rotated.entrySet()) {
            List<Path> inOrder = new ArrayList<>(entry.getValue().values());
            Path active = actives.get(entry.getKey());
            if (active != null) {
                inOrder.add(active);
            }
            outputs.add(new Output(entry.getKey(), List.copyOf(inOrder)));
        }
        return outputs;
    }
}

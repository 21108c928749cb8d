package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.demo.DemoApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.SourceTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log shippers' configurations of {@code docs/shipping.md} (OpenTelemetry Collector {@code filelog}, Fluent Bit
 * {@code tail}, Vector {@code file}) against the files the agent writes. None of the shippers runs here, so what is
 * checked is each assumption the configurations make about our files, read from the page's own blocks:
 * <ul>
 *   <li>their file patterns take the active and rotated {@code .jsonl} files, and no {@code .gz} or {@code .gz.tmp}
 *       (read twice otherwise, or half written);</li>
 *   <li>every line's {@code @timestamp} has the form of each timestamp layout;</li>
 *   <li>every field path the configurations name is in the lines, nested as written there;</li>
 *   <li>every line is shorter than each line limit set.</li>
 * </ul>
 * The files: the demo run twice with rotation, once with rotated files left plain ({@code compress=none}), once
 * compressed (the default), and the name of a compression in progress.
 */
class ShippingConfigIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theShippersConfigurationsFitTheFilesTheAgentWrites() throws IOException {
        for (String compress : List.of("none", "gzip")) {
            ChildJvm demo = ChildJvm.app(DemoApp.class).workDir(dir).logName("demo-" + compress)
                    .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64KB").env("EVENTWEAVE_OUTPUT_ROTATE_INTERVAL", "1s")
                    .env("EVENTWEAVE_OUTPUT_COMPRESS", compress).timeoutSeconds(120);
            try (Stream<Path> jars = Files.list(SourceTree.file("integration-tests/target/demo-libs"))) {
                jars.sorted().forEach(demo::classPath);
            }
            demo.run().assertSucceeded();
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> p.getFileName().toString().startsWith("eventweave-")).sorted().toList();
        }
        // a compression in progress, as the agent names it (its OutputFiles.GZ_TMP)
        Path inProgress = dir.resolve("eventweave-99999.000003.jsonl.gz.tmp");
        Files.createFile(inProgress);
        List<Path> plain = files.stream().filter(f -> f.toString().endsWith(".jsonl")).toList();
        List<Path> compressed = files.stream().filter(f -> f.toString().endsWith(".gz")).toList();
        assertTrue(plain.stream().anyMatch(f -> f.getFileName().toString().matches("eventweave-\\d+\\.\\d{6}\\.jsonl")),
                "a rotated file left plain: " + files);
        assertFalse(compressed.isEmpty(), "a rotated file compressed: " + files);

        String page = Files.readString(SourceTree.file("docs/shipping.md"), StandardCharsets.UTF_8);
        String yaml = block(page, "yaml");
        String ini = block(page, "ini");
        String toml = block(page, "toml");

        // the file patterns, with the page's directory standing for the test's
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        include.addAll(list(yaml, "include"));
        exclude.addAll(list(yaml, "exclude"));
        include.addAll(list(toml, "include"));
        exclude.addAll(list(toml, "exclude"));
        include.add(value(ini, "Path"));
        List<String> fluentExclude = List.of(value(ini, "Exclude_Path").split(","));
        List<Path> candidates = new ArrayList<>(files);
        candidates.add(inProgress);
        for (Path file : candidates) {
            boolean wanted = file.toString().endsWith(".jsonl");
            for (String pattern : include) {
                boolean taken = glob(pattern).matches(file) && exclude.stream().noneMatch(x -> glob(x).matches(file))
                        && fluentExclude.stream().noneMatch(x -> FileSystems.getDefault()
                                .getPathMatcher("glob:" + x.trim()).matches(file.getFileName()));
                assertEquals(wanted, taken, pattern + " and the excludes on " + file.getFileName());
            }
        }

        // the lines: timestamps, field paths, lengths
        Pattern stanza = layout(value(yaml, "layout").replace("'", ""));
        Pattern fluent = layout(value(ini, "Time_Format"));
        Pattern rfc3339 = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
        long longest = Math.min(Math.min(bytes(value(yaml, "max_log_size")), bytes(value(ini, "Buffer_Max_Size"))),
                Long.parseLong(value(toml, "max_line_bytes")));
        Set<String> paths = fieldPaths(yaml, toml);
        Set<String> found = new LinkedHashSet<>();
        int lines = 0;
        for (Path file : plain) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lines++;
                assertTrue(line.getBytes(StandardCharsets.UTF_8).length + 1 < longest, "a line past " + longest);
                JsonNode event = JSON.readTree(line);
                String at = event.path("@timestamp").asText();
                assertTrue(stanza.matcher(at).matches(), "filelog's layout on " + at);
                assertTrue(fluent.matcher(at).matches(), "Fluent Bit's Time_Format on " + at);
                assertTrue(rfc3339.matcher(at).matches(), "Vector's %+ on " + at);
                for (String path : paths) {
                    JsonNode node = event;
                    for (String segment : path.split("\\.")) {
                        node = node.path(segment);
                    }
                    if (!node.isMissingNode()) {
                        found.add(path);
                    }
                }
            }
        }
        assertTrue(lines > 100, "lines read: " + lines);
        assertEquals(paths, found, "field paths the configurations name, found nested in the lines");
    }

    /** The first fenced block of {@code language} in the page. */
    private static String block(String page, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "a ```" + language + " block in docs/shipping.md");
        return m.group(1);
    }

    /** {@code key: [a, b]} (YAML) or {@code key = ["a", "b"]} (TOML): the items. */
    private static List<String> list(String text, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + key + "\\s*[:=]\\s*\\[(.*?)]").matcher(text);
        assertTrue(m.find(), key + " in\n" + text);
        List<String> items = new ArrayList<>();
        for (String item : m.group(1).split(",")) {
            items.add(item.trim().replace("\"", ""));
        }
        return items;
    }

    /** {@code key: value}, {@code key = value} or Fluent Bit's {@code Key value}: the value. */
    private static String value(String text, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "(?:\\s*[:=]\\s*|\\s+)(.+?)\\s*$").matcher(text);
        assertTrue(m.find(), key + " in\n" + text);
        return m.group(1);
    }

    /** The page's directory ({@code /var/log/app/}) stands for this test's. */
    private PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("/var/log/app", dir.toString()));
    }

    /** A strptime layout as a pattern: the directives the pages use, the rest literal. */
    private static Pattern layout(String strptime) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < strptime.length(); i++) {
            char c = strptime.charAt(i);
            if (c != '%') {
                regex.append(Pattern.quote(String.valueOf(c)));
                continue;
            }
            char d = strptime.charAt(++i);
            regex.append(switch (d) {
                case 'Y' -> "\\d{4}";
                case 'm', 'd', 'H', 'M', 'S' -> "\\d{2}";
                case 's' -> "\\d{9}"; // stanza: nanoseconds, nine digits
                case 'L' -> "\\d+"; // Fluent Bit: the fraction of a second
                default -> throw new AssertionError("directive %" + d + " in " + strptime);
            });
        }
        return Pattern.compile(regex.toString());
    }

    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)\\s*([kKmM]?)(i?B)?").matcher(size.trim());
        assertTrue(m.matches(), size);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            default -> n;
        };
    }

    /** The dotted field paths the collector's operators and Vector's remap read (nested, as in the lines). */
    private static Set<String> fieldPaths(String yaml, String toml) {
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?:parse_from|from):\\s*attributes\\.([\\w.]+)").matcher(yaml);
        while (m.find()) {
            paths.add(m.group(1));
        }
        Matcher v = Pattern.compile("=\\s*\\.([a-z_]+(?:\\.[a-z_]+)+)").matcher(toml);
        while (v.find()) {
            paths.add(v.group(1));
        }
        assertTrue(paths.containsAll(List.of("trace.id", "span.id", "trace.flags", "service.name",
                "service.instance.id", "host.name", "process.pid")), "paths read from the page: " + paths);
        return paths;
    }
}

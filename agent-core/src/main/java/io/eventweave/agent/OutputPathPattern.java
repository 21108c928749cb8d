package io.eventweave.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code output.path}: {@code %p} pid, {@code %h} host name, {@code %t} start time (UTC), {@code %%} a percent sign. */
final class OutputPathPattern {
    private OutputPathPattern() {
    }

    /**
     * Made only for a pattern with {@code %t}: a {@code DateTimeFormatter} pattern is parsed and its java.time
     * classes loaded when the class initialises, while the application starts.
     */
    private static final class StartTime {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    }

    static Path resolve(String pattern, ProcessIdentity identity, Instant start) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char next = pattern.charAt(++i);
                switch (next) {
                    case 'p':
                        out.append(identity.pid());
                        break;
                    case 'h':
                        out.append(identity.hostName());
                        break;
                    case 't':
                        out.append(StartTime.FORMAT.format(start));
                        break;
                    case '%':
                        out.append('%');
                        break;
                    default:
                        out.append('%').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return Paths.get(out.toString()).toAbsolutePath().normalize();
    }
}

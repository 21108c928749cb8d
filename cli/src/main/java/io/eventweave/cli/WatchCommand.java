package io.eventweave.cli;

import io.eventweave.cli.filter.Filter;
import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.InputFiles;
import io.eventweave.cli.input.JsonLines;
import io.eventweave.cli.watch.Follow;
import io.eventweave.cli.watch.NatsFollow;
import io.eventweave.cli.watch.ReadableLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code watch} (alias {@code tail}): follows live output, every process's in a directory (also processes that start
 * later, from their first line), across rotation and compression, from the end or {@code --from-start}; or, with
 * {@code --nats}, the JetStream stream the agent ships to ({@link NatsFollow}). One readable line per event, or the raw
 * line with {@code --json}. Runs until interrupted, {@code --limit} events, or the end of standard input.
 */
final class WatchCommand implements Command {
    @Override
    public String name() {
        return "watch";
    }

    @Override
    public String summary() {
        return "follow live output (alias tail): every process in a directory, across rotation, or a NATS "
                + "stream (--nats); readable or --json";
    }

    @Override
    public String help() {
        return "Usage: watch [PATH...] [options]     (alias: tail)\n"
                + "       watch --nats URL[,URL...] [options]\n"
                + "\n"
                + "Follows the files the agent is writing: a file, or every process's file in a directory (also\n"
                + "processes that start later, from their first line; default: the current directory), across\n"
                + "rotation and compression, missing no line and showing none twice; - reads standard input.\n"
                + "One line per event: time, service, kind, the fields that matter for that kind, duration,\n"
                + "outcome. Runs until interrupted (Ctrl-C).\n"
                + "\n"
                + "  --from-start     everything already written first (rotated files too), then follow\n"
                + "  --json           the raw lines\n"
                + "  --name PATTERNS  only these event names, comma-separated, * as a wildcard:\n"
                + "                   --name 'circuit_breaker.*,fallback.invoke'\n"
                + "  --limit N        stop after N events\n"
                + "  --where EXPR     only events EXPR matches; --since/--until as for every command\n"
                + "  --poll DURATION  how often files are checked (default 200ms)\n"
                + "\n"
                + "Over NATS: --nats follows the JetStream stream the agent ships every line to, every service's\n"
                + "events as they are published, instead of files (no PATH then). The filters above apply as to\n"
                + "files. A lost connection is said on stderr, retried without end, and followed on from the\n"
                + "next message: none lost, none twice.\n"
                + "  --nats URLS      nats://host:4222, several comma-separated; nats://user:password@host:4222\n"
                + "                   for a user and password\n"
                + "  --stream NAME    the stream (default EVENTWEAVE)\n"
                + "  --subject SUBJ   only these subjects, narrowed on the server (default: the whole stream,\n"
                + "                   eventweave.> in the agent's). A line's is eventweave.<service>.<event.name>,\n"
                + "                   <service> its service.name with _ for each character not in A-Za-z0-9_-\n"
                + "                   (unknown_service:java: unknown_service_java); e.g.\n"
                + "                   --subject 'eventweave.checkout.>', 'eventweave.*.circuit_breaker.state_change'\n"
                + "  --token TOKEN    the server's authorization token\n"
                + "  --from-start     from the stream's first message; default: only messages published from now\n"
                + "  --since TIME     from that time in the stream (a minute earlier, for clocks that differ), and\n"
                + "                   only events at or after it\n"
                + "  --creds FILE     not supported by this build: NKey/JWT credentials need BouncyCastle, which the\n"
                + "                   agent jar leaves out; use --token or user:password\n"
                + "\n"
                + "  java -jar eventweave-agent.jar watch --nats nats://127.0.0.1:4222 --name 'circuit_breaker.*'\n";
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, InputOptions.valued("name", "limit", "poll", "nats", "stream",
                "subject", "token", "creds"), Set.of("from-start", "json"));
        EventInput.Selection selection = InputOptions.selection(args, terminal);
        Filter names = names(args, terminal);
        long limit = args.number("limit", Long.MAX_VALUE, 1);
        long pollMillis = poll(args);
        boolean json = args.flag("json");
        long[] shown = {0};
        Follow.Sink sink = (text, source) -> {
            if (text.isBlank()) {
                return true;
            }
            EventRecord e;
            try {
                e = JsonLines.parse(text, source, 0);
            } catch (JsonLines.BrokenLine broken) {
                terminal.err.println("eventweave watch: a broken line in " + source + ": " + broken.getMessage());
                return true;
            }
            if (!selection.test(e) || (names != null && !names.test(e))) {
                return true;
            }
            terminal.out.println(json ? text : ReadableLine.of(e, terminal));
            return ++shown[0] < limit;
        };
        List<String> paths = args.positional();
        if (args.value("nats", null) != null) {
            nats(args, paths, terminal, sink).run();
            return 0;
        }
        for (String natsOnly : List.of("stream", "subject", "token", "creds")) {
            if (args.value(natsOnly, null) != null) {
                throw new UsageException("watch: --" + natsOnly + " goes with --nats URL");
            }
        }
        if (InputFiles.readsStandardInput(paths)) {
            if (paths.size() > 1) {
                throw new UsageException("watch: - (standard input) cannot be watched with files");
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!sink.accept(line, "-")) {
                        break;
                    }
                    terminal.out.flush();
                }
            }
            return 0;
        }
        List<Path> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String p : paths.isEmpty() ? List.of(".") : paths) {
            Path path = terminal.cwd.resolve(p);
            if (Files.isDirectory(path)) {
                dirs.add(path);
            } else if (Files.isRegularFile(path) || Files.isDirectory(path.toAbsolutePath().getParent())) {
                files.add(path); // a file that may appear later is followed from its first line
            } else {
                throw new UsageException("watch: no such file or directory: " + p);
            }
        }
        new Follow(dirs, files, args.flag("from-start"), sink, terminal.err).run(pollMillis, terminal.out);
        return 0;
    }

    /** {@code --nats}: the stream instead of files. */
    private static NatsFollow nats(Args args, List<String> paths, Terminal terminal, Follow.Sink sink)
            throws UsageException {
        if (!paths.isEmpty()) {
            throw new UsageException("watch: --nats follows a NATS stream, not files: drop " + paths.get(0)
                    + (paths.size() > 1 ? " and the other paths" : ""));
        }
        if (args.value("poll", null) != null) {
            throw new UsageException("watch: --poll is for files; --nats gets each message as it is published");
        }
        if (args.value("creds", null) != null) {
            throw new UsageException("watch: --creds: NKey/JWT credentials (.creds files) are not supported by this "
                    + "build (it leaves out BouncyCastle, which signing with an NKey needs); use --token, or "
                    + "user:password in the URL (nats://user:password@host:4222)");
        }
        List<String> servers = new ArrayList<>();
        for (String s : args.value("nats", "").split(",")) {
            if (!s.isBlank()) {
                servers.add(s.trim());
            }
        }
        if (servers.isEmpty()) {
            throw new UsageException("watch: --nats needs a server URL such as nats://127.0.0.1:4222");
        }
        String stream = args.value("stream", NatsFollow.DEFAULT_STREAM).trim();
        String subject = args.value("subject", null); // none: the whole stream (the agent's holds eventweave.>)
        if (stream.isEmpty() || !stream.matches("[^.*>\\s]+")) {
            throw new UsageException("watch: --stream '" + stream + "' is not a stream name (no spaces, '.', '*' "
                    + "or '>')");
        }
        if (subject != null && (subject.isBlank() || subject.contains(" ") || subject.startsWith(".")
                || subject.endsWith(".") || subject.contains(".."))) {
            throw new UsageException("watch: --subject '" + subject + "' is not a subject such as "
                    + "eventweave.checkout.>");
        }
        String token = args.value("token", null);
        long since = InputOptions.time(args, "since", terminal, Long.MIN_VALUE);
        NatsFollow.Start start = since != Long.MIN_VALUE ? NatsFollow.Start.SINCE
                : args.flag("from-start") ? NatsFollow.Start.ALL : NatsFollow.Start.NEW;
        return new NatsFollow(servers, stream, subject, token == null || token.isEmpty() ? null : token, start, since,
                sink, terminal.out, terminal.err);
    }

    private static Filter names(Args args, Terminal terminal) throws UsageException {
        String spec = args.value("name", null);
        if (spec == null) {
            return null;
        }
        StringBuilder expr = new StringBuilder();
        for (String n : spec.split(",")) {
            if (n.isBlank()) {
                continue;
            }
            expr.append(expr.length() == 0 ? "" : " OR ").append("event.name LIKE '")
                    .append(n.trim().replace("'", "''")).append('\'');
        }
        if (expr.length() == 0) {
            throw new UsageException("watch: --name names no event");
        }
        return InputOptions.filter("watch --name", expr.toString(), terminal);
    }

    private static long poll(Args args) throws UsageException {
        String v = args.value("poll", "200ms");
        try {
            long ms = Filter.parseDurationNanos(v.trim()) / 1_000_000;
            if (ms >= 10 && ms <= 60_000) {
                return ms;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new UsageException("watch: --poll must be a duration from 10ms to 1m, not '" + v + "'");
    }
}

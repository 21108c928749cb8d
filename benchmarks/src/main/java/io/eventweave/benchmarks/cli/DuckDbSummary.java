package io.eventweave.benchmarks.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * B10's DuckDB contender: the counts and percentiles of {@code summary} computed by DuckDB (its JDBC driver, in this
 * child JVM, 2 threads as the machine has) over the same JSONL files with {@code read_ndjson_auto}, read once into a
 * table of the columns used, then one query per section (HTTP calls and requests served per target with exact
 * p50/p95/p99/max, rate limiters, retries, fallbacks, bulkheads, breakers, processes and their sequence gaps).
 *
 * <p>Prints {@code RESULT events=<n> client=<n> client_failures=<n> busiest_p99_ms=<x>}: what B10 compares with ours.
 * Usage: {@code DuckDbSummary DIR}; the driver's jar on the class path.
 */
public final class DuckDbSummary {
    private DuckDbSummary() {
    }

    public static void main(String[] args) throws Exception {
        String files = "'" + args[0].replace("'", "''") + "/*.jsonl*'";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads=" + Runtime.getRuntime().availableProcessors());
            s.execute("CREATE TEMP TABLE e AS SELECT \"@timestamp\" AS ts, event.name AS name, event.sequence AS seq, "
                    + "event.outcome AS outcome, event.duration AS duration, service.name AS service, "
                    + "service.instance.id AS instance, server.address AS address, server.port AS port, "
                    + "http.request.method AS method, url.path AS path, http.route AS route, "
                    + "circuit_breaker AS cb, rate_limiter AS rl, retry AS rt, fallback AS fb, bulkhead AS bh, "
                    + "error.type AS error FROM read_ndjson_auto(" + files + ")");
            String[] sections = {
                "SELECT service, address, port, method, path, count(*), count(*) FILTER (outcome = 'failure'), "
                    + "quantile_disc(duration, [0.5, 0.95, 0.99]), max(duration) FROM e "
                    + "WHERE name = 'http.client.request' GROUP BY ALL",
                "SELECT service, method, coalesce(route, path), count(*), count(*) FILTER (outcome = 'failure'), "
                    + "quantile_disc(duration, [0.5, 0.95, 0.99]), max(duration) FROM e "
                    + "WHERE name = 'http.server.request' GROUP BY ALL",
                "SELECT service, rl.name, rl.result, count(*), quantile_disc(rl.wait, 0.95) FROM e "
                    + "WHERE name = 'rate_limiter.acquire' GROUP BY ALL",
                "SELECT service, rt.name, rt.result, count(*) FROM e WHERE name = 'retry.attempt' GROUP BY ALL",
                "SELECT service, fb.name, error, count(*), count(*) FILTER (outcome = 'failure') FROM e "
                    + "WHERE name = 'fallback.invoke' GROUP BY ALL",
                "SELECT service, bh.name, count(*) FROM e WHERE name = 'bulkhead.rejected' GROUP BY ALL",
                "SELECT service, cb.name, count(*) FILTER (name = 'circuit_breaker.rejected'), "
                    + "count(*) FILTER (name = 'circuit_breaker.state_change'), "
                    + "count(*) FILTER (name = 'circuit_breaker.state_change' AND cb.state = 'open') FROM e "
                    + "WHERE name LIKE 'circuit_breaker.%' GROUP BY ALL",
                "SELECT instance, service, count(*), min(ts), max(ts), max(seq) + 1 - count(DISTINCT seq) FROM e "
                    + "GROUP BY ALL"};
            long rows = 0;
            for (String sql : sections) {
                try (ResultSet r = s.executeQuery(sql)) {
                    while (r.next()) {
                        rows++;
                    }
                }
            }
            long events;
            long client;
            long failures;
            double p99;
            try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (name = 'http.client.request'), "
                    + "count(*) FILTER (name = 'http.client.request' AND outcome = 'failure') FROM e")) {
                r.next();
                events = r.getLong(1);
                client = r.getLong(2);
                failures = r.getLong(3);
            }
            try (ResultSet r = s.executeQuery("SELECT quantile_disc(duration, 0.99) FROM e "
                    + "WHERE name = 'http.client.request' GROUP BY service, address, port, method, path "
                    + "ORDER BY count(*) DESC, service, address, port, method, path LIMIT 1")) {
                p99 = r.next() ? r.getLong(1) / 1e6 : Double.NaN;
            }
            System.out.println("RESULT events=" + events + " client=" + client + " client_failures=" + failures
                    + " busiest_p99_ms=" + p99 + " rows=" + rows);
        }
    }
}

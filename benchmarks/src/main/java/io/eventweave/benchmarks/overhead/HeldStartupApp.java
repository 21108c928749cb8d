package io.eventweave.benchmarks.overhead;

/**
 * B6, the trivial application's memory: {@link StartupApp}'s work (start the {@link LoopbackService}, one request
 * through the breaker), then a line on stdout and a wait until stdin closes, so that the report can read the
 * process's resident memory and the JVM's counters while it is still there (a process that has exited has none).
 */
public final class HeldStartupApp {
    /** The line the report waits for. */
    public static final String READY = "eventweave-benchmark: ready";

    public static void main(String[] args) throws Exception {
        StartupApp.main(args);
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the report closes stdin when it has read what it needs
        }
    }

    private HeldStartupApp() {
    }
}

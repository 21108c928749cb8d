package io.eventweave.benchmarks.overhead;

/**
 * B5, start-up: starts the {@link LoopbackService}, makes one request through the breaker and exits. The report times
 * the whole process (JVM start to exit) with no agent, with ours and with the OpenTelemetry Java agent; the
 * difference of the medians is the start-up an agent adds, the instrumentation of the first calls included.
 */
public final class StartupApp {
    public static void main(String[] args) throws Exception {
        try (LoopbackService service = new LoopbackService()) {
            int status = service.callThroughBreaker();
            if (status != 200) {
                throw new IllegalStateException("expected 200, got " + status);
            }
        }
    }

    private StartupApp() {
    }
}

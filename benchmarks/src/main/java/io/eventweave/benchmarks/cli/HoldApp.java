package io.eventweave.benchmarks.cli;

import java.io.IOException;

/**
 * An application that does nothing but stay up: B11 runs it under the agent on an output that already holds a
 * corpus, so the agent's NATS shipper ships that whole spool from its start while nothing else runs. Prints
 * {@code ready}, then waits for a line (or the end) on standard input.
 */
public final class HoldApp {
    private HoldApp() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("ready");
        System.out.flush();
        while (true) {
            int c = System.in.read();
            if (c < 0 || c == '\n') {
                return;
            }
        }
    }
}

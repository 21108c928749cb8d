package io.eventweave.benchmarks.overhead;

/**
 * B6's trivial {@code main}: one line on stdout and exit, no library. What an agent adds to it is what every JVM it
 * is attached to pays, whatever the application; the report runs it from a folder of its own (this class file
 * alone), not from the benchmarks jar, whose size would be timed too.
 */
public final class HelloApp {
    public static void main(String[] args) {
        System.out.println("hello");
    }

    private HelloApp() {
    }
}

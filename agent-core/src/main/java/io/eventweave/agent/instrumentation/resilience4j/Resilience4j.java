package io.eventweave.agent.instrumentation.resilience4j;

/**
 * Resilience4j 1.7.x and 2.x. The hooks are methods whose signatures are the same from 1.7.1 to 2.4.0 (checked with
 * javap on both): the library's own private event funnels where they see every case, public methods elsewhere. No
 * event consumer is registered with the library, so what it allocates per call does not change.
 */
final class Resilience4j {
    static final String NAME = "resilience4j";

    private Resilience4j() {
    }
}

package io.eventweave.benchmarks.pipeline;

/** The harness alone (B3's floor): the pacing and the two clock reads around a call that does nothing. */
final class NoPipeline implements Pipeline {
    @Override
    public void emit() {
    }

    @Override
    public boolean hasRoomFor(int events) {
        return true;
    }

    @Override
    public void awaitIdle() {
    }

    @Override
    public void close() {
    }
}

package io.eventweave.instrumentation.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventweave.testing.ChildJvm;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reactor 3.4.0 and the newest: what a worker of Reactor's schedulers sees as its trace context when work is moved
 * there from a thread that carries one ({@link ReactorApp}): the context of the thread that scheduled it; on a reused
 * worker, each task its own and none for a task scheduled without one; the caller's own unchanged. Without the agent
 * the app's work gives the same results (it just sees no context).
 */
class ReactorIT {
    /** One step as the app printed it, without the trace (which only exists with the agent). */
    record Step(String step, boolean worker, String trace) {
        static Step parse(String line) {
            String[] parts = line.split(" ");
            return new Step(parts[1].substring("step=".length()), Boolean.parseBoolean(parts[2].substring(7)),
                    parts[3].substring("trace=".length()));
        }
    }

    @ParameterizedTest(name = "reactor-core {0}")
    @ValueSource(strings = {"3.4.0", "3.8.8"})
    void workOnReactorsSchedulersRunsInTheContextItWasScheduledFrom(String version) throws Exception {
        ChildJvm.Result with = app(version).run().assertSucceeded();
        ChildJvm.Result without = app(version).withoutAgent().run().assertSucceeded();
        String first = ReactorApp.FIRST;
        assertEquals(List.of(
                new Step("subscribeOn", true, first),
                new Step("publishOn", true, first), new Step("publishOn", true, first), new Step("publishOn", true, first),
                new Step("delay", true, first),
                new Step("schedule", true, first),
                new Step("second-trace", true, ReactorApp.SECOND),
                new Step("no-trace", true, "none"),
                new Step("caller-after", false, "none")), steps(with.stdout), with.stdout);
        assertEquals(steps(without.stdout).stream().map(s -> new Step(s.step(), s.worker(), "none")).toList(),
                steps(without.stdout), "without the agent no context anywhere: " + without.stdout);
        assertEquals(steps(with.stdout).stream().map(s -> s.step() + s.worker()).toList(),
                steps(without.stdout).stream().map(s -> s.step() + s.worker()).toList(), "the same work either way");
        with.events().assertHealthy();
    }

    private static List<Step> steps(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("seen ")).map(Step::parse).collect(Collectors.toList());
    }

    private static ChildJvm app(String version) {
        return ChildJvm.app(ReactorApp.class).libs("reactor-" + version);
    }
}

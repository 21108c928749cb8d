package io.eventweave.instrumentation.reactor;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Work moved onto Reactor's schedulers from a thread that carries a trace context. The context is attached through
 * eventweave's runtime on the boot class path (found by reflection, so the app runs without the agent too, with no
 * context), and each step prints what the worker thread sees:
 * {@code seen step=<step> worker=<true|false> trace=<trace id|none>}. Steps: {@code subscribeOn} (bounded elastic),
 * {@code publishOn} (parallel), {@code delay} (the parallel timer), {@code schedule} (a worker of a single-thread
 * scheduler), then, on that same reused thread, {@code second-trace} from another context and {@code no-trace} from
 * a thread with none; {@code caller-after} is the calling thread's own after all of it.
 */
public final class ReactorApp {
    static final String FIRST = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SECOND = "0af7651916cd43dd8448eb211c80319c";

    private ReactorApp() {
    }

    public static void main(String[] args) throws Exception {
        Scheduler single = Schedulers.newSingle("app-single");
        Object previous = attach(FIRST);
        String caller = Thread.currentThread().getName();
        print("subscribeOn", Mono.fromCallable(ReactorApp::seen).subscribeOn(Schedulers.boundedElastic()).block());
        List<String> published = Flux.range(1, 3).publishOn(Schedulers.parallel()).map(i -> seen()).collectList()
                .block();
        for (String one : published) {
            print("publishOn", one);
        }
        print("delay", Mono.delay(Duration.ofMillis(5)).map(x -> seen()).block());
        print("schedule", onSingle(single));
        restore(previous);
        Object second = attach(SECOND);
        print("second-trace", onSingle(single));
        restore(second);
        restore(null);
        print("no-trace", onSingle(single));
        System.out.println("seen step=caller-after worker=false trace=" + currentTrace()
                + (Thread.currentThread().getName().equals(caller) ? "" : " moved"));
        single.dispose();
    }

    private static String onSingle(Scheduler single) throws Exception {
        return Mono.fromCallable((Callable<String>) ReactorApp::seen).subscribeOn(single).block();
    }

    /** What a worker sees: whether it is not the main thread, and its trace id. */
    private static String seen() {
        return "worker=" + !Thread.currentThread().getName().equals("main") + " trace=" + currentTrace();
    }

    private static void print(String step, String seen) {
        System.out.println("seen step=" + step + " " + seen);
    }

    // eventweave's runtime, when the agent put it on the boot class path

    private static Class<?> trace() {
        try {
            return Class.forName("io.eventweave.runtime.Trace", false, null);
        } catch (ClassNotFoundException noAgent) {
            return null;
        }
    }

    private static Object attach(String traceId) throws Exception {
        Class<?> trace = trace();
        if (trace == null) {
            return null;
        }
        Class<?> context = Class.forName("io.eventweave.runtime.TraceContext", false, null);
        Object value = context.getMethod("fromTraceparent", CharSequence.class)
                .invoke(null, "00-" + traceId + "-00f067aa0ba902b7-01");
        return trace.getMethod("attach", context).invoke(null, value);
    }

    private static void restore(Object previous) throws Exception {
        Class<?> trace = trace();
        if (trace != null) {
            trace.getMethod("restore", Class.forName("io.eventweave.runtime.TraceContext", false, null))
                    .invoke(null, previous);
        }
    }

    private static String currentTrace() {
        try {
            Class<?> trace = trace();
            if (trace == null) {
                return "none";
            }
            Method current = trace.getMethod("attached");
            Object context = current.invoke(null);
            return context == null ? "none" : (String) context.getClass().getMethod("traceIdHex").invoke(context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.ThreadState;
import io.eventweave.runtime.Trace;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The application's function as a library's guard decorates it ({@code CircuitBreaker.decorateSupplier(breaker,
 * supplier)} and the like): each time the decorator calls it — after the guard's permission, once per retry attempt
 * — it runs inside a frame for that guard on the thread's {@link GuardStack} (made from the note its permission left),
 * popped however the function ends (an {@code Error} too), so the HTTP requests it makes carry the guard's name and
 * state. The outermost guarded call on a thread with no trace context starts a trace (for as long as it runs), so
 * every event it causes shares one trace id.
 *
 * <p>The wrapper implements every JDK functional interface a decorator takes, so it is always of the parameter's
 * type; a library's own checked interfaces (vavr's in Resilience4j 1.x, {@code core.functions} in 2.x) get a
 * {@link Proxy} made in that interface's class loader.
 */
public final class GuardedCall implements Supplier<Object>, Callable<Object>, Runnable, Function<Object, Object>,
        Consumer<Object> {
    /** Checked functional interfaces of Resilience4j's decorators: 1.x (vavr) and 2.x (resilience4j-core). */
    private static final Set<String> CHECKED = Set.of("io.vavr.CheckedFunction0", "io.vavr.CheckedFunction1",
            "io.vavr.CheckedRunnable", "io.vavr.CheckedConsumer", "io.github.resilience4j.core.functions.CheckedSupplier",
            "io.github.resilience4j.core.functions.CheckedFunction",
            "io.github.resilience4j.core.functions.CheckedRunnable",
            "io.github.resilience4j.core.functions.CheckedConsumer");
    private static final List<Class<?>> JDK = List.of(Supplier.class, Callable.class, Runnable.class, Function.class,
            Consumer.class);
    /**
     * Per class of function: the library's checked interfaces it implements, then the JDK ones it also implements
     * (all of which its proxy must have); empty for none. Computed once per class: wrapping allocates nothing else.
     */
    private static final ClassValue<Class<?>[]> CHECKED_INTERFACES = new ClassValue<>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
            List<Class<?>> checked = new ArrayList<>(2);
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> candidate : c.getInterfaces()) {
                    if (CHECKED.contains(candidate.getName()) && !checked.contains(candidate)) {
                        checked.add(candidate);
                    }
                }
            }
            if (!checked.isEmpty()) {
                for (Class<?> jdk : JDK) {
                    if (jdk.isAssignableFrom(type)) {
                        checked.add(jdk);
                    }
                }
            }
            return checked.toArray(new Class<?>[0]);
        }
    };

    private final Object function;
    private final GuardFrame.Kind kind;
    private final Object guard;

    private GuardedCall(Object function, GuardFrame.Kind kind, Object guard) {
        this.function = function;
        this.kind = kind;
        this.guard = guard;
    }

    /**
     * The kind of guard a decorator's declaring interface is (Resilience4j's {@code CircuitBreaker},
     * {@code RateLimiter}, {@code Retry}, {@code Bulkhead}), null for any other.
     */
    public static GuardFrame.Kind kindOf(String guardInterface) {
        // equals, not a string switch: the advice passes the same interned literal as these, so each test is one
        // identity comparison, with no hash computed on this path that runs on every decorated call.
        if ("io.github.resilience4j.circuitbreaker.CircuitBreaker".equals(guardInterface)) {
            return GuardFrame.Kind.CIRCUIT_BREAKER;
        } else if ("io.github.resilience4j.ratelimiter.RateLimiter".equals(guardInterface)) {
            return GuardFrame.Kind.RATE_LIMITER;
        } else if ("io.github.resilience4j.retry.Retry".equals(guardInterface)) {
            return GuardFrame.Kind.RETRY;
        } else if ("io.github.resilience4j.bulkhead.Bulkhead".equals(guardInterface)) {
            return GuardFrame.Kind.BULKHEAD;
        }
        return null;
    }

    /**
     * {@code function} guarded by {@code guard}, a guard of the type named {@code guardInterface}; anything this
     * cannot wrap (null, an unknown guard or function type) is returned as it is.
     */
    public static Object wrap(Object function, String guardInterface, Object guard) {
        GuardFrame.Kind kind = kindOf(guardInterface);
        if (function == null || guard == null || kind == null) {
            return function;
        }
        Class<?>[] checked = CHECKED_INTERFACES.get(function.getClass());
        if (checked.length == 0) {
            boolean jdk = function instanceof Supplier || function instanceof Callable || function instanceof Runnable
                    || function instanceof Function || function instanceof Consumer;
            return jdk ? new GuardedCall(function, kind, guard) : function;
        }
        return proxy(function, kind, guard, checked);
    }

    /** A proxy of the library's checked interfaces: out of {@link #wrap}'s body, which runs on every decorated call. */
    private static Object proxy(Object function, GuardFrame.Kind kind, Object guard, Class<?>[] checked) {
        try {
            return Proxy.newProxyInstance(checked[0].getClassLoader(), checked,
                    new CheckedHandler(new GuardedCall(function, kind, guard)));
        } catch (RuntimeException e) {
            AgentErrors.record(AgentErrors.ADVICE, e);
            return function;
        }
    }

    /**
     * Pushes the guard's frame, and when it is the outermost on a thread with no trace context at all, starts a
     * trace. Returns -1 when nothing was pushed (no note for this guard), 1 when a trace was started, else 0.
     */
    private int enter(ThreadState thread) {
        GuardStack stack = thread.guards();
        boolean outermost = stack.depth() == 0;
        if (!stack.push(kind, guard)) {
            return -1;
        }
        return outermost && Trace.startTraceIfNone(thread) ? 1 : 0;
    }

    private static void exit(ThreadState thread, int entered) {
        if (entered >= 0) {
            thread.guards().pop();
            if (entered == 1) {
                Trace.restore(thread, null);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object get() {
        ThreadState thread = ThreadState.current();
        int entered = enter(thread);
        try {
            return ((Supplier<Object>) function).get();
        } finally {
            exit(thread, entered);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object call() throws Exception {
        ThreadState thread = ThreadState.current();
        int entered = enter(thread);
        try {
            return ((Callable<Object>) function).call();
        } finally {
            exit(thread, entered);
        }
    }

    @Override
    public void run() {
        ThreadState thread = ThreadState.current();
        int entered = enter(thread);
        try {
            ((Runnable) function).run();
        } finally {
            exit(thread, entered);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object argument) {
        ThreadState thread = ThreadState.current();
        int entered = enter(thread);
        try {
            return ((Function<Object, Object>) function).apply(argument);
        } finally {
            exit(thread, entered);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void accept(Object argument) {
        ThreadState thread = ThreadState.current();
        int entered = enter(thread);
        try {
            ((Consumer<Object>) function).accept(argument);
        } finally {
            exit(thread, entered);
        }
    }

    /** The library's checked interface: its one abstract method guarded, default and Object methods passed through. */
    private static final class CheckedHandler implements InvocationHandler {
        private final GuardedCall call;

        CheckedHandler(GuardedCall call) {
            this.call = call;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "GuardedCall(" + call.function.getClass().getName() + ")";
                }
            }
            if (!Modifier.isAbstract(method.getModifiers())) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            ThreadState thread = ThreadState.current();
            int entered = call.enter(thread);
            try {
                method.setAccessible(true);
                return method.invoke(call.function, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                exit(thread, entered);
            }
        }
    }
}

package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.LibraryTypes;
import io.eventweave.runtime.ThreadState;
import io.eventweave.runtime.Trace;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Failsafe 3.x's policies around the application's function: the innermost {@code ContextualSupplier} an executor
 * runs once per attempt (what {@code Functions.get}, {@code getPromise} and {@code getPromiseOfStage} turn into the
 * execution's function) is wrapped in a {@link Proxy} that, while the attempt runs, puts one {@link GuardStack}
 * frame per policy of the executor (outermost first): a {@code CircuitBreaker} with its state, a {@code RetryPolicy}
 * with the attempt ({@code ExecutionContext.getAttemptCount() + 1}), a {@code RateLimiter} with the wait its permit
 * noted, a {@code Bulkhead}. Policies have no names: each is named as its events name it ({@link InstanceNames}).
 * The executor's policies are noted while its {@code call}, {@code callSync} or {@code callAsync} runs, on the thread
 * that builds the execution's function.
 */
public final class FailsafeGuardedCall implements InvocationHandler {
    private static final ThreadLocal<ArrayDeque<List<?>>> POLICIES = ThreadLocal.withInitial(ArrayDeque::new);

    private final Object supplier;
    private final Object[] policies;

    private FailsafeGuardedCall(Object supplier, Object[] policies) {
        this.supplier = supplier;
        this.policies = policies;
    }

    /** A {@code FailsafeExecutor} call begins on this thread with these policies (outermost first). */
    public static void executorCalled(List<?> policies) {
        POLICIES.get().push(policies == null ? List.of() : policies);
    }

    /** ... and ends. */
    public static void executorReturned() {
        ArrayDeque<List<?>> calls = POLICIES.get();
        if (!calls.isEmpty()) {
            calls.pop();
        }
    }

    /**
     * {@code supplier}, the execution's {@code ContextualSupplier}, guarded by the policies of the executor being
     * called on this thread; as it is when no executor is, or none of its policies is a guard.
     */
    public static Object wrap(Object supplier) {
        List<?> policies = POLICIES.get().peek();
        if (supplier == null || policies == null || Proxy.isProxyClass(supplier.getClass())
                && Proxy.getInvocationHandler(supplier) instanceof FailsafeGuardedCall) {
            return supplier;
        }
        boolean guarded = false;
        for (Object policy : policies) {
            guarded |= policy != null && POLICY_KINDS.get(policy.getClass()) != null;
        }
        Class<?> contextual = CONTEXTUAL_SUPPLIER.get(supplier.getClass());
        if (!guarded || contextual == null) {
            return supplier;
        }
        try {
            return Proxy.newProxyInstance(contextual.getClassLoader(), new Class<?>[] {contextual},
                    new FailsafeGuardedCall(supplier, policies.toArray()));
        } catch (RuntimeException e) {
            AgentErrors.record(AgentErrors.ADVICE, e);
            return supplier;
        }
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
                    return "FailsafeGuardedCall(" + supplier.getClass().getName() + ")";
            }
        }
        if (!Modifier.isAbstract(method.getModifiers())) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        ThreadState thread = ThreadState.current();
        GuardStack stack = thread.guards();
        int depth = stack.depth();
        boolean started = false;
        try {
            started = depth == 0 && Trace.startTraceIfNone(thread);
            push(stack, args == null || args.length == 0 ? null : args[0]);
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
        try {
            method.setAccessible(true);
            return method.invoke(supplier, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            while (stack.depth() > depth) {
                stack.pop();
            }
            if (started) {
                Trace.restore(thread, null);
            }
        }
    }

    private void push(GuardStack stack, Object executionContext) throws Throwable {
        for (Object policy : policies) {
            PolicyKind kind = policy == null ? null : POLICY_KINDS.get(policy.getClass());
            if (kind == null) {
                continue;
            }
            String name = InstanceNames.of(policy);
            switch (kind.kind) {
                case CIRCUIT_BREAKER:
                    Object state = kind.state.invoke(policy);
                    stack.pushFrame(GuardFrame.Kind.CIRCUIT_BREAKER, name,
                            state == null ? null : BreakerState.fromLibraryName(((Enum<?>) state).name()), 0, 0);
                    break;
                case RETRY:
                    MethodHandle attempts = executionContext == null ? null
                            : ATTEMPT_COUNT.get(executionContext.getClass());
                    int attempt = attempts == null ? 0 : (int) attempts.invoke(executionContext) + 1;
                    stack.pushFrame(GuardFrame.Kind.RETRY, name, null, attempt, 0);
                    break;
                case RATE_LIMITER:
                    stack.pushFrame(GuardFrame.Kind.RATE_LIMITER, name, null, 0,
                            Math.max(0, stack.limiterWait(policy)));
                    break;
                default:
                    stack.pushFrame(GuardFrame.Kind.BULKHEAD, name, null, 0, 0);
                    break;
            }
        }
    }

    /** What a policy class is as a guard: its kind, and for a circuit breaker {@code getState()} as (Object)Object. */
    private static final class PolicyKind {
        final GuardFrame.Kind kind;
        final MethodHandle state;

        PolicyKind(GuardFrame.Kind kind, MethodHandle state) {
            this.kind = kind;
            this.state = state;
        }
    }

    /** Null for a policy that is not a guard (a {@code Timeout}, a {@code Fallback}). */
    private static final ClassValue<PolicyKind> POLICY_KINDS = new ClassValue<>() {
        @Override
        protected PolicyKind computeValue(Class<?> type) {
            try {
                Class<?> breaker = LibraryTypes.interfaceNamed(type, "dev.failsafe.CircuitBreaker");
                if (breaker != null) {
                    return new PolicyKind(GuardFrame.Kind.CIRCUIT_BREAKER, MethodHandles.publicLookup()
                            .findVirtual(breaker, "getState", MethodType.methodType(
                                    Class.forName("dev.failsafe.CircuitBreaker$State", false, breaker.getClassLoader())))
                            .asType(MethodType.methodType(Object.class, Object.class)));
                }
                if (LibraryTypes.interfaceNamed(type, "dev.failsafe.RetryPolicy") != null) {
                    return new PolicyKind(GuardFrame.Kind.RETRY, null);
                }
                if (LibraryTypes.interfaceNamed(type, "dev.failsafe.RateLimiter") != null) {
                    return new PolicyKind(GuardFrame.Kind.RATE_LIMITER, null);
                }
                if (LibraryTypes.interfaceNamed(type, "dev.failsafe.Bulkhead") != null) {
                    return new PolicyKind(GuardFrame.Kind.BULKHEAD, null);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                AgentErrors.record(AgentErrors.ADVICE, e);
            }
            return null;
        }
    };

    /** {@code ExecutionContext.getAttemptCount()} as (Object)int, for a class of execution. */
    private static final ClassValue<MethodHandle> ATTEMPT_COUNT = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Class<?> context = LibraryTypes.interfaceNamed(type, "dev.failsafe.ExecutionContext");
            try {
                return context == null ? null : MethodHandles.publicLookup()
                        .findVirtual(context, "getAttemptCount", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
            } catch (ReflectiveOperationException e) {
                AgentErrors.record(AgentErrors.ADVICE, e);
                return null;
            }
        }
    };

    private static final ClassValue<Class<?>> CONTEXTUAL_SUPPLIER = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
            return LibraryTypes.interfaceNamed(type, "dev.failsafe.function.ContextualSupplier");
        }
    };
}

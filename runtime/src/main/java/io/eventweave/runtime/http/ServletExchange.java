package io.eventweave.runtime.http;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request a servlet container received, from the outermost {@code Servlet.service}/{@code Filter.doFilter} of its
 * first dispatch to its {@code http.server.request}: kept as a request attribute ({@link #ATTRIBUTE}), so a later
 * dispatch of the same request (async, error, forward) is recognised, runs in its trace context and records no second
 * event. The namespaces' advice ({@code javax.servlet}, {@code jakarta.servlet}) read the values off the request and
 * call this class, which holds the rules once:
 * <ul>
 *   <li>the request is handled in {@link InboundContext#of} its {@code traceparent};</li>
 *   <li>a synchronous request ends when the first dispatch returns: the status the response has, or 500 when an
 *       exception escaped and the response was not committed (the container then sends 500, as the Servlet
 *       specification asks), with the exception (a {@code ServletException} unwrapped to its root cause);</li>
 *   <li>an async request ({@code startAsync}) ends when its {@code AsyncListener.onComplete} runs, with the status
 *       then and the failure {@code onError}/{@code onTimeout} reported; the listener is a {@link Proxy} of the
 *       container's {@code AsyncListener} interface, added again on {@code onStartAsync}; one event in any case;</li>
 *   <li>{@code http.route}: Spring MVC's best matching pattern, read when the first dispatch returns.</li>
 * </ul>
 */
public final class ServletExchange {
    /** The request attribute that holds a request's exchange. */
    public static final String ATTRIBUTE = "io.eventweave.servlet.exchange";
    /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE} (5.3 to 7.0): the route template. */
    public static final String SPRING_ROUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    public final TraceContext trace;
    private final long startNanos;
    private final String method;
    private final String scheme;
    private final String localAddress;
    private final int localPort;
    private final String path;
    private final Object response;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Throwable asyncFailure;
    private volatile String route;
    private volatile boolean listening;

    private ServletExchange(String traceparent, long startNanos, String method, String scheme, String localAddress,
            int localPort, String path, Object response) {
        this.trace = InboundContext.of(traceparent);
        this.startNanos = startNanos;
        this.method = method;
        this.scheme = scheme;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.path = path;
        this.response = response;
    }

    /** A request's first dispatch begins. */
    public static ServletExchange start(String traceparent, String method, String scheme, String localAddress,
            int localPort, String path, Object response) {
        return new ServletExchange(traceparent, System.nanoTime(), method, scheme, localAddress, localPort, path,
                response);
    }

    /** The exchange a request attribute holds, or null. */
    public static ServletExchange of(Object attribute) {
        return attribute instanceof ServletExchange ? (ServletExchange) attribute : null;
    }

    /** The route a framework set on the request ({@link #SPRING_ROUTE}), when it is a template. */
    public void route(Object attribute) {
        if (attribute instanceof String && ((String) attribute).startsWith("/")) {
            route = (String) attribute;
        }
    }

    /**
     * The first dispatch returned and the request is not async: it ends now.
     *
     * @param status the response's status
     * @param committed whether the response was committed (an exception after that cannot change the status)
     * @param thrown what escaped the servlet, or null
     */
    public void end(int status, boolean committed, Throwable thrown) {
        Throwable error = rootCause(thrown);
        emit(error != null && !committed ? 500 : status, error);
    }

    /**
     * The first dispatch returned with the request in async mode: an {@code AsyncListener} of {@code listenerType}
     * (the container's interface) is returned, to be added to the request's async context; null when one was already.
     */
    public Object asyncListener(Class<?> listenerType) {
        if (listening) {
            return null;
        }
        listening = true;
        return listener(listenerType);
    }

    private Object listener(Class<?> listenerType) {
        return Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                new Listener(listenerType));
    }

    private void emit(int status, Throwable error) {
        if (ended.compareAndSet(false, true)) {
            HttpEvents.serverRequest(HttpProviders.SERVLET, method, scheme, localAddress, localPort, path, status,
                    error, route, startNanos, System.nanoTime(), trace);
        }
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        // javax/jakarta ServletException wraps the application's exception as its root cause
        while (cause != null && cause.getClass().getName().endsWith(".ServletException") && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The async listener: the event on {@code onComplete}; the failure from {@code onError}/{@code onTimeout}. */
    private final class Listener implements InvocationHandler {
        private final Class<?> listenerType;

        Listener(Class<?> listenerType) {
            this.listenerType = listenerType;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            try {
                switch (method.getName()) {
                    case "onComplete":
                        emit(Reflection.status(response), asyncFailure);
                        return null;
                    case "onError":
                        Throwable error = args == null ? null : Reflection.throwable(args[0]);
                        asyncFailure = rootCause(error);
                        return null;
                    case "onTimeout":
                        if (asyncFailure == null) {
                            asyncFailure = new java.util.concurrent.TimeoutException("async request timed out");
                        }
                        return null;
                    case "onStartAsync":
                        // a new startAsync drops the listeners: this one is added again
                        Reflection.addListener(args[0], listenerType, proxy);
                        return null;
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "eventweave async listener";
                    default:
                        return null;
                }
            } catch (Throwable t) {
                AgentErrors.record(AgentErrors.CALLBACK, t);
                return null;
            }
        }
    }

    /** The few servlet-API calls the listener makes, by reflection on the container's public classes. */
    private static final class Reflection {
        private static final ClassValue<Method> GET_STATUS = method("getStatus");
        private static final ClassValue<Method> GET_THROWABLE = method("getThrowable");
        private static final ClassValue<Method> GET_ASYNC_CONTEXT = method("getAsyncContext");

        private static ClassValue<Method> method(String name) {
            return new ClassValue<>() {
                @Override
                protected Method computeValue(Class<?> type) {
                    try {
                        return publicMethod(type, name);
                    } catch (NoSuchMethodException e) {
                        return null;
                    }
                }
            };
        }

        /** The method as a public interface or class declares it (a container's class may not be public). */
        static Method publicMethod(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
            Method method = type.getMethod(name, parameters);
            if (java.lang.reflect.Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                return method;
            }
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    try {
                        return publicMethod(i, name, parameters);
                    } catch (NoSuchMethodException next) {
                        // try the next one
                    }
                }
            }
            throw new NoSuchMethodException(type.getName() + "." + name);
        }

        static int status(Object response) throws ReflectiveOperationException {
            Method getStatus = response == null ? null : GET_STATUS.get(response.getClass());
            return getStatus == null ? 0 : (Integer) getStatus.invoke(response);
        }

        static Throwable throwable(Object event) throws ReflectiveOperationException {
            Method getThrowable = event == null ? null : GET_THROWABLE.get(event.getClass());
            return getThrowable == null ? null : (Throwable) getThrowable.invoke(event);
        }

        static void addListener(Object event, Class<?> listenerType, Object listener)
                throws ReflectiveOperationException {
            Method getAsyncContext = event == null ? null : GET_ASYNC_CONTEXT.get(event.getClass());
            Object context = getAsyncContext == null ? null : getAsyncContext.invoke(event);
            if (context != null) {
                publicMethod(context.getClass(), "addListener", listenerType).invoke(context, listener);
            }
        }
    }
}

package io.eventweave.runtime.http;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.LibraryTypes;
import io.eventweave.runtime.TraceContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Apache HttpClient 5.x async call ({@code CloseableHttpAsyncClient.execute}, every overload): the application's
 * request producer, the request channel it is given and the completion callback, each wrapped in a {@link Proxy} of
 * the library's interface ({@code AsyncRequestProducer}, {@code RequestChannel}, {@code FutureCallback}) made in its
 * class loader. The request is seen when the producer sends it on the channel: its method and URL are noted and
 * {@code traceparent} set (the application's own kept, as for every client). The event is emitted once, when the
 * callback is told the call completed (the status and the redirects followed read from the call's context), failed
 * or was cancelled ({@code error.type} {@code java.util.concurrent.CancellationException}). The library's API is
 * reached by reflection on its public interfaces, the same from 5.0 to 5.6.
 */
public final class ApacheAsyncExchange {
    private final TraceContext current;
    private final Object context;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile TraceContext trace;
    private volatile String method;
    private volatile String scheme;
    private volatile String host;
    private volatile int port = -1;
    private volatile String path;

    private ApacheAsyncExchange(Object context) {
        this.current = OutboundContext.of(null);
        this.context = context;
    }

    /** A call starts on this thread, with this context (the client's own when the application gave none). */
    public static ApacheAsyncExchange start(Object context) {
        return new ApacheAsyncExchange(context);
    }

    /** The producer to give the client in place of {@code producer}. */
    public Object producer(Object producer, Class<?> producerType) {
        return producer == null ? null : proxy(producerType, new Producer(producer));
    }

    /** The callback to give the client in place of {@code callback} (which may be null). */
    public Object callback(Object callback, Class<?> callbackType) {
        return proxy(callbackType, new Callback(callback));
    }

    private static Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** The request goes out: noted, and given {@code traceparent}. */
    private void sending(Object request) {
        try {
            method = (String) Reflection.call(request, "getMethod");
            URI uri = (URI) Reflection.call(request, "getUri");
            scheme = uri.getScheme();
            host = uri.getHost();
            port = uri.getPort();
            path = uri.getRawPath();
            Object own = Reflection.call(request, "getFirstHeader", HttpProviders.TRACEPARENT);
            if (own != null) {
                trace = TraceContext.fromTraceparent((String) Reflection.call(own, "getValue"));
            } else if (current != null) {
                trace = current;
                Reflection.call(request, "setHeader", HttpProviders.TRACEPARENT, current.traceparent(current.spanId));
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
    }

    private void end(Throwable failure) {
        if (!ended.compareAndSet(false, true) || method == null) {
            return;
        }
        int status = 0;
        int redirects = 0;
        try {
            if (failure == null && context != null) {
                Object response = Reflection.call(context, "getResponse");
                status = response == null ? 0 : (Integer) Reflection.call(response, "getCode");
                Object locations = Reflection.call(context, "getRedirectLocations");
                redirects = locations == null ? 0 : (Integer) Reflection.call(locations, "size");
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
        try {
            HttpEvents.clientRequest(HttpProviders.APACHE_HTTPCLIENT, method, scheme, host, port, path, status,
                    redirects, failure, startNanos, System.nanoTime(), trace);
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
    }

    /** Object's methods of a proxy, answered for the proxy itself. */
    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "eventweave " + method.getDeclaringClass().getSimpleName();
        }
    }

    private static Object delegate(Object target, Method method, Object[] args) throws Throwable {
        try {
            method.setAccessible(true);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class Producer implements InvocationHandler {
        private final Object producer;

        Producer(Object producer) {
            this.producer = producer;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            if (method.getName().equals("sendRequest") && args != null && args.length == 2 && args[0] != null) {
                Class<?> channelType = LibraryTypes.interfaceNamed(args[0].getClass(),
                        "org.apache.hc.core5.http.nio.RequestChannel");
                if (channelType != null) {
                    args = args.clone();
                    Object channel = args[0];
                    args[0] = proxy(channelType, (p, m, a) -> {
                        if (m.getDeclaringClass() == Object.class) {
                            return objectMethod(p, m, a);
                        }
                        if (m.getName().equals("sendRequest") && a != null && a.length > 0) {
                            sending(a[0]);
                        }
                        return delegate(channel, m, a);
                    });
                }
            }
            return delegate(producer, method, args);
        }
    }

    private final class Callback implements InvocationHandler {
        private final Object callback;

        Callback(Object callback) {
            this.callback = callback;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            switch (method.getName()) {
                case "completed":
                    end(null);
                    break;
                case "failed":
                    end(args != null && args.length > 0 && args[0] instanceof Throwable ? (Throwable) args[0] : null);
                    break;
                case "cancelled":
                    end(new java.util.concurrent.CancellationException("cancelled"));
                    break;
                default:
                    break;
            }
            return callback == null ? null : delegate(callback, method, args);
        }
    }

    /** Public methods of the library's public types, found once per class and name. */
    private static final class Reflection {
        private static final ClassValue<java.util.concurrent.ConcurrentHashMap<String, Method>> METHODS =
                new ClassValue<>() {
                    @Override
                    protected java.util.concurrent.ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
                        return new java.util.concurrent.ConcurrentHashMap<>();
                    }
                };

        static Object call(Object target, String name, Object... args) throws Throwable {
            String key = name + '/' + args.length;
            java.util.concurrent.ConcurrentHashMap<String, Method> methods = METHODS.get(target.getClass());
            Method method = methods.get(key);
            if (method == null) {
                method = find(target.getClass(), name, args.length);
                methods.put(key, method);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static Method find(Class<?> type, String name, int parameters) throws NoSuchMethodException {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == parameters && !m.isBridge()
                        && (parameters == 0 || m.getParameterTypes()[0] == String.class)) {
                    if (java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                        return m;
                    }
                    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                        for (Class<?> i : c.getInterfaces()) {
                            try {
                                return i.getMethod(name, m.getParameterTypes());
                            } catch (NoSuchMethodException next) {
                                // not here
                            }
                        }
                    }
                }
            }
            throw new NoSuchMethodException(type.getName() + "." + name + "/" + parameters);
        }
    }
}

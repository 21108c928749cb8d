package io.eventweave.runtime.http;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * OkHttp's {@code http.client.request}: an application interceptor ({@code okhttp3.Interceptor}, as a {@link Proxy}
 * made in OkHttp's class loader) put first in every client's list, so it runs once per call, sync or async, around
 * everything else — the application's own interceptors (one that retries makes no second event), the cache, retries
 * and redirects (counted from the response's {@code priorResponse()} chain, as {@code http.request.resend_count}).
 * It adds {@code traceparent} to the request it passes on (the application's own header is kept, as for the JDK
 * clients; {@link OutboundContext}), and emits when the response or the failure comes back, on the thread that ran
 * the call. OkHttp's API is reached by reflection on its public methods, the same from 3.12 to 5.x (4.x and 5.x keep
 * the 3.x method names with {@code @JvmName}).
 */
public final class OkHttpCallInterceptor implements InvocationHandler {
    private static final OkHttpCallInterceptor INSTANCE = new OkHttpCallInterceptor();

    private OkHttpCallInterceptor() {
    }

    /** The interceptor for OkHttp's {@code Interceptor} interface, in that interface's class loader. */
    public static Object of(Class<?> interceptorType) {
        return Proxy.newProxyInstance(interceptorType.getClassLoader(), new Class<?>[] {interceptorType}, INSTANCE);
    }

    /** Whether {@code interceptor} is ours (a client's list already has one: {@code newBuilder()} copies it). */
    public static boolean isOurs(Object interceptor) {
        return interceptor != null && Proxy.isProxyClass(interceptor.getClass())
                && Proxy.getInvocationHandler(interceptor) == INSTANCE;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "intercept":
                return intercept(args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "eventweave OkHttp interceptor";
            default:
                throw new UnsupportedOperationException(method.getName());
        }
    }

    private static Object intercept(Object chain) throws Throwable {
        long start = System.nanoTime();
        Object request = call(chain, "request");
        String method = null;
        String scheme = null;
        String host = null;
        int port = -1;
        String path = null;
        TraceContext trace = null;
        try {
            method = (String) call(request, "method");
            Object url = call(request, "url");
            scheme = (String) call(url, "scheme");
            host = (String) call(url, "host");
            port = (Integer) call(url, "port");
            path = (String) call(url, "encodedPath");
            trace = OutboundContext.of((String) call(request, "header", HttpProviders.TRACEPARENT));
            if (trace != null && call(request, "header", HttpProviders.TRACEPARENT) == null) {
                Object builder = call(request, "newBuilder");
                call(builder, "header", HttpProviders.TRACEPARENT, trace.traceparent(trace.spanId));
                request = call(builder, "build");
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
        Object response;
        try {
            response = call(chain, "proceed", request);
        } catch (Throwable failure) {
            emit(method, scheme, host, port, path, 0, 0, failure, start, trace);
            throw failure;
        }
        try {
            int resends = 0;
            for (Object prior = call(response, "priorResponse"); prior != null && resends < 100;
                    prior = call(prior, "priorResponse")) {
                resends++;
            }
            emit(method, scheme, host, port, path, (Integer) call(response, "code"), resends, null, start, trace);
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
        return response;
    }

    private static void emit(String method, String scheme, String host, int port, String path, int status,
            int resends, Throwable failure, long start, TraceContext trace) {
        if (method == null) {
            return;
        }
        try {
            HttpEvents.clientRequest(HttpProviders.OKHTTP, method, scheme, host, port, path, status, resends, failure,
                    start, System.nanoTime(), trace);
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
    }

    /** {@code target.name(arguments)}: a public method of OkHttp's public API, found once per class and name. */
    private static Object call(Object target, String name, Object... arguments) throws Throwable {
        Method method = METHODS.get(target.getClass()).find(name, arguments.length);
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final ClassValue<Methods> METHODS = new ClassValue<>() {
        @Override
        protected Methods computeValue(Class<?> type) {
            return new Methods(type);
        }
    };

    /** The public methods of one class, callable from here (declared by a public class or interface). */
    private static final class Methods {
        private final Class<?> type;
        private final java.util.concurrent.ConcurrentHashMap<String, Method> found =
                new java.util.concurrent.ConcurrentHashMap<>();

        Methods(Class<?> type) {
            this.type = type;
        }

        Method find(String name, int parameters) throws NoSuchMethodException {
            String key = name + '/' + parameters;
            Method method = found.get(key);
            if (method == null) {
                method = lookUp(type, name, parameters);
                found.put(key, method);
            }
            return method;
        }

        private static Method lookUp(Class<?> type, String name, int parameters) throws NoSuchMethodException {
            for (Method candidate : type.getMethods()) {
                if (candidate.getName().equals(name) && candidate.getParameterCount() == parameters
                        && !candidate.isBridge()) {
                    Method callable = publicDeclaration(candidate);
                    if (callable != null) {
                        return callable;
                    }
                }
            }
            throw new NoSuchMethodException(type.getName() + "." + name + "/" + parameters);
        }

        /** The method as a public class or interface declares it (OkHttp's {@code RealInterceptorChain} is not public in 3.x). */
        private static Method publicDeclaration(Method method) {
            if (java.lang.reflect.Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                return method;
            }
            for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    try {
                        Method declared = i.getMethod(method.getName(), method.getParameterTypes());
                        if (java.lang.reflect.Modifier.isPublic(i.getModifiers())) {
                            return declared;
                        }
                    } catch (NoSuchMethodException next) {
                        // not this one
                    }
                }
            }
            return null;
        }
    }
}

package io.eventweave.runtime.http;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Emits {@code http.client.request} for {@code HttpClient.sendAsync} when the response or the failure arrives. It is
 * attached with {@code whenComplete} to the future the application gets (whose value is left untouched).
 *
 * <p>This class sits on the bootstrap class path, which cannot see {@code java.net.http} (a platform-loader module):
 * the response is read through public method handles resolved from the platform loader.
 */
public final class AsyncResponseCallback implements BiConsumer<Object, Throwable> {
    private final String method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final long startNanos;
    private final TraceContext trace;

    public AsyncResponseCallback(String method, String scheme, String host, int port, String path, long startNanos,
            TraceContext trace) {
        this.method = method;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.startNanos = startNanos;
        this.trace = trace;
    }

    @Override
    public void accept(Object response, Throwable failure) {
        try {
            long end = System.nanoTime();
            int status = 0;
            int resends = 0;
            if (response != null) {
                status = ResponseHandles.statusCode(response);
                resends = ResponseHandles.previousResponses(response);
            }
            HttpEvents.clientRequest(HttpProviders.JDK_HTTPCLIENT, method, scheme, host, port, path, status, resends,
                    failure == null ? null : unwrap(failure), startNanos, end, trace);
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.CALLBACK, t);
        }
    }

    /** The failure the application sees through {@code get()}/{@code join()} carries this cause. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Public {@code java.net.http.HttpResponse} methods, looked up once from the platform class loader. Also used
     * by the synchronous {@code send} advice for the resend count.
     */
    public static final class ResponseHandles {
        private ResponseHandles() {
        }

        private static final MethodHandle STATUS_CODE;
        private static final MethodHandle PREVIOUS_RESPONSE;

        static {
            try {
                Class<?> type = Class.forName("java.net.http.HttpResponse", false, ClassLoader.getPlatformClassLoader());
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                STATUS_CODE = lookup.findVirtual(type, "statusCode", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
                PREVIOUS_RESPONSE = lookup.findVirtual(type, "previousResponse", MethodType.methodType(Optional.class))
                        .asType(MethodType.methodType(Optional.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        public static int statusCode(Object response) throws Throwable {
            return (int) STATUS_CODE.invokeExact(response);
        }

        /** Length of the {@code previousResponse()} chain: redirects and authentication resends. */
        public static int previousResponses(Object response) throws Throwable {
            int count = 0;
            Object current = response;
            while (count < 100) {
                Optional<?> previous = (Optional<?>) PREVIOUS_RESPONSE.invokeExact(current);
                if (previous.isEmpty()) {
                    break;
                }
                current = previous.get();
                count++;
            }
            return count;
        }
    }
}

package io.eventweave.runtime.http;

import java.util.function.BiFunction;

/**
 * A reactive server's request handler (Reactor Netty's {@code BiFunction<HttpServerRequest, HttpServerResponse,
 * Publisher<Void>>}) wrapped so that an exception it throws synchronously ends the request's event with it: the
 * library catches such an exception itself, logs it and closes the connection without a response
 * ({@code HttpServer$HttpServerHandle.onStateChange}, 1.0.0 to 1.4.0), so the application never sees it and no
 * response ends. Everything else goes to the application's handler unchanged.
 */
public final class RecordingServerHandler implements BiFunction<Object, Object, Object> {
    private final BiFunction<Object, Object, Object> handler;

    private RecordingServerHandler(BiFunction<Object, Object, Object> handler) {
        this.handler = handler;
    }

    /** {@code handler}, wrapped once (null and an already wrapped handler are returned as they are). */
    @SuppressWarnings("unchecked")
    public static BiFunction<Object, Object, Object> wrap(BiFunction<?, ?, ?> handler) {
        if (handler == null || handler instanceof RecordingServerHandler) {
            return (BiFunction<Object, Object, Object>) handler;
        }
        return new RecordingServerHandler((BiFunction<Object, Object, Object>) handler);
    }

    @Override
    public Object apply(Object request, Object response) {
        try {
            return handler.apply(request, response);
        } catch (Throwable t) {
            ReactiveServerRequest recorded = ReactiveServerRequest.of(request);
            if (recorded != null) {
                recorded.end(0, t); // no status: the library answers nothing and closes the connection
            }
            throw t;
        }
    }

    @Override
    public String toString() {
        return handler.toString(); // the library logs the handler at debug level
    }
}

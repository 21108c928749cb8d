package io.eventweave.instrumentation.springwebflux;

/**
 * The requests {@link SpringWebfluxApp} sends to its own WebFlux service: the path, the status the service answers,
 * the route template Spring matches it to (null: no handler matched), and the caller's {@code traceparent} (or none).
 */
enum RouteCall {
    ANNOTATED("/orders/7", 200, "/orders/{id}", "00-11111111111111111111111111111111-1111111111111111-01"),
    ANNOTATED_UNTRACED("/orders/8", 200, "/orders/{id}", null),
    ANNOTATED_THROWS("/orders/9/fail", 500, "/orders/{id}/fail", "00-22222222222222222222222222222222-2222222222222222-01"),
    ROUTER_FUNCTION("/items/abc", 200, "/items/{name}", "00-33333333333333333333333333333333-3333333333333333-01"),
    NO_HANDLER("/nowhere", 404, null, "00-44444444444444444444444444444444-4444444444444444-01");

    final String path;
    final int status;
    final String route;
    final String traceparent;

    RouteCall(String path, int status, String route, String traceparent) {
        this.path = path;
        this.status = status;
        this.route = route;
        this.traceparent = traceparent;
    }
}

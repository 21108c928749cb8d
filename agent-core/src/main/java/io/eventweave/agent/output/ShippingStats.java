package io.eventweave.agent.output;

/**
 * What a shipper of the output did, for {@code agent.stats} and {@code agent.stop} ({@code agent.nats}).
 *
 * @param shipped   lines the stream acknowledged since this process started (an earlier run's lines included)
 * @param ownShipped of those, lines this process wrote: {@code pending} is the handler's written count minus these
 * @param lagSeconds how long the shipper has been behind the end of the output (0 when it is caught up)
 * @param unshipped lines retention deleted before they were shipped, and lines that could not be published (too
 *                  long for the server, not JSON)
 */
public record ShippingStats(long shipped, long ownShipped, double lagSeconds, long unshipped) {
}

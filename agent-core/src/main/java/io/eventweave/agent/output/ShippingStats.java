package io.eventweave.agent.output;

/**
 * What a shipper of the output did, for {@code agent.stats} and {@code agent.stop} ({@code agent.nats}). The lag is
 * the file handler's to tell: the age of the oldest line this process wrote that the stream has not acknowledged
 * ({@link WriteTimes}).
 *
 * @param shipped   lines the stream acknowledged since this process started (an earlier run's lines included)
 * @param ownShipped of those, lines this process wrote: {@code pending} is the handler's written count minus these
 * @param unshipped lines retention deleted before they were shipped, and lines that could not be published (too
 *                  long for the server, not JSON)
 */
public record ShippingStats(long shipped, long ownShipped, long unshipped) {
}

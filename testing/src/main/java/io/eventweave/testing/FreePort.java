package io.eventweave.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A loopback port free a moment ago, for a server that must be told its port before it starts (Prometheus, NATS, an
 * agent's metrics endpoint named in a scrape configuration). Another process could take it in between; on one test
 * machine that does not happen in practice, and the server's start fails loudly if it does.
 */
public final class FreePort {
    private FreePort() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

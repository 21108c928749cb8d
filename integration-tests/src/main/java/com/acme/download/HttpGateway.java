package com.acme.download;

import java.net.URI;

/**
 * The application's own HTTP call, behind a method a rule turns into {@code http.client.request}: it answers from a
 * table instead of the network (the test needs no server), returning the status.
 */
public final class HttpGateway {
    public int send(String method, URI uri) {
        int status = uri.getPath().endsWith("/missing") ? 404 : 200;
        DownloadApp.did("http.client.request", "method=" + method, "host=" + uri.getHost(), "port=" + uri.getPort(),
                "path=" + uri.getRawPath(), "status=" + status);
        return status;
    }
}

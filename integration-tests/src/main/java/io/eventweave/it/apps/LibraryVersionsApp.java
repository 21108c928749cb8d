package io.eventweave.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * An application that carries its own (old) jackson-core and Byte Buddy: prints which versions and jars it sees
 * for them, and makes one HTTP call. Usage: {@code LibraryVersionsApp <port>}
 */
public final class LibraryVersionsApp {
    private LibraryVersionsApp() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> jsonFactory = Class.forName("com.fasterxml.jackson.core.JsonFactory");
        Object version = jsonFactory.getMethod("version").invoke(jsonFactory.getConstructor().newInstance());
        System.out.println("jackson-core " + version + " from " + jarOf(jsonFactory));
        Class<?> byteBuddy = Class.forName("net.bytebuddy.ByteBuddy");
        System.out.println("byte-buddy from " + jarOf(byteBuddy));
        HttpClient client = HttpClient.newHttpClient();
        int status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0] + "/status/200")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        System.out.println("status " + status);
    }

    private static String jarOf(Class<?> type) {
        String location = String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
        return location.substring(location.lastIndexOf('/') + 1);
    }
}

package io.eventweave.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from the build. */
final class AgentVersion {
    private AgentVersion() {
    }

    static String get() {
        Properties properties = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException ignored) {
            // unknown version
        }
        return properties.getProperty("version", "unknown");
    }
}

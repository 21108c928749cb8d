package io.eventweave.agent.output;

import java.util.List;
import java.util.Map;

/** What {@code agent.start} says about this agent and process; fixed at start. */
public final class AgentInfo {
    final String version;
    final String outputPath;
    final int queueCapacity;
    final List<String> instrumentations;
    final Map<String, String> config;

    public AgentInfo(String version, String outputPath, int queueCapacity, List<String> instrumentations,
            Map<String, String> config) {
        this.version = version;
        this.outputPath = outputPath;
        this.queueCapacity = queueCapacity;
        this.instrumentations = instrumentations;
        this.config = config;
    }
}

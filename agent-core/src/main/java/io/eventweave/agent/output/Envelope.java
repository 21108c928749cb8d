package io.eventweave.agent.output;

/** Fields that are the same on every line of a process: service, host, process. */
public final class Envelope {
    final String serviceName;
    final String serviceInstanceId;
    final String hostName;
    final long pid;

    public Envelope(String serviceName, String serviceInstanceId, String hostName, long pid) {
        this.serviceName = serviceName;
        this.serviceInstanceId = serviceInstanceId;
        this.hostName = hostName;
        this.pid = pid;
    }
}

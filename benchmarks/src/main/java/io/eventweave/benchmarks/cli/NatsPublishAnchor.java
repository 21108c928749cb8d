package io.eventweave.benchmarks.cli;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * B11's anchors: the corpus's lines, read into memory first, published to a JetStream stream with the NATS Java client
 * alone, on one subject with {@code Nats-Msg-Id} = the line's index: no file, no JSON. Two ways:
 * <ul>
 *   <li>{@code batch}: what the agent's shipper does on the wire (plain publishes, the 256th of each batch a
 *       JetStream publish whose acknowledgement is awaited, 16 batches in flight): the same protocol without the
 *       shipper's reading, parsing and bookkeeping;</li>
 *   <li>{@code async}: a JetStream {@code publishAsync} per line, 1,000 in flight (a semaphore), the way jnats'
 *       documentation publishes asynchronously.</li>
 * </ul>
 * Prints {@code RESULT seconds=<first publish to last acknowledgement> lines=<n>}. Usage: {@code NatsPublishAnchor
 * <url> <stream> <subject> <batch|async> <file>...}.
 */
public final class NatsPublishAnchor {
    private NatsPublishAnchor() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String stream = args[1];
        String subject = args[2];
        String mode = args[3];
        List<byte[]> lines = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            for (String line : Files.readAllLines(Path.of(args[i]))) {
                lines.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Options options = Options.builder().server(url).maxMessagesInOutgoingQueue(65_536).build();
        try (Connection connection = Nats.connect(options)) {
            JetStream js = connection.jetStream();
            PublishOptions expect = PublishOptions.builder().expectedStream(stream).build();
            long start = System.nanoTime();
            if (mode.equals("batch")) {
                ArrayDeque<CompletableFuture<PublishAck>> inflight = new ArrayDeque<>();
                for (int i = 0; i < lines.size(); i++) {
                    Headers headers = new Headers().put("Nats-Msg-Id", "anchor:" + i);
                    if (i % 256 == 255 || i == lines.size() - 1) {
                        inflight.add(js.publishAsync(subject, headers, lines.get(i), expect));
                        if (inflight.size() >= 16) {
                            inflight.poll().get();
                        }
                    } else {
                        connection.publish(subject, headers, lines.get(i));
                    }
                }
                for (CompletableFuture<PublishAck> ack : inflight) {
                    ack.get();
                }
            } else {
                Semaphore permits = new Semaphore(1_000);
                for (int i = 0; i < lines.size(); i++) {
                    permits.acquire();
                    Headers headers = new Headers().put("Nats-Msg-Id", "anchor:" + i);
                    js.publishAsync(subject, headers, lines.get(i), expect)
                            .whenComplete((ack, failure) -> permits.release());
                }
                permits.acquire(1_000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("RESULT seconds=" + seconds + " lines=" + lines.size());
        }
    }
}

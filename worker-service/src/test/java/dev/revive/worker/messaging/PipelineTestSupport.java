package dev.revive.worker.messaging;

import dev.revive.local.infra.quarkus.LocalInfraTestResource;
import dev.revive.model.JobIds;
import dev.revive.model.JobRecord;
import dev.revive.model.Json;
import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;
import dev.revive.model.RestorationRequest;
import dev.revive.model.Task;
import dev.revive.model.Topics;
import dev.revive.storage.ObjectStore;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the worker's pipeline tests share: requests produced as an outside client would, and waiting for what the
 * worker writes to the store. Public because the metrics test drives the same pipeline from its own package.
 */
public final class PipelineTestSupport {
    private static final long POLL_MILLIS = 200;

    private PipelineTestSupport() {
    }

    /** A producer to the running test broker; each class closes its own, as the broker does not outlive it. */
    public static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfraTestResource.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Sends one record and waits until the broker has it, so the worker may already be reading it. */
    public static void send(KafkaProducer<String, String> producer, String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Stores a photo and requests its denoising with only what the schema requires, plus options. */
    public static String submit(KafkaProducer<String, String> producer, ObjectStore store, byte[] image,
            RestorationOptions options) {
        String id = JobIds.newId();
        ObjectRef input = store.put("incoming/" + id + ".png", image, "image/png");
        send(producer, Topics.REQUESTS, id, Json.write(RestorationRequest.of(id, Task.DENOISE, input, options,
                Instant.now())));
        return id;
    }

    public static JobRecord awaitFinal(ObjectStore store, String id, Duration patience) {
        return await(() -> store.readRecord(id).orElse(null), record -> record.status().isTerminal(), patience,
                "job " + id);
    }

    /** Polls {@code read} until it gives a value that is {@code done}; fails after {@code patience}. */
    public static <T> T await(Supplier<T> read, Predicate<T> done, Duration patience, String what) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            T value = read.get();
            if (value != null && done.test(value)) {
                return value;
            }
            sleep(POLL_MILLIS);
        }
        throw new AssertionError(what + " did not finish: " + read.get());
    }

    /** An RGB photo of a repeating pattern, as an 8-bit PNG. */
    public static byte[] png(int width, int height) {
        float[] pixels = new float[width * height * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 7) / 7f;
        }
        return png(new Image(width, height, 3, pixels));
    }

    public static byte[] png(Image image) {
        return ImageCodec.encodePng(image, null, 8);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

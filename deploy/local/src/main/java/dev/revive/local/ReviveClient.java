package dev.revive.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.model.JobStatus;
import dev.revive.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A minimal client of the public HTTP API, as any user would call it. */
public final class ReviveClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String apiKey;

    public ReviveClient(URI base) {
        this(base, null);
    }

    /** A client that sends {@code apiKey} as a bearer token, for an api that has keys configured. */
    public ReviveClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** Uploads an image and returns the job as the api answered it (202). */
    public JsonNode submit(byte[] image, String fileName, String task, String optionsJson) {
        return submit(image, fileName, task, optionsJson, Map.of());
    }

    /**
     * Uploads an image with the companion files its task needs, by part name ({@code mask} for inpaint,
     * {@code guide} for flash-guided), and returns the job as the api answered it (202).
     */
    public JsonNode submit(byte[] image, String fileName, String task, String optionsJson,
            Map<String, byte[]> companions) {
        return submit(image, fileName, task, null, optionsJson, companions);
    }

    /** As {@link #submit(byte[], String, String, String, Map)}, by {@code method} (null: the api's default). */
    public JsonNode submit(byte[] image, String fileName, String task, String method, String optionsJson,
            Map<String, byte[]> companions) {
        String boundary = "revive-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "form-data; name=\"image\"; filename=\"" + fileName + "\"", "application/octet-stream",
                image);
        companions.forEach((name, file) -> part(body, boundary,
                "form-data; name=\"" + name + "\"; filename=\"" + name + "\"", "application/octet-stream", file));
        part(body, boundary, "form-data; name=\"task\"", "text/plain", task.getBytes(StandardCharsets.UTF_8));
        if (method != null) {
            part(body, boundary, "form-data; name=\"method\"", "text/plain", method.getBytes(StandardCharsets.UTF_8));
        }
        if (optionsJson != null) {
            part(body, boundary, "form-data; name=\"options\"", "application/json",
                    optionsJson.getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/restorations"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return json(send(request, 202));
    }

    /** Submits an image already in Revive's bucket, as a pipeline would (202). */
    public JsonNode submitReference(String key, String task, String optionsJson) {
        String body = "{\"task\":\"" + task + "\",\"input\":{\"key\":\"" + key + "\"}"
                + (optionsJson == null ? "" : ",\"options\":" + optionsJson) + "}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/restorations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return json(send(request, 202));
    }

    /** Submits a JSON body as is (a reference, or a denoise by {@code "method":"model"}) and expects 202. */
    public JsonNode submitJson(String body) {
        return json(send(HttpRequest.newBuilder(base.resolve("/v1/restorations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                202));
    }

    /** Asks for a denoiser trained on a collection ({@code POST /v1/models}) and returns the queued model (202). */
    public JsonNode train(String body) {
        return json(send(HttpRequest.newBuilder(base.resolve("/v1/models"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                202));
    }

    public JsonNode model(String id) {
        return json(send(HttpRequest.newBuilder(base.resolve("/v1/models/" + id)).GET().build(), 200));
    }

    /** Polls the model until its training has finished, however it finished. */
    public JsonNode awaitModel(String id, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode model = model(id);
            if (JobStatus.fromWireName(model.get("status").asText()).isTerminal()) {
                return model;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("model " + id + " did not finish within " + patience + ": " + model(id));
    }

    /** Submits an archive batch ({@code POST /v1/batches}) and returns it (202). */
    public JsonNode batch(String body) {
        return json(send(HttpRequest.newBuilder(base.resolve("/v1/batches"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                202));
    }

    /** Polls the batch until it is done or cancelled. */
    public JsonNode awaitBatch(String id, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        JsonNode batch = null;
        while (System.nanoTime() < deadline) {
            batch = json(send(HttpRequest.newBuilder(base.resolve("/v1/batches/" + id)).GET().build(), 200));
            String status = batch.get("status").asText();
            if (status.equals("done") || status.equals("cancelled")) {
                return batch;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("batch " + id + " did not finish within " + patience + ": " + batch);
    }

    /** The batch's manifest as JSON rows. */
    public JsonNode manifest(String id) {
        return json(send(HttpRequest.newBuilder(base.resolve("/v1/batches/" + id + "/manifest?format=json")).GET()
                .build(), 200));
    }

    public JsonNode job(String id) {
        return json(send(HttpRequest.newBuilder(base.resolve("/v1/restorations/" + id)).GET().build(), 200));
    }

    /** Polls the job until it has finished, however it finished. */
    public JsonNode awaitFinal(String id, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = job(id);
            if (JobStatus.fromWireName(job.get("status").asText()).isTerminal()) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("job " + id + " did not finish within " + patience + ": " + job(id));
    }

    public byte[] result(String id) {
        return send(HttpRequest.newBuilder(base.resolve("/v1/restorations/" + id + "/result")).GET().build(), 200);
    }

    /** The latest preview of a running job's estimate (PNG). */
    public byte[] preview(String id) {
        return send(HttpRequest.newBuilder(base.resolve("/v1/restorations/" + id + "/preview")).GET().build(), 200);
    }

    /** True once the service answers its readiness check (the same for the api and the workers). */
    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] send(HttpRequest unsigned, int expectedStatus) {
        HttpRequest request = apiKey == null ? unsigned
                : HttpRequest.newBuilder(unsigned, (name, value) -> true).header("Authorization", "Bearer " + apiKey)
                        .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void part(ByteArrayOutputStream body, String boundary, String disposition, String type,
            byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + type
                + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}

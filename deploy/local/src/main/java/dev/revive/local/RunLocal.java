package dev.revive.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.local.infra.ScratchDirectories;
import dev.revive.worker.engine.image.DecodedImage;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: starts the local stack, restores a photo end to end over the public API while showing
 * progress, says where the result is, and keeps the stack up for more requests until Ctrl-C.
 */
public final class RunLocal {
    private static final String SAMPLE = "sample/f16-crop-128.png";
    /** The DIP paper's denoising experiment: Gaussian noise of sigma 25 on the 0-255 scale. */
    private static final double SAMPLE_SIGMA = 25.0 / 255;
    private static final long SAMPLE_NOISE_SEED = 1;

    private RunLocal() {
    }

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        Path data = Files.createTempDirectory("revive-local-");
        Files.createDirectories(a.output);
        LocalStack stack = LocalStack.start(new LocalStack.Settings(data, a.port, a.workers, List.of()),
                RunLocal::say);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping the stack");
            stack.close();
            ScratchDirectories.delete(data);
            stopped.countDown();
        }, "revive-local-stop"));

        ReviveClient client = new ReviveClient(stack.api());
        Image clean = null;
        byte[] input;
        String name;
        if (a.image == null) {
            clean = ImageCodec.decode(sample(), Long.MAX_VALUE).color();
            Image noisy = Noise.addGaussian(clean, SAMPLE_SIGMA, SAMPLE_NOISE_SEED);
            input = ImageCodec.encodePng(noisy, null, 8);
            name = "f16-noisy.png";
            say("sample: the F16 crop (128x128) with Gaussian noise sigma 25, PSNR "
                    + db(Metrics.psnr(noisy, clean)) + " against the clean original");
        } else {
            input = Files.readAllBytes(a.image);
            name = a.image.getFileName().toString();
        }
        String options = "{\"iterations\": " + a.iterations + ", \"progressEvery\": 10}";
        Map<String, byte[]> companions = new LinkedHashMap<>();
        if (a.mask != null) {
            companions.put("mask", Files.readAllBytes(a.mask));
        }
        if (a.guide != null) {
            companions.put("guide", Files.readAllBytes(a.guide));
        }
        JsonNode job = client.submit(input, name, a.task, a.method, options, companions);
        String id = job.get("id").asText();
        say("submitted " + name + " as job " + id + " (" + a.task + " by " + job.get("method").asText() + ", at most "
                + a.iterations + " iterations, " + job.at("/options/stop").asText() + " stop)");
        Files.write(a.output.resolve(id + "-input-" + name), input);

        JsonNode finished = follow(client, id);
        if (!"succeeded".equals(finished.get("status").asText())) {
            say("job " + id + " ended " + finished.get("status").asText() + ": " + finished.get("error"));
        } else {
            byte[] result = client.result(id);
            String key = finished.at("/result/object/key").asText();
            Path saved = a.output.resolve(id + "-restored" + key.substring(key.lastIndexOf('.')));
            Files.write(saved, result);
            say("restored image: " + saved.toAbsolutePath() + "  (store: " + finished.at("/result/object/bucket")
                    .asText() + "/" + key + ")");
            say("stopped after " + finished.at("/result/iterations").asInt() + " iterations ("
                    + finished.at("/result/stoppedBy").asText() + ")");
            if (clean != null) {
                DecodedImage restored = ImageCodec.decode(result, Long.MAX_VALUE);
                say("PSNR against the clean original: " + db(Metrics.psnr(restored.color(), clean)));
            }
        }
        say("");
        say("The stack keeps running. Try:");
        say("  curl -F image=@photo.png -F task=denoise -F 'options={\"iterations\":300}' " + stack.api()
                + "/v1/restorations");
        say("  curl " + stack.api() + "/v1/restorations/" + id);
        say("  curl -o restored.png " + stack.api() + "/v1/restorations/" + id + "/result");
        say("  Web page: " + stack.api() + "/");
        say("  API docs: " + stack.api() + "/q/swagger-ui   logs: " + data.resolve("logs"));
        say("Press Ctrl-C to stop.");
        stopped.await();
    }

    /** Polls the job like any client would, printing a line whenever it moves. */
    private static JsonNode follow(ReviveClient client, String id) throws InterruptedException {
        long start = System.nanoTime();
        String last = "";
        while (true) {
            JsonNode job = client.job(id);
            String status = job.get("status").asText();
            int iteration = job.at("/progress/iteration").asInt(0);
            int total = job.at("/progress/totalIterations").asInt(0);
            String line = status + (total > 0 ? " " + bar(iteration, total) + " " + iteration + "/" + total : "")
                    + (job.at("/progress/loss").isNumber()
                            ? String.format(" loss %.5f", job.at("/progress/loss").asDouble()) : "");
            if (!line.equals(last)) {
                say(String.format("[%4ds] %s", (System.nanoTime() - start) / 1_000_000_000L, line));
                last = line;
            }
            if (List.of("succeeded", "failed", "cancelled").contains(status)) {
                return job;
            }
            Thread.sleep(1000);
        }
    }

    private static String bar(int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / Math.max(1, total));
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = RunLocal.class.getResourceAsStream(SAMPLE)) {
            return in.readAllBytes();
        }
    }

    private static String db(double psnr) {
        return String.format("%.2f dB", psnr);
    }

    private static void say(String line) {
        System.out.println(line);
    }

    /** Command-line options; every one has a default so the bare command restores the sample. */
    private record Arguments(Path image, Path mask, Path guide, String task, String method, int iterations, int port,
            int workers, Path output) {
        static Arguments parse(String[] args) {
            Path image = null;
            Path mask = null;
            Path guide = null;
            String task = "denoise";
            String method = null;
            int iterations = 1500;
            int port = 8080;
            int workers = 1;
            Path output = Path.of("revive-output");
            List<String> rest = new ArrayList<>(List.of(args));
            while (!rest.isEmpty()) {
                String flag = rest.remove(0);
                if (flag.equals("--help") || rest.isEmpty()) {
                    usage(flag.equals("--help") ? null : "missing value for " + flag);
                }
                String value = rest.remove(0);
                switch (flag) {
                    case "--image" -> image = Path.of(value);
                    case "--mask" -> mask = Path.of(value);
                    case "--guide" -> guide = Path.of(value);
                    case "--task" -> task = value;
                    case "--method" -> method = value;
                    case "--iterations" -> iterations = Integer.parseInt(value);
                    case "--port" -> port = Integer.parseInt(value);
                    case "--workers" -> workers = Integer.parseInt(value);
                    case "--output" -> output = Path.of(value);
                    default -> usage("unknown option " + flag);
                }
            }
            return new Arguments(image, mask, guide, task, method, iterations, port, workers, output);
        }

        static void usage(String problem) {
            if (problem != null) {
                System.err.println(problem);
            }
            System.err.println("usage: ./revive-local [--image FILE] [--task denoise|super-resolve|inpaint|dejpeg|"
                    + "flash-guided] [--method dip|noise2void|neighbor2neighbor|self2self (the last three: denoise "
                    + "only)] [--mask FILE] [--guide FILE] [--iterations 1500 (a cap when the stop is automatic; "
                    + "training steps for a trained denoiser)] [--port 8080] [--workers 1] [--output revive-output]");
            System.exit(problem == null ? 0 : 2);
        }
    }
}

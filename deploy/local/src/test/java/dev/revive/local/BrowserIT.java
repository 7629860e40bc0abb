package dev.revive.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revive.model.Json;
import dev.revive.worker.engine.image.Image;
import dev.revive.worker.engine.image.ImageCodec;
import dev.revive.worker.engine.image.Metrics;
import dev.revive.worker.engine.image.Noise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real browser: Debian's Chromium, driven by playwright-core from npm, against the packaged api
 * and worker on the embedded broker and store. The browser script ({@code src/test/browser}) does what a person
 * would and checks what they would see; this class then checks the pixels the page's jobs produced. Screenshots
 * stay in {@code target/browser-screenshots}.
 */
class BrowserIT {
    static final Path CHROMIUM = Path.of(System.getProperty("revive.chromium", "/usr/bin/chromium"));
    static final Path SCRIPTS = Path.of("src/test/browser");
    static final Path WORK = Path.of("target/browser");
    static final int ITERATIONS = 300;
    /** The square the inpainting photo lacks, and the browser paints over. */
    static final int HOLE_X = 24;
    static final int HOLE_Y = 20;
    static final int HOLE_SIZE = 12;
    /** The api asks for a key, so the page's key field is tried too. */
    static final String API_KEY = "browser-test-5d1e8a";

    @TempDir
    static Path data;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "the browser test drives Debian's Chromium at " + CHROMIUM
                + ": install it with `apt-get install -y chromium` (.ci/run does)");
        stack = LocalStack.start(new LocalStack.Settings(data, 0, 1, List.of(),
                List.of("-Drevive.api.keys.browser=" + sha256(API_KEY))), System.out::println);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPersonRestoresPaintsAMaskCancelsAndIsToldOfABadFile() throws Exception {
        Image clean = EndToEndIT.cleanPhoto();
        Image noisy = Noise.addGaussian(clean, 25.0 / 255, 7);
        float[] known = holeMask(clean.width(), clean.height());
        Image holed = Degradations.withHoles(clean, known);
        Path fixtures = Files.createDirectories(WORK.resolve("fixtures"));
        Files.write(fixtures.resolve("noisy.png"), ImageCodec.encodePng(noisy, null, 8));
        Files.write(fixtures.resolve("holed.png"), ImageCodec.encodePng(holed, null, 8));
        Files.writeString(fixtures.resolve("not-a-photo.png"), "Dear Revive, this is a letter, not a photo.\n");

        for (String file : List.of("package.json", "package-lock.json", "page.test.mjs")) {
            Files.copy(SCRIPTS.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        run(Map.of(
                "REVIVE_PAGE", stack.api().resolve("/").toString(),
                "REVIVE_FIXTURES", fixtures.toAbsolutePath().toString(),
                "REVIVE_SCREENSHOTS", Path.of("target/browser-screenshots").toAbsolutePath().toString(),
                "REVIVE_ITERATIONS", Integer.toString(ITERATIONS),
                "REVIVE_KEY", API_KEY,
                "REVIVE_HOLE", "{\"x\":" + HOLE_X + ",\"y\":" + HOLE_Y + ",\"size\":" + HOLE_SIZE + "}",
                "CHROMIUM", CHROMIUM.toString()),
                "node", "--test", "--test-concurrency=1", "page.test.mjs");

        JsonNode jobs = Json.mapper().readTree(Files.readString(Path.of("target/browser-jobs.json")));
        ReviveClient client = new ReviveClient(stack.api(), API_KEY);
        Image denoised = ImageCodec.decode(client.result(jobs.get("denoise").asText()), Long.MAX_VALUE).color();
        double before = Metrics.psnr(noisy, clean);
        double after = Metrics.psnr(denoised, clean);
        System.out.printf("browser denoise: PSNR noisy %.2f dB, restored %.2f dB%n", before, after);
        assertTrue(after > before + 2, after + " vs " + before);

        Image filled = ImageCodec.decode(client.result(jobs.get("inpaint").asText()), Long.MAX_VALUE).color();
        double holeBefore = holePsnr(holed, clean);
        double holeAfter = holePsnr(filled, clean);
        System.out.printf("browser inpaint, inside the painted hole: PSNR %.2f dB, filled %.2f dB%n", holeBefore,
                holeAfter);
        assertTrue(holeAfter > holeBefore + 5, holeAfter + " vs " + holeBefore);

        assertEquals("cancelled", client.job(jobs.get("cancelled").asText()).get("status").asText());
        assertEquals("browser", client.job(jobs.get("inpaint").asText()).get("owner").asText(),
                "the worker keeps the job's owner through its run");
    }

    /** The digest the api is configured with: the key itself never appears in its configuration. */
    static String sha256(String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    static float[] holeMask(int width, int height) {
        float[] known = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inHole = x >= HOLE_X && x < HOLE_X + HOLE_SIZE && y >= HOLE_Y && y < HOLE_Y + HOLE_SIZE;
                known[y * width + x] = inHole ? 0 : 1;
            }
        }
        return known;
    }

    /** PSNR over the hole's pixels only, where the photo lacked everything. */
    static double holePsnr(Image image, Image clean) {
        double squared = 0;
        int count = 0;
        for (int y = HOLE_Y; y < HOLE_Y + HOLE_SIZE; y++) {
            for (int x = HOLE_X; x < HOLE_X + HOLE_SIZE; x++) {
                for (int c = 0; c < 3; c++) {
                    double d = image.pixel(x, y, c) - clean.pixel(x, y, c);
                    squared += d * d;
                    count++;
                }
            }
        }
        return 10 * Math.log10(1 / (squared / count));
    }

    /** Runs a command in the browser test's folder, passing its output through, and requires it to succeed. */
    static void run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var output = process.inputReader(StandardCharsets.UTF_8)) {
            output.lines().forEach(line -> System.out.println("[" + command[0] + "] " + line));
        }
        assertTrue(process.waitFor(20, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed (output above)");
    }
}

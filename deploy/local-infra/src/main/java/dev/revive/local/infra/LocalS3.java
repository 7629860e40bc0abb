package dev.revive.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server (S3Proxy over the filesystem) in a child JVM. It checks AWS V2/V4 signatures, so
 * clients are tested with real credentials; buckets are directories under {@code dataDir/buckets}.
 */
public final class LocalS3 extends LocalServer<LocalS3> {

    /** Credentials of the local development store; never used anywhere else. */
    public static final String DEV_ACCESS_KEY = "revive";
    public static final String DEV_SECRET_KEY = "revive-secret";

    private static final String MAX_HEAP = "256m";

    private final Path dataDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private LocalS3(Path dataDir, int port, String accessKey, String secretKey) {
        super(Duration.ofSeconds(10));
        this.dataDir = dataDir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** A store on a free port with {@link #DEV_ACCESS_KEY}/{@link #DEV_SECRET_KEY}. */
    public static LocalS3 start(Path dataDir) {
        return start(dataDir, 0, DEV_ACCESS_KEY, DEV_SECRET_KEY);
    }

    /** Starts S3Proxy on {@code port} (0: a free one) and waits until it answers HTTP. */
    public static LocalS3 start(Path dataDir, int port, String accessKey, String secretKey) {
        LocalS3 s3 = new LocalS3(dataDir.toAbsolutePath(), FreePorts.orPick(port), accessKey, secretKey);
        s3.start();
        return s3;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path dataDir() {
        return dataDir;
    }


    @Override
    LocalS3 self() {
        return this;
    }

    @Override
    ChildProcess launch() {
        Path buckets = dataDir.resolve("buckets");
        Path config = dataDir.resolve("s3proxy.properties");
        try {
            Files.createDirectories(buckets);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + buckets, e);
        }
        PropertiesFile.write(config, properties(buckets));
        ChildProcess child = ChildProcess.start("s3proxy", ServerClasspath.S3PROXY,
                List.of("-Xmx" + MAX_HEAP, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-DLOG_LEVEL=warn"),
                "org.gaul.s3proxy.Main", List.of("--properties", config.toString()), dataDir.resolve("s3proxy.log"));
        child.awaitReady(ChildProcess.START_TIMEOUT, this::answersHttp);
        return child;
    }

    private Map<String, String> properties(Path buckets) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("s3proxy.endpoint", endpoint());
        p.put("s3proxy.authorization", "aws-v2-or-v4");
        p.put("s3proxy.identity", accessKey);
        p.put("s3proxy.credential", secretKey);
        // Browsers fetch presigned result URLs from the web page, which is served from another origin.
        p.put("s3proxy.cors-allow-all", "true");
        p.put("jclouds.provider", "filesystem");
        p.put("jclouds.filesystem.basedir", buckets.toString());
        return p;
    }

    /** Any HTTP status will do (an unsigned request gets 403): it proves the server parses requests. */
    private boolean answersHttp() throws IOException {
        if (!FreePorts.isListening(port)) {
            return false;
        }
        HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        try {
            return connection.getResponseCode() > 0;
        } finally {
            connection.disconnect();
        }
    }
}

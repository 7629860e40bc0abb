package dev.revive.local.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalS3Test {

    private static final byte[] PAYLOAD = "restored pixels".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void signedClientsPutGetAndPresignAndObjectsSurviveARestart() throws Exception {
        try (LocalS3 s3 = LocalS3.start(dir)) {
            MinioClient client = client(s3, s3.secretKey());
            client.makeBucket(MakeBucketArgs.builder().bucket("revive").build());
            client.putObject(PutObjectArgs.builder().bucket("revive").object("jobs/1/result.png")
                    .stream(new ByteArrayInputStream(PAYLOAD), PAYLOAD.length, -1).contentType("image/png").build());
            assertArrayEquals(PAYLOAD, get(client));

            String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET).bucket("revive").object("jobs/1/result.png").expiry(300).build());
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            assertEquals(200, connection.getResponseCode());
            try (InputStream in = connection.getInputStream()) {
                assertArrayEquals(PAYLOAD, in.readAllBytes());
            }

            assertThrows(ErrorResponseException.class, () -> client(s3, "wrong-secret")
                    .bucketExists(BucketExistsArgs.builder().bucket("revive").build()));

            String endpoint = s3.endpoint();
            s3.kill();
            s3.restart();
            assertEquals(endpoint, s3.endpoint());
            assertArrayEquals(PAYLOAD, get(client(s3, s3.secretKey())));
        }
    }

    private static MinioClient client(LocalS3 s3, String secret) {
        return MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), secret).region("us-east-1").build();
    }

    private static byte[] get(MinioClient client) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("revive").object("jobs/1/result.png").build())) {
            return in.readAllBytes();
        }
    }
}

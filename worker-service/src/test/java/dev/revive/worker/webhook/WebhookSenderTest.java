package dev.revive.worker.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Deliveries to a real local HTTP server: signed, retried, bounded, and never to an address the policy refuses. */
class WebhookSenderTest {
    private static final String SECRET = "whsec-test";
    private static final String BODY = "{\"jobId\":\"j\",\"status\":\"succeeded\"}";
    private static final List<Cidr> LOOPBACK_ALLOWED = List.of(Cidr.parse("127.0.0.1/32"));

    private final BlockingQueue<WebhookOutcome> outcomes = new LinkedBlockingQueue<>();

    private WebhookSender sender(List<Cidr> allowed, int maxAttempts, int queueSize) {
        return new WebhookSender(new WebhookSettings(Optional.of(SECRET), true, allowed, maxAttempts,
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5), queueSize), outcomes::add);
    }

    private WebhookOutcome next() throws InterruptedException {
        WebhookOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("no delivery ended");
        }
        return outcome;
    }

    @Test
    void aDeliveryCarriesTheEventAndASignatureTheReceiverCanVerify() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204);
                WebhookSender sender = sender(LOOPBACK_ALLOWED, 3, 10)) {
            long before = System.currentTimeMillis() / 1000;
            assertTrue(sender.send(receiver.url("/hook?token=abc"), "j:succeeded", BODY));
            assertEquals(WebhookOutcome.DELIVERED, next());
            WebhookReceiver.Received got = receiver.received().get(0);
            assertEquals(BODY, got.body());
            assertEquals("j:succeeded", got.header(WebhookSender.EVENT_ID_HEADER));
            assertEquals("application/json", got.header("Content-Type"));

            String[] parts = got.header(WebhookSignature.HEADER).split(",");
            String t = parts[0].substring("t=".length());
            assertTrue(Long.parseLong(t) >= before && Long.parseLong(t) <= before + 60, t);
            assertEquals("v1=" + hmac(SECRET, t + "." + got.body()), parts[1], "the receiver's own computation");
            assertFalse(parts[1].equals("v1=" + hmac("another-secret", t + "." + got.body())));
            assertFalse(parts[1].equals("v1=" + hmac(SECRET, t + "." + got.body() + " ")), "a changed body");
        }
    }

    @Test
    void aFailingReceiverIsTriedAgainUntilItAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver(() -> calls.incrementAndGet() <= 2 ? 500 : 200);
                WebhookSender sender = sender(LOOPBACK_ALLOWED, 4, 10)) {
            sender.send(receiver.url("/hook"), "j:succeeded", BODY);
            assertEquals(WebhookOutcome.DELIVERED, next());
            assertEquals(3, receiver.received().size());
            assertTrue(receiver.received().stream().allMatch(r -> r.body().equals(BODY)));
        }
    }

    @Test
    void aReceiverThatNeverAnswersWellIsGivenUpAfterTheLastTryAndCounted() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 503);
                WebhookSender sender = sender(LOOPBACK_ALLOWED, 3, 10)) {
            sender.send(receiver.url("/hook"), "j:failed", BODY);
            assertEquals(WebhookOutcome.FAILED, next());
            assertEquals(3, receiver.received().size());
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndARedirectIsNotFollowed() throws Exception {
        try (WebhookReceiver gone = new WebhookReceiver(() -> 410);
                WebhookReceiver moved = new WebhookReceiver(() -> 302);
                WebhookSender sender = sender(LOOPBACK_ALLOWED, 3, 10)) {
            sender.send(gone.url("/hook"), "a", BODY);
            assertEquals(WebhookOutcome.FAILED, next());
            sender.send(moved.url("/hook"), "b", BODY);
            assertEquals(WebhookOutcome.FAILED, next());
            assertEquals(1, gone.received().size());
            assertEquals(List.of("/hook"), moved.received().stream().map(WebhookReceiver.Received::path).toList());
        }
    }

    @Test
    void loopbackIsRefusedWithoutTheAllowListAndNothingIsSent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 200);
                WebhookSender sender = sender(List.of(), 3, 10)) {
            sender.send(receiver.url("/hook"), "j", BODY);
            assertEquals(WebhookOutcome.REFUSED, next());
            sender.send(receiver.url("/hook").replace("127.0.0.1", "localhost"), "j", BODY);
            assertEquals(WebhookOutcome.REFUSED, next());
            assertEquals(List.of(), receiver.received());
        }
    }

    @Test
    void hostileUrlsAreRefusedBeforeAnyConnection() {
        try (WebhookSender sender = sender(List.of(), 1, 10)) {
            for (String url : List.of("http://127.0.0.1/", "http://127.1.2.3:8080/", "http://localhost/",
                    "http://[::1]/", "http://10.0.0.1/", "http://172.16.5.4/", "http://172.31.255.255/",
                    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/",
                    "http://[fd00:ec2::254]/", "http://[fc00::1]/", "http://0.0.0.0/", "http://[::]/",
                    "http://224.0.0.1/", "http://[ff02::1]/", "http://255.255.255.255/", "http://100.100.100.200/",
                    "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
                    "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/",
                    "https://user:pw@93.184.215.14/", "ftp://93.184.215.14/", "file:///etc/passwd",
                    "https://93.184.215.14/#x", "https://no-such-host.invalid/")) {
                assertTrue(sender.refusal(url).isPresent(), url);
            }
            assertEquals(Optional.empty(), sender.refusal("https://93.184.215.14/hook"), "a public address");
            assertEquals(Optional.empty(), sender.refusal("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/"));
        }
        try (WebhookSender httpsOnly = new WebhookSender(new WebhookSettings(Optional.empty(), false, List.of(), 1,
                Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(1), 1), outcomes::add)) {
            assertTrue(httpsOnly.refusal("http://93.184.215.14/").isPresent(), "plain http");
            assertEquals(Optional.empty(), httpsOnly.refusal("https://93.184.215.14/"));
        }
    }

    @Test
    void theAllowListPermitsOnlyWhatItNames() {
        AddressPolicy policy = new AddressPolicy(List.of(Cidr.parse("10.20.0.0/16"), Cidr.parse("127.0.0.1")));
        assertEquals(Optional.empty(), policy.refusal(address("10.20.3.4")));
        assertEquals(Optional.empty(), policy.refusal(address("127.0.0.1")));
        assertTrue(policy.refusal(address("10.21.0.1")).isPresent());
        assertTrue(policy.refusal(address("127.0.0.2")).isPresent());
        assertTrue(policy.refusal(address("169.254.169.254")).isPresent());
    }

    @Test
    void pendingDeliveriesAreBoundedAndTheExcessIsDroppedAndCounted() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (WebhookReceiver slow = new WebhookReceiver(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        }); WebhookSender sender = sender(LOOPBACK_ALLOWED, 1, 1)) {
            assertTrue(sender.send(slow.url("/hook"), "first", BODY));
            assertFalse(sender.send(slow.url("/hook"), "second", BODY));
            assertEquals(WebhookOutcome.DROPPED, next());
            release.countDown();
            assertEquals(WebhookOutcome.DELIVERED, next());
        }
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** What a receiver computes: HMAC-SHA256 of "t.body" under the shared secret, in hex. */
    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}

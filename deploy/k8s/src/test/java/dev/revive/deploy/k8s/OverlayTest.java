package dev.revive.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static dev.revive.deploy.k8s.Manifests.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What both overlays must get right: images, ports, probes, references, graceful stop. */
class OverlayTest {

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void everythingLivesInOneNamespaceThatTheOverlayCreates(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        String namespace = m.all(Namespace.class).get(0).getMetadata().getName();
        assertEquals(1, m.all(Namespace.class).size());
        for (HasMetadata r : m.resources()) {
            if (!(r instanceof Namespace)) {
                assertEquals(namespace, r.getMetadata().getNamespace(), r.getKind() + " " + r.getMetadata().getName());
            }
            assertEquals("revive", r.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        }
        // Unique kind + name, as the API server requires.
        assertEquals(m.resources().size(),
                m.resources().stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).distinct().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void revivesImagesAreSetByTheOverlayWithOneVersionAndTheWorkersFlavour(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        String api = container(m.get(Deployment.class, "api-service")).getImage();
        String worker = container(m.get(Deployment.class, "worker-service")).getImage();
        assertTrue(api.matches("[a-z0-9.-]+(:[0-9]+)?/revive/api-service:[0-9][\\w.-]*"), api);
        assertTrue(worker.matches("[a-z0-9.-]+(:[0-9]+)?/revive/worker-service:[0-9][\\w.-]*"), worker);
        String version = Kustomize.imageTag(api);
        assertEquals(version + "-" + overlay, Kustomize.imageTag(worker), "worker tag = api tag + flavour");
        // Every image in the overlay is pinned to a release: no floating tags.
        for (Container c : allContainers(m)) {
            String tag = Kustomize.imageTag(c.getImage());
            assertFalse(tag.isEmpty() || tag.equals(":latest"), c.getName() + " image " + c.getImage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void probesAndPortsAreTheServicesRealHttpPortAndHealthEndpoints(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        for (String service : List.of("api-service", "worker-service")) {
            int port = Integer.parseInt(Manifests.applicationProperties(service).getProperty("quarkus.http.port"));
            Container c = container(m.get(Deployment.class, service));
            assertEquals(List.of(port), c.getPorts().stream().map(ContainerPort::getContainerPort).toList(), service);
            assertProbe(c, c.getLivenessProbe(), "/q/health/live", port);
            assertProbe(c, c.getReadinessProbe(), "/q/health/ready", port);
            Integer timeout = c.getReadinessProbe().getTimeoutSeconds();
            assertTrue(timeout != null && timeout > 2, c.getName() + ": readiness must outwait the store check's 2 s, got "
                    + timeout);
            assertProbe(c, c.getStartupProbe(), "/q/health/live", port);

            Service svc = m.get(Service.class, service);
            PodTemplateSpec template = m.get(Deployment.class, service).getSpec().getTemplate();
            assertSelects(svc, template);
            for (ServicePort sp : svc.getSpec().getPorts()) {
                assertEquals(port, resolvePort(c, sp.getTargetPort().getStrVal(), sp.getTargetPort().getIntVal()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void theApiScalesOnCpuAndTheWorkersCountIsLeftToKeda(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        HorizontalPodAutoscaler hpa = m.get(HorizontalPodAutoscaler.class, "api-service");
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals("api-service", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "two replicas survive a node drain");
        assertNotNull(container(m.get(Deployment.class, "api-service")).getResources().getRequests().get("cpu"),
                "CPU utilisation needs a CPU request");
        // Only the HPA KEDA creates sets the workers' count; kubectl apply must not reset it.
        assertNull(m.get(Deployment.class, "worker-service").getSpec().getReplicas());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void theWorkerHasTimeToHandItsJobBackOnSigterm(String overlay) {
        Deployment worker = Manifests.overlay(overlay).get(Deployment.class, "worker-service");
        long grace = worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace >= 30 && grace <= 120, "grace " + grace);
        // No surge pod: on a GPU node it would wait for a free GPU and stall the roll-out.
        assertEquals(0, worker.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal());
        Container c = container(worker);
        assertNotNull(c.getResources().getLimits().get("memory"), "native memory needs a bound");
        assertNotNull(c.getResources().getRequests().get("memory"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void everyConfigMapAndSecretAPodNamesExistsAndCarriesTheSettingsTheServicesRead(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        List<String> configMaps = m.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).toList();
        List<String> secrets = m.all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList();
        for (Container c : allContainers(m)) {
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    assertTrue(configMaps.contains(from.getConfigMapRef().getName()), c.getName() + " " + from);
                }
                if (from.getSecretRef() != null) {
                    assertTrue(secrets.contains(from.getSecretRef().getName()), c.getName() + " " + from);
                }
            }
        }
        Map<String, String> config = m.get(ConfigMap.class, "revive-config").getData();
        for (String key : List.of("KAFKA_BOOTSTRAP_SERVERS", "REVIVE_STORAGE_ENDPOINT", "REVIVE_STORAGE_BUCKET")) {
            assertFalse(config.getOrDefault(key, "").isBlank(), key);
        }
        assertEquals("false", config.get("REVIVE_STORAGE_CREATE_BUCKET"), "the minio-setup Job creates the bucket");
        assertEquals(List.of("REVIVE_STORAGE_ACCESS_KEY", "REVIVE_STORAGE_SECRET_KEY"),
                List.copyOf(m.get(Secret.class, "revive-storage").getData().keySet()));
        assertEquals(List.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"),
                List.copyOf(m.get(Secret.class, "minio-root").getData().keySet()));
        assertEquals(List.of("REVIVE_API_KEYS_PIPELINE"),
                List.copyOf(m.get(Secret.class, "revive-api-keys").getData().keySet()));
        Map<String, List<String>> expected = Map.of(
                "api-service", List.of("revive-config", "revive-storage", "revive-api-keys"),
                "worker-service", List.of("revive-config", "revive-storage"));
        expected.forEach((service, sources) -> {
            List<String> refs = container(m.get(Deployment.class, service)).getEnvFrom().stream()
                    .map(f -> f.getConfigMapRef() != null ? f.getConfigMapRef().getName() : f.getSecretRef().getName())
                    .toList();
            assertEquals(sources, refs, service + ": only the api reads the API keys");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cpu"})
    void minioServesTheEndpointTheServicesUseAndTheSetupJobPreparesIt(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        String endpoint = m.get(ConfigMap.class, "revive-config").getData().get("REVIVE_STORAGE_ENDPOINT");
        String namespace = m.all(Namespace.class).get(0).getMetadata().getName();
        StatefulSet minio = m.get(StatefulSet.class, "minio");
        Service svc = m.get(Service.class, "minio");
        assertSelects(svc, minio.getSpec().getTemplate());
        ServicePort s3 = svc.getSpec().getPorts().stream().filter(p -> p.getName().equals("s3")).findFirst().orElseThrow();
        assertEquals("http://minio." + namespace + ".svc:" + s3.getPort(), endpoint);
        Container server = minio.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(9000, resolvePort(server, s3.getTargetPort().getStrVal(), s3.getTargetPort().getIntVal()));
        assertEquals("/minio/health/ready", server.getReadinessProbe().getHttpGet().getPath());

        Job setup = m.get(Job.class, "minio-setup");
        Container mc = setup.getSpec().getTemplate().getSpec().getContainers().get(0);
        String script = String.join("\n", mc.getArgs());
        for (String step : List.of("mc mb --ignore-existing", "mc admin user add", "notify_kafka", "mc event add")) {
            assertTrue(script.contains(step), step);
        }
        // Revive's bucket and the Kafka address come from the one ConfigMap, not from the script.
        assertTrue(mc.getEnvFrom().stream().anyMatch(f -> f.getConfigMapRef() != null
                && f.getConfigMapRef().getName().equals("revive-config")));
    }

    private static void assertProbe(Container c, Probe probe, String path, int port) {
        assertNotNull(probe, c.getName() + " probe for " + path);
        HTTPGetAction get = probe.getHttpGet();
        assertEquals(path, get.getPath(), c.getName());
        assertEquals(port, resolvePort(c, get.getPort().getStrVal(), get.getPort().getIntVal()), c.getName());
    }

    /** A port given by name must name one of the container's ports. */
    static int resolvePort(Container c, String name, Integer number) {
        if (name == null) {
            return number;
        }
        return c.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    static void assertSelects(Service svc, PodTemplateSpec template) {
        Map<String, String> labels = template.getMetadata().getLabels();
        svc.getSpec().getSelector().forEach((k, v) ->
                assertEquals(v, labels.get(k), svc.getMetadata().getName() + " selects " + k));
    }

    static List<Container> allContainers(Manifests m) {
        List<Container> out = new ArrayList<>();
        Stream.of(
                m.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate()),
                m.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate()),
                m.all(Job.class).stream().map(j -> j.getSpec().getTemplate()))
                .flatMap(s -> s)
                .filter(Objects::nonNull)
                .forEach(t -> out.addAll(t.getSpec().getContainers()));
        return out;
    }

    static Quantity gpus(Container c, boolean limits) {
        Map<String, Quantity> map = limits ? c.getResources().getLimits() : c.getResources().getRequests();
        return map == null ? null : map.get("nvidia.com/gpu");
    }
}

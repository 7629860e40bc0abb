package dev.revive.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static dev.revive.deploy.k8s.Manifests.container;
import static dev.revive.deploy.k8s.OverlayTest.allContainers;
import static dev.revive.deploy.k8s.OverlayTest.gpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gpu overlay puts one worker on one GPU; the cpu overlay asks for no GPU anywhere. */
class WorkerNodesTest {

    @Test
    void gpuWorkersAskForExactlyOneGpuAndLandOnGpuNodes() {
        Deployment worker = Manifests.overlay("gpu").get(Deployment.class, "worker-service");
        Container c = container(worker);
        // One job at a time per worker, so one GPU per worker; extended resources need limits = requests.
        assertEquals(new Quantity("1"), gpus(c, true));
        assertEquals(new Quantity("1"), gpus(c, false));
        PodSpec pod = worker.getSpec().getTemplate().getSpec();
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        Toleration toleration = pod.getTolerations().stream()
                .filter(t -> "nvidia.com/gpu".equals(t.getKey())).findFirst().orElseThrow();
        assertEquals("Exists", toleration.getOperator());
        assertEquals("NoSchedule", toleration.getEffect());
        // The patch merged into the base container rather than adding a second one.
        assertEquals(1, pod.getContainers().size());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
    }

    @Test
    void onlyTheWorkerAsksForAGpu() {
        Manifests gpu = Manifests.overlay("gpu");
        for (Container c : allContainers(gpu)) {
            if (!c.getName().equals("worker-service")) {
                assertNull(gpus(c, true), c.getName());
                assertNull(gpus(c, false), c.getName());
            }
        }
    }

    @Test
    void cpuWorkersAskForNoGpuAndGoAnywhere() {
        Manifests cpu = Manifests.overlay("cpu");
        for (Container c : allContainers(cpu)) {
            assertNull(gpus(c, true), c.getName());
            assertNull(gpus(c, false), c.getName());
        }
        PodSpec pod = cpu.get(Deployment.class, "worker-service").getSpec().getTemplate().getSpec();
        assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty());
        assertTrue(pod.getTolerations() == null || pod.getTolerations().isEmpty());
        // TensorFlow on CPU uses every core it gets: whole cores, requested and bounded alike.
        Container c = container(cpu.get(Deployment.class, "worker-service"));
        assertEquals(c.getResources().getRequests().get("cpu"), c.getResources().getLimits().get("cpu"));
    }
}

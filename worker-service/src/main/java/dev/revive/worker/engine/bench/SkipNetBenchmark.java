package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.DipGraph;
import dev.revive.worker.engine.dip.DipSettings;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.SkipConfig;
import dev.revive.worker.engine.nn.SkipNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Seconds per DIP train step of the reference network, comparable line for line with
 * {@code shared/bench/torch_skipnet.py}. It drives the production {@link DipGraph}, so it measures
 * what a job pays per iteration (z + noise, forward, MSE to a random target, Adam, averaging).
 *
 * <p>Options (defaults): {@code --size N [N...]} (64 128 256 512), {@code --iters} (20),
 * {@code --warmup} (3), {@code --channels} (128), and the session switches of
 * {@link BenchOptions}. From the repository root, in a JVM of its own:
 *
 * <pre>bench/skipnet --size 64 256</pre>
 */
public final class SkipNetBenchmark {

    private SkipNetBenchmark() {}

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>();
        SessionOptions session = BenchOptions.parse(BenchOptions.tokens(args), rest);
        Options options = Options.parse(rest);
        SkipConfig config = new SkipConfig(32, 3, 5, options.channels, 4);
        System.out.printf("tensorflow-java=%s threads=%d params=%d session=%s%n",
                tensorflowJavaVersion(), session.intraOpThreads(), parameterCount(config),
                BenchOptions.describe(session));
        for (int size : options.sizes) {
            double[] times = timeSteps(size, config, session, options.warmup, options.iters);
            Arrays.sort(times);
            System.out.printf("size=%d channels=%d s_per_iter_min=%.4f s_per_iter_median=%.4f"
                            + " peak_rss_mb=%d%n",
                    size, options.channels, times[0], median(times), peakRssMegabytes());
        }
    }

    private static double[] timeSteps(int size, SkipConfig config, SessionOptions session,
            int warmup, int iters) {
        try (DipGraph graph = DipGraph.forDenoising(size, size, config, session)) {
            graph.reset(DipSettings.denoiseDefaults());
            Random random = new Random(0);
            float[] target = new float[size * size * config.outputChannels()];
            for (int i = 0; i < target.length; i++) {
                target[i] = random.nextFloat();
            }
            float[] mask = new float[size * size];
            Arrays.fill(mask, 1f);
            graph.dataTerm().load(graph.session(), target, mask);
            double[] times = new double[iters];
            for (int i = 0; i < warmup + iters; i++) {
                long start = System.nanoTime();
                graph.step(true); // the PyTorch peer calls loss.item() every step
                if (i >= warmup) {
                    times[i - warmup] = (System.nanoTime() - start) / 1e9;
                }
            }
            return times;
        }
    }

    private static long parameterCount(SkipConfig config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            int side = config.acceptedSize(1);
            var input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(1, side, side, config.inputChannels())));
            return SkipNetwork.build(tf, new Parameters(tf), input, config).parameterCount();
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The process's high-water mark of resident memory (VmHWM), or -1 off Linux. */
    public static long peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kilobytes = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kilobytes) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String tensorflowJavaVersion() {
        String resource = "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties";
        try (InputStream in = TensorFlow.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /** Command line, after the session switches are taken out. */
    private record Options(List<Integer> sizes, int iters, int warmup, int channels) {

        static Options parse(List<String> tokens) {
            List<Integer> sizes = new ArrayList<>();
            int iters = 20;
            int warmup = 3;
            int channels = 128;
            for (int i = 0; i < tokens.size(); i++) {
                switch (tokens.get(i)) {
                    case "--size" -> {
                        while (i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("--")) {
                            sizes.add(Integer.parseInt(tokens.get(++i)));
                        }
                    }
                    case "--iters" -> iters = Integer.parseInt(tokens.get(++i));
                    case "--warmup" -> warmup = Integer.parseInt(tokens.get(++i));
                    case "--channels" -> channels = Integer.parseInt(tokens.get(++i));
                    default -> throw new IllegalArgumentException("unknown argument " + tokens.get(i)
                            + "; use --size N [N...] --iters N --warmup N --channels N "
                            + BenchOptions.USAGE);
                }
            }
            if (sizes.isEmpty()) {
                sizes = List.of(64, 128, 256, 512);
            }
            if (iters < 1 || warmup < 0) {
                throw new IllegalArgumentException("--iters must be >= 1 and --warmup >= 0");
            }
            return new Options(sizes, iters, warmup, channels);
        }
    }
}

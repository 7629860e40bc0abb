package dev.revive.worker.engine.selfsup;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a saved denoiser is, written as {@value #FILE_NAME} next to its SavedModel: enough to
 * rebuild its network for resuming, and to tell a user how it was trained.
 *
 * @param method the training method's name
 * @param steps Adam steps taken
 * @param patchSize side of the training patches
 * @param batchSize patches per step
 * @param network the U-Net's shape
 * @param inference how the network is applied to a photo
 * @param noiseSigma noise standard deviation estimated on the training photos ([0,1] units), the
 *     median over photos
 * @param finalLoss the loss of the last step
 * @param seed the training seed
 */
public record ModelInfo(String method, long steps, int patchSize, int batchSize, UNetConfig network,
        Inference inference, double noiseSigma, double finalLoss, long seed) {

    public static final String FILE_NAME = "revive-denoiser.properties";
    /**
     * The version of this layout (SavedModel signature and properties). A worker refuses a model of a newer
     * version rather than misread it; a description without one is version 1.
     */
    public static final int FORMAT_VERSION = 1;

    public void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT_VERSION));
        p.setProperty("method", method);
        p.setProperty("steps", Long.toString(steps));
        p.setProperty("patchSize", Integer.toString(patchSize));
        p.setProperty("batchSize", Integer.toString(batchSize));
        p.setProperty("network.depth", Integer.toString(network.depth()));
        p.setProperty("network.width", Integer.toString(network.width()));
        p.setProperty("network.channels", Integer.toString(network.channels()));
        p.setProperty("network.residual", Boolean.toString(network.residual()));
        p.setProperty("inference.passes", Integer.toString(inference.passes()));
        p.setProperty("inference.keep", Float.toString(inference.keep()));
        p.setProperty("inference.dropout", Float.toString(inference.dropout()));
        p.setProperty("noiseSigma", Double.toString(noiseSigma));
        p.setProperty("finalLoss", Double.toString(finalLoss));
        p.setProperty("seed", Long.toString(seed));
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.store(out, "Revive self-supervised denoiser");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }

    /** @throws IllegalArgumentException when {@code dir} holds no (or a damaged) description */
    public static ModelInfo read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("no denoiser description at " + file, e);
        }
        int format = Integer.parseInt(p.getProperty("format", "1").strip());
        if (format > FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " is of format " + format + ", newer than this worker's "
                    + FORMAT_VERSION + "; upgrade the worker to use it");
        }
        try {
            UNetConfig network = new UNetConfig(intOf(p, "network.depth"), intOf(p, "network.width"),
                    intOf(p, "network.channels"), Boolean.parseBoolean(p.getProperty("network.residual")));
            return new ModelInfo(p.getProperty("method"), Long.parseLong(p.getProperty("steps")),
                    intOf(p, "patchSize"), intOf(p, "batchSize"), network,
                    new Inference(intOf(p, "inference.passes"),
                            Float.parseFloat(p.getProperty("inference.keep")),
                            Float.parseFloat(p.getProperty("inference.dropout"))),
                    Double.parseDouble(p.getProperty("noiseSigma")),
                    Double.parseDouble(p.getProperty("finalLoss")), Long.parseLong(p.getProperty("seed")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("damaged denoiser description " + file + ": " + e, e);
        }
    }

    private static int intOf(Properties p, String key) {
        return Integer.parseInt(p.getProperty(key));
    }
}

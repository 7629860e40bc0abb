package dev.revive.worker.engine.imported;

import dev.revive.model.ModelKind;
import dev.revive.model.ValueRange;
import dev.revive.worker.engine.dip.SessionOptions;
import dev.revive.worker.engine.selfsup.ServingSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Decides whether a user's SavedModel can be used as what its owner says it is (a denoiser or a feature extractor),
 * and how: the {@code serve} graph is read as a protocol buffer and checked (signature, shapes, ops) before anything
 * of it runs; only then is it loaded and probed for the sides it takes.
 */
public final class SavedModelCheck {
    public static final String TAG = "serve";
    public static final String GRAPH_FILE = "saved_model.pb";

    /** What the owner said about the model; nulls take the signature's only input and output, and its channels. */
    public record Requested(String signature, String input, String output, Integer channels, ValueRange valueRange,
            ModelKind kind) {

        /** A denoiser's. */
        public Requested(String signature, String input, String output, Integer channels, ValueRange valueRange) {
            this(signature, input, output, channels, valueRange, ModelKind.DENOISER);
        }
    }

    private SavedModelCheck() {
    }

    /** @throws UnsupportedModelException saying what is wrong with the model */
    public static ServingSignature check(Path dir, Requested requested, SessionOptions sessionOptions) {
        MetaGraphDef meta = serveGraph(dir);
        SignatureCheck.Found found = SignatureCheck.check(meta, requested.signature(), requested.input(),
                requested.output(), requested.channels(), requested.kind());
        DeniedOps.check(meta);
        try (SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags(TAG)
                .withConfigProto(sessionOptions.withCpuBfloat16(false).toConfigProto()).load()) {
            SideProbe.Sides sides = SideProbe.probe(bundle.function(requested.signature()), found.input(),
                    found.output(), found.channels(), requested.valueRange(), requested.kind());
            return new ServingSignature(requested.signature(), found.input(), found.output(), found.channels(),
                    requested.valueRange(), sides.multiple(), sides.minSide());
        } catch (UnsupportedModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsupportedModelException("TensorFlow could not load the model: " + e.getMessage(), e);
        }
    }

    private static MetaGraphDef serveGraph(Path dir) {
        Path file = dir.resolve(GRAPH_FILE);
        SavedModel model;
        try (InputStream in = Files.newInputStream(file)) {
            model = SavedModel.parseFrom(in);
        } catch (IOException e) {
            throw new UnsupportedModelException(GRAPH_FILE + " is not a SavedModel: " + e.getMessage(), e);
        }
        return model.getMetaGraphsList().stream()
                .filter(meta -> meta.getMetaInfoDef().getTagsList().contains(TAG)).findFirst()
                .orElseThrow(() -> new UnsupportedModelException("the model has no graph tagged '" + TAG
                        + "' (tf.saved_model.save writes one)"));
    }
}

package dev.revive.worker.job;

import dev.revive.model.CollectionRef;
import dev.revive.model.ErrorCode;
import dev.revive.model.ImportRequest;
import dev.revive.model.JobError;
import dev.revive.model.ModelKeys;
import dev.revive.model.ModelRecord;
import dev.revive.model.ObjectRef;
import dev.revive.storage.ObjectStore;
import dev.revive.storage.StorageUnavailableException;
import dev.revive.worker.config.WorkerConfig;
import dev.revive.worker.engine.dip.CancellationSignal;
import dev.revive.worker.engine.imported.SavedModelCheck;
import dev.revive.worker.engine.imported.UnsupportedModelException;
import dev.revive.worker.engine.selfsup.ServingSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Registers a user's SavedModel: copies its files within the configured limits, checks that it can be used as the
 * kind of model its owner says ({@link SavedModelCheck}), then keeps the files under {@link ModelKeys} and the serving signature in the
 * record. As for training, the files are in place before the record says succeeded, and a finished import is never
 * redone on redelivery.
 */
@ApplicationScoped
public class ModelImporter {
    private static final Logger LOG = Logger.getLogger(ModelImporter.class);

    private final ObjectStore store;
    private final WorkerConfig config;
    private final Clock clock = Clock.systemUTC();

    public ModelImporter(ObjectStore store, WorkerConfig config) {
        this.store = store;
        this.config = config;
    }

    /**
     * Runs a valid request to a final record.
     *
     * @throws StorageUnavailableException when the store is away; the consumer hands the request on
     */
    public ModelRecord importModel(ImportRequest request, CancellationSignal stop) {
        ImportRequest resolved = request.resolved();
        ModelRecord record = store.readModel(resolved.modelId()).orElseGet(() -> ModelRecord.queued(resolved));
        if (record.status().isTerminal()) {
            LOG.infof("model %s is already %s; nothing to do", record.modelId(), record.status().wireName());
            return record;
        }
        ModelRecord running = record.importing(clock.instant());
        store.writeModel(running);
        CollectionRef source = resolved.savedModel().withBucketIfMissing(store.bucket());
        Path temp = null;
        try {
            temp = Files.createTempDirectory("revive-import-");
            Path dir = temp.resolve(resolved.modelId());
            copy(source, dir);
            ServingSignature serving = SavedModelCheck.check(dir, new SavedModelCheck.Requested(resolved.signature(),
                    resolved.input(), resolved.output(), resolved.channels(), resolved.valueRange(), resolved.kind()),
                    DipRestorer.sessionOptions(config.cpuPrecision()));
            upload(dir, ModelKeys.of(resolved.modelId()));
            ModelRecord done = running.succeeded(0, serving.metadata(), clock.instant());
            store.writeModel(done);
            LOG.infof("model %s imported from %s/%s: %s", done.modelId(), source.bucket(), source.prefix(), serving);
            return done;
        } catch (UnsupportedModelException e) {
            return fail(running, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage model " + resolved.modelId() + " on local disk", e);
        } finally {
            TempDirectories.delete(temp);
        }
    }

    /** The SavedModel's objects into {@code dir}: refused before copying when too many, and once over the size. */
    private void copy(CollectionRef source, Path dir) throws IOException {
        int maxFiles = config.models().importMaxFiles();
        List<String> keys = store.keys(source.bucket(), source.prefix(), maxFiles + 1);
        if (keys.size() > maxFiles) {
            throw new UnsupportedModelException("'" + source.prefix() + "' holds more than " + maxFiles + " files,"
                    + " the most an imported model may have (revive.worker.models.import-max-files)");
        }
        if (!keys.contains(source.prefix() + SavedModelCheck.GRAPH_FILE)) {
            throw new UnsupportedModelException("there is no " + SavedModelCheck.GRAPH_FILE + " right under '"
                    + source.prefix() + "' in bucket '" + source.bucket() + "'");
        }
        long budget = config.models().importMaxSize().asLongValue();
        for (String key : keys) {
            if (key.endsWith("/")) {
                continue; // a folder marker some S3 clients write; the folders come with their files
            }
            Path target = dir.resolve(key.substring(source.prefix().length())).normalize();
            if (!target.startsWith(dir) || target.equals(dir)) {
                throw new UnsupportedModelException("the file key '" + key + "' does not name a file in the model");
            }
            Files.createDirectories(target.getParent());
            ObjectRef ref = new ObjectRef(source.bucket(), key);
            try (InputStream in = store.open(ref).orElseThrow(() -> new UnsupportedModelException(
                    "the file '" + key + "' went away while the model was copied"));
                    OutputStream out = Files.newOutputStream(target)) {
                budget -= in.transferTo(new LimitedOutput(out, budget));
            } catch (LimitedOutput.Exceeded e) {
                throw new UnsupportedModelException("the model's files under '" + source.prefix() + "' are larger than "
                        + config.models().importMaxSize().asLongValue() + " bytes, the most an imported model may have"
                        + " (revive.worker.models.import-max-size)");
            }
        }
    }

    private void upload(Path dir, ModelKeys keys) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                store.put(keys.file(relative), file, "application/octet-stream");
            }
        }
    }

    /** Records a request that can never run, so whoever follows the model learns why. */
    public void reject(ImportRequest request, String reason) {
        ModelRecord record = store.readModel(request.modelId()).orElseGet(() -> ModelRecord.queued(request));
        if (!record.status().isTerminal()) {
            store.writeModel(record.failed(JobError.of(ErrorCode.INVALID_REQUEST, reason), clock.instant()));
        }
    }

    private ModelRecord fail(ModelRecord current, String message) {
        LOG.infof("model %s refused: %s", current.modelId(), message);
        ModelRecord failed = current.failed(JobError.of(ErrorCode.UNSUPPORTED_MODEL, message), clock.instant());
        store.writeModel(failed);
        return failed;
    }

    /** Passes bytes on until a budget is spent, then stops the copy. */
    private static final class LimitedOutput extends OutputStream {
        private final OutputStream out;
        private long left;

        LimitedOutput(OutputStream out, long left) {
            this.out = out;
            this.left = left;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > left) {
                throw new Exceeded();
            }
            left -= length;
            out.write(bytes, offset, length);
        }

        static final class Exceeded extends IOException {
        }
    }
}

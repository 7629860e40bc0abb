package dev.revive.storage;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the store injectable in either service, traced, and creates the bucket at start-up when asked to. */
@Dependent
class StoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config, Tracer tracer) {
        return ObjectStore.connect(config.endpoint(), config.accessKey(), config.secretKey(), config.region(),
                config.bucket()).traced(tracer);
    }

    void createBucket(@Observes StartupEvent startup, StorageConfig config, ObjectStore store) {
        if (config.createBucket()) {
            store.createBucketIfMissing();
        }
    }
}

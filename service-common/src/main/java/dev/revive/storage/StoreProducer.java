package dev.revive.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the store injectable in either service and creates the bucket at start-up when asked to. */
@Dependent
class StoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config) {
        return ObjectStore.connect(config.endpoint(), config.accessKey(), config.secretKey(), config.region(),
                config.bucket());
    }

    void createBucket(@Observes StartupEvent startup, StorageConfig config, ObjectStore store) {
        if (config.createBucket()) {
            store.createBucketIfMissing();
        }
    }
}

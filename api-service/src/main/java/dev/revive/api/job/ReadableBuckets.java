package dev.revive.api.job;

import dev.revive.api.config.ApiConfig;
import dev.revive.api.endpoint.ApiProblem;
import dev.revive.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.Stream;

/** The buckets clients may point the api at (inputs, collections): Revive's own and those configured. */
@ApplicationScoped
public class ReadableBuckets {
    private final ObjectStore store;
    private final ApiConfig config;

    public ReadableBuckets(ObjectStore store, ApiConfig config) {
        this.store = store;
        this.config = config;
    }

    /** @throws ApiProblem 400 bucket-not-allowed */
    public void require(String bucket) {
        if (!all().contains(bucket)) {
            throw ApiProblem.badRequest("bucket-not-allowed", "inputs may only be referenced from the buckets " + all());
        }
    }

    private List<String> all() {
        List<String> extra = config.readableBuckets().orElse(List.of());
        return Stream.concat(Stream.of(store.bucket()), extra.stream()).toList();
    }
}

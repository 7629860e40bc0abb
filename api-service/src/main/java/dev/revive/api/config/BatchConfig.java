package dev.revive.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** How archive batches are expanded and how large a batch request may be. */
@ConfigMapping(prefix = "revive.api.batches")
public interface BatchConfig {

    /**
     * Items queued between two saves of the expansion's cursor: what a restart mid-expansion redoes at most (the
     * redone items find their jobs and are not queued twice unless still queued).
     */
    @WithDefault("100")
    int pageSize();

    /** Under a prefix, only objects whose key ends with one of these, ignoring case; listed keys are taken as given. */
    @WithDefault(".png,.jpg,.jpeg,.tif,.tiff")
    List<String> suffixes();

    /** Largest batch body: room for the most keys a batch may list, at a few hundred characters each. */
    @WithDefault("4M")
    MemorySize maxBodySize();
}

package dev.revive.api.endpoint;

import dev.revive.model.BatchSource;
import dev.revive.model.RestorationOptions;

/**
 * JSON body of a batch: every image under {@code source.prefix}, or the {@code source.keys}, restored with one task,
 * method and options; results written under the {@code destination} layout (default {@code restored/{path}}).
 */
public record BatchSubmission(BatchSource source, String task, String method, String model,
        RestorationOptions options, String destination) {
}

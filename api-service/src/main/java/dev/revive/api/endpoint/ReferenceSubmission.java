package dev.revive.api.endpoint;

import dev.revive.model.ObjectRef;
import dev.revive.model.RestorationOptions;

/**
 * JSON body of a submission whose images are already in the store; {@code method} defaults to dip, and
 * {@code model} names the trained denoiser of the method 'model'. {@code correlationId} and {@code replyTo} are the
 * Kafka contract's: the client's id for the job on every event, and a topic that gets the final event;
 * {@code webhook} is an https URL the worker POSTs the job's final event to, signed.
 */
public record ReferenceSubmission(String task, String method, String model, ObjectRef input, ObjectRef mask,
        ObjectRef guide, RestorationOptions options, String correlationId, String replyTo,
        String webhook) {
}

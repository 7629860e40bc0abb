package dev.revive.worker.job;

/**
 * Which queue a job came from. Interactive work (a person or a pipeline waiting) starts before bulk work (archive
 * batches, uploads announced by the store) whenever both wait for the engine.
 */
public enum Lane {
    INTERACTIVE,
    BULK
}

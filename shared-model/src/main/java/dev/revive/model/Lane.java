package dev.revive.model;

/**
 * Which queue a job goes on: {@link Topics#REQUESTS} or {@link Topics#REQUESTS_BULK}. Interactive work (a person or
 * a pipeline waiting) starts before bulk work (archive batches, uploads announced by the store) whenever both wait
 * for the engine.
 */
public enum Lane {
    INTERACTIVE,
    BULK
}

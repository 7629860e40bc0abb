package dev.revive.model;

/** How far a running job is; {@code loss} is the data term of the last reported step. */
public record Progress(int iteration, int totalIterations, Double loss) {
}

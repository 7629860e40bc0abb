package dev.revive.worker.job;

/** The engine failed in a way another try may not repeat (out of memory, a native error). */
class RetryableEngineFailure extends RuntimeException {
    RetryableEngineFailure(RuntimeException cause) {
        super("the engine failed: " + cause.getMessage(), cause);
    }
}

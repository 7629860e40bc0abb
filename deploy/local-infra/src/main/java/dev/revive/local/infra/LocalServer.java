package dev.revive.local.infra;

import java.time.Duration;

/**
 * The life cycle both embedded servers share: a child process that can be stopped, killed as in a crash, and
 * started again on the same directory and port, so tests can inject faults into the real thing.
 */
abstract class LocalServer<S extends LocalServer<S>> implements AutoCloseable {
    private final Duration stopGrace;
    private ChildProcess process;

    LocalServer(Duration stopGrace) {
        this.stopGrace = stopGrace;
    }

    /** Starts the server process and returns it once the server answers. */
    abstract ChildProcess launch();

    abstract S self();

    final synchronized void start() {
        process = launch();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL if the server has not exited within its grace period. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(stopGrace);
            process = null;
        }
    }

    /** SIGKILL: the server gets no chance to shut down cleanly, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Stops the server if it runs, then starts it again on the same directory and port. */
    public synchronized S restart() {
        stop();
        start();
        return self();
    }

    @Override
    public void close() {
        stop();
    }
}

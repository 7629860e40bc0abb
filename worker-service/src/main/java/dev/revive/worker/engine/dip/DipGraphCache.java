package dev.revive.worker.engine.dip;

import dev.revive.worker.engine.nn.SkipConfig;

/**
 * Keeps the last job's graph so that the next job of the same padded shape, network and session
 * options skips the 2-3 s of building it: {@link DipGraph#reset} makes a kept graph as good as new.
 * Only one graph is kept, because a worker runs one job at a time and a graph of a large image
 * holds gigabytes; a job of another shape closes it.
 *
 * <p>A graph is lent out exclusively: {@link #take} removes it from the cache and {@link #giveBack}
 * returns it, so two overlapping jobs never share one. The owner closes the cache at shutdown.
 */
public final class DipGraphCache implements AutoCloseable {

    private DipGraph<DenoisingTerm> kept;
    private boolean closed;
    private long builds;

    /**
     * A denoising graph for this padded size, network and session, reused when the last one
     * given back matches, else newly built (and the kept one closed).
     */
    public DipGraph<DenoisingTerm> take(int height, int width, SkipConfig config,
            SessionOptions sessionOptions) {
        DipGraph<DenoisingTerm> stale = null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("graph cache is closed");
            }
            if (kept != null) {
                if (kept.height() == height && kept.width() == width && kept.config().equals(config)
                        && kept.sessionOptions().equals(sessionOptions)) {
                    DipGraph<DenoisingTerm> reused = kept;
                    kept = null;
                    return reused;
                }
                stale = kept;
                kept = null;
            }
            builds++;
        }
        if (stale != null) {
            stale.close();
        }
        return DipGraph.forDenoising(height, width, config, sessionOptions);
    }

    /**
     * Returns a graph after a job that left it usable (finished or cancelled). Pass graphs that
     * failed to {@link DipGraph#close()} instead.
     */
    public void giveBack(DipGraph<DenoisingTerm> graph) {
        DipGraph<DenoisingTerm> toClose = graph;
        synchronized (this) {
            if (!closed) {
                toClose = kept;
                kept = graph;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** Graphs built so far (a reused one is not counted): how tests see the reuse. */
    public synchronized long builds() {
        return builds;
    }

    /** Closes the kept graph; graphs given back later are closed at once. */
    @Override
    public void close() {
        DipGraph<DenoisingTerm> toClose;
        synchronized (this) {
            closed = true;
            toClose = kept;
            kept = null;
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}

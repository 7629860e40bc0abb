package dev.revive.worker.engine.dip;

/**
 * Keeps the last job's graph so that the next job with the same {@link DipGraphKey} (padded size,
 * network, data term's scale, session options) skips the 2-3 s of building it:
 * {@link DipGraph#reset} makes a kept graph as good as new, whatever task used it. Only one graph
 * is kept, because a worker runs one job at a time and a graph of a large image holds gigabytes;
 * a job with another key closes it.
 *
 * <p>A graph is lent out exclusively: {@link #take} removes it from the cache and {@link #giveBack}
 * returns it, so two overlapping jobs never share one. The owner closes the cache at shutdown.
 */
public final class DipGraphCache implements AutoCloseable {

    private DipGraph kept;
    private boolean closed;
    private long builds;

    /** A graph for {@code key}: the one last given back if it matches, else a new one. */
    public DipGraph take(DipGraphKey key) {
        DipGraph stale = null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("graph cache is closed");
            }
            if (kept != null) {
                if (kept.key().equals(key)) {
                    DipGraph reused = kept;
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
        return DipGraph.build(key);
    }

    /**
     * Returns a graph after a job that left it usable (finished or cancelled). Pass graphs that
     * failed to {@link DipGraph#close()} instead.
     */
    public void giveBack(DipGraph graph) {
        DipGraph toClose = graph;
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
        DipGraph toClose;
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

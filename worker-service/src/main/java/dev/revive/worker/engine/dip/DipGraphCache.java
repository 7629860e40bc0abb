package dev.revive.worker.engine.dip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the last jobs' graphs so that the next job with the same {@link DipGraphKey} (padded size,
 * network, data term's scale, session options) skips the 2-10 s of building it:
 * {@link DipGraph#reset} makes a kept graph as good as new, whatever task used it. Two are kept,
 * the most recently given back, because the old-photo task alternates two networks (inpainting,
 * then denoising) over tiles of one size, and with one slot every such job built both again. A kept
 * graph holds its variables (weights, Adam's moments, image-sized target and average); a step's
 * activations are allocated while it runs. A job with a third key closes the least recent.
 *
 * <p>A graph is lent out exclusively: {@link #take} removes it from the cache and {@link #giveBack}
 * returns it, so two overlapping jobs never share one. The owner closes the cache at shutdown.
 */
public final class DipGraphCache implements AutoCloseable {

    /** Graphs kept: the two networks of an old-photo job. */
    static final int SLOTS = 2;

    private final Map<DipGraphKey, DipGraph> kept = new LinkedHashMap<>();
    private boolean closed;
    private long builds;

    /** A graph for {@code key}: a kept one if it matches, else a new one. */
    public DipGraph take(DipGraphKey key) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("graph cache is closed");
            }
            DipGraph reused = kept.remove(key);
            if (reused != null) {
                return reused;
            }
            builds++;
        }
        return DipGraph.build(key);
    }

    /**
     * Returns a graph after a job that left it usable (finished or cancelled), closing the least
     * recently returned beyond {@link #SLOTS}. Pass graphs that failed to {@link DipGraph#close()}
     * instead.
     */
    public void giveBack(DipGraph graph) {
        DipGraph toClose = graph;
        DipGraph evicted = null;
        synchronized (this) {
            if (!closed) {
                toClose = kept.remove(graph.key());
                kept.put(graph.key(), graph);
                if (kept.size() > SLOTS) {
                    Iterator<DipGraph> eldest = kept.values().iterator();
                    evicted = eldest.next();
                    eldest.remove();
                }
            }
        }
        if (toClose != null) {
            toClose.close();
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    /** Graphs built so far (a reused one is not counted): how tests see the reuse. */
    public synchronized long builds() {
        return builds;
    }

    /** Closes the kept graphs; graphs given back later are closed at once. */
    @Override
    public void close() {
        Map<DipGraphKey, DipGraph> toClose;
        synchronized (this) {
            closed = true;
            toClose = new LinkedHashMap<>(kept);
            kept.clear();
        }
        for (DipGraph graph : toClose.values()) {
            graph.close();
        }
    }
}

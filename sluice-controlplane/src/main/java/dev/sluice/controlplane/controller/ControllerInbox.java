package dev.sluice.controlplane.controller;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What other threads tell the controller (probe answers, process exits, finished environment builds), kept until
 * the next reconcile pass applies it on the controller thread. So a pass sees a fixed world, and a test that
 * steps passes by hand sees every answer at a point it chose. At most a few entries per instance are ever waiting
 * (one readiness and one liveness answer, one exit), so the queue is bounded by the instance count.
 */
final class ControllerInbox {

    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final Runnable onPost;

    /** @param onPost told after each post (the running controller schedules a pass) */
    ControllerInbox(Runnable onPost) {
        this.onPost = onPost;
    }

    void post(Runnable update) {
        pending.add(update);
        onPost.run();
    }

    /** Applies everything posted so far, in order. Controller thread only. */
    void drain() {
        for (Runnable next = pending.poll(); next != null; next = pending.poll()) {
            next.run();
        }
    }
}

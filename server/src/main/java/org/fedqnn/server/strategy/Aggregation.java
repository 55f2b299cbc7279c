package org.fedqnn.server.strategy;

import org.fedqnn.server.GlobalModel;

/**
 * How the accepted updates of one round become w_{t+1}. The round loop calls
 * {@link #problemWith} on any thread before it accepts an update, {@link #add} under its
 * lock once the update is accepted, and {@link #next} once, after the round closed. The
 * result must not depend on the order {@link #add} was called in.
 */
public interface Aggregation {

    /**
     * Checks that {@code delta} of device {@code device} can be added (lengths, range).
     * Reads only immutable state: safe on any thread.
     *
     * @return null when it can, otherwise what is wrong (tensor and element)
     */
    String problemWith(int device, float[][] delta);

    /** Adds an accepted update's delta. Called under the round loop's lock. */
    void add(int device, float[][] delta);

    /** K', the updates added. */
    int count();

    /** w_{t+1} from w_t and the updates added. */
    GlobalModel next(GlobalModel current);
}

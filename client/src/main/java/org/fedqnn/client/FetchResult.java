package org.fedqnn.client;

import java.util.List;

/**
 * What one FetchTask stream brought. Immutable, apart from the arrays of w_t, which the reader
 * hands over to the one session that asked.
 */
sealed interface FetchResult {

    /** No task within the server's poll window: fetch again. */
    record Idle() implements FetchResult {
    }

    /** The run is over. */
    record Ended(String reason) implements FetchResult {
    }

    /**
     * A complete task: the header's settings, w_t per tensor, and when the header arrived
     * ({@link System#nanoTime()}), from which its deadline runs.
     */
    record Received(DeviceTask task, List<float[]> weights, long headerNanos) implements FetchResult {
        public Received {
            weights = List.copyOf(weights);
        }
    }

    /**
     * A task that cannot be trained: malformed (a header, chunk or count that breaks the contract;
     * it would be malformed again) or truncated (the stream ended without TaskEnd).
     *
     * @param round     the task's round, or -1 when no legal header arrived
     * @param reason    what was wrong, naming the field
     * @param malformed true when the server sent something illegal, false for a truncated stream
     */
    record Dropped(long round, String reason, boolean malformed) implements FetchResult {
    }
}

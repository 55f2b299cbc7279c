package org.fedqnn.server.registry;

/**
 * A device's place in the run after {@code Register}. Immutable.
 *
 * @param runId       the run's id
 * @param sessionId   this registration's session
 * @param deviceIndex k in 0..N-1
 * @param rejoined    true when the name had registered before (same index, new session)
 */
public record Registration(String runId, String sessionId, int deviceIndex, boolean rejoined) {
}

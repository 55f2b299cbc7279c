package org.fedqnn.server;

import java.util.Objects;

/**
 * The base station refuses a call: the kind says which gRPC status the service answers with,
 * the message what was wrong (field, expected, actual). Nothing was changed by the refused call.
 * Unchecked; immutable.
 */
public final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a call was refused. */
    public enum Kind {
        /** The message breaks the contract (INVALID_ARGUMENT). */
        MALFORMED,
        /** Wrong run, session, round, or a device not registered or not selected (FAILED_PRECONDITION). */
        PRECONDITION,
        /** An update for this device and round was already received or is streaming (ALREADY_EXISTS). */
        DUPLICATE,
        /** The round closed before the update was complete (DEADLINE_EXCEEDED). */
        LATE,
        /** As many updates as the server stages are already streaming (RESOURCE_EXHAUSTED). */
        BUSY,
        /** The run is over or full (FAILED_PRECONDITION). */
        RUN_STATE,
        /** The server failed while taking the update; nothing of it was kept (INTERNAL). */
        INTERNAL,
        /** The caller's certificate is not the one the name or session belongs to (PERMISSION_DENIED). */
        IDENTITY
    }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}

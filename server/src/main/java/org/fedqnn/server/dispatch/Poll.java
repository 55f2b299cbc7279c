package org.fedqnn.server.dispatch;

/** The answer to a device's long poll for work. */
public sealed interface Poll {

    /** The device is selected: here is its task. */
    record Assigned(Task task) implements Poll {
    }

    /** Nothing for the device within the poll window: poll again. */
    record Idle() implements Poll {
    }

    /** The run is over. */
    record Ended(String reason) implements Poll {
    }
}

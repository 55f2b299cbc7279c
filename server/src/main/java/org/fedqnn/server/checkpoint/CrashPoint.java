package org.fedqnn.server.checkpoint;

/**
 * A test-only crash hook: with the system property {@code fedqnn.crashAt=POINT:ROUND} (e.g.
 * {@code aggregation:2}), the JVM halts with status 137 when the base station reaches POINT in
 * round ROUND, without running shutdown hooks or flushing anything, which is how a SIGKILL looks
 * to the process. Without the property, {@link #reached} does nothing. Thread-safe.
 */
public final class CrashPoint {

    /** The property that names the point. */
    public static final String PROPERTY = "fedqnn.crashAt";

    /** After the round's tasks were handed out, before any update is awaited. */
    public static final String ROUND_OPEN = "round-open";
    /** While the round's updates are being aggregated into the next model. */
    public static final String AGGREGATION = "aggregation";
    /** After the round's rows were written to the records, before its checkpoint. */
    public static final String RECORDS = "records";
    /** Halfway through writing the checkpoint's temporary file. */
    public static final String CHECKPOINT_WRITE = "checkpoint-write";
    /** After the latest checkpoint became the previous one, before the new one takes its name. */
    public static final String CHECKPOINT_RENAME = "checkpoint-rename";

    private static final String AT = System.getProperty(PROPERTY);

    private CrashPoint() {
    }

    /** Halts the JVM at once when the property names {@code point} in {@code round}. */
    public static void reached(String point, long round) {
        if (AT != null && AT.equals(point + ":" + round)) {
            System.err.println("fedqnn: crash hook " + AT + " reached; halting with 137");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    /** True when the property names {@code point} in {@code round}. */
    public static boolean armed(String point, long round) {
        return AT != null && AT.equals(point + ":" + round);
    }
}

package org.fedqnn.client;

/**
 * This device's copy of the data set differs from the one the base station pinned in
 * {@code DataPartition.dataset}: the device refuses to train. The message names the file, the
 * expected and the actual SHA-256 (or what is missing). Unchecked; immutable.
 */
public final class DataMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * @param dataset  the data set's catalogue name
     * @param file     the offending file
     * @param expected what the server pinned
     * @param actual   what this device has
     */
    public DataMismatchException(String dataset, String file, String expected, String actual) {
        super("data set " + dataset + ", file " + file + ": SHA-256 must be " + expected + ", got " + actual
                + "; this device's copy differs from the server's, so it refuses to train");
        this.file = file;
    }

    /** The file whose checksum differs. */
    public String file() {
        return file;
    }
}

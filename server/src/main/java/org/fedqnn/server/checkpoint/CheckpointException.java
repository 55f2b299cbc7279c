package org.fedqnn.server.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be used: missing, truncated, of another format, or failing its checksum. */
public final class CheckpointException extends IOException {

    private final Path file;

    public CheckpointException(Path file, String fault) {
        super("checkpoint " + file + " refused: " + fault);
        this.file = file;
    }

    /** The file refused. */
    public Path file() {
        return file;
    }
}

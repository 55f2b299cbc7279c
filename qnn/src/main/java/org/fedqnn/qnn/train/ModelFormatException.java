package org.fedqnn.qnn.train;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that is not a valid fedqnn model; the message names the file and what was wrong. */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}

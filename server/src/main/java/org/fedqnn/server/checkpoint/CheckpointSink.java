package org.fedqnn.server.checkpoint;

import java.io.IOException;
import java.util.Map;

/** Where the round loop's checkpoints go: a run folder ({@code RunFolder}). Called from the round loop's thread. */
public interface CheckpointSink {

    /** The length of each record file now, by file name, its rows forced to disk first. */
    Map<String, Long> recordLengths() throws IOException;

    /** Writes {@code c} as the latest checkpoint, atomically ({@link CheckpointFile#write}). */
    void write(Checkpoint c) throws IOException;
}

package org.fedqnn.datasets.tensor;

/**
 * What to do with the last mini-batch of an epoch when the sample count is not a multiple of
 * the batch size. Immutable and thread-safe.
 */
public enum LastBatch {

    /** Keep it as a shorter batch (it can be a batch of one). */
    KEEP,

    /**
     * Drop it; those samples are not seen in that epoch (a shuffled order sees them in others).
     * Refused when the samples do not fill even one batch.
     */
    DROP,

    /**
     * Append it to the batch before, so no batch is smaller than the batch size (unless all the
     * samples make less than one batch, which then form one batch) and none is lost.
     */
    MERGE
}

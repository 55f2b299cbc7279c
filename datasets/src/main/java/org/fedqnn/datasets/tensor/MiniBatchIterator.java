package org.fedqnn.datasets.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.Seeds;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Mini-batches over a subset of a data set's samples (e.g. one device's shard), as ND4J
 * {@link DataSet}s built by {@link Tensors}. It is a {@link DataSetIterator}, so DL4J's
 * {@code fit(iterator)} can use it directly.
 *
 * <p>{@link #inOrder} visits the samples in the order given, every epoch. {@link #shuffled}
 * visits them in a seeded random order: epoch {@code e} uses the seed
 * {@code Seeds.derive(seed, e)}, so the same seed gives the same order, and each
 * {@link #reset()} starts the next epoch with a new, equally reproducible order. The handling
 * of a short last batch is a {@link LastBatch} option.
 *
 * <p>Not thread-safe: one consumer iterates it.
 */
public final class MiniBatchIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient LabeledImages data;
    private final int[] indices;
    private final int batchSize;
    private final LastBatch lastBatch;
    private final FeatureScaling scaling;
    private final boolean shuffle;
    private final long seed;
    private final int[] batchEnds;
    private int epoch;
    private int[] order;
    private int nextBatch;
    private int position;
    private transient DataSetPreProcessor preProcessor;

    private MiniBatchIterator(LabeledImages data, int[] indices, int batchSize, LastBatch lastBatch,
            FeatureScaling scaling, boolean shuffle, long seed) {
        this.data = Objects.requireNonNull(data, "data");
        this.indices = Objects.requireNonNull(indices, "indices").clone();
        this.lastBatch = Objects.requireNonNull(lastBatch, "lastBatch");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, actual " + batchSize);
        }
        if (this.indices.length == 0) {
            throw new IllegalArgumentException("indices: expected at least one sample, actual none");
        }
        if (lastBatch == LastBatch.DROP && this.indices.length < batchSize) {
            throw new IllegalArgumentException("samples: expected at least batchSize = " + batchSize
                    + " with LastBatch.DROP (or no batch is left), actual " + this.indices.length);
        }
        for (int i : this.indices) {
            Objects.checkIndex(i, data.count());
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.batchEnds = batchEnds(this.indices.length, batchSize, lastBatch);
        startEpoch(0);
    }

    /** Batches over {@code indices} in the order given, the same every epoch. */
    public static MiniBatchIterator inOrder(LabeledImages data, int[] indices, int batchSize,
            LastBatch lastBatch, FeatureScaling scaling) {
        return new MiniBatchIterator(data, indices, batchSize, lastBatch, scaling, false, 0);
    }

    /** Batches over {@code indices} in a seeded random order, a new one each epoch. */
    public static MiniBatchIterator shuffled(LabeledImages data, int[] indices, int batchSize,
            LastBatch lastBatch, FeatureScaling scaling, long seed) {
        return new MiniBatchIterator(data, indices, batchSize, lastBatch, scaling, true, seed);
    }

    /** Where each batch ends in the epoch's order, given the last-batch rule. */
    static int[] batchEnds(int n, int batchSize, LastBatch lastBatch) {
        int full = n / batchSize;
        int rest = n % batchSize;
        List<Integer> ends = new ArrayList<>();
        for (int b = 1; b <= full; b++) {
            ends.add(b * batchSize);
        }
        if (rest > 0) {
            if (lastBatch == LastBatch.KEEP || full == 0) {
                ends.add(n);
            } else if (lastBatch == LastBatch.MERGE) {
                ends.set(ends.size() - 1, n);
            }
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    private void startEpoch(int e) {
        epoch = e;
        order = shuffle ? SeededShuffle.shuffled(indices, Seeds.derive(seed, e)) : indices;
        nextBatch = 0;
        position = 0;
    }

    /** The epoch the iterator is in, from 0; {@link #reset()} moves to the next. */
    public int epoch() {
        return epoch;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batchEnds.length;
    }

    /** The sample indices of this epoch, in visiting order (a copy). */
    public int[] epochOrder() {
        int used = batchEnds.length == 0 ? 0 : batchEnds[batchEnds.length - 1];
        return java.util.Arrays.copyOf(order, used);
    }

    @Override
    public boolean hasNext() {
        return nextBatch < batchEnds.length;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has only " + batchEnds.length
                    + " batches");
        }
        int end = batchEnds[nextBatch++];
        return emit(end);
    }

    /** The next batch of at most {@code num} samples, ignoring the last-batch rule. */
    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("num: expected >= 1, actual " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is over");
        }
        int end = Math.min(position + num, batchEnds[batchEnds.length - 1]);
        while (nextBatch < batchEnds.length && batchEnds[nextBatch] <= end) {
            nextBatch++;
        }
        return emit(end);
    }

    private DataSet emit(int end) {
        DataSet batch = Tensors.batch(data, order, position, end, scaling);
        position = end;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public int inputColumns() {
        return data.imageSize();
    }

    @Override
    public int totalOutcomes() {
        return data.classes();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next epoch (with a new seeded order when shuffling). */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        List<String> labels = new ArrayList<>(data.classes());
        for (int c = 0; c < data.classes(); c++) {
            labels.add(Integer.toString(c));
        }
        return labels;
    }
}

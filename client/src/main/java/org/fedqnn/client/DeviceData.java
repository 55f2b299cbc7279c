package org.fedqnn.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.catalog.DatasetSpec;
import org.fedqnn.datasets.partition.Partitioner;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.proto.convert.MalformedMessageException;
import org.fedqnn.proto.convert.PartitionMessages;
import org.fedqnn.proto.v2.DataPartition;
import org.fedqnn.qnn.StreamKey;

/**
 * The training data of the devices of one JVM, loaded once and shared: locates and loads the
 * data set a {@link DataPartition} names, refuses it when the local files' SHA-256 differ from
 * the pinned ones, computes each partition once per (scheme, parameters, seed, N) and fits
 * each feature scaling once per normalization. Nothing is read until the first
 * {@link #shard} call.
 *
 * <p>Thread-safe: the devices of the JVM call it concurrently; the first caller loads, the
 * others wait for it.
 */
public final class DeviceData {

    private final DatasetLocator locator;
    private final Optional<Path> dataDir;
    private final Map<String, Dataset> datasets = new HashMap<>();
    private final Map<DataPartition, int[][]> partitions = new HashMap<>();
    private final Map<String, FeatureScaling> scalings = new HashMap<>();

    /**
     * @param locator where data sets are looked for
     * @param dataDir a folder to look in first
     */
    public DeviceData(DatasetLocator locator, Optional<Path> dataDir) {
        this.locator = Objects.requireNonNull(locator, "locator");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /** Data from this machine's usual places ({@link DatasetLocator#system()}). */
    public static DeviceData system(Optional<Path> dataDir) {
        return new DeviceData(DatasetLocator.system(), dataDir);
    }

    /**
     * The key of the partition's random stream for partition seed {@code seed}:
     * {@code derive(seed, PARTITION, 0, 0, 0)}, as {@code fedqnn prepare} splits.
     */
    public static long partitionStreamKey(long seed) {
        return StreamKey.derive(seed, StreamKey.Purpose.PARTITION, 0, 0, 0);
    }

    /**
     * The samples of device {@code partition.device_index}, scaled by {@code normalization}.
     *
     * @throws IOException               when the data set cannot be found or read
     * @throws DataMismatchException     when a local file's checksum differs from the pinned one
     * @throws MalformedMessageException when the partition message is illegal
     */
    public synchronized DeviceShard shard(DataPartition partition, Normalization normalization) throws IOException {
        Objects.requireNonNull(normalization, "normalization");
        String name = partition.getDataset().getName();
        Dataset dataset;
        try {
            dataset = dataset(name);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("DataPartition.dataset.name", "a catalogue name", "'" + name + "'");
        }
        checkFiles(partition, dataset);
        int devices = partition.getDeviceCount();
        int index = partition.getDeviceIndex();
        if (devices < 1) {
            throw new MalformedMessageException("DataPartition.device_count", ">= 1", devices);
        }
        if (index < 0 || index >= devices) {
            throw new MalformedMessageException("DataPartition.device_index", "in 0.." + (devices - 1), index);
        }
        Partitioner partitioner = PartitionMessages.partitioner(partition);
        DataPartition key = partition.toBuilder().setDeviceIndex(0).build();
        int[][] parts = partitions.get(key);
        if (parts == null) {
            try {
                parts = partitioner.partition(dataset.train(), devices, partitionStreamKey(partition.getSeed()));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException("DataPartition", "a split the training set allows",
                        e.getMessage());
            }
            partitions.put(key, parts);
        }
        FeatureScaling scaling = scalings.computeIfAbsent(dataset.name() + "/" + normalization,
                k -> FeatureScaling.fit(dataset.train(), normalization));
        return new DeviceShard(dataset.train(), parts[index], scaling);
    }

    /**
     * The data set called {@code name} (a catalogue name), loaded on first use and kept.
     *
     * @throws IOException              when it cannot be found or read
     * @throws IllegalArgumentException when the catalogue has no such data set
     */
    public synchronized Dataset dataset(String name) throws IOException {
        DatasetSpec spec = Catalogue.byName(name);
        Dataset loaded = datasets.get(spec.name());
        if (loaded == null) {
            loaded = DatasetLoader.load(locator.locate(spec, dataDir));
            datasets.put(spec.name(), loaded);
        }
        return loaded;
    }

    private static void checkFiles(DataPartition partition, Dataset dataset) {
        Map<String, String> pinned = PartitionMessages.fileSha256(partition);
        Map<String, String> local = dataset.fileSha256();
        if (pinned.isEmpty()) {
            throw new MalformedMessageException("DataPartition.dataset.files", "the checksums of "
                    + local.keySet(), "none");
        }
        for (Map.Entry<String, String> file : pinned.entrySet()) {
            String actual = local.get(file.getKey());
            if (actual == null) {
                throw new DataMismatchException(dataset.name(), file.getKey(), file.getValue(),
                        "no such file (this device read " + local.keySet() + ")");
            }
            if (!actual.equals(file.getValue())) {
                throw new DataMismatchException(dataset.name(), file.getKey(), file.getValue(), actual);
            }
        }
        for (Map.Entry<String, String> file : local.entrySet()) {
            if (!pinned.containsKey(file.getKey())) {
                throw new DataMismatchException(dataset.name(), file.getKey(), "pinned in DataPartition.dataset.files",
                        file.getValue() + ", which the server did not pin (it pinned " + pinned.keySet() + ")");
            }
        }
    }
}

package org.fedqnn.proto.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fedqnn.datasets.partition.DirichletPartitioner;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.datasets.partition.Partitioner;
import org.fedqnn.datasets.partition.ShardPartitioner;
import org.fedqnn.proto.v2.DataPartition;
import org.fedqnn.proto.v2.DatasetRef;
import org.fedqnn.proto.v2.FileChecksum;
import org.fedqnn.proto.v2.PartitionScheme;

/**
 * Converts a {@link Partitioner} with its seed, N and a device's index to and from
 * {@link DataPartition}, so a device computes exactly the split the base station computed.
 * Stateless and thread-safe.
 */
public final class PartitionMessages {

    private PartitionMessages() {}

    /** The partition message of device {@code index} of {@code devices}. */
    public static DataPartition toProto(Partitioner partitioner, long seed, int devices, int index,
                                        String dataset, Map<String, String> fileSha256) {
        DataPartition.Builder b = DataPartition.newBuilder().setSeed(seed).setDeviceCount(devices)
                .setDeviceIndex(index).setMinPerDevice(partitioner.minPerDevice());
        if (partitioner instanceof IidPartitioner) {
            b.setScheme(PartitionScheme.PARTITION_SCHEME_IID);
        } else if (partitioner instanceof ShardPartitioner p) {
            b.setScheme(PartitionScheme.PARTITION_SCHEME_SHARDS).setShardsPerDevice(p.shardsPerDevice());
        } else if (partitioner instanceof DirichletPartitioner p) {
            b.setScheme(PartitionScheme.PARTITION_SCHEME_DIRICHLET).setDirichletAlpha(p.alpha())
                    .setMaxRedraws(p.maxRedraws());
        }
        DatasetRef.Builder ref = DatasetRef.newBuilder().setName(dataset);
        fileSha256.forEach((file, sum) -> ref.addFiles(FileChecksum.newBuilder().setFileName(file).setSha256(sum)));
        return b.setDataset(ref).build();
    }

    /**
     * The partitioner a message describes.
     *
     * @throws MalformedMessageException naming the field when the scheme or a parameter is illegal
     */
    public static Partitioner partitioner(DataPartition message) {
        try {
            return switch (message.getScheme()) {
                case PARTITION_SCHEME_IID -> new IidPartitioner(message.getMinPerDevice());
                case PARTITION_SCHEME_SHARDS -> new ShardPartitioner(message.getShardsPerDevice(),
                        message.getMinPerDevice());
                case PARTITION_SCHEME_DIRICHLET -> new DirichletPartitioner(message.getDirichletAlpha(),
                        message.getMinPerDevice(), message.getMaxRedraws());
                default -> throw new MalformedMessageException("DataPartition.scheme", "IID, SHARDS or DIRICHLET",
                        message.getSchemeValue());
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException("DataPartition", "legal partition parameters", e.getMessage());
        }
    }

    /** The data set's file checksums a message pins, file name to SHA-256, in message order. */
    public static Map<String, String> fileSha256(DataPartition message) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (FileChecksum f : message.getDataset().getFilesList()) {
            sums.put(f.getFileName(), f.getSha256());
        }
        return sums;
    }
}

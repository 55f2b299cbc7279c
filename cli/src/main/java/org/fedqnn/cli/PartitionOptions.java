package org.fedqnn.cli;

import org.fedqnn.datasets.partition.DirichletPartitioner;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.datasets.partition.Partitioner;
import org.fedqnn.datasets.partition.ShardPartitioner;
import picocli.CommandLine.Option;

/** The options that split a training set over N devices. */
final class PartitionOptions {

    enum Scheme { iid, dirichlet, shards }

    @Option(names = "--devices", defaultValue = "10", description = "Number of devices N (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--partition", defaultValue = "iid",
            description = "Split: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Scheme scheme;

    @Option(names = "--alpha", defaultValue = "0.5",
            description = "Dirichlet concentration; small is more label skew (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--shards-per-device", defaultValue = "2",
            description = "Shards of label-sorted data per device (default ${DEFAULT-VALUE}).")
    int shardsPerDevice;

    @Option(names = "--min-per-device", defaultValue = "10",
            description = "Fewest training samples any device gets (default ${DEFAULT-VALUE}).")
    int minPerDevice;

    Partitioner partitioner() {
        return switch (scheme) {
            case iid -> new IidPartitioner(minPerDevice);
            case dirichlet -> new DirichletPartitioner(alpha, minPerDevice, DirichletPartitioner.DEFAULT_MAX_REDRAWS);
            case shards -> new ShardPartitioner(shardsPerDevice, minPerDevice);
        };
    }

    String describe() {
        return switch (scheme) {
            case iid -> "iid";
            case dirichlet -> "dirichlet(alpha=" + alpha + ")";
            case shards -> "shards(" + shardsPerDevice + " per device)";
        };
    }
}

package org.fedqnn.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the devices of one JVM share: the training data, the trainer with its networks, the turn
 * to compute, and where log lines go. Immutable; each part is thread-safe, and {@code log} must
 * be too (devices log from their own threads).
 *
 * @param data    the data set and partitions, loaded once
 * @param trainer the local trainer, one network per (model, precision)
 * @param turn    the turn the devices take to train and encode
 * @param log     receives one readable line per event (e.g. per device per round)
 */
public record HostResources(DeviceData data, LocalTrainer trainer, ComputeTurn turn, Consumer<String> log) {

    public HostResources {
        Objects.requireNonNull(data, "HostResources.data");
        Objects.requireNonNull(trainer, "HostResources.trainer");
        Objects.requireNonNull(turn, "HostResources.turn");
        Objects.requireNonNull(log, "HostResources.log");
    }

    /** Fresh resources over this machine's data sets (nothing is loaded yet). */
    public static HostResources create(Optional<Path> dataDir, Consumer<String> log) {
        return new HostResources(DeviceData.system(dataDir), new LocalTrainer(), new ComputeTurn(), log);
    }
}

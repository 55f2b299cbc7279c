package org.fedqnn.server.records;

import java.util.List;
import java.util.Objects;

/**
 * One line of {@code rounds.jsonl}: a round's row of {@code rounds.csv} and the rows of
 * {@code device-rounds.csv} of its selected devices, with full-precision numbers. Immutable.
 *
 * @param round   the round's figures
 * @param devices one row per selected device, by index
 */
public record RoundLine(RoundRow round, List<DeviceRow> devices) {

    public RoundLine {
        Objects.requireNonNull(round, "RoundLine.round");
        devices = List.copyOf(devices);
    }
}

package org.fedqnn.server.intake;

import java.util.Objects;
import org.fedqnn.server.measures.DeviceEnergy;

/**
 * The ledger's entry for an accepted update and what the server doubts about its trailer.
 * Immutable.
 *
 * @param energy  the entry, charged when the round closes
 * @param suspect why the update is recorded as suspect (its trailer's counts differ from the
 *                server's, accepted under {@code --cost-mismatch suspect}), empty otherwise
 */
public record Priced(DeviceEnergy energy, String suspect) {

    public Priced {
        Objects.requireNonNull(energy, "Priced.energy");
        suspect = Objects.requireNonNullElse(suspect, "");
    }
}

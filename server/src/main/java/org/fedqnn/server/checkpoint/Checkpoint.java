package org.fedqnn.server.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.round.RoundRecorder;

/**
 * What the base station needs to continue a run after round {@code rounds - 1} as if it had
 * never stopped (docs/federation.md, "Resuming a run"): the global model, the registered
 * devices, the tallies of the records and the measures, the stop rules' count, the strategy's
 * own state, and the length of each record file at that moment. The random streams need
 * nothing more: they are counter-hash streams keyed by the run seed, the round and the device
 * ({@code StreamKey}), so the seed and the round number restore them. Immutable (the arrays it
 * holds are not written after construction).
 *
 * @param runId         the run's id, kept by the resumed base station
 * @param seed          the run seed, checked against the manifest's on resume
 * @param rounds        the rounds played (and recorded) so far; the resumed run plays round {@code rounds} next
 * @param model         the global model after those rounds
 * @param devices       the registered devices, by index
 * @param credentials   each device's credential (its certificate's SHA-256), null over plaintext
 * @param recorder      the round records' tally
 * @param missedInARow  rounds below quorum in a row (the stop rules' count)
 * @param stopReason    why the run stopped after the last round by a stop rule, or null to go on
 * @param stopCompleted whether that stop met a stop rule (true) or failed (false)
 * @param measures      the energy ledger's totals, the bound's estimates and the current point
 * @param strategy      the strategy's state ({@code FederatedStrategy#saveState}), empty for none
 * @param recordLengths each record file's length in bytes after the last round, by file name
 */
public record Checkpoint(String runId, long seed, long rounds, GlobalModel model, List<DeviceInfo> devices,
                         List<String> credentials, RoundRecorder.Tally recorder, int missedInARow, String stopReason,
                         boolean stopCompleted, RunMeasures.State measures, byte[] strategy,
                         Map<String, Long> recordLengths) {

    public Checkpoint {
        Objects.requireNonNull(runId, "Checkpoint.runId");
        Objects.requireNonNull(model, "Checkpoint.model");
        devices = List.copyOf(devices);
        credentials = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(credentials));
        if (credentials.size() != devices.size()) {
            throw new IllegalArgumentException(devices.size() + " devices but " + credentials.size() + " credentials");
        }
        Objects.requireNonNull(recorder, "Checkpoint.recorder");
        Objects.requireNonNull(measures, "Checkpoint.measures");
        Objects.requireNonNull(strategy, "Checkpoint.strategy");
        recordLengths = Map.copyOf(recordLengths);
    }
}

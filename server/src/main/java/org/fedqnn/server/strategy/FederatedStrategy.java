package org.fedqnn.server.strategy;

import java.io.IOException;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.records.RoundRecord;

/**
 * A federated algorithm, split as FL engines split it: <em>configure</em> a round (which
 * devices are selected and what each is asked to do: its training precision n_k, its uplink
 * bit width per tensor m_{k,l}, I, eta_t, the batch) and <em>aggregate</em> it (how the
 * accepted updates become w_{t+1}). The round loop, its deadlines, its checks and its failures
 * are not the strategy's: it never sees a device that did not answer, only the updates that
 * passed every check.
 *
 * <p>Implementations must be deterministic functions of the run seed, the round and the
 * updates they are given (never of arrival order or timing), so that a run is reproducible.
 * {@link #configure} is called from the round loop's thread only.
 */
public interface FederatedStrategy {

    /** A short name for the run's records, e.g. {@code fedavg}. */
    String name();

    /**
     * Configures round {@code round} on the global model {@code model}: the selection and the
     * instruction of each selected device.
     */
    RoundPlan configure(long round, GlobalModel model);

    /** A fresh aggregation for the accepted updates of {@code plan}'s round. */
    Aggregation aggregation(RoundPlan plan);

    /**
     * Round {@code record} ended (also one below quorum): what a strategy that adapts (its
     * {@link PrecisionPolicy}) learns from it. Called on the round loop's thread after the
     * round's record was written and before the next {@link #configure}. Default: nothing.
     */
    default void roundEnded(RoundRecord record) {
    }

    /**
     * How the strategy chooses each round's n and m, as {@link PrecisionPolicy#describe} gives it,
     * for the manifest: {@code fixed} unless the strategy has a policy that adapts them.
     */
    default String precisionPolicy() {
        return FixedPrecision.NAME;
    }

    /**
     * What this strategy carries from one round to later ones, for the base station's checkpoint;
     * empty (the default) for a strategy that keeps nothing, being a function of the seed, the
     * round and the model it is given.
     */
    default byte[] saveState() throws IOException {
        return new byte[0];
    }

    /**
     * Continues from the state {@link #saveState} returned, before the next {@link #configure}.
     *
     * @throws IOException when the bytes are not a state of this strategy
     */
    default void restoreState(byte[] state) throws IOException {
        if (state.length != 0) {
            throw new IOException("strategy " + name() + " keeps no state across rounds, but the checkpoint holds "
                    + state.length + " bytes of it (made by another strategy?)");
        }
    }
}

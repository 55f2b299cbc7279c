package org.fedqnn.server.strategy;

/**
 * Chooses the precision of each round, n and m, from the rounds that finished before it: the
 * seam through which a strategy's precision adapts during training without the round loop
 * knowing ({@link PaperFedAvg} asks it in {@link FederatedStrategy#configure} and tells it each
 * finished round through {@link FederatedStrategy#roundEnded}). Built by
 * {@link PrecisionPolicies#parse} from {@code --precision-policy}.
 *
 * <p>Implementations must be deterministic functions of the history they are given (and of
 * their parameters), so that a run is reproducible from its seed and its manifest; they are
 * called from the round loop's thread only. A policy never switches between float32 and fixed
 * point: the model's layout (which tensors are clipped) is fixed for the run.
 */
public interface PrecisionPolicy {

    /**
     * The n and m of the next round, {@code history.size()}, given every round that finished
     * (all of them, in order; empty before the first).
     */
    RoundPrecision next(RoundHistory history);

    /**
     * The policy and its parameters as {@code --precision-policy} reads them back, e.g.
     * {@code fixed} or {@code loss-driven:start=2,max=8,step=+1,window=3,threshold=0.01}; for the
     * manifest and the reports.
     */
    String describe();
}

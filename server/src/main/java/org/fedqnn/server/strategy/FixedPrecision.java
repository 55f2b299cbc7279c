package org.fedqnn.server.strategy;

import java.util.Objects;

/** The paper's choice: every round at the run's n and m ({@code --precision-policy fixed}). Immutable. */
public final class FixedPrecision implements PrecisionPolicy {

    /** The policy's name. */
    public static final String NAME = "fixed";

    private final RoundPrecision precision;

    /** Every round at {@code precision}. */
    public FixedPrecision(RoundPrecision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    @Override
    public RoundPrecision next(RoundHistory history) {
        return precision;
    }

    @Override
    public String describe() {
        return NAME;
    }
}

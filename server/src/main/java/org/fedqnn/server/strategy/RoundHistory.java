package org.fedqnn.server.strategy;

import java.util.List;

/**
 * The finished rounds of a run so far, oldest first, as a precision policy sees them. Immutable.
 *
 * @param rounds the finished rounds, in order
 */
public record RoundHistory(List<FinishedRound> rounds) {

    /** Before the first round. */
    public static final RoundHistory EMPTY = new RoundHistory(List.of());

    public RoundHistory {
        rounds = List.copyOf(rounds);
    }

    /** The number of finished rounds. */
    public int size() {
        return rounds.size();
    }

    public boolean isEmpty() {
        return rounds.isEmpty();
    }

    /** The latest finished round. */
    public FinishedRound last() {
        if (rounds.isEmpty()) {
            throw new IllegalStateException("no round has finished yet");
        }
        return rounds.get(rounds.size() - 1);
    }

    /** This history with {@code next} appended. */
    public RoundHistory with(FinishedRound next) {
        java.util.ArrayList<FinishedRound> all = new java.util.ArrayList<>(rounds);
        all.add(next);
        return new RoundHistory(all);
    }
}

package org.fedqnn.server.records;

import java.util.List;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.measures.BoundPoint;

/** Several listeners told in order. Immutable. */
public record RunListeners(List<RunListener> all) implements RunListener {

    public RunListeners {
        all = List.copyOf(all);
    }

    @Override
    public void started(Evaluation initial, BoundPoint initialBound, double registrationSeconds) {
        all.forEach(l -> l.started(initial, initialBound, registrationSeconds));
    }

    @Override
    public void resumed(Evaluation initial, BoundPoint initialBound, long rounds) {
        all.forEach(l -> l.resumed(initial, initialBound, rounds));
    }

    @Override
    public void roundEnded(RoundRecord record) {
        all.forEach(l -> l.roundEnded(record));
    }

    @Override
    public void ended(RunOutcome outcome) {
        all.forEach(l -> l.ended(outcome));
    }
}

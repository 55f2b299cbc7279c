package org.fedqnn.server.round;

import java.util.Objects;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.ModelEvaluator;
import org.fedqnn.server.measures.RunMeasures;

/**
 * When and how the round loop evaluates a global model (test accuracy and loss, and the training
 * loss gap): w_0, then the model after every R-th round and after the last
 * ({@link RunSettings#evaluatesAfter}). A model already evaluated (a round below quorum leaves it
 * unchanged) keeps its figures; a model not evaluated gets NaN figures, which the records leave
 * empty and the stop rules do not act on. Not thread-safe: the round loop's thread owns it.
 */
final class ModelChecks {

    /** A model's test figures (null when not evaluated), its loss gap, and the seconds spent on them now. */
    record Figures(Evaluation test, BoundPoint bound, double seconds) {

        double accuracy() {
            return test == null ? Double.NaN : test.accuracy();
        }

        double loss() {
            return test == null ? Double.NaN : test.meanLoss();
        }
    }

    private final RunSettings settings;
    private final ModelEvaluator evaluator;
    private final RunMeasures measures;
    private long evaluatedVersion = -1;
    private Figures last;

    ModelChecks(RunSettings settings, ModelEvaluator evaluator, RunMeasures measures) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.measures = Objects.requireNonNull(measures, "measures");
    }

    /** Evaluates {@code model} now. */
    Figures evaluate(GlobalModel model) {
        long start = System.nanoTime();
        Evaluation e = evaluator.evaluate(model);
        BoundPoint bound = measures.gapOf(model);
        evaluatedVersion = model.round();
        last = new Figures(e, bound, (System.nanoTime() - start) / 1e9);
        return last;
    }

    /**
     * After a resume from the checkpoint taken after {@code rounds} rounds: {@code model}, the one
     * then held, is evaluated again (the same figures: evaluation is deterministic) when the run
     * had evaluated it, so that a round below quorum next keeps its figures as it would have.
     */
    void resumed(long rounds, GlobalModel model) {
        if (rounds == 0 || settings.evaluatesAfter(rounds - 1)) {
            evaluate(model);
        }
    }

    /** The figures of {@code model} after round {@code round}: kept, evaluated now, or NaN when not due. */
    Figures afterRound(long round, GlobalModel model) {
        if (model.round() == evaluatedVersion) {
            return new Figures(last.test(), last.bound(), 0);
        }
        if (settings.evaluatesAfter(round)) {
            return evaluate(model);
        }
        return new Figures(null, BoundPoint.notEvaluated(model.round()), 0);
    }
}

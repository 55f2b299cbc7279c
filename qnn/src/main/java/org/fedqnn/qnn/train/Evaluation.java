package org.fedqnn.qnn.train;

/**
 * Summed cross-entropy loss and correct predictions over some samples; add several with
 * {@link #plus}. Immutable.
 *
 * @param lossSum sum of per-sample cross-entropy (natural log)
 * @param correct samples whose largest logit is the label
 * @param count   samples
 */
public record Evaluation(double lossSum, long correct, long count) {

    /** No samples. */
    public static final Evaluation EMPTY = new Evaluation(0, 0, 0);

    public Evaluation {
        if (correct < 0 || count < 0 || correct > count) {
            throw new IllegalArgumentException("Evaluation needs 0 <= correct <= count, got " + correct
                    + " of " + count);
        }
    }

    /** Both together. */
    public Evaluation plus(Evaluation other) {
        return new Evaluation(lossSum + other.lossSum, correct + other.correct, count + other.count);
    }

    /** Mean loss per sample (NaN for no samples). */
    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Fraction correct (NaN for no samples). */
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}

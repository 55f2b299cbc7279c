package org.fedqnn.qnn.train;

/**
 * Softmax with cross-entropy on a batch of logits, in double precision on the heap (the
 * logits are {@code batch x classes}, a few hundred values).
 */
final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * The summed loss and correct count of {@code logits} ({@code batch x classes}, row-major)
     * against {@code labels}; when {@code grad} is not null it receives
     * {@code (softmax - onehot) / batch}, the gradient of the mean loss.
     */
    static Evaluation apply(float[] logits, int[] labels, int batch, int classes, float[] grad) {
        double lossSum = 0;
        long correct = 0;
        double[] p = new double[classes];
        for (int b = 0; b < batch; b++) {
            int row = b * classes;
            int label = labels[b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("labels[" + b + "] must be in 0.." + (classes - 1)
                        + ", got " + label);
            }
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < classes; c++) {
                if (logits[row + c] > max) {
                    max = logits[row + c];
                    argmax = c;
                }
            }
            if (!Double.isFinite(max)) {
                throw new ArithmeticException("logits of sample " + b + " are not finite (max " + max
                        + "); training diverged (lower the learning rate)");
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(logits[row + c] - max);
                sum += p[c];
            }
            lossSum += Math.log(sum) - (logits[row + label] - max);
            if (argmax == label) {
                correct++;
            }
            if (grad != null) {
                for (int c = 0; c < classes; c++) {
                    grad[row + c] = (float) ((p[c] / sum - (c == label ? 1 : 0)) / batch);
                }
            }
        }
        return new Evaluation(lossSum, correct, batch);
    }
}

package org.fedqnn.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code epochs.csv} of {@code fedqnn train}: one row per epoch, flushed as it is written. */
final class EpochCsv implements AutoCloseable {

    static final String HEADER = "epoch,learning_rate,train_loss,test_loss,test_accuracy,samples_per_second,"
            + "train_seconds,eval_seconds";

    private final BufferedWriter out;

    EpochCsv(Path file) throws IOException {
        out = Files.newBufferedWriter(file);
        out.write(HEADER);
        out.newLine();
        out.flush();
    }

    void write(CentralTrainer.EpochResult r) throws IOException {
        out.write(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.1f,%.3f,%.3f", r.epoch() + 1, r.learningRate(),
                r.trainLoss(), r.test().meanLoss(), r.test().accuracy(), r.samplesPerSecond(), r.trainSeconds(),
                r.evalSeconds()));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

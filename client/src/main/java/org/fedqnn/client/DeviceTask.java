package org.fedqnn.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.fedqnn.proto.convert.MalformedMessageException;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.convert.PrecisionMessages;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.proto.v2.TaskHeader;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * A task as its {@link TaskHeader} announced it, checked against the run's model: round t,
 * training precision n, I, eta_t, B, the deadline, and the tensors of w_t that follow and of
 * the update that must answer, each with its uplink width m_l. Immutable and thread-safe.
 *
 * @param round         t, >= 0
 * @param training      n
 * @param localSteps    I, >= 1
 * @param learningRate  eta_t, finite and > 0
 * @param batchSize     B, >= 1
 * @param deadline      from the header's arrival until the server stops accepting the update, > 0
 * @param selectedCount K, for the record, >= 0
 * @param taskTensors   the tensors of w_t, in the model's order
 * @param updateTensors the tensors of the update, in the model's order, each with its width
 */
public record DeviceTask(long round, Precision training, int localSteps, double learningRate,
                         int batchSize, Duration deadline, int selectedCount, List<ExpectedTensor> taskTensors,
                         List<ExpectedTensor> updateTensors) {

    public DeviceTask {
        Objects.requireNonNull(training, "DeviceTask.training");
        Objects.requireNonNull(deadline, "DeviceTask.deadline");
        taskTensors = List.copyOf(taskTensors);
        updateTensors = List.copyOf(updateTensors);
    }

    /**
     * The task a header announces.
     *
     * @throws MalformedMessageException naming the first illegal field
     */
    public static DeviceTask fromHeader(TaskHeader h, ModelSpec model) {
        if (h.getRound() < 0) {
            throw new MalformedMessageException("TaskHeader.round", ">= 0", h.getRound());
        }
        Precision training = PrecisionMessages.fromProto("TaskHeader.training_precision", h.getTrainingPrecision());
        if (h.getLocalSteps() < 1) {
            throw new MalformedMessageException("TaskHeader.local_steps", ">= 1", h.getLocalSteps());
        }
        if (!(h.getLearningRate() > 0) || !Double.isFinite(h.getLearningRate())) {
            throw new MalformedMessageException("TaskHeader.learning_rate", "finite and > 0", h.getLearningRate());
        }
        if (h.getBatchSize() < 1) {
            throw new MalformedMessageException("TaskHeader.batch_size", ">= 1", h.getBatchSize());
        }
        if (h.getDeadlineMs() < 1) {
            throw new MalformedMessageException("TaskHeader.deadline_ms", ">= 1", h.getDeadlineMs());
        }
        if (h.getSelectedCount() < 0) {
            throw new MalformedMessageException("TaskHeader.selected_count", ">= 0", h.getSelectedCount());
        }
        List<ExpectedTensor> tensors = ModelMessages.expected("TaskHeader.tensors", h.getTensorsList(), model);
        List<ExpectedTensor> update = ModelMessages.expected("TaskHeader.update_tensors", h.getUpdateTensorsList(),
                model);
        if (training.isFloat()) {
            for (int i = 0; i < update.size(); i++) {
                if (update.get(i).encoding().isFixedPoint()) {
                    throw new MalformedMessageException("TaskHeader.update_tensors[" + i + "].encoding",
                            "ENCODING_FLOAT32 for a float32 task", update.get(i).encoding());
                }
            }
        }
        return new DeviceTask(h.getRound(), training, h.getLocalSteps(), h.getLearningRate(),
                h.getBatchSize(), Duration.ofMillis(h.getDeadlineMs()), h.getSelectedCount(), tensors, update);
    }

    /** What device {@code deviceIndex} trains for this task, with the run seed {@code seed}. */
    public TrainingTask training(ModelDescription model, int deviceIndex, long seed) {
        return new TrainingTask(model, round, training, localSteps, learningRate, batchSize, deviceIndex, seed);
    }
}

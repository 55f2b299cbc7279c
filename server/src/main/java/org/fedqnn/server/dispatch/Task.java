package org.fedqnn.server.dispatch;

import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.GlobalModel;

/**
 * One device's task for one round (Algorithm 1, lines 4-5): the global model w_t and what the
 * strategy asks of this device. Immutable (the model's arrays are never written).
 *
 * @param round          the round number, global to the run
 * @param modelVersion   t, the aggregations that formed w_t (eta_t is taken at it)
 * @param training       n_k
 * @param localSteps     I
 * @param learningRate   eta_t
 * @param batchSize      samples per local step
 * @param deadlineMillis milliseconds left until the round stops accepting updates
 * @param selectedCount  K
 * @param taskTensors    the tensors of w_t as they are sent
 * @param updateTensors  the tensors the update must carry, each with its width m_{k,l}
 * @param model          w_t
 */
public record Task(long round, long modelVersion, Precision training, int localSteps, double learningRate,
                   int batchSize, long deadlineMillis, int selectedCount, List<ExpectedTensor> taskTensors,
                   List<ExpectedTensor> updateTensors, GlobalModel model) {
}

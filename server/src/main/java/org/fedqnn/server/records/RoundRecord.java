package org.fedqnn.server.records;

import java.util.List;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RoundTime;
import org.fedqnn.server.strategy.RoundPrecision;

/**
 * The record of one round: who was selected and what came back, the model's test figures
 * after the round, the bytes on the uplink and where the time went. Immutable.
 *
 * @param round                the round number, from 0
 * @param modelVersion         t of the w_t sent out
 * @param selected             K
 * @param received             K', updates accepted in time
 * @param late                 updates still streaming or arriving after the deadline
 * @param rejected             devices whose every update was refused
 * @param silent               selected devices that sent nothing
 * @param aggregated           true when K' met the quorum and w was updated
 * @param learningRate         eta_t
 * @param testAccuracy         of the model after the round
 * @param testLoss             mean cross-entropy of the model after the round
 * @param meanLocalLoss        mean of the received devices' local losses, NaN when none
 * @param uplinkBytes          serialized bytes of the received updates
 * @param uplinkPayloadBytes   tensor data bytes of the received updates
 * @param downloadSeconds      from the round's start until the last selected device had its task
 * @param slowestDeviceSeconds from the round's start until the last accepted update, NaN when none
 * @param aggregationSeconds   forming w_{t+1}
 * @param evaluationSeconds    evaluating it on the test set
 * @param roundSeconds         the whole round, from its start to the end of evaluation
 * @param devices              one outcome per selected device, by index
 * @param energy               the ledger's line for this round and the run so far
 * @param bound                the model's training loss gap after the round next to eq. (20)
 * @param time                 the round's modelled time ({@link RoundTime#NONE} without device profiles)
 * @param precision            the n and m the round asked ({@link RoundPrecision#of}), null when not recorded
 */
public record RoundRecord(long round, long modelVersion, int selected, int received, int late, int rejected,
                          int silent, boolean aggregated, double learningRate, double testAccuracy, double testLoss,
                          double meanLocalLoss, long uplinkBytes, long uplinkPayloadBytes, double downloadSeconds,
                          double slowestDeviceSeconds, double aggregationSeconds, double evaluationSeconds,
                          double roundSeconds, List<DeviceOutcome> devices, RoundEnergy energy,
                          BoundPoint bound, RoundTime time, RoundPrecision precision) {

    public RoundRecord {
        devices = List.copyOf(devices);
        time = time == null ? RoundTime.NONE : time;
    }

    /** A round whose precision is not recorded (null). */
    public RoundRecord(long round, long modelVersion, int selected, int received, int late, int rejected, int silent,
                       boolean aggregated, double learningRate, double testAccuracy, double testLoss,
                       double meanLocalLoss, long uplinkBytes, long uplinkPayloadBytes, double downloadSeconds,
                       double slowestDeviceSeconds, double aggregationSeconds, double evaluationSeconds,
                       double roundSeconds, List<DeviceOutcome> devices, RoundEnergy energy, BoundPoint bound,
                       RoundTime time) {
        this(round, modelVersion, selected, received, late, rejected, silent, aggregated, learningRate, testAccuracy,
                testLoss, meanLocalLoss, uplinkBytes, uplinkPayloadBytes, downloadSeconds, slowestDeviceSeconds,
                aggregationSeconds, evaluationSeconds, roundSeconds, devices, energy, bound, time, null);
    }

    /** A round without a time model. */
    public RoundRecord(long round, long modelVersion, int selected, int received, int late, int rejected, int silent,
                       boolean aggregated, double learningRate, double testAccuracy, double testLoss,
                       double meanLocalLoss, long uplinkBytes, long uplinkPayloadBytes, double downloadSeconds,
                       double slowestDeviceSeconds, double aggregationSeconds, double evaluationSeconds,
                       double roundSeconds, List<DeviceOutcome> devices, RoundEnergy energy, BoundPoint bound) {
        this(round, modelVersion, selected, received, late, rejected, silent, aggregated, learningRate, testAccuracy,
                testLoss, meanLocalLoss, uplinkBytes, uplinkPayloadBytes, downloadSeconds, slowestDeviceSeconds,
                aggregationSeconds, evaluationSeconds, roundSeconds, devices, energy, bound, RoundTime.NONE);
    }
}

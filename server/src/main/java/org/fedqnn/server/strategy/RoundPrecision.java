package org.fedqnn.server.strategy;

import java.util.Objects;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * The precisions of one round: the training precision n the selected devices train at and the
 * uplink width m their deltas are sent at, and how many devices the round selects when a policy
 * chooses that too. Both precisions are float32 or both fixed point. Immutable.
 *
 * @param training     n
 * @param uplink       m
 * @param participants K_t, the devices the round selects (at most the run's K), or 0 for the run's K
 */
public record RoundPrecision(Precision training, Precision uplink, int participants) {

    /** The run's K. */
    public static final int RUN_K = 0;

    public RoundPrecision {
        Objects.requireNonNull(training, "RoundPrecision.training");
        Objects.requireNonNull(uplink, "RoundPrecision.uplink");
        if (training.isFloat() != uplink.isFloat()) {
            throw new IllegalArgumentException("training and uplink precision must both be float32 or both fixed "
                    + "point, got n = " + training + " and m = " + uplink);
        }
        if (participants < 0) {
            throw new IllegalArgumentException("a round selects at least one device (or 0 for the run's K), got "
                    + participants);
        }
    }

    /** n and m at the run's K. */
    public RoundPrecision(Precision training, Precision uplink) {
        this(training, uplink, RUN_K);
    }

    /** K_t: {@link #participants} when set, else {@code runK}, never above {@code runK}. */
    public int participantsOf(int runK) {
        return participants == RUN_K ? runK : Math.min(participants, runK);
    }

    /**
     * What {@code plan} asked: the largest n of its selected devices, and the widest fixed-point
     * width of their update tensors (float32 when none is fixed point). For the paper's strategy
     * every device has the same n and m; under layer-wise widths these are the round's maxima.
     */
    public static RoundPrecision of(RoundPlan plan) {
        int n = -1;
        int m = 0;
        boolean floatTraining = true;
        for (int k : plan.selected()) {
            DeviceInstruction in = plan.instruction(k);
            if (!in.training().isFloat()) {
                floatTraining = false;
                n = Math.max(n, in.training().bits());
            }
            for (ExpectedTensor t : in.updateTensors()) {
                if (t.encoding().isFixedPoint()) {
                    m = Math.max(m, t.encoding().bits());
                }
            }
        }
        if (floatTraining) {
            return new RoundPrecision(Precision.FLOAT32, Precision.FLOAT32);
        }
        // a fixed-point run whose quantized tensors all went float32 still names its n as m
        return new RoundPrecision(Precision.fixed(n), Precision.fixed(m == 0 ? n : m));
    }

    /** {@code n=4, m=4} or {@code float32}. */
    @Override
    public String toString() {
        String k = participants == RUN_K ? "" : ", K=" + participants;
        return (training.isFloat() ? "float32" : "n=" + training.bits() + ", m=" + uplink.bits()) + k;
    }
}

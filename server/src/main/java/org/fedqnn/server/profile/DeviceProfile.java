package org.fedqnn.server.profile;

import java.util.Objects;
import org.fedqnn.qnn.train.Precision;

/**
 * What one device can do, for the time model and for the strategies that budget its uplink: its
 * uplink rate, its compute speed, and the highest precision it can train at. The paper's
 * wireless channel (eqs. (10)-(12)) stays the energy model; the profile sets the time.
 * Immutable.
 *
 * @param uplinkBitsPerSecond its link's rate, > 0
 * @param macsPerSecond       MACs it computes per second, > 0
 * @param maxTraining         the highest training precision it supports (float32: any)
 */
public record DeviceProfile(double uplinkBitsPerSecond, double macsPerSecond, Precision maxTraining) {

    public DeviceProfile {
        if (!(uplinkBitsPerSecond > 0) || !Double.isFinite(uplinkBitsPerSecond)) {
            throw new IllegalArgumentException("DeviceProfile.uplinkBitsPerSecond must be finite and > 0, got "
                    + uplinkBitsPerSecond);
        }
        if (!(macsPerSecond > 0) || !Double.isFinite(macsPerSecond)) {
            throw new IllegalArgumentException("DeviceProfile.macsPerSecond must be finite and > 0, got "
                    + macsPerSecond);
        }
        Objects.requireNonNull(maxTraining, "DeviceProfile.maxTraining");
    }

    /** Modelled seconds to compute {@code macs} MACs. */
    public double computeSeconds(double macs) {
        return macs / macsPerSecond;
    }

    /** Modelled seconds to send {@code bits} bits on its link. */
    public double uploadSeconds(double bits) {
        return bits / uplinkBitsPerSecond;
    }

    /** The bits it can send in {@code seconds}. */
    public long budgetBits(double seconds) {
        return (long) Math.floor(uplinkBitsPerSecond * seconds);
    }

    /** The precision it trains at when asked for {@code wanted}: the lower of the two. */
    public Precision trainingPrecision(Precision wanted) {
        if (maxTraining.isFloat() || (!wanted.isFloat() && wanted.bits() <= maxTraining.bits())) {
            return wanted;
        }
        return maxTraining;
    }
}

package org.fedqnn.qnn.bound;

import org.fedqnn.qnn.Checks;

/**
 * The shape of the federation that eqs. (14) and (21) depend on: N devices, K of them
 * selected uniformly each round, I local SGD steps each (Algorithm 1).
 *
 * <p>Immutable and thread-safe.
 *
 * @param devices         N, at least 1 (paper: 50)
 * @param devicesPerRound K, in 1..N (paper: 30)
 * @param localSteps      I, at least 1 (paper: 5)
 */
public record FederatedSetting(int devices, int devicesPerRound, int localSteps) {

    public FederatedSetting {
        Checks.atLeast("FederatedSetting.devices", 1, devices);
        Checks.inRange("FederatedSetting.devicesPerRound", 1, devices, devicesPerRound);
        Checks.atLeast("FederatedSetting.localSteps", 1, localSteps);
    }

    /** Section IV: N = 50, K = 30, I = 5. */
    public static FederatedSetting paperDefaults() {
        return new FederatedSetting(50, 30, 5);
    }

    /** This setting with I = {@code steps}. */
    public FederatedSetting withLocalSteps(int steps) {
        return new FederatedSetting(devices, devicesPerRound, steps);
    }
}

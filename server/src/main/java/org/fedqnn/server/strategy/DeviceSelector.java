package org.fedqnn.server.strategy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fedqnn.qnn.StreamKey;

/**
 * Picks the K of N devices of a round uniformly at random (Algorithm 1, line 3): a partial
 * Fisher-Yates shuffle of 0..N-1 drawn from {@code derive(seed, DEVICE_SELECTION, round, 0, 0)},
 * so the same seed selects the same devices in every run, whichever devices are connected.
 * Stateless and thread-safe.
 */
public final class DeviceSelector {

    private DeviceSelector() {}

    /**
     * @return K distinct device indices in 0..N-1, ascending
     */
    public static int[] select(long seed, long round, int devices, int perRound) {
        if (perRound < 1 || perRound > devices) {
            throw new IllegalArgumentException("K must be in 1..N = " + devices + ", got " + perRound);
        }
        SplittableRandom random = new SplittableRandom(
                StreamKey.derive(seed, StreamKey.Purpose.DEVICE_SELECTION, round, 0, 0));
        int[] all = new int[devices];
        for (int i = 0; i < devices; i++) {
            all[i] = i;
        }
        for (int i = 0; i < perRound; i++) {
            int j = i + random.nextInt(devices - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, perRound);
        Arrays.sort(chosen);
        return chosen;
    }
}

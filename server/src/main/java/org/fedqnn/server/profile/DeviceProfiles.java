package org.fedqnn.server.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.train.Precision;

/**
 * The profiles of a run's N devices, drawn once from the run seed by a named scenario
 * ({@code StreamKey.Purpose.DEVICE_PROFILE}), or given one per device. Same seed, same
 * profiles, whichever devices connect. Immutable and thread-safe.
 */
public final class DeviceProfiles {

    /** The three-tier scenario's rates: 1, 10 and 100 Mbit/s. */
    public static final double[] TIER_BITS_PER_SECOND = {1e6, 1e7, 1e8};

    private final String scenario;
    private final List<DeviceProfile> profiles;

    private DeviceProfiles(String scenario, List<DeviceProfile> profiles) {
        this.scenario = scenario;
        this.profiles = List.copyOf(profiles);
    }

    /** Every device alike. */
    public static DeviceProfiles homogeneous(int devices, double bitsPerSecond, double macsPerSecond) {
        checkCount(devices);
        DeviceProfile p = new DeviceProfile(bitsPerSecond, macsPerSecond, Precision.FLOAT32);
        return new DeviceProfiles(String.format(Locale.ROOT, "homogeneous (%s, %s)", rate(bitsPerSecond),
                macs(macsPerSecond)), java.util.Collections.nCopies(devices, p));
    }

    /**
     * Three tiers at 1, 10 and 100 Mbit/s: the devices in a seeded random order, the first third
     * (rounded up) at 1 Mbit/s, the next at 10, the rest at 100; one compute speed for all.
     */
    public static DeviceProfiles tiers(int devices, long seed, double macsPerSecond) {
        return tiers(devices, seed, macsPerSecond, TIER_BITS_PER_SECOND);
    }

    /**
     * Tiers at the given rates (bit/s, one per tier): the devices in a seeded random order, the
     * first ceil(N / tiers) at the first rate, the next as many at the second, and so on; one
     * compute speed for all. With 1, 10 and 100 Mbit/s it is {@link #tiers(int, long, double)}.
     */
    public static DeviceProfiles tiers(int devices, long seed, double macsPerSecond, double[] bitsPerSecond) {
        checkCount(devices);
        if (bitsPerSecond.length < 1) {
            throw new IllegalArgumentException("tiers need at least one rate");
        }
        int[] order = SeededShuffle.permutation(devices,
                StreamKey.derive(seed, StreamKey.Purpose.DEVICE_PROFILE, 0, 0, 0));
        DeviceProfile[] out = new DeviceProfile[devices];
        int tiers = bitsPerSecond.length;
        int perTier = (devices + tiers - 1) / tiers;
        for (int i = 0; i < devices; i++) {
            int tier = Math.min(tiers - 1, i / perTier);
            out[order[i]] = new DeviceProfile(bitsPerSecond[tier], macsPerSecond, Precision.FLOAT32);
        }
        StringBuilder rates = new StringBuilder();
        for (double r : bitsPerSecond) {
            rates.append(rates.length() == 0 ? "" : " / ").append(new java.math.BigDecimal(String.format(Locale.ROOT,
                    "%.4g", r / 1e6)).stripTrailingZeros().toPlainString());
        }
        return new DeviceProfiles("tiers (" + rates + " Mbit/s, " + macs(macsPerSecond) + ")", Arrays.asList(out));
    }

    /**
     * Rates log-normal around {@code medianBitsPerSecond}: exp(ln(median) + sigma * z) with z a
     * standard normal drawn per device from the seed; one compute speed for all.
     */
    public static DeviceProfiles logNormal(int devices, long seed, double medianBitsPerSecond, double sigma,
                                           double macsPerSecond) {
        checkCount(devices);
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("log-normal sigma must be finite and >= 0, got " + sigma);
        }
        List<DeviceProfile> out = new ArrayList<>();
        for (int k = 0; k < devices; k++) {
            SplittableRandom r = new SplittableRandom(StreamKey.derive(seed, StreamKey.Purpose.DEVICE_PROFILE, 0, k,
                    1));
            double rate = Math.exp(Math.log(medianBitsPerSecond) + sigma * gaussian(r));
            out.add(new DeviceProfile(rate, macsPerSecond, Precision.FLOAT32));
        }
        return new DeviceProfiles(String.format(Locale.ROOT, "log-normal (median %s, sigma %.2f, %s)",
                rate(medianBitsPerSecond), sigma, macs(macsPerSecond)), out);
    }

    /** Given profiles, one per device (from a file the user wrote). */
    public static DeviceProfiles of(String source, List<DeviceProfile> profiles) {
        checkCount(profiles.size());
        return new DeviceProfiles(source, profiles);
    }

    /** The scenario, in words, for the run's records. */
    public String scenario() {
        return scenario;
    }

    /** N. */
    public int size() {
        return profiles.size();
    }

    /** Device {@code k}'s profile. */
    public DeviceProfile of(int k) {
        return profiles.get(k);
    }

    /** All, by device index. */
    public List<DeviceProfile> all() {
        return profiles;
    }

    /** A standard normal by Box-Muller, from two uniforms of {@code r}. */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void checkCount(int devices) {
        if (devices < 1) {
            throw new IllegalArgumentException("device profiles need N >= 1 devices, got " + devices);
        }
    }

    private static String rate(double bitsPerSecond) {
        return String.format(Locale.ROOT, "%.4g Mbit/s", bitsPerSecond / 1e6);
    }

    private static String macs(double macsPerSecond) {
        return String.format(Locale.ROOT, "%.4g GMAC/s", macsPerSecond / 1e9);
    }
}

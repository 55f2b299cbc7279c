package org.fedqnn.qnn.energy;

import java.util.SplittableRandom;
import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.StreamKey;

/**
 * The channel gains h_k of eq. (10) for one run: N devices placed uniformly in the square of
 * {@link ChannelParameters} (once per run), and Rayleigh fading drawn afresh each round, so
 * h_k(t) = pathGain(distance_k) |g_k(t)|^2 with |g|^2 exponential of mean 1.
 *
 * <p>Every draw comes from the run seed through {@link StreamKey} with
 * {@link StreamKey.Purpose#CHANNEL}: device k's position from (seed, round 0, device k,
 * layer 0) and its fading in round t from (seed, round t, device k, layer 1), each through its
 * own {@link SplittableRandom}; the "layer" coordinate only tells the two kinds of draw apart.
 * So the same seed gives the same cell and the same fades, in any order of calls, and a
 * device's fading in one round is independent of every other round and device.
 *
 * <p>Immutable and thread-safe.
 */
public final class Channel {

    private static final long PLACEMENT = 0;
    private static final long FADING = 1;

    private final ChannelParameters parameters;
    private final long seed;
    private final DevicePosition[] positions;

    private Channel(ChannelParameters parameters, long seed, DevicePosition[] positions) {
        this.parameters = parameters;
        this.seed = seed;
        this.positions = positions;
    }

    /** Places {@code devices} devices (at least 1) for the run with {@code seed}. */
    public static Channel place(ChannelParameters parameters, int devices, long seed) {
        Checks.notNull("Channel parameters", parameters);
        Checks.atLeast("Channel devices", 1, devices);
        double side = parameters.areaSideMetres();
        DevicePosition[] positions = new DevicePosition[devices];
        for (int k = 0; k < devices; k++) {
            SplittableRandom random = new SplittableRandom(
                    StreamKey.derive(seed, StreamKey.Purpose.CHANNEL, 0, k, PLACEMENT));
            double x = (random.nextDouble() - 0.5) * side;
            double y = (random.nextDouble() - 0.5) * side;
            positions[k] = new DevicePosition(x, y);
        }
        return new Channel(parameters, seed, positions);
    }

    /** The number of devices. */
    public int devices() {
        return positions.length;
    }

    /** Device {@code k}'s position. */
    public DevicePosition position(int device) {
        return positions[checkDevice(device)];
    }

    /** Device {@code k}'s path gain, {@link ChannelParameters#pathGain} of its distance. */
    public double pathGain(int device) {
        return parameters.pathGain(position(device).distanceMetres());
    }

    /** |g_k(t)|^2 for round {@code round} (at least 0): exponential with mean 1, &gt; 0. */
    public double fadingPower(long round, int device) {
        Checks.atLeast("Channel round", 0, round);
        checkDevice(device);
        SplittableRandom random = new SplittableRandom(
                StreamKey.derive(seed, StreamKey.Purpose.CHANNEL, round, device, FADING));
        // 1 - u is in (0, 1], so the draw is finite; it is 0 only when u is 0, never below
        double draw = -Math.log(1.0 - random.nextDouble());
        return Math.max(draw, Double.MIN_NORMAL);
    }

    /** h_k(t) = path gain times |g_k(t)|^2. */
    public double gain(long round, int device) {
        return pathGain(device) * fadingPower(round, device);
    }

    private int checkDevice(int device) {
        if (device < 0 || device >= positions.length) {
            throw new IllegalArgumentException("Channel device must be in 0.." + (positions.length - 1)
                    + ", got " + device);
        }
        return device;
    }
}

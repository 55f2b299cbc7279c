package org.fedqnn.server.measures;

import java.util.List;
import java.util.Objects;
import org.fedqnn.qnn.energy.Channel;
import org.fedqnn.qnn.energy.ComputeEnergy;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.energy.Uplink;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.strategy.DeviceInstruction;

/**
 * The base station's energy ledger (section II.C) for real runs. Devices are placed once per
 * run in the cell from the run seed ({@link Channel#place}); each accepted update is charged
 *
 * <ul>
 *   <li>compute, eq. (9), for the counts a compliant device executes for its task, which the
 *       server computes itself ({@link ComplianceCosts}; a device's own figures are checked
 *       against them, never charged): forward plus backward MACs per sample times the I * B
 *       samples, N_s once per local step, O_s per sample
 *       ({@link ComputeWorkload.Source#MEASURED_ROUND}), at the precision n_k the device was
 *       asked to train at (n_max for float32);</li>
 *   <li>uplink, eqs. (10)-(12), for the bits that crossed the wire, 8 times the serialized bytes
 *       the server received for the update, at the device's channel gain h_k(t) of that round.</li>
 * </ul>
 *
 * Same seed, same placement and fades, so the same ledger for the same updates. Not thread-safe:
 * the coordinator's thread owns it.
 */
public final class EnergyLedger {

    private final EnergyParameters energy;
    private final Channel channel;
    private double computeJoules;
    private double uplinkJoules;
    private long uplinkBits;

    public EnergyLedger(MeasureSettings measures, int devices, long seed) {
        Objects.requireNonNull(measures, "measures");
        this.energy = measures.energy();
        this.channel = Channel.place(measures.cell(), devices, seed);
    }

    /** The channel devices sit in. */
    public Channel channel() {
        return channel;
    }

    /** The precision eq. (9) is evaluated at for a device training at {@code training}: n, at most n_max. */
    private double bitsOf(Precision training) {
        return Math.min(training.wireBits(), energy.nMax());
    }

    /**
     * The workload of one task of a compliant device, eq. (9)'s counts: (N_c + backward MACs) per
     * sample times the I * B samples, N_s once per local step, O_s per sample.
     */
    public static ComputeWorkload workload(ComplianceCosts costs, DeviceInstruction in) {
        double samples = ComplianceCosts.samples(in);
        return new ComputeWorkload(ComputeWorkload.Source.MEASURED_ROUND, costs.taskMacs(in),
                (double) costs.weights() * in.localSteps(), (double) costs.outputsPerSample() * samples);
    }

    /**
     * The entry of device {@code k}'s update in {@code round}, for the workload {@code work} at
     * precision {@code training} and the bytes the server received, without charging it.
     */
    public DeviceEnergy price(long round, int device, Precision training, ComputeWorkload work, long bytesReceived) {
        double macs = work.macs();
        double compute = ComputeEnergy.of(energy, work, bitsOf(training)).totalJoules();
        long sent = Math.multiplyExact(8L, bytesReceived);
        double gain = channel.gain(round, device);
        Uplink.Transmission up = Uplink.transmit(energy, sent, gain);
        return new DeviceEnergy(macs, compute, sent, gain, up.rateBitsPerSecond(), up.seconds(), up.joules());
    }

    /** Charges a round's entries and returns its line of the ledger. */
    public RoundEnergy charge(List<DeviceEnergy> entries) {
        double compute = 0;
        double uplink = 0;
        long sent = 0;
        for (DeviceEnergy e : entries) {
            compute += e.computeJoules();
            uplink += e.uplinkJoules();
            sent += e.uplinkBits();
        }
        computeJoules += compute;
        uplinkJoules += uplink;
        uplinkBits += sent;
        return new RoundEnergy(compute, uplink, sent, computeJoules, uplinkJoules, uplinkBits);
    }

    /** Continues from the totals of a checkpoint ({@link #totals}). */
    public void restore(double computeJoules, double uplinkJoules, long uplinkBits) {
        this.computeJoules = computeJoules;
        this.uplinkJoules = uplinkJoules;
        this.uplinkBits = uplinkBits;
    }

    /** The run's totals so far. */
    public RoundEnergy totals() {
        return new RoundEnergy(computeJoules, uplinkJoules, uplinkBits, computeJoules, uplinkJoules, uplinkBits);
    }
}

package org.fedqnn.server.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.energy.Channel;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.strategy.DeviceInstruction;
import org.junit.jupiter.api.Test;

/** The ledger's arithmetic, written out from eqs. (9)-(12) with the paper's constants. */
class EnergyLedgerTest {

    private static final double A = 3.7e-12;
    private static final double P = 0.1;
    private static final double B = 10e6;
    private static final double NOISE_WATTS = Math.pow(10, (-100 - 30) / 10.0) * B; // -100 dBm/Hz over B
    private static final int UNITS = 64;

    private static MeasureSettings measures() {
        EnergyParameters energy = EnergyParameters.paperDefaults().withMacUnits(UNITS);
        return new MeasureSettings(energy, ChannelParameters.paperDefaults(), BoundParameters.paperDefaults(), 0,
                MeasureSettings.ZERO_F_STAR, Double.NaN, 10, null);
    }

    /** Eq. (9) for the counts, at n bits, as the paper writes it. */
    private static double eq9(double macs, double weights, double outputs, double n) {
        double mac = A * Math.pow(n / 32, 1.25);
        double reuse = Math.sqrt(n / (UNITS * 32.0));
        double compute = mac * macs + 4 * outputs * A;
        double weightAccess = 2 * mac * weights + mac * macs * reuse;
        double activationAccess = 2 * 2 * mac * outputs + mac * macs * reuse;
        return compute + weightAccess + activationAccess;
    }

    /** The workload of a compliant task of I = {@code steps} steps over {@code samples} samples. */
    private static ComputeWorkload report(long forward, long backward, long weights, long outputs, long samples,
                                          int steps) {
        DeviceInstruction in = new DeviceInstruction(Precision.fixed(8), List.of(), steps, 0.1,
                Math.toIntExact(samples / steps));
        return EnergyLedger.workload(new ComplianceCosts(forward, backward, weights, outputs), in);
    }

    @Test
    void computeIsEq9OfWhatTheDeviceExecutedAndUplinkIsEqs10To12OfTheBitsReceived() {
        long seed = 77;
        EnergyLedger ledger = new EnergyLedger(measures(), 10, seed);
        Precision n = Precision.fixed(6);
        ComputeWorkload r = report(1000, 2000, 500, 300, 64, 4);
        DeviceEnergy e = ledger.price(3, 7, n, r, 12_345);

        double macs = 3000.0 * 64;
        assertEquals(macs, e.macs());
        double expectedCompute = eq9(macs, 500.0 * 4, 300.0 * 64, 6);
        assertEquals(expectedCompute, e.computeJoules(), 1e-12 * expectedCompute);

        Channel cell = Channel.place(ChannelParameters.paperDefaults(), 10, seed);
        double h = cell.gain(3, 7);
        double distance = cell.position(7).distanceMetres();
        assertEquals(Math.pow(Math.max(distance, 1), -2) * cell.fadingPower(3, 7), h, 1e-15 * h);
        assertEquals(h, e.channelGain());
        double rate = B * Math.log(1 + P * h / NOISE_WATTS) / Math.log(2);
        long bits = 8L * 12_345;
        assertEquals(bits, e.uplinkBits());
        assertEquals(rate, e.rateBitsPerSecond(), 1e-9 * rate);
        assertEquals(bits / rate, e.uplinkSeconds(), 1e-12);
        assertEquals(P * bits / rate, e.uplinkJoules(), 1e-12 * P * bits / rate);
    }

    @Test
    void float32IsChargedAtNMaxAndTheFadeChangesFromRoundToRound() {
        EnergyLedger ledger = new EnergyLedger(measures(), 4, 1);
        Precision n = Precision.float32();
        ComputeWorkload r = report(10, 20, 5, 3, 8, 2);
        DeviceEnergy e = ledger.price(0, 1, n, r, 100);
        assertEquals(eq9(30.0 * 8, 5.0 * 2, 3.0 * 8, 32), e.computeJoules(), 1e-24);
        assertNotEquals(e.channelGain(), ledger.price(1, 1, n, r, 100).channelGain());
        assertEquals(e.channelGain(), new EnergyLedger(measures(), 4, 1)
                .price(0, 1, n, r, 100).channelGain(), "same seed, same cell and fades");
    }

    @Test
    void roundsAddUpAndTotalsAccumulate() {
        EnergyLedger ledger = new EnergyLedger(measures(), 5, 3);
        Precision n = Precision.fixed(8);
        ComputeWorkload r = report(100, 200, 50, 30, 32, 2);
        DeviceEnergy a = ledger.price(0, 0, n, r, 1000);
        DeviceEnergy b = ledger.price(0, 4, n, r, 2000);
        RoundEnergy first = ledger.charge(List.of(a, b));
        assertEquals(a.computeJoules() + b.computeJoules(), first.computeJoules());
        assertEquals(a.uplinkJoules() + b.uplinkJoules(), first.uplinkJoules());
        assertEquals(8 * 3000, first.uplinkBits());
        DeviceEnergy c = ledger.price(1, 2, n, r, 500);
        RoundEnergy second = ledger.charge(List.of(c));
        assertEquals(c.computeJoules(), second.computeJoules());
        assertEquals(first.computeJoules() + c.computeJoules(), second.cumulativeComputeJoules(), 1e-30);
        assertEquals(first.uplinkJoules() + c.uplinkJoules(), second.cumulativeUplinkJoules(), 1e-30);
        assertEquals(8 * 3500, second.cumulativeUplinkBits());
        assertEquals(second.cumulativeJoules(), ledger.totals().cumulativeJoules());
        assertEquals(0, ledger.charge(List.of()).totalJoules(), "an empty round costs nothing");
    }

    @Test
    void settingsRefuseANegativeFStarOrTargetGap() {
        EnergyParameters e = EnergyParameters.paperDefaults();
        ChannelParameters c = ChannelParameters.paperDefaults();
        BoundParameters b = BoundParameters.paperDefaults();
        IllegalArgumentException star = assertThrows(IllegalArgumentException.class,
                () -> new MeasureSettings(e, c, b, -1, "x", Double.NaN, 10, null));
        assertEquals(true, star.getMessage().contains("--f-star"), star.getMessage());
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> new MeasureSettings(e, c, b, 0, "x", 0, 10, null));
        assertEquals(true, gap.getMessage().contains("--target-gap"), gap.getMessage());
    }
}

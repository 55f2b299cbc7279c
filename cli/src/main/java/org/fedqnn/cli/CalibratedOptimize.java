package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.bound.ConvergenceBound;
import org.fedqnn.qnn.bound.EnergyObjective;
import org.fedqnn.qnn.bound.EnergyPoint;
import org.fedqnn.qnn.bound.FederatedSetting;
import org.fedqnn.qnn.bound.PrecisionOptimizer;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.UplinkExpectation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.calibrate.Calibration;
import org.fedqnn.server.calibrate.PilotRuns;
import org.fedqnn.server.calibrate.QuantizationVariance;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.Manifest;

/**
 * {@code fedqnn optimize --calibrate RUN_DIR...}: the calibrated T(n), E_round(n), f_E(n) and n*
 * for n = 1..16 and float32, fitted on pilot run folders ({@link PilotRuns},
 * {@link CalibratedPredictor}), next to the paper's T(n) and f_E(n) of eq. (23) for the pilots'
 * configuration. Stateless.
 */
final class CalibratedOptimize {

    /** The largest n tabulated. */
    static final int LARGEST = 16;

    private CalibratedOptimize() {
    }

    /**
     * @param targetPercent test accuracy target in percent, null for the pilots' own target
     * @param targetLoss    a training-loss target instead, or null
     */
    static int run(List<Path> folders, Double targetPercent, Double targetLoss, double epsilon, int monteCarlo,
                   long seed, Path csv, PrintWriter out) throws IOException {
        if (targetPercent != null && targetLoss != null) {
            throw new IllegalArgumentException("give --target-accuracy or --target-loss, not both");
        }
        List<PilotRuns.Pilot> pilots = new ArrayList<>();
        for (Path f : folders) {
            pilots.add(PilotRuns.read(f));
        }
        CalibratedPredictor predictor = PilotRuns.predictor(pilots);
        Calibration c = predictor.fit();
        Manifest m = pilots.get(0).manifest();
        ToDoubleFunction<Precision> target;
        String targetText;
        if (targetLoss != null) {
            target = p -> targetLoss;
            targetText = String.format(Locale.ROOT, "training loss %.4f at every n", targetLoss);
        } else {
            double fraction = targetPercent != null ? targetPercent / 100 : m.federation().targetAccuracy();
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("the pilots name no target accuracy; give --target-accuracy P "
                        + "(percent) or --target-loss F");
            }
            if (!(c.accuracySlope() < 0)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the pilots' test accuracy does not fall "
                        + "with their training loss (fitted slope %.4g); give --target-loss F instead",
                        c.accuracySlope()));
            }
            target = p -> c.lossAtAccuracy(fraction, p);
            targetText = String.format(Locale.ROOT, "%.2f%% test accuracy = training loss %.4f at float32 (accuracy = "
                    + "%.4f (+-%.2g) %+.4f (+-%.2g) F %+.4g (+-%.2g) 2^(-2n) fitted on the pilots' rounds; each n is "
                    + "held to its own target loss)", 100 * fraction, c.lossAtAccuracy(fraction),
                    c.accuracyIntercept(), c.errors().accuracyIntercept(), c.accuracySlope(),
                    c.errors().accuracySlope(), c.accuracyCapacity(), c.errors().accuracyCapacity());
        }
        EnergyObjective paper = paperObjective(m, c, epsilon, monteCarlo, seed);
        PrecisionOptimizer.Optimum paperOptimum = PrecisionOptimizer.optimize(paper);

        out.printf(Locale.ROOT, "pilots  %d run folders: %s%n", pilots.size(), describe(pilots));
        out.printf(Locale.ROOT, "model   %s on %s, d = %,d, N = %d, K = %d, I = %d, batch %d%n", m.model().name(),
                m.data().dataset(), c.setup().modelSize(), m.federation().devices(), m.federation().devicesPerRound(),
                c.setup().localSteps(), m.federation().batchSize());
        out.printf(Locale.ROOT, "fit     F_t = F_{t-1} - c eta_t (F_{t-1} - F*(n)) + h N_t(n), F*(n) = F* + k_cap "
                + "2^(-2n), on %d round pairs: c = %.4g (+-%.2g), h = %.4g (+-%.2g), k_cap = %.4g (+-%.2g), F* = %.4g "
                + "(the pilots' own; rms residual %.4f)%n", c.pairs(), c.contraction(), c.errors().contraction(),
                c.noiseGain(), c.errors().noiseGain(), c.capacityFloor(), c.errors().capacityFloor(), c.lossFloor(),
                c.residual());
        out.printf(Locale.ROOT, "        (+- standard errors; a constant held at 0 has +-0; k_cap and a2 are fitted only "
                + "when a pilot ran at n <= %d, and k_cap kept only when at least its standard error)%n",
                CalibratedPredictor.CAPACITY_BITS);
        out.printf(Locale.ROOT, "noise   N_t(n) = (eta_t^2 I sigma^2 + q_t(n)) / K: sigma^2 = %.5g, gbar^2 = %.5g "
                + "(devices' reports); eta_t = %.4g / (t + %.4g)%n", c.sigmaSquared(), c.gbarSquared(), c.beta(),
                c.gamma());
        out.printf(Locale.ROOT, "energy  E_round(n) = K (r E^C(n) + J_bit b(n)): K = %.3g, r = %.4f, b(n) = %.0f + %.1f n "
                + "bits, J_bit = %.4g J/bit (ledger)%n", c.updatesPerRound(), c.computeRatio(), c.bitsIntercept(),
                c.bitsPerPrecision(), c.joulesPerBit());
        out.printf(Locale.ROOT, "target  %s, from round %d at loss %.4f + %.4g q(n)%n", targetText, c.startRound(),
                c.startLoss(), c.startLossPerQ());
        out.printf(Locale.ROOT, "paper   eq. (23) for the pilots' N, K, I, d and counts, epsilon = %s, L = %s, G = %s%n",
                EnergyModelSettings.num(epsilon), EnergyModelSettings.num(paper.bound().parameters().smoothnessL()),
                EnergyModelSettings.num(paper.bound().parameters().gradientBoundG()));
        out.println();
        out.printf(Locale.ROOT, "%-8s %12s %12s %9s %9s %8s %12s %12s | %12s %12s%n", "n", "q_t(n)", "Lemma 1",
                "F*(n)", "F target", "T cal", "E_round J", "f_E cal J", "T paper", "f_E paper J");
        List<CalibratedRow> rows = new ArrayList<>();
        for (Precision p : precisions()) {
            rows.add(row(c, p, target.applyAsDouble(p), paper));
        }
        int lowest = pilots.stream().mapToInt(pl -> pl.precision().wireBits()).min().orElseThrow();
        CalibratedRow best = cheapest(rows, 1);
        CalibratedRow bestInRange = cheapest(rows, lowest);
        for (CalibratedRow r : rows) {
            out.printf(Locale.ROOT, "%-8s %12.4g %12.4g %9.4f %9.4f %8s %12.5g %12.5g | %12.5g %12.5g%s%s%n",
                    r.precision(), r.quantizationVariance(), r.lemmaBound(), r.lossFloor(), r.targetLoss(),
                    r.calibratedRounds() == null ? "never"
                            : Long.toString(r.calibratedRounds()), r.roundJoules(), r.calibratedJoules(),
                    r.paperRounds(), r.paperJoules(), r == best ? "  <- n* calibrated"
                            : r == bestInRange ? "  <- n* calibrated, n >= " + lowest : "",
                    r.precision().equals(Integer.toString(paperOptimum.nStar())) ? "  <- n* paper" : "");
        }
        out.println();
        out.printf(Locale.ROOT, "n* calibrated = %s (f_E = %.4g J over %s rounds); n* paper = %d (line search %.3f, "
                        + "f_E = %.5g J)%n", best == null ? "none reaches the target" : best.precision(),
                best == null ? Double.NaN : best.calibratedJoules(), best == null ? "-" : best.calibratedRounds(),
                paperOptimum.nStar(), paperOptimum.continuousN(), paperOptimum.joules());
        out.printf(Locale.ROOT, "n* calibrated for n >= %d, the lowest pilot precision: %s (below it the quantization "
                + "term and the capacity floor are extrapolated)%n", lowest,
                bestInRange == null ? "none reaches the target" : bestInRange.precision());
        if (csv != null) {
            CsvTable.write(csv, CalibratedRow.class, rows);
            out.printf("table   %s%n", csv.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** The row with the fewest calibrated joules among n >= {@code lowest} (float32 included), or null. */
    private static CalibratedRow cheapest(List<CalibratedRow> rows, int lowest) {
        CalibratedRow best = null;
        for (CalibratedRow r : rows) {
            if (r.bits() >= lowest && Double.isFinite(r.calibratedJoules())
                    && (best == null || r.calibratedJoules() < best.calibratedJoules())) {
                best = r;
            }
        }
        return best;
    }

    private static List<Precision> precisions() {
        List<Precision> list = new ArrayList<>();
        for (int n = 1; n <= LARGEST; n++) {
            list.add(Precision.fixed(n));
        }
        list.add(Precision.float32());
        return list;
    }

    private static CalibratedRow row(Calibration c, Precision p, double target, EnergyObjective paper) {
        long t = c.roundsTo(p, target);
        Calibration.RoundJoules e = c.roundJoules(p);
        EnergyPoint a = paper.evaluate(p.wireBits());
        return new CalibratedRow(p.label(), p.wireBits(), c.quantizationVariance(p, c.startRound()),
                p.isFloat() ? 0 : QuantizationVariance.lemmaBound(c.setup().modelSize(), p.bits()), c.lossFloor(p),
                target, t < 0 ? null : t, e.computeJoules(), e.uplinkJoules(), e.totalJoules(), c.joulesTo(p, target),
                a.rounds(), a.totalJoules());
    }

    /** Eq. (23) for the pilots' configuration, as {@code fedqnn sweep} predicts it. */
    private static EnergyObjective paperObjective(Manifest m, Calibration c, double epsilon, int monteCarlo,
                                                  long seed) {
        Manifest.PaperBound b = m.measures().paperBound();
        BoundParameters paper = new BoundParameters(b.smoothnessL(), b.strongConvexityMu(), c.beta(), c.gamma(),
                b.meanSigmaSquared(), b.gradientBoundG(),
                BoundParameters.GradientBoundReading.valueOf(b.gradientBoundReading().toUpperCase(Locale.ROOT)));
        FederatedSetting setting = new FederatedSetting(m.federation().devices(), m.federation().devicesPerRound(),
                c.setup().localSteps());
        Manifest.Cell cell = m.measures().cell();
        UplinkExpectation uplink = UplinkExpectation.monteCarlo(c.setup().energy(), new ChannelParameters(
                cell.areaSideMetres(), cell.pathLossExponent(), cell.referenceDistanceMetres()),
                m.federation().devices(), monteCarlo, seed);
        return new EnergyObjective(c.setup().energy(), c.setup().workload(),
                new ConvergenceBound(paper, setting, c.setup().modelSize()), epsilon, uplink);
    }

    private static String describe(List<PilotRuns.Pilot> pilots) {
        StringBuilder s = new StringBuilder();
        for (PilotRuns.Pilot p : pilots) {
            s.append(s.length() == 0 ? "" : ", ").append(p.precision()).append(" (").append(p.rounds().size())
                    .append(" rounds, seed ").append(p.manifest().federation().seed()).append(')');
        }
        return s.toString();
    }
}

package org.fedqnn.server.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunFolder;

/**
 * Reads pilot run folders ({@code manifest.json}, {@code rounds.csv}, {@code device-rounds.csv})
 * into {@link RoundObservation}s for a {@link CalibratedPredictor}, and checks that the pilots
 * ran one configuration. A round's gradient figures and quantization variance are the means over
 * its received updates that report them; a {@code device-rounds.csv} written before devices
 * reported the quantization variance gives NaN (the closed form is used as it is). Stateless.
 */
public final class PilotRuns {

    /** Aggregated rounds a pilot needs at least: one pair of consecutive rounds after its first. */
    public static final int MIN_ROUNDS = 3;

    private PilotRuns() {
    }

    /** One pilot run: its manifest, precision and aggregated rounds. */
    public record Pilot(Path folder, Manifest manifest, Precision precision, List<RoundObservation> rounds) {
    }

    /**
     * The run in {@code folder}.
     *
     * @throws IllegalArgumentException when it is not a run folder, ran with m &ne; n, or has fewer
     *                                  than {@value #MIN_ROUNDS} aggregated rounds with a measured loss
     */
    public static Pilot read(Path folder) throws IOException {
        for (String name : List.of(RunFolder.MANIFEST, RunFolder.ROUNDS, RunFolder.DEVICE_ROUNDS)) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                throw new IllegalArgumentException(folder + " is not a run folder: it has no " + name
                        + " (give the folders that fedqnn run --out wrote)");
            }
        }
        Manifest m = Manifest.read(folder);
        Precision p = Precision.parse(m.model().trainingPrecision());
        if (!m.model().trainingPrecision().equals(m.model().uplinkPrecision())) {
            throw new IllegalArgumentException(folder + " ran with n = " + m.model().trainingPrecision() + " and m = "
                    + m.model().uplinkPrecision() + "; the calibration needs pilots with m = n");
        }
        List<DeviceRow> devices = org.fedqnn.server.records.CsvTable.read(folder.resolve(RunFolder.DEVICE_ROUNDS),
                DeviceRow.class);
        List<RoundObservation> rounds = new ArrayList<>();
        String run = folder.toString();
        for (RoundRow r : RoundRow.read(folder.resolve(RunFolder.ROUNDS))) {
            if (!r.aggregated() || r.received() < 1 || !Double.isFinite(r.trainingLoss())) {
                continue;
            }
            double[] norm = new double[2];
            double[] var = new double[2];
            double[] quantization = new double[2];
            for (DeviceRow d : devices) {
                if (d.round() == r.round() && d.status() == DeviceOutcome.Status.RECEIVED) {
                    add(norm, d.meanSquaredGradientNorm());
                    add(var, d.gradientVariance());
                    double q = d.quantizationVariance() == null ? Double.NaN : d.quantizationVariance();
                    if (Double.isFinite(q) && q >= 0) { // 0 is a measurement (float32); empty is none
                        quantization[0] += q;
                        quantization[1]++;
                    }
                }
            }
            rounds.add(new RoundObservation(run, r.round(), p, r.learningRate(), r.trainingLoss(), r.testAccuracy(),
                    r.received(), m.federation().localSteps(), mean(norm), mean(var), r.computeJoules(),
                    r.uplinkJoules(), r.uplinkBits(), mean(quantization)));
        }
        if (rounds.size() < MIN_ROUNDS) {
            throw new IllegalArgumentException(folder + " has " + rounds.size() + " aggregated round"
                    + (rounds.size() == 1 ? "" : "s") + " with a measured training loss; a pilot needs at least "
                    + MIN_ROUNDS + " (3-5 recommended)");
        }
        return new Pilot(folder, m, p, rounds);
    }

    /**
     * The model's setup from the first pilot's manifest, after checking that every pilot ran
     * the same model, data set, N, K, I, batch and energy model.
     *
     * @throws IllegalArgumentException naming the first difference, or when the pilots are at one precision
     */
    public static CalibratedPredictor.Setup setup(List<Pilot> pilots) {
        if (pilots.isEmpty()) {
            throw new IllegalArgumentException("no pilot run folders given");
        }
        Manifest first = pilots.get(0).manifest();
        for (Pilot p : pilots) {
            Manifest m = p.manifest();
            same(p, "model", first.model().name(), m.model().name());
            same(p, "input", first.model().input(), m.model().input());
            same(p, "data set", first.data().dataset(), m.data().dataset());
            same(p, "N", first.federation().devices(), m.federation().devices());
            same(p, "K", first.federation().devicesPerRound(), m.federation().devicesPerRound());
            same(p, "I", first.federation().localSteps(), m.federation().localSteps());
            same(p, "batch", first.federation().batchSize(), m.federation().batchSize());
            same(p, "learning rate", first.federation().learningRate(), m.federation().learningRate());
            same(p, "energy model", first.measures().energyModel(), m.measures().energyModel());
            same(p, "F*", first.measures().fStar(), m.measures().fStar());
        }
        if (pilots.stream().map(Pilot::precision).distinct().count() < 2) {
            throw new IllegalArgumentException("the pilots all ran at " + pilots.get(0).precision() + "; the "
                    + "calibration needs pilots at two precisions at least (e.g. n = 4 and n = 8)");
        }
        return setup(first);
    }

    /** The model's setup of the run {@code m} records: d, I, the energy model and one update's counts. */
    public static CalibratedPredictor.Setup setup(Manifest first) {
        Manifest.EnergyModel e = first.measures().energyModel();
        EnergyParameters energy = new EnergyParameters(e.transmitPowerWatts(), e.bandwidthHertz(), e.noiseDbm(),
                EnergyParameters.NoiseReading.valueOf(e.noiseReading().toUpperCase(Locale.ROOT)), e.macEnergyJoules(),
                e.alpha(), e.nMax(), e.macUnits());
        NetworkCost cost = CostCounter.count(ModelSpecs.byName(first.model().name()), shape(first.model().input()));
        int steps = first.federation().localSteps();
        return new CalibratedPredictor.Setup(first.model().weights(), steps, energy,
                ComputeWorkload.measuredRound(cost, first.federation().batchSize(), steps));
    }

    /** A predictor holding every pilot's rounds. */
    public static CalibratedPredictor predictor(List<Pilot> pilots) {
        CalibratedPredictor predictor = new CalibratedPredictor(setup(pilots),
                pilots.get(0).manifest().measures().fStar());
        for (Pilot p : pilots) {
            p.rounds().forEach(predictor::observe);
        }
        return predictor;
    }

    private static void same(Pilot p, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalArgumentException("the pilots must run one configuration: " + p.folder() + " has "
                    + what + " " + actual + ", the first pilot " + expected);
        }
    }

    private static TensorShape shape(String text) {
        String[] parts = text.split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("manifest input shape must be CxHxW, got '" + text + "'");
        }
        return new TensorShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    private static void add(double[] acc, double v) {
        if (Double.isFinite(v) && v > 0) {
            acc[0] += v;
            acc[1]++;
        }
    }

    private static double mean(double[] acc) {
        return acc[1] == 0 ? Double.NaN : acc[0] / acc[1];
    }
}

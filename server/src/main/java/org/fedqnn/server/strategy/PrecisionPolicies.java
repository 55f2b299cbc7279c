package org.fedqnn.server.strategy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code --precision-policy}: {@code fixed} (every round at the run's n and m, the paper's)
 * or {@code loss-driven[:key=value,...]} ({@link LossDrivenPrecision}) with the keys
 * {@code start} (default 2), {@code step} ({@code +k} or {@code xk}, default +1), {@code window}
 * (default 3), {@code threshold} (default 0.01) and {@code max}, which must be the run's n:
 * the ceiling is {@code --bits}, the precision the server evaluates the global model at; or
 * {@code energy-aware[:key=value,...]} ({@link EnergyAwarePrecision}) with the keys
 * {@code explore} (default 4), {@code high} (default the ceiling), {@code low} (default high / 2),
 * {@code min} (default 2, or low when lower), {@code every} (default 3), {@code margin} (default
 * 0.05), {@code score} ({@code decrease}, the default, or {@code target}: the predicted joules to
 * the run's --target-accuracy), {@code uplink} (m of every round, in place of --uplink-bits;
 * default m = n), {@code devices} ({@code auto} or {@code fewest-most}: K_t chosen each round too,
 * within 1..K; default every round at K) and {@code max}, again the run's n. Another policy is
 * added here by name. Stateless.
 */
public final class PrecisionPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(PrecisionPolicies.class);

    /** The first n of loss-driven when start is not given. */
    public static final int DEFAULT_START = 2;
    /** Rounds of loss-driven's plateau window when window is not given. */
    public static final int DEFAULT_WINDOW = 3;
    /** Loss-driven's relative decrease threshold when threshold is not given. */
    public static final double DEFAULT_THRESHOLD = 0.01;
    /** Energy-aware's lowest candidate n when min is not given (or low, when lower). */
    public static final int DEFAULT_MIN = 2;
    /** Rounds between energy-aware's choices when every is not given. */
    public static final int DEFAULT_EVERY = 3;
    /** Energy-aware's hysteresis margin when margin is not given. */
    public static final double DEFAULT_MARGIN = 0.05;

    private PrecisionPolicies() {
    }

    /**
     * The policy {@code spec} names for a run of {@code settings}; {@code uplinkFollows} is true
     * when the run's m was not given (m = n every round), false when {@code --uplink-bits} fixed it.
     *
     * @throws IllegalArgumentException naming what is wrong in {@code spec}
     */
    public static PrecisionPolicy parse(String spec, RunSettings settings, boolean uplinkFollows) {
        String text = spec == null ? FixedPrecision.NAME : spec.trim().toLowerCase(Locale.ROOT);
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        Map<String, String> params = params(spec, colon < 0 ? "" : text.substring(colon + 1));
        RoundPrecision run = new RoundPrecision(settings.trainingPrecision(), settings.uplinkPrecision());
        switch (name) {
            case FixedPrecision.NAME -> {
                if (!params.isEmpty()) {
                    throw new IllegalArgumentException("--precision-policy fixed takes no parameters, got '" + spec
                            + "'");
                }
                return new FixedPrecision(run);
            }
            case LossDrivenPrecision.NAME -> {
                return lossDriven(spec, params, settings, uplinkFollows);
            }
            case EnergyAwarePrecision.NAME -> {
                return energyAware(spec, params, settings, uplinkFollows);
            }
            default -> throw new IllegalArgumentException("--precision-policy must be fixed, loss-driven[:start=N,"
                    + "step=+K|xK,window=W,threshold=T] or energy-aware[:explore=E,low=L,high=H,min=N,every=R,"
                    + "margin=M,score=decrease|target,uplink=M,devices=auto|A-B], got '" + spec + "'");
        }
    }

    private static PrecisionPolicy lossDriven(String spec, Map<String, String> params, RunSettings settings,
                                              boolean uplinkFollows) {
        if (settings.trainingPrecision().isFloat()) {
            throw new IllegalArgumentException("--precision-policy loss-driven needs a fixed-point run: --bits is its "
                    + "ceiling of n, got float32");
        }
        int max = settings.trainingPrecision().bits();
        int start = integer(spec, params, "start", Math.min(DEFAULT_START, max));
        String stepText = params.getOrDefault("step", "+1");
        boolean doubling = stepText.startsWith("x");
        int step = integer(spec, Map.of("step", stepText.startsWith("+") || doubling ? stepText.substring(1)
                : stepText), "step", 1);
        int window = integer(spec, params, "window", DEFAULT_WINDOW);
        double threshold = number(spec, params, "threshold", DEFAULT_THRESHOLD);
        if (params.containsKey("max") && integer(spec, params, "max", max) != max) {
            throw new IllegalArgumentException("--precision-policy " + spec + ": the ceiling of loss-driven is the "
                    + "run's --bits (n = " + max + "); give --bits " + params.get("max") + " instead of max=");
        }
        for (String key : params.keySet()) {
            if (!java.util.Set.of("start", "step", "window", "threshold", "max").contains(key)) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": unknown parameter '" + key
                        + "' (loss-driven takes start, step, window, threshold, max)");
            }
        }
        return new LossDrivenPrecision(start, max, step, doubling, window, threshold,
                uplinkFollows ? null : settings.uplinkPrecision());
    }

    private static PrecisionPolicy energyAware(String spec, Map<String, String> params, RunSettings settings,
                                               boolean uplinkFollows) {
        if (settings.trainingPrecision().isFloat()) {
            throw new IllegalArgumentException("--precision-policy energy-aware needs a fixed-point run: --bits is its "
                    + "ceiling of n, got float32");
        }
        for (String key : params.keySet()) {
            if (!java.util.Set.of("explore", "low", "high", "min", "max", "every", "margin", "score",
                    "uplink", "devices").contains(key)) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": unknown parameter '" + key
                        + "' (energy-aware takes explore, low, high, min, max, every, margin, score, "
                        + "uplink, devices)");
            }
        }
        int max = settings.trainingPrecision().bits();
        if (params.containsKey("max") && integer(spec, params, "max", max) != max) {
            throw new IllegalArgumentException("--precision-policy " + spec + ": the ceiling of energy-aware is the "
                    + "run's --bits (n = " + max + "); give --bits " + params.get("max") + " instead of max=");
        }
        int high = integer(spec, params, "high", max);
        int low = integer(spec, params, "low", Math.max(1, high / 2));
        int min = integer(spec, params, "min", Math.min(DEFAULT_MIN, low));
        int explore = integer(spec, params, "explore", EnergyAwarePrecision.MIN_EXPLORE);
        int every = integer(spec, params, "every", DEFAULT_EVERY);
        double margin = number(spec, params, "margin", DEFAULT_MARGIN);
        String score = params.getOrDefault("score", "decrease");
        double target = Double.NaN;
        if (score.equals("target")) {
            target = settings.targetAccuracy();
            if (Double.isNaN(target)) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": score=target needs the run's "
                        + "--target-accuracy");
            }
        } else if (!score.equals("decrease")) {
            throw new IllegalArgumentException("--precision-policy " + spec + ": score must be decrease (the "
                    + "predicted loss decrease per joule of the next round) or target (the predicted joules to "
                    + "--target-accuracy), got '" + score + "'");
        }
        Precision uplink = uplinkFollows ? null : settings.uplinkPrecision();
        boolean namedUplink = params.containsKey("uplink");
        if (namedUplink) {
            if (!uplinkFollows) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": uplink= and --uplink-bits both "
                        + "fix m; give one of them");
            }
            int m = integer(spec, params, "uplink", 0);
            if (m < 1 || m > max) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": uplink (m of every round) must be "
                        + "in 1.." + max + " (the ceiling, --bits), got " + m);
            }
            uplink = Precision.fixed(m);
        }
        ModelDescription model = settings.model();
        NetworkCost cost = CostCounter.count(ModelSpecs.byName(model.name()), model.input());
        CalibratedPredictor.Setup setup = new CalibratedPredictor.Setup(cost.weights(), settings.localSteps(),
                settings.measures().energy(), ComputeWorkload.measuredRound(cost, settings.batchSize(),
                settings.localSteps()));
        return new EnergyAwarePrecision(explore, low, high, min, max, every, margin, uplink, setup,
                settings.measures().fStar(), target, namedUplink, participation(spec, params, settings));
    }

    /** energy-aware's {@code devices=auto|fewest-most}, within 1..K; null when not given. */
    private static EnergyAwarePrecision.Participation participation(String spec, Map<String, String> params,
                                                                    RunSettings settings) {
        String v = params.get("devices");
        int k = settings.devicesPerRound();
        if (v == null) {
            return null;
        }
        if (!(settings.partitioner() instanceof IidPartitioner)) {
            LOG.warn("energy-aware devices={}: the calibrated model prices K_t devices at 1/K_t of the noise the "
                    + "devices report, not the drift between their data; with the {} split a round of few devices "
                    + "trains on few devices' data (docs/measured-vs-predicted.md)", v, settings.partitioner());
        }
        if (v.equals("auto")) {
            return new EnergyAwarePrecision.Participation(1, k);
        }
        int dash = v.indexOf('-');
        String why = "--precision-policy " + spec + ": devices must be auto (1-" + k + ") or a range fewest-most "
                + "within 1-" + k + " (the run's K, --per-round), got '" + v + "'";
        if (dash <= 0 || dash == v.length() - 1) {
            throw new IllegalArgumentException(why);
        }
        int fewest;
        int most;
        try {
            fewest = Integer.parseInt(v.substring(0, dash).trim());
            most = Integer.parseInt(v.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(why);
        }
        if (fewest < 1 || most < fewest || most > k) {
            throw new IllegalArgumentException(why);
        }
        return new EnergyAwarePrecision.Participation(fewest, most);
    }

    private static Map<String, String> params(String spec, String list) {
        Map<String, String> map = new LinkedHashMap<>();
        if (list.isBlank()) {
            return map;
        }
        for (String part : list.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": parameters are key=value, "
                        + "separated by commas; got '" + part.trim() + "'");
            }
            String key = part.substring(0, eq).trim();
            if (map.put(key, part.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("--precision-policy " + spec + ": '" + key + "' given twice");
            }
        }
        return map;
    }

    private static int integer(String spec, Map<String, String> params, String key, int otherwise) {
        String v = params.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--precision-policy " + spec + ": " + key + " must be a whole number, "
                    + "got '" + v + "'");
        }
    }

    private static double number(String spec, Map<String, String> params, String key, double otherwise) {
        String v = params.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--precision-policy " + spec + ": " + key + " must be a number, got '"
                    + v + "'");
        }
    }
}

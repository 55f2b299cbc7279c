package org.fedqnn.cli;

import java.util.Locale;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.bound.FederatedSetting;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.EnergyParameters;
import picocli.CommandLine.Option;

/**
 * Every constant of the energy model, the channel and the bound as a flag, defaulting to the
 * paper's section IV (and to the documented choices where the paper gives none). Parsed once
 * into an {@link EnergyModelSettings} by {@link #settings()}.
 */
final class EnergyModelOptions {

    @Option(names = "--power-watts", defaultValue = "0.1",
            description = "Transmit power P in watts (default ${DEFAULT-VALUE}).")
    double powerWatts;

    @Option(names = "--bandwidth-hertz", defaultValue = "10e6",
            description = "Bandwidth B in hertz (default ${DEFAULT-VALUE}).")
    double bandwidthHertz;

    @Option(names = "--noise-dbm", defaultValue = "-100",
            description = "Noise N_0 in dBm (default ${DEFAULT-VALUE}).")
    double noiseDbm;

    @Option(names = "--noise-reading", defaultValue = "per-hertz",
            description = "N_0 is a density (per-hertz, noise power N_0 B) or a total power "
                    + "(total) (default ${DEFAULT-VALUE}).")
    String noiseReading;

    @Option(names = "--mac-energy-joules", defaultValue = "3.7e-12",
            description = "Energy A of one MAC at n_max bits, joules (default ${DEFAULT-VALUE}).")
    double macEnergyJoules;

    @Option(names = "--alpha", defaultValue = "1.25",
            description = "Exponent alpha of E_MAC(n) = A (n/n_max)^alpha (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--n-max", defaultValue = "32",
            description = "Full precision n_max in bits (default ${DEFAULT-VALUE}).")
    int nMax;

    @Option(names = "--mac-units", defaultValue = "" + EnergyParameters.DEFAULT_MAC_UNITS,
            description = "MAC units p of the chip (the paper gives none; default ${DEFAULT-VALUE}).")
    int macUnits;

    @Option(names = "--devices", defaultValue = "50",
            description = "Devices N (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--devices-per-round", defaultValue = "30",
            description = "Devices K selected per round (default ${DEFAULT-VALUE}).")
    int devicesPerRound;

    @Option(names = "--local-steps", defaultValue = "5",
            description = "Local SGD steps I per round (default ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--epsilon", defaultValue = "0.01",
            description = "Target gap epsilon of eq. (13c) (default ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--smoothness-l", defaultValue = "1",
            description = "Smoothness L (default ${DEFAULT-VALUE}).")
    double smoothnessL;

    @Option(names = "--strong-convexity-mu", defaultValue = "1",
            description = "Strong convexity mu (default ${DEFAULT-VALUE}).")
    double strongConvexityMu;

    @Option(names = "--beta", defaultValue = "5",
            description = "beta of eta_t = beta / (t + gamma) (default ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--gamma", defaultValue = "1",
            description = "gamma of eta_t and eq. (20) (default ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--sigma", defaultValue = "1",
            description = "Gradient standard deviation sigma_k of every device (default ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--gradient-bound-g", defaultValue = "0.02",
            description = "Gradient bound G (default ${DEFAULT-VALUE}).")
    double gradientBoundG;

    @Option(names = "--g-reading", defaultValue = "squared-norm",
            description = "G bounds the squared norm (squared-norm: G enters eq. (21) as G) or the "
                    + "norm (as-printed: G^2) (default ${DEFAULT-VALUE}).")
    String gReading;

    @Option(names = "--area-side-metres", defaultValue = "100",
            description = "Side of the square cell in metres (default ${DEFAULT-VALUE}).")
    double areaSideMetres;

    @Option(names = "--path-loss-exponent", defaultValue = "2",
            description = "Path loss exponent (default ${DEFAULT-VALUE}).")
    double pathLossExponent;

    @Option(names = "--reference-distance-metres", defaultValue = "1",
            description = "Path loss reference distance d0 in metres, 0 dB there (default ${DEFAULT-VALUE}).")
    double referenceDistanceMetres;

    @Option(names = "--monte-carlo", defaultValue = "10000",
            description = "Cells drawn for the expectation over placement and fading "
                    + "(default ${DEFAULT-VALUE}, as the paper).")
    int monteCarloRuns;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of placement and fading (default ${DEFAULT-VALUE}).")
    long seed;

    /** The flags as typed records; every record checks its own values. */
    EnergyModelSettings settings() {
        EnergyParameters energy = new EnergyParameters(powerWatts, bandwidthHertz, noiseDbm,
                noiseReading(), macEnergyJoules, alpha, nMax, macUnits);
        ChannelParameters cell = new ChannelParameters(areaSideMetres, pathLossExponent,
                referenceDistanceMetres);
        BoundParameters bound = new BoundParameters(smoothnessL, strongConvexityMu, beta, gamma,
                sigma * sigma, gradientBoundG, gReading());
        FederatedSetting federation = new FederatedSetting(devices, devicesPerRound, localSteps);
        return new EnergyModelSettings(energy, cell, bound, federation, epsilon, monteCarloRuns,
                seed);
    }

    private EnergyParameters.NoiseReading noiseReading() {
        return switch (noiseReading.toLowerCase(Locale.ROOT)) {
            case "per-hertz" -> EnergyParameters.NoiseReading.PER_HERTZ;
            case "total" -> EnergyParameters.NoiseReading.TOTAL;
            default -> throw new IllegalArgumentException(
                    "--noise-reading must be per-hertz or total, got '" + noiseReading + "'");
        };
    }

    private BoundParameters.GradientBoundReading gReading() {
        return switch (gReading.toLowerCase(Locale.ROOT)) {
            case "squared-norm" -> BoundParameters.GradientBoundReading.SQUARED_NORM;
            case "as-printed" -> BoundParameters.GradientBoundReading.AS_PRINTED;
            default -> throw new IllegalArgumentException(
                    "--g-reading must be squared-norm or as-printed, got '" + gReading + "'");
        };
    }
}

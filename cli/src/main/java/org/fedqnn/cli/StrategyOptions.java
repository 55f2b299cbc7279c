package org.fedqnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.qnn.alloc.BitAllocator;
import org.fedqnn.qnn.alloc.ExactAllocator;
import org.fedqnn.qnn.alloc.LayerwiseAllocator;
import org.fedqnn.qnn.alloc.PerDeviceAllocator;
import org.fedqnn.qnn.alloc.UniformAllocator;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.profile.DeviceProfile;
import org.fedqnn.server.profile.DeviceProfileFile;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.strategy.AggregatorChoice;
import org.fedqnn.server.strategy.AnalyticLayerSignificance;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.FixedPrecision;
import org.fedqnn.server.strategy.LayerSignificance;
import org.fedqnn.server.strategy.LayerwiseStrategy;
import org.fedqnn.server.strategy.MeasuredLayerSignificance;
import org.fedqnn.server.strategy.PaperFedAvg;
import org.fedqnn.server.strategy.PrecisionPolicies;
import org.fedqnn.server.strategy.PrecisionPolicy;
import picocli.CommandLine.Option;

/**
 * Which federated strategy a run uses: the paper's (the default), or FedLQ's layer-wise widths
 * under device profiles ({@code --allocator}, with its budget and significance); and how updates
 * combine ({@code --aggregator}).
 */
final class StrategyOptions {

    /** The upload window when neither --upload-window nor --budget-bits-per-weight is given. */
    static final double DEFAULT_UPLOAD_WINDOW_SECONDS = 1;

    @Option(names = "--aggregator", defaultValue = "trimmed-mean", description = "How a round's updates combine: "
            + "trimmed-mean[:beta] (beta K' values dropped at each end of every coordinate, beta 0.2; with K' < 5 it "
            + "drops none: the plain mean), fedavg (eq. (8) as the paper has it), median or "
            + "norm-clip[:multiple] (default ${DEFAULT-VALUE}; docs/hostile-devices.md).")
    String aggregator;

    @Option(names = "--precision-policy", defaultValue = "fixed", description = "How each round's n (and m) is "
            + "chosen: fixed (every round at --bits and --uplink-bits, the paper's) or loss-driven[:start=2,step=+1,"
            + "window=3,threshold=0.01] (start at n = start, raise n by step, +k or xk, when the training loss fell "
            + "by less than threshold, relatively, over the last window rounds; never above --bits, the ceiling; "
            + "m = n unless --uplink-bits fixes it) or energy-aware[:explore=4,low=4,high=8,min=2,every=3,margin=0.05] "
            + "(explore rounds alternating n = low and high, then every few rounds the n in min..--bits with the best "
            + "loss decrease per joule predicted by the calibrated model fitted on the run's rounds so far; high "
            + "defaults to --bits, low to high / 2) (default ${DEFAULT-VALUE}; docs/measured-vs-predicted.md).")
    String precisionPolicy;

    @Option(names = "--allocator", description = "Layer-wise widths per device (FedLQ, docs/layerwise.md): uniform "
            + "(every tensor at --uplink-bits), per-device (the widest single width within the device's budget), "
            + "layerwise (significance per bit, greedy with a local search) or exact (knapsack). Default: none, the "
            + "paper's one m for everyone.")
    String allocator;

    @Option(names = "--scenario", description = "Device profiles: homogeneous (every device at --uplink-rate; the "
            + "default), tiers (1 / 10 / 100 Mbit/s in thirds), tiers:R1,R2,... (tiers at the given bit/s, e.g. "
            + "tiers:2.5e5,1e6,4e6) or lognormal[:sigma] (rates around --uplink-rate; sigma default 1).")
    String scenario;

    @Option(names = "--profiles", description = "Device profiles from FILE instead of --scenario: CSV or JSON, one "
            + "entry per device (N of them) with uplink_bits_per_second, macs_per_second and optionally max_training "
            + "(docs/layerwise.md).")
    Path profiles;

    @Option(names = "--uplink-rate", defaultValue = "1e7", description = "Uplink bits per second of the homogeneous "
            + "scenario, the median of the log-normal one (default ${DEFAULT-VALUE}).")
    double uplinkRate;

    @Option(names = "--compute-speed", defaultValue = "5e10", description = "MACs per second of every device's "
            + "profile under --scenario (default ${DEFAULT-VALUE}).")
    double computeSpeed;

    @Option(names = "--upload-window", description = "Seconds of upload a round allows each device: its budget is "
            + "its rate times this (default 1).")
    Double uploadWindow;

    @Option(names = "--budget-bits-per-weight", description = "Set the upload window so that the devices' budgets "
            + "average this many bits per quantized weight (after the tensors kept in float), instead of "
            + "--upload-window.")
    Double budgetBitsPerWeight;

    @Option(names = "--significance", defaultValue = "analytic", description = "How layerwise and exact price a "
            + "tensor's quantization: analytic (Lemma 1 variance x update energy) or measured (the loss rise on "
            + "--significance-samples training images; 1 + L W evaluations a round) (default ${DEFAULT-VALUE}).")
    String significance;

    @Option(names = "--significance-samples", defaultValue = "" + MeasuredLayerSignificance.DEFAULT_SAMPLES,
            description = "Training images the measured significance evaluates on (default ${DEFAULT-VALUE}).")
    int significanceSamples;

    /**
     * The strategy of a run of {@code settings}, for its model's layout; {@code ds} feeds a
     * measured significance; {@code uplinkFollows} is true when --uplink-bits was not given (m = n).
     */
    Function<ModelLayout, FederatedStrategy> factory(RunSettings settings, Dataset ds, boolean uplinkFollows) {
        AggregatorChoice combine = AggregatorChoice.parse(aggregator);
        PrecisionPolicy policy = PrecisionPolicies.parse(precisionPolicy, settings, uplinkFollows);
        if (allocator != null && !(policy instanceof FixedPrecision)) {
            throw new IllegalArgumentException("--precision-policy " + precisionPolicy + " is for the paper's "
                    + "strategy; --allocator chooses widths itself (use --precision-policy fixed with it)");
        }
        String kind = significance.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("analytic") && !kind.equals("measured")) {
            throw new IllegalArgumentException("--significance must be analytic or measured, got '" + significance
                    + "'");
        }
        if (allocator == null) {
            // --upload-window alone is let through: the manifests of earlier runs record it for every run
            if (budgetBitsPerWeight != null || kind.equals("measured")) {
                throw new IllegalArgumentException("--budget-bits-per-weight and --significance measured are for "
                        + "--allocator");
            }
            return layout -> new PaperFedAvg(settings, layout, combine, policy);
        }
        if (uploadWindow != null && budgetBitsPerWeight != null) {
            throw new IllegalArgumentException("give --upload-window or --budget-bits-per-weight, not both");
        }
        BitAllocator alloc = allocator(settings);
        DeviceProfiles devices = profiles(settings);
        boolean tables = alloc instanceof LayerwiseAllocator || alloc instanceof ExactAllocator;
        LayerSignificance priced = tables && kind.equals("measured")
                ? MeasuredLayerSignificance.of(settings, ds, significanceSamples) : new AnalyticLayerSignificance();
        return layout -> new LayerwiseStrategy(settings, layout, devices, alloc, Widths.DEFAULT,
                uploadWindow(layout, devices), priced, combine);
    }

    /**
     * The upload window of a round: --upload-window; or, with --budget-bits-per-weight B, the
     * window W at which the mean budget over the devices, mean_k(rate_k) W less the bits of the
     * tensors kept in float, is B bits per quantized weight: W = (B q + F) / mean_k(rate_k).
     */
    double uploadWindow(ModelLayout layout, DeviceProfiles devices) {
        if (budgetBitsPerWeight == null) {
            double w = uploadWindow == null ? DEFAULT_UPLOAD_WINDOW_SECONDS : uploadWindow;
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("--upload-window must be finite and > 0 s, got " + w);
            }
            return w;
        }
        double b = budgetBitsPerWeight;
        if (!(b > 0) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("--budget-bits-per-weight must be finite and > 0, got " + b);
        }
        long quantized = 0;
        long floatBits = 0;
        for (ParameterInfo p : layout.parameters()) {
            if (p.quantized()) {
                quantized += p.length();
            } else {
                floatBits += 32L * p.length();
            }
        }
        double meanRate = devices.all().stream().mapToDouble(DeviceProfile::uplinkBitsPerSecond).average()
                .orElseThrow();
        return (b * quantized + floatBits) / meanRate;
    }

    private BitAllocator allocator(RunSettings settings) {
        return switch (allocator.trim().toLowerCase(Locale.ROOT)) {
            case "uniform" -> new UniformAllocator(settings.uplinkPrecision().wireBits());
            case "per-device" -> new PerDeviceAllocator();
            case "layerwise" -> new LayerwiseAllocator();
            case "exact" -> new ExactAllocator();
            default -> throw new IllegalArgumentException("--allocator must be uniform, per-device, layerwise or "
                    + "exact, got '" + allocator + "'");
        };
    }

    /** The devices' profiles of the run: the time model's, and the budgets' under --allocator. */
    DeviceProfiles profiles(RunSettings settings) {
        if (profiles != null) {
            if (scenario != null) {
                throw new IllegalArgumentException("give --scenario or --profiles, not both");
            }
            try {
                return DeviceProfileFile.read(profiles, settings.devices());
            } catch (IOException e) {
                throw new UncheckedIOException("--profiles " + profiles + " cannot be read: " + e.getMessage(), e);
            }
        }
        return profiles(settings.devices(), settings.seed());
    }

    /** The profiles of {@code devices} devices in a run of seed {@code seed} under --scenario. */
    DeviceProfiles profiles(int devices, long seed) {
        String s = scenario == null ? "homogeneous" : scenario.trim().toLowerCase(Locale.ROOT);
        if (s.equals("homogeneous")) {
            return DeviceProfiles.homogeneous(devices, uplinkRate, computeSpeed);
        }
        if (s.equals("tiers")) {
            return DeviceProfiles.tiers(devices, seed, computeSpeed);
        }
        if (s.startsWith("tiers:")) {
            return DeviceProfiles.tiers(devices, seed, computeSpeed, tierRates(s.substring(6)));
        }
        if (s.equals("lognormal") || s.startsWith("lognormal:")) {
            double sigma = s.contains(":") ? Double.parseDouble(s.substring(s.indexOf(':') + 1)) : 1.0;
            return DeviceProfiles.logNormal(devices, seed, uplinkRate, sigma, computeSpeed);
        }
        throw new IllegalArgumentException("--scenario must be homogeneous, tiers[:R1,R2,...] or lognormal[:sigma], "
                + "got '" + scenario + "'");
    }

    /** The rates of {@code tiers:R1,R2,...}, each finite and > 0 bit/s. */
    private double[] tierRates(String list) {
        String[] parts = list.split(",", -1);
        double[] rates = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                rates[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                rates[i] = Double.NaN;
            }
            if (!(rates[i] > 0) || !Double.isFinite(rates[i])) {
                throw new IllegalArgumentException("--scenario tiers:R1,R2,... needs rates in bit/s, each finite and "
                        + "> 0; got '" + parts[i].trim() + "' in '" + scenario + "'");
            }
        }
        return rates;
    }
}

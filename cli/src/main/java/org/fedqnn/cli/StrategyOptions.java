package org.fedqnn.cli;

import java.util.Locale;
import java.util.function.Function;
import org.fedqnn.qnn.alloc.BitAllocator;
import org.fedqnn.qnn.alloc.ExactAllocator;
import org.fedqnn.qnn.alloc.LayerwiseAllocator;
import org.fedqnn.qnn.alloc.PerDeviceAllocator;
import org.fedqnn.qnn.alloc.UniformAllocator;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.strategy.AggregatorChoice;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.LayerwiseStrategy;
import org.fedqnn.server.strategy.PaperFedAvg;
import picocli.CommandLine.Option;

/**
 * Which federated strategy a run uses: the paper's (the default), or FedLQ's layer-wise widths
 * under device profiles ({@code --allocator}); and how updates combine ({@code --aggregator}).
 */
final class StrategyOptions {

    @Option(names = "--aggregator", defaultValue = "fedavg", description = "How a round's updates combine: fedavg "
            + "(eq. (8)), median, trimmed-mean[:beta] or norm-clip[:multiple] (default ${DEFAULT-VALUE}).")
    String aggregator;

    @Option(names = "--allocator", description = "Layer-wise widths per device (FedLQ, docs/layerwise.md): uniform "
            + "(every tensor at --uplink-bits), per-device (the widest single width within the device's budget), "
            + "layerwise (significance per bit, greedy with a local search) or exact (knapsack). Default: none, the "
            + "paper's one m for everyone.")
    String allocator;

    @Option(names = "--scenario", defaultValue = "homogeneous", description = "Device profiles for --allocator: "
            + "homogeneous (every device at --uplink-rate), tiers (1 / 10 / 100 Mbit/s in thirds), "
            + "tiers:R1,R2,... (tiers at the given bit/s, e.g. tiers:2.5e5,1e6,4e6) or lognormal[:sigma] (rates "
            + "around --uplink-rate; sigma default 1) (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--uplink-rate", defaultValue = "1e7", description = "Uplink bits per second of the homogeneous "
            + "scenario, the median of the log-normal one (default ${DEFAULT-VALUE}).")
    double uplinkRate;

    @Option(names = "--compute-speed", defaultValue = "5e10", description = "MACs per second of every device's "
            + "profile (default ${DEFAULT-VALUE}).")
    double computeSpeed;

    @Option(names = "--upload-window", defaultValue = "1", description = "Seconds of upload a round allows each "
            + "device: its budget is its rate times this (default ${DEFAULT-VALUE}).")
    double uploadWindow;

    /** The strategy of a run of {@code settings}, for its model's layout. */
    Function<ModelLayout, FederatedStrategy> factory(RunSettings settings) {
        AggregatorChoice combine = AggregatorChoice.parse(aggregator);
        if (allocator == null) {
            return layout -> new PaperFedAvg(settings, layout, combine);
        }
        if (combine != AggregatorChoice.FEDAVG) {
            throw new IllegalArgumentException("--aggregator " + aggregator + " is for the paper's strategy; "
                    + "--allocator aggregates by eq. (8)");
        }
        BitAllocator alloc = allocator(settings);
        DeviceProfiles profiles = profiles(settings);
        return layout -> new LayerwiseStrategy(settings, layout, profiles, alloc, Widths.DEFAULT, uploadWindow);
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
        return profiles(settings.devices(), settings.seed());
    }

    /** The profiles of {@code devices} devices in a run of seed {@code seed}. */
    DeviceProfiles profiles(int devices, long seed) {
        String s = scenario.trim().toLowerCase(Locale.ROOT);
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

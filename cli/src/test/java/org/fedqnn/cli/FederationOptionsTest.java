package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fedqnn.server.StationLimits;
import org.fedqnn.server.measures.CostMismatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FederationOptionsTest {

    private static FederationOptions parse(String... args) {
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult r = cli.parseArgs(args);
        FederationOptions f = ((RunCommand) r.subcommand().commandSpec().userObject()).federation;
        f.applyPreset();
        return f;
    }

    @Test
    void paperPresetSetsNKIAndEquationEightUnlessGiven() {
        FederationOptions paper = parse("run", "--preset", "paper");
        assertEquals(50, paper.partition.devices);
        assertEquals(30, paper.perRound);
        assertEquals(5, paper.localSteps);
        assertEquals("fedavg", paper.strategy.aggregator, "the paper's eq. (8)");
        FederationOptions k10 = parse("run", "--preset", "paper", "--per-round", "10", "--aggregator", "median");
        assertEquals(50, k10.partition.devices);
        assertEquals(10, k10.perRound);
        assertEquals("median", k10.strategy.aggregator);
        FederationOptions plain = parse("run");
        assertEquals(10, plain.partition.devices);
        assertEquals(5, plain.perRound);
        assertEquals(20, plain.localSteps);
        assertEquals("trimmed-mean", plain.strategy.aggregator, "the default defence");
    }

    @Test
    void tiersTakeGivenRatesAndABadRateIsRefusedByName() {
        assertEquals(org.fedqnn.server.profile.DeviceProfiles.tiers(3, 5, 5e10, new double[] {2.5e5, 1e6, 4e6}).all(),
                parse("run", "--scenario", "tiers:2.5e5,1e6, 4e6").strategy.profiles(3, 5).all());
        assertEquals(org.fedqnn.server.profile.DeviceProfiles.tiers(3, 5, 5e10).all(),
                parse("run", "--scenario", "tiers").strategy.profiles(3, 5).all());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--scenario", "tiers:1e6,fast").strategy.profiles(3, 5));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
    }

    @Test
    void unknownPresetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("run", "--preset", "huge"));
    }

    @Test
    void limitsDefaultFromTheRunAndEachCanBeSet() {
        FederationOptions plain = parse("run");
        StationLimits d = plain.limits.limits(10, Duration.ofSeconds(120), Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(60), d.streamIdleTimeout());
        assertEquals(64, d.maxConcurrentCallsPerConnection(), "2 N + 16, at least 64");
        assertEquals(Duration.ofSeconds(30), d.keepAliveTime());
        assertEquals(Duration.ofMinutes(5), d.maxConnectionIdle());
        assertEquals(Duration.ofHours(1), d.maxConnectionAge());
        assertEquals(Duration.ofSeconds(170), d.maxConnectionAgeGrace(), "deadline + poll window + 30 s");
        assertEquals(26, d.registrationBurst(), "N + 16");
        assertEquals(CostMismatch.REFUSE, plain.costMismatch);
        assertEquals(216, plain.limits.limits(100, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .maxConcurrentCallsPerConnection());

        FederationOptions set = parse("run", "--stream-idle-timeout", "0.25", "--max-calls-per-connection", "3",
                "--max-connection-age-grace", "10", "--registration-burst", "5", "--registration-rate", "0.5",
                "--cost-mismatch", "suspect");
        StationLimits l = set.limits.limits(10, Duration.ofSeconds(120), Duration.ofSeconds(20));
        assertEquals(Duration.ofMillis(250), l.streamIdleTimeout());
        assertEquals(3, l.maxConcurrentCallsPerConnection());
        assertEquals(Duration.ofSeconds(10), l.maxConnectionAgeGrace());
        assertEquals(5, l.registrationBurst());
        assertEquals(0.5, l.registrationsPerSecond());
        assertEquals(CostMismatch.SUSPECT, set.costMismatch);

        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> parse("run",
                "--stream-idle-timeout", "0").limits.limits(10, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertTrue(zero.getMessage().startsWith("--stream-idle-timeout must be a positive number"), zero.getMessage());
        IllegalArgumentException calls = assertThrows(IllegalArgumentException.class, () -> parse("run",
                "--max-calls-per-connection", "0").limits.limits(10, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertTrue(calls.getMessage().startsWith("--max-calls-per-connection must be at least 1"), calls.getMessage());
    }
}

package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void paperPresetSetsNKIUnlessGiven() {
        FederationOptions paper = parse("run", "--preset", "paper");
        assertEquals(50, paper.partition.devices);
        assertEquals(30, paper.perRound);
        assertEquals(5, paper.localSteps);
        FederationOptions k10 = parse("run", "--preset", "paper", "--per-round", "10");
        assertEquals(50, k10.partition.devices);
        assertEquals(10, k10.perRound);
        FederationOptions plain = parse("run");
        assertEquals(10, plain.partition.devices);
        assertEquals(5, plain.perRound);
        assertEquals(20, plain.localSteps);
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
}

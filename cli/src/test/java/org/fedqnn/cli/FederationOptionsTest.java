package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void unknownPresetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("run", "--preset", "huge"));
    }
}
